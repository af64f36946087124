"""The parts of the discussion-record view: header, answers, contacts, meeting, sign-offs.

Each function turns one part of a record into worded, sanitised view objects
(`view_model`). They work without the record's pack too: question ids stand in for question
text, and the guidance comes from the evaluation the record stored when it was signed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from cspr_desktop.core.bodymap.regions import title_lines
from cspr_desktop.core.paths import rules_dir
from cspr_desktop.core.records.keys import short_fingerprint
from cspr_desktop.core.records.meeting import (
    ATTENDANCE_WORDS,
    MEETING_TYPE_WORDS,
    S47_WORDS,
    Meeting,
)
from cspr_desktop.core.records.records import Record
from cspr_desktop.core.records.responses import OutcomeResponse, response_words
from cspr_desktop.core.report.answer_text import describe_answer
from cspr_desktop.core.report.plain_text import clean_text
from cspr_desktop.core.report.view_model import (
    DISCLAIMER,
    NOT_RECORDED,
    AddendumView,
    AnswerSection,
    BriefView,
    ContactsView,
    Entry,
    Footer,
    GuidanceView,
    Header,
    MeetingPart,
    MeetingView,
    Table,
    text_or,
    when,
)
from cspr_desktop.core.rules.models import Question
from cspr_desktop.core.rules.overlay import Overlay
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.yamlsource import read_file

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")

CONTACT_ROLE_WORDS = {
    "front_door": "Front door / MASH",
    "out_of_hours": "Out of hours",
    "police": "Police",
    "paediatric_on_call": "Paediatrician on call",
    "exploitation_team": "Exploitation team",
    "other": "Other",
}
ANSWER_COLUMNS = ("Question", "Answer")
ANSWER_WIDTHS = (55, 45)


def _c(value: Any) -> str:
    return clean_text(str(value))


def _pack_title(record: Record, loaded: LoadedPack | None) -> str:
    return _c(loaded.pack.title) if loaded else _c(record.pack_id)


@functools.cache
def _bundled_title(pack_id: str, version: str) -> str:
    """The title of a bundled checklist version, read from its file; '' when there is none."""
    if not _SAFE_NAME.fullmatch(pack_id) or not _SAFE_NAME.fullmatch(version):
        return ""
    path = rules_dir() / pack_id / f"{version}.yaml"
    if not path.is_file():
        return ""
    data = read_file(path).data
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) else ""


def checklist_title(record: Record, loaded: LoadedPack | None = None) -> str:
    """The checklist's title for readers (page footers, headers): the pack's own title when it
    is at hand or bundled, its id only when neither is."""
    if loaded is not None and loaded.id == record.pack_id:
        return _c(loaded.pack.title)
    return _c(_bundled_title(record.pack_id, record.pack_version) or record.pack_id)


def header_view(record: Record, loaded: LoadedPack | None) -> Header:
    """Title, the record's identity and status, and where it came from."""
    meeting = record.meeting
    if meeting is None:
        title = "Checklist record"
    elif meeting.meeting_type == "other" and meeting.meeting_type_other.strip():
        title = f"{text_or(meeting.meeting_type_other)} record"
    else:
        title = f"{MEETING_TYPE_WORDS[meeting.meeting_type]} record"
    facts = [
        Entry("Record", _c(record.id)),
        Entry("Child reference", text_or(record.child_ref, "Not given")),
        Entry("Checklist", f"{_pack_title(record, loaded)}, version {_c(record.pack_version)}"),
    ]
    completion = record.completion
    if completion is not None:
        facts.append(Entry("Status", f"Completed and signed, {when(completion.signed_at)}"))
    else:
        facts.append(Entry("Status", "Draft: not signed"))
    if record.kind == "training":
        scenario = f" (scenario {_c(record.scenario_id)})" if record.scenario_id else ""
        facts.append(Entry("Kind", f"Training: a fictional case{scenario}"))
    if record.imported is not None:
        source = text_or(record.imported.source_file, "an unnamed file")
        facts.append(Entry("Imported", f"{when(record.imported.imported_at)} from {source}"))
    return Header(title=title, subtitle=_pack_title(record, loaded), record_id=_c(record.id),
                  training=record.kind == "training", draft=completion is None,
                  facts=tuple(facts))


def at_a_glance(guidance: GuidanceView, meeting: Meeting | None) -> tuple[Entry, ...]:
    """What a reader needs before the meeting itself: the guidance level (the decision and the
    next step open the meeting summary that follows)."""
    del meeting
    return (Entry("Guidance level", guidance.level_words),)


