"""A "not known" answer never lowers the level a case gets, in every bundled pack.

For each yes/no question, and each single-choice question with an `unknown` choice, the same
random case is evaluated once with every answer to that question. "Not known" must give a level
at least as high as any known answer would: not knowing is a reason to find out, never a reason
to stand down. The newest version of each pack is checked (older ones are kept for old records).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspr_desktop.core.paths import rules_dir
from cspr_desktop.core.rules.engine import CompiledPack, evaluate
from cspr_desktop.core.rules.models import Question
from cspr_desktop.core.rules.registry import load_registry
from cspr_desktop.core.rules.vocabulary import AnswerType

UNKNOWN = "unknown"
CHECK = settings(max_examples=150, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow])
REGISTRY = load_registry(rules_dir(), date(2026, 12, 5))
NEWEST = {pack_id: REGISTRY.all_versions(pack_id)[-1].compiled for pack_id in REGISTRY.pack_ids()}


def _choices(question: Question) -> list[str]:
    return list(question.choice_ids()) if question.choices else ["yes", "no", UNKNOWN]


def _multi(question: Question) -> st.SearchStrategy[list[str]]:
    exclusive = [c.id for c in question.choices if c.exclusive]
    others = [c.id for c in question.choices if not c.exclusive]
    picks = st.lists(st.sampled_from(others), min_size=1, max_size=4, unique=True)
    return (st.sampled_from(exclusive).map(lambda c: [c]) | picks) if exclusive else picks


def _number(question: Question) -> st.SearchStrategy[float]:
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else low + 200
    return st.integers(int(low), int(high)).map(float) | st.floats(low, high).map(
        lambda v: round(v, question.decimals or 0))


def _answer(question: Question) -> st.SearchStrategy[Any]:
    kinds: dict[AnswerType, Any] = {
        AnswerType.YESNO: lambda: st.sampled_from(["yes", "no", UNKNOWN]),
        AnswerType.CHOICE: lambda: st.sampled_from(_choices(question)),
        AnswerType.MULTI: lambda: _multi(question),
        AnswerType.NUMBER: lambda: _number(question),
        AnswerType.TEXT: lambda: st.just("As told by the carer."),
        AnswerType.DATE: lambda: st.dates(date(2020, 1, 1), date(2026, 12, 1)).map(str),
        AnswerType.DATETIME: lambda: st.dates(date(2020, 1, 1), date(2026, 12, 1)).map(
            lambda d: f"{d}T10:00:00"),
    }
    return kinds[question.type]()


def _answers(pack: CompiledPack) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {}, optional={q.id: _answer(q) for q in pack.questions.values()})


def _uncertain_questions(pack: CompiledPack) -> list[Question]:
    """Questions where a practitioner can say "not known"."""
    return [q for q in pack.questions.values()
            if q.type == AnswerType.YESNO
            or (q.type == AnswerType.CHOICE and UNKNOWN in q.choice_ids())]


def _rank(pack: CompiledPack, answers: dict[str, Any]) -> tuple[int, str]:
    level = evaluate(pack, answers).level
    return (level.rank, level.value) if level else (-1, "none")


@pytest.mark.parametrize("pack_id", sorted(NEWEST))
def test_unknown_is_never_lower_than_a_known_answer(pack_id: str) -> None:
    """With everything else the same, "not known" gets at least the level of any answer."""
    pack = NEWEST[pack_id]
    uncertain = _uncertain_questions(pack)
    assert uncertain, "every bundled pack asks something that can be not known"

    @CHECK
    @given(_answers(pack))
    def check(answers: dict[str, Any]) -> None:
        for question in uncertain:
            levels = {c: _rank(pack, {**answers, question.id: c}) for c in _choices(question)}
            worst = max(levels.values())
            assert levels[UNKNOWN] >= worst, (
                f"{pack_id} {pack.pack.version}: '{question.id}' not known gives "
                f"{levels[UNKNOWN][1]}, but an answer gives {worst[1]}: {levels}")

    check()
