"""The guidance part of the discussion record: level, outcomes, why, and sources.

A completed record is shown with the evaluation it stored when it was signed (the shape of
`serialize.evaluation_to_dict`), so it renders the same years later and without its pack. A
draft is evaluated afresh when its pack is at hand. `StoredEvaluation` reads that dictionary
leniently and is also what an import checks a record's evaluation against.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cspr_desktop.core.bodymap.marks import sites_of
from cspr_desktop.core.records.records import Record
from cspr_desktop.core.report.answer_text import describe_answer
from cspr_desktop.core.report.level_words import TOO_EARLY, level_words
from cspr_desktop.core.report.plain_text import clean_text
from cspr_desktop.core.report.view_model import Entry, GuidanceView, OutcomeView, Table, Why, when
from cspr_desktop.core.rules.engine import evaluate
from cspr_desktop.core.rules.models import Parameter, Question
from cspr_desktop.core.rules.overlay import Overlay
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.serialize import evaluation_to_dict
from cspr_desktop.core.rules.vocabulary import Level

LEVEL_IDS = frozenset(level.value for level in Level)


def level_css(level: str | None) -> str:
    """A class name for the level that is always one of ours, whatever a file says."""
    return level if level in LEVEL_IDS else "none"


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class StoredOutcome(_Lenient):
    id: str
    level: str
    title: str
    what_to_do: str = ""
    by_when: str = ""
    source: str = ""


class StoredRule(_Lenient):
    id: str
    rationale: str = ""
    because: dict[str, Any] = Field(default_factory=dict)
    parameters: dict[str, Any] = Field(default_factory=dict)
    outcomes: list[str] = Field(default_factory=list)
    source: str = ""


class StoredSource(_Lenient):
    title: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""


class StoredFlag(_Lenient):
    question: str
    message: str = ""


class StoredEvaluation(_Lenient):
    """The evaluation a record keeps, as far as the discussion record needs it."""

    level: str | None = None
    too_early: bool = False
    still_needed: list[str] = Field(default_factory=list)
    contradictions: list[StoredFlag] = Field(default_factory=list)
    outcomes: list[StoredOutcome] = Field(default_factory=list)
    fired_rules: list[StoredRule] = Field(default_factory=list)
    sources: dict[str, StoredSource] = Field(default_factory=dict)
    visible: list[str] = Field(default_factory=list)


def _stored(record: Record, loaded: LoadedPack | None,
            overlay: Overlay | None) -> tuple[StoredEvaluation | None, str]:
    """The evaluation to show and a sentence saying what it is."""
    if record.completion is not None:
        try:
            stored = StoredEvaluation.model_validate(record.completion.evaluation)
        except ValidationError:
            return None, ("The guidance stored with this record is damaged and cannot be "
                          "shown. The answers above are as signed.")
        return stored, (f"What the guidance said when the checklist was signed "
                        f"({when(record.completion.signed_at)}). It is kept with the record "
                        "and does not change.")
    if loaded is None:
        return None, ("This draft has not been signed, and its checklist version is not "
                      "installed here, so no guidance can be shown.")
    parameters = overlay.parameters_for(loaded.id) if overlay else {}
    live = evaluation_to_dict(evaluate(loaded.compiled, record.answers, parameters))
    return StoredEvaluation.model_validate(live), ("Draft: the guidance for the answers so "
                                                   "far. It is not signed.")


def _source_words(source: StoredSource | None, source_id: str) -> str:
    if source is None:
        return clean_text(source_id)
    return clean_text(f"{source.title} ({source.publisher}, {source.date})")


def _setting_words(name: str, parameter: Parameter | None) -> str:
    """What a local setting means, in the pack's words (the first sentence of its
    description), or its name made readable when the pack is not at hand."""
    if parameter is None:
        return name.replace("_", " ").capitalize()
    first = " ".join(parameter.description.split()).split(". ")[0].rstrip(".")
    for lead in ("When true, ", "When true "):
        if first.startswith(lead):
            first = first[len(lead):]
    return first[:1].upper() + first[1:]


def _setting(name: str, value: Any, parameters: dict[str, Parameter]) -> Entry:
    """A local setting in words: 'Local setting (Babies younger than this are always treated
    as not independently mobile, whatever they can do):' and '6 months'."""
    parameter = parameters.get(name)
    if isinstance(value, bool):
        words = "yes" if value else "no"
    else:
        words = f"{value} {parameter.unit if parameter else ''}".strip()
    return Entry(clean_text(f"Local setting ({_setting_words(name, parameter)}):"),
                 clean_text(words))


def _as_given(question: Question | None, value: Any, answers: Mapping[str, Any]) -> Any:
    """A body map's answer as the record holds it (its marks name the side), when the rule
    read those very sites; any other answer as the rule read it."""
    if question is None or question.widget != "body_map" or not isinstance(value, list):
        return value
    given = answers.get(question.id)
    same = isinstance(given, list) and set(map(str, sites_of(given))) == set(map(str, value))
    return given if same else value