def brief_view(guidance: GuidanceView, meeting: Meeting | None,
               responses: Mapping[str, OutcomeResponse] | None = None) -> BriefView:
    """The concern (the reason for the discussion) and the guidance in brief: the level, what
    stands in its way, and each outcome's title with its by-when and the practitioner's
    response (done, will do, or not followed and why; or that none was given)."""
    concern = text_or(meeting.reason) if meeting is not None else ""
    given = responses or {}
    rows = tuple((o.title, o.level_words, o.by_when,
                  clean_text(response_words(given.get(o.outcome_id))))
                 for o in guidance.outcomes)
    table = Table(("Outcome", "Level", "By when", "Response"), rows, (27, 13, 30, 30),
                  empty="No outcome: nothing in the answers triggered the guidance.")
    return BriefView(concern=concern, level=guidance.level, level_words=guidance.level_words,
                     attention=guidance.attention, outcomes=table)


def _answer_rows(record: Record, questions: Iterable[Question | str],
                 visible: set[str]) -> tuple[tuple[str, str], ...]:
    rows = []
    for question in questions:
        qid = question if isinstance(question, str) else question.id
        if qid not in visible:
            continue
        model = None if isinstance(question, str) else question
        text = _c(model.text) if model else _c(qid)
        rows.append((text, _c(describe_answer(model, record.answers.get(qid)))))
    return tuple(rows)


def answers_view(record: Record, loaded: LoadedPack | None,
                 visible: tuple[str, ...]) -> tuple[AnswerSection, ...]:
    """The visible questions and their answers in words, by section of the pack."""
    shown = set(visible)
    if loaded is None:
        rows = _answer_rows(record, visible, shown)
        return (AnswerSection("Answers (question ids: the checklist version is not "
                              "installed here)", Table(ANSWER_COLUMNS, rows, ANSWER_WIDTHS)),)
    sections = []
    for section in loaded.pack.sections:
        rows = _answer_rows(record, section.questions, shown)
        if rows:
            sections.append(AnswerSection(_c(section.title),
                                          Table(ANSWER_COLUMNS, rows, ANSWER_WIDTHS)))
    return tuple(sections)


def contacts_view(overlay: Overlay | None) -> ContactsView:
    """The partnership's contacts, or a reminder to use local procedures."""
    if overlay is None:
        return ContactsView("No local contacts were set up. Use your partnership's procedures "
                            "and contacts.", None)
    rows = tuple(
        (_c(c.name), CONTACT_ROLE_WORDS.get(c.role, _c(c.role)), _c(c.phone),
         text_or(c.hours, ""), text_or(c.notes, ""))
        for c in overlay.contacts
    )
    intro = _c(overlay.partnership)
    table = Table(("Service", "Role", "Phone", "Hours", "Notes"), rows, (22, 18, 14, 19, 27),
                  empty="No contacts are listed.")
    return ContactsView(intro, table)


def body_map_caption(record: Record, loaded: LoadedPack | None) -> str:
    """What the body map picture shows, in words, for readers who cannot see it."""
    lead = "The body map as drawn when the checklist was signed."
    for question in loaded.pack.questions() if loaded else ():
        if question.widget == "body_map":
            value = record.answers.get(question.id) or []
            marks = value if isinstance(value, list) else []
            return f"{lead} {' '.join(title_lines(marks))}"
    return lead


def _table(columns: tuple[str, ...], rows: Iterable[tuple[str, ...]],
           widths: tuple[int, ...], empty: str) -> Table:
    return Table(columns, tuple(rows), widths, empty)


def _meeting_tables(meeting: Meeting) -> tuple[Table, Table, Table]:
    attendees = _table(
        ("Name", "Role", "Agency", "Took part"),
        ((text_or(a.name), text_or(a.role, ""), text_or(a.agency, ""),
          ATTENDANCE_WORDS[a.attendance]) for a in meeting.attendees),
        (28, 26, 26, 20), "No one is recorded as taking part.")
    shared = _table(
        ("Agency", "Information shared"),
        ((text_or(i.agency), text_or(i.information)) for i in meeting.information_shared),
        (25, 75), "No agency information is recorded.")
    actions = _table(
        ("Action", "Owner", "Agency", "Due", "Done"),
        ((text_or(a.action), text_or(a.owner, ""), text_or(a.agency, ""),
          when(a.due) if a.due else "", "Yes" if a.done else "No") for a in meeting.actions),
        (38, 17, 18, 16, 11), "No actions are recorded.")
    return attendees, shared, actions


def _with_reason(text: str, reason: str, reason_lead: str) -> str:
    parts = [t for t in (text_or(text, ""),) if t]
    if reason.strip():
        parts.append(f"{reason_lead} {text_or(reason)}")
    return "\n\n".join(parts) or NOT_RECORDED


