"""The bitset engine agrees with a plain evaluation from the nodes' closures on random answers.

Covers the three bundled packs (real show_if chains, derived values, `not`, `any`) and the
engine and computed-value test packs, with answers that are valid, invalid, or stale for
hidden questions.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspr_desktop.core.paths import rules_dir
from cspr_desktop.core.rules.engine import CompiledPack, evaluate
from cspr_desktop.core.rules.models import Question
from cspr_desktop.core.rules.registry import load_registry
from cspr_desktop.core.rules.vocabulary import AnswerType

from .packkit import COMPUTED, ENGINE
from .reference_engine import reference_evaluate

RELEASED = date(2026, 12, 5)  # the packs current from this day (1.1.0)
AGREE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BUNDLED = [loaded.compiled for loaded in load_registry(rules_dir(), RELEASED).current_packs()]


def _test_packs() -> list[CompiledPack]:
    from cspr_desktop.core.rules.loader import load_pack
    return [load_pack(ENGINE).compiled, load_pack(COMPUTED).compiled]


PACKS = [*BUNDLED, *_test_packs()]
JUNK = st.sampled_from([None, "", "maybe", 7, True, ["nope"], [["x"]], {"a": 1}, -1.5,
                        "2025-13-40", float("nan")])


def _answer(question: Question) -> st.SearchStrategy[Any]:
    choices = list(question.choice_ids()) if question.choices else ["yes", "no", "unknown"]
    kinds: dict[AnswerType, st.SearchStrategy[Any]] = {
        AnswerType.YESNO: st.sampled_from(["yes", "no", "unknown", True, False]),
        AnswerType.CHOICE: st.sampled_from(choices),
        AnswerType.MULTI: st.lists(st.sampled_from(choices), min_size=1, max_size=3),
        AnswerType.NUMBER: st.integers(-1, 400) | st.floats(-1, 400, allow_nan=False),
        AnswerType.TEXT: st.text(min_size=1, max_size=8),
        AnswerType.DATE: st.dates().map(lambda d: d.isoformat()),
        AnswerType.DATETIME: st.datetimes().map(lambda d: d.isoformat()),
    }
    return st.one_of(kinds[question.type], kinds[question.type], JUNK)


def _answers(pack: CompiledPack) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {}, optional={q.id: _answer(q) for q in pack.questions.values()})


def _parameters(pack: CompiledPack) -> st.SearchStrategy[dict[str, Any] | None]:
    values: dict[str, st.SearchStrategy[Any]] = {}
    for p in pack.pack.parameters:
        if p.type == "boolean":
            values[p.id] = st.booleans()
        elif p.type in ("number", "integer"):
            low = int(p.min) if p.min is not None else 0
            high = int(p.max) if p.max is not None else low + 100
            values[p.id] = st.integers(low, high)
    return st.none() | st.fixed_dictionaries({}, optional=values)


cases = st.sampled_from(PACKS).flatmap(
    lambda pack: st.tuples(st.just(pack), _answers(pack), _parameters(pack)))


def _as_data(pack: CompiledPack, answers: dict[str, Any],
             parameters: dict[str, Any] | None) -> dict[str, Any]:
    ev = evaluate(pack, answers, parameters)
    return {
        "answers": dict(ev.answers),
        "visible": ev.visible,
        "missing_required": ev.missing_required,
        "invalid": sorted(i.question for i in ev.invalid_answers),
        "derived": dict(ev.derived),
        "fired": {f.id: f.because for f in ev.fired_rules},
        "outcomes": tuple(o.id for o in ev.outcomes),
        "still_needed": ev.still_needed,
        "contradictions": sorted(c.question for c in ev.contradictions),
    }


@AGREE
@given(cases)
def test_engine_agrees_with_the_reference(case: tuple[CompiledPack, dict[str, Any],
                                                      dict[str, Any] | None]) -> None:
    """Visible, missing, invalid, derived, fired rules with their reasons, and outcomes."""
    pack, answers, parameters = case
    assert _as_data(pack, answers, parameters) == reference_evaluate(pack, answers, parameters)


@AGREE
@given(cases)
def test_a_second_evaluation_agrees_too(case: tuple[CompiledPack, dict[str, Any],
                                                     dict[str, Any] | None]) -> None:
    """Values remembered from the first evaluation change nothing in the second."""
    pack, answers, parameters = case
    first = _as_data(pack, answers, parameters)
    assert _as_data(pack, answers, parameters) == first