def _reasons(stored: StoredEvaluation, questions: dict[str, Question],
             parameters: dict[str, Parameter], answers: Mapping[str, Any]) -> tuple[Why, ...]:
    """Each fired rule once, with the outcomes it led to and the answers behind it."""
    titles = {o.id: o.title for o in stored.outcomes}
    reasons = []
    for rule in stored.fired_rules:
        because = [
            Entry(clean_text(questions[q].text if q in questions else q),
                  clean_text(describe_answer(questions.get(q),
                                             _as_given(questions.get(q), value, answers))))
            for q, value in rule.because.items()
        ]
        because += [_setting(name, value, parameters)
                    for name, value in rule.parameters.items()]
        leads_to = "; ".join(clean_text(titles.get(o, o)) for o in rule.outcomes)
        reasons.append(Why(clean_text(rule.rationale), leads_to, tuple(because),
                           _source_words(stored.sources.get(rule.source), rule.source),
                           tuple(rule.outcomes)))
    return tuple(reasons)


def _sources_table(stored: StoredEvaluation) -> Table:
    cited: list[str] = []
    for source_id in [o.source for o in stored.outcomes] + [r.source for r in stored.fired_rules]:
        if source_id and source_id not in cited:
            cited.append(source_id)
    rows = []
    for source_id in cited:
        source = stored.sources.get(source_id)
        if source is None:
            rows.append((clean_text(source_id), "", "", ""))
        else:
            rows.append((clean_text(source.title), clean_text(source.publisher),
                         clean_text(source.date), clean_text(source.url)))
    return Table(("Title", "Publisher", "Date", "Link"), tuple(rows), (33, 22, 17, 28),
                 empty="No sources are cited.")


def guidance_view(record: Record, loaded: LoadedPack | None,
                  overlay: Overlay | None) -> GuidanceView:
    """The overall level in words, each outcome with what to do, by when and why, and sources."""
    stored, intro = _stored(record, loaded, overlay)
    if stored is None:
        visible = tuple(clean_text(q) for q in record.answers)
        empty = Table(("Title", "Publisher", "Date", "Link"), (), (33, 22, 17, 28),
                      empty="No sources can be shown.")
        return GuidanceView(intro, "none", "Not available", (), (), empty, visible)
    return _guidance(stored, intro, loaded, overlay, record.pack_id, record.answers)


def live_guidance(result: Mapping[str, Any], loaded: LoadedPack | None,
                  overlay: Overlay | None, answers: Mapping[str, Any]) -> GuidanceView:
    """The guidance panel's view of the answers so far (an evaluation dict, the shape a record
    stores): the very objects the record's outputs print, so screen and paper agree."""
    return _guidance(StoredEvaluation.model_validate(result), "", loaded, overlay,
                     loaded.id if loaded else "", answers)


def _guidance(stored: StoredEvaluation, intro: str, loaded: LoadedPack | None,
              overlay: Overlay | None, pack_id: str,
              answers: Mapping[str, Any]) -> GuidanceView:
    questions = loaded.compiled.questions if loaded else {}
    parameters = loaded.compiled.parameter_models if loaded else {}
    notes = overlay.notes_for(pack_id) if overlay else {}
    outcomes = tuple(
        OutcomeView(
            title=clean_text(o.title),
            level=level_css(o.level),
            level_words=level_words(o.level),
            what_to_do=clean_text(o.what_to_do),
            by_when=clean_text(o.by_when),
            local_note=clean_text(notes.get(o.id, "")),
            outcome_id=o.id,
        )
        for o in stored.outcomes
    )
    return GuidanceView(intro=intro, level="none" if stored.too_early else level_css(stored.level),
                        level_words=level_words(TOO_EARLY if stored.too_early
                                                else stored.level),
                        outcomes=outcomes,
                        reasons=_reasons(stored, questions, parameters, answers),
                        sources=_sources_table(stored),
                        visible=tuple(stored.visible), attention=_attention(stored, questions))


def _attention(stored: StoredEvaluation, questions: dict[str, Question]) -> tuple[str, ...]:
    """What the reader must know before trusting the level: open and contradictory answers."""
    def text(qid: str) -> str:
        return clean_text(questions[qid].text if qid in questions else qid)

    lines = [f"Contradictory answer — {text(c.question)}: {clean_text(c.message)}"
             for c in stored.contradictions]
    if stored.still_needed:
        lead = ("Not enough answers yet. Still needed to decide the level"
                if stored.too_early else "Not yet answered, and could raise the level")
        lines.append(f"{lead}: {'; '.join(text(q) for q in stored.still_needed)}.")
    return tuple(lines)