def meeting_view(meeting: Meeting | None) -> MeetingView | None:
    """Every field of the meeting but its reason (the concern, in the brief): the summary the
    people at the table need first, then the rest in the order of a good record."""
    if meeting is None:
        return None
    kind = MEETING_TYPE_WORDS[meeting.meeting_type]
    if meeting.meeting_type == "other" and meeting.meeting_type_other.strip():
        kind = f"{kind}: {text_or(meeting.meeting_type_other)}"
    details = (Entry("Type", kind), Entry("Date and time", when(meeting.held_at)),
               Entry("Chair", text_or(meeting.chair)))
    attendees, shared, actions = _meeting_tables(meeting)
    decision = S47_WORDS[meeting.s47_decision] if meeting.s47_decision else NOT_RECORDED
    next_step = text_or(meeting.next_step)
    if meeting.next_step_date is not None:
        next_step = f"{next_step}\n\nDate: {when(meeting.next_step_date)}"

    def text(heading: str, value: str) -> MeetingPart:
        return MeetingPart("text", heading, text=value)

    summary = (
        MeetingPart("table", "Who took part", table=attendees),
        MeetingPart("decision", "Decision on section 47", fields=(
            Entry("Decision", decision),
            Entry("The chair's reasons", text_or(meeting.s47_rationale)))),
        MeetingPart("table", "Actions", table=actions),
        text("Next step", next_step),
    )
    parts = (
        MeetingPart("table", "Information shared by each agency", table=shared),
        text("The child's voice", _with_reason(meeting.child_voice,
                                               meeting.child_voice_unavailable_reason,
                                               "Why it is not available:")),
        text("Risk analysis", text_or(meeting.risk_analysis)),
        text("Immediate safety actions", text_or(meeting.immediate_safety_actions)),
        text("Medical examination or treatment", text_or(meeting.medical_examination)),
        text("What parents and carers are told", _with_reason(
            meeting.parents_told, meeting.parents_not_told_reason, "Why not:")),
        text("Other children", text_or(meeting.other_children)),
        text("Lawful basis for sharing information", text_or(meeting.lawful_basis)),
        text("Information deliberately not shared, and why", text_or(meeting.not_shared)),
        text("Distribution", text_or(meeting.distribution)),
    )
    return MeetingView(title=kind, details=details, summary=summary, parts=parts)


def signoffs_view(record: Record) -> tuple[Entry, ...]:
    """Who signed the checklist and the meeting, and when."""
    completion = record.completion
    if completion is None:
        return (Entry("Checklist", "Not signed: this is a draft."),)
    signer = ", ".join(text_or(part, "") for part in (completion.practitioner_name,
                                                      completion.role, completion.agency))
    signoffs = [
        Entry("Checklist completed and signed by", f"{signer}, {when(completion.signed_at)}"),
        Entry("Content hash (SHA-256)", _c(completion.content_hash)),
        Entry("Signatures (Ed25519 key fingerprints)", _signatures(record)),
    ]
    meeting = record.meeting
    if meeting is not None:
        sign_off = meeting.signed_off
        if sign_off is not None:
            chair = f"{text_or(sign_off.chair_name)}, {when(sign_off.signed_at)}"
        else:
            chair = "Not yet signed off by the chair."
        signoffs.append(Entry("Meeting record signed off by the chair", chair))
    return tuple(signoffs)


def _signatures(record: Record) -> str:
    """Each signed step and the key that signed it, or that the record is unsigned (legacy)."""
    words = {"completion": "checklist", "meeting_sign_off": "meeting sign-off"}
    signed = [f"{words.get(s.step, f'addendum {s.addenda}')}: "
              f"{_c(short_fingerprint(s.key_fingerprint))}" for s in record.signatures]
    first = record.signatures[0].step if record.signatures else None
    legacy = "" if first == "completion" else (
        "Unsigned (legacy): the checklist was completed before records were signed. ")
    return legacy + "; ".join(signed)


def addenda_view(record: Record) -> tuple[AddendumView, ...]:
    """Each later addition, dated and attributed, in the order written."""
    views = []
    for number, addendum in enumerate(record.addenda, start=1):
        role = f" ({text_or(addendum.role)})" if addendum.role.strip() else ""
        heading = (f"Addendum {number}: {when(addendum.written_at)}, by "
                   f"{text_or(addendum.author)}{role}")
        views.append(AddendumView(heading, text_or(addendum.text)))
    return tuple(views)


def footer_view(record: Record, app_version: str, loaded: LoadedPack | None = None) -> Footer:
    """Which app and checklist version made the record, and the disclaimer."""
    lines = [
        f"Made with cspr-desktop {_c(app_version)}.",
        f"Checklist: {checklist_title(record, loaded)}, version {_c(record.pack_version)}, "
        "pack hash "
        f"{_c(record.pack_sha256[:12])}.",
    ]
    if record.completion is not None:
        lines.append(f"Record {_c(record.id)}, content hash "
                     f"{_c(record.completion.content_hash[:12])}.")
    return Footer(tuple(lines), DISCLAIMER)
