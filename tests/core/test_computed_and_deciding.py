"""Arithmetic over answers, deciding questions, and answers that contradict themselves.

A baby born early is judged against the age corrected for prematurity; a computed number has no
value while a question it reads is unanswered or hidden; every mistake in an expression gets
its own code; a routine level is "not enough answers yet" while deciding questions are open; and
a red flag ticked beside "none" keeps its emergency.
"""

from __future__ import annotations

from typing import Any

import pytest

from cspr_desktop.core.errors import Code
from cspr_desktop.core.rules.engine import CompiledPack, evaluate
from cspr_desktop.core.rules.loader import load_pack
from cspr_desktop.core.rules.serialize import evaluation_to_dict
from cspr_desktop.core.rules.vocabulary import Level

from .packkit import COMPUTED, codes, data_of, load

Data = dict[str, Any]


@pytest.fixture(scope="module")
def pack() -> CompiledPack:
    return load_pack(COMPUTED).compiled


@pytest.fixture
def data() -> Data:
    return data_of(COMPUTED)


# --- computed numbers -----------------------------------------------------------------------


def test_corrected_age_makes_a_preterm_baby_young(pack: CompiledPack) -> None:
    """Seven months old but born at 28 weeks: about four months corrected, so 'young'."""
    ev = evaluate(pack, {"age": 7, "preterm": "yes", "weeks": 28, "milestones": ["crawls"]})
    assert ev.derived["young_corrected"]
    assert ev.level == Level.SAME_DAY
    fired = {f.id: dict(f.because) for f in ev.fired_rules}
    assert fired["young_by_corrected_age"] == {"age": 7, "weeks": 28, "milestones": ("crawls",)}


def test_the_same_age_born_at_term_is_not_young(pack: CompiledPack) -> None:
    ev = evaluate(pack, {"age": 7, "preterm": "yes", "weeks": 40, "milestones": ["crawls"]})
    assert not ev.derived["young_corrected"]
    assert "young_by_corrected_age" not in {f.id for f in ev.fired_rules}


def test_a_hidden_input_leaves_the_value_unknown(pack: CompiledPack) -> None:
    """Weeks is asked only for a baby born early: its stale answer must not count."""
    ev = evaluate(pack, {"age": 7, "preterm": "no", "weeks": 28, "milestones": ["crawls"]})
    assert "weeks" not in ev.visible
    assert not ev.derived["young_corrected"]
    assert "not_much_older" in {f.id for f in ev.fired_rules}  # `not` of no value is true


def test_a_show_if_can_read_a_computed_value(pack: CompiledPack) -> None:
    older = evaluate(pack, {"age": 20, "preterm": "yes", "weeks": 36})
    younger = evaluate(pack, {"age": 5, "preterm": "yes", "weeks": 36})
    assert "older_detail" in older.visible
    assert "older_detail" not in younger.visible


def test_division_by_zero_has_no_value(data: Data) -> None:
    data["computed"][1]["value"] = {"divide": [{"question": "age"}, {"value": 0}]}
    compiled = load(data).compiled
    ev = evaluate(compiled, {"age": 3, "preterm": "yes", "weeks": 30, "milestones": ["crawls"]})
    assert not ev.derived["young_corrected"]


def test_a_huge_number_is_no_value_not_a_crash(data: Data) -> None:
    del data["sections"][0]["questions"][0]["max"]
    compiled = load(data).compiled
    ev = evaluate(compiled, {"age": 10**400, "preterm": "yes", "weeks": 30})
    assert not ev.derived["young_corrected"]
    assert ev.invalid_answers == ()


@pytest.mark.parametrize(("value", "code"), [
    ({"plus": [{"value": 1}, {"value": 2}]}, Code.UNKNOWN_OPERATOR),
    ({"subtract": [{"value": 1}]}, Code.BAD_EXPRESSION),
    ({"divide": [{"value": 1}, {"value": 2}, {"value": 3}]}, Code.BAD_EXPRESSION),
    ({"add": {"value": 1}}, Code.BAD_EXPRESSION),
    ({"add": [{"value": 1}, {"value": 2}], "max": [{"value": 1}, {"value": 2}]},
     Code.BAD_EXPRESSION),
    ({"add": [{"question": "milestones"}, {"value": 1}]}, Code.OPERATOR_TYPE_MISMATCH),
    ({"add": [{"question": "ages"}, {"value": 1}]}, Code.UNKNOWN_QUESTION),
    ({"add": [{"parameter": "nope"}, {"value": 1}]}, Code.UNKNOWN_PARAMETER),
    ({"add": [{"computed": "weeks_erly"}, {"value": 1}]}, Code.UNKNOWN_COMPUTED),
    ({"add": [{"value": float("nan")}, {"value": 1}]}, Code.NOT_FINITE),
    ({"add": [{"value": True}, {"value": 1}]}, Code.WRONG_TYPE),
    ({"add": [{"value": "2"}, {"value": 1}]}, Code.WRONG_TYPE),
    ({"add": [{"computed": "corrected_age"}, {"value": 1}]}, Code.CYCLE),
])
def test_every_mistake_in_an_expression_has_its_code(data: Data, value: Any, code: Code) -> None:
    data["computed"][1]["value"] = value
    assert code in codes(data)


@pytest.mark.parametrize(("condition", "code"), [
    ({"lt": {"computed": "corrected_ag", "value": 6}}, Code.UNKNOWN_COMPUTED),
    ({"lt": {"computed": "corrected_age", "value": "six"}}, Code.WRONG_TYPE),
    ({"lt": {"computed": "corrected_age"}}, Code.BAD_CONDITION),
    ({"in": {"computed": "corrected_age", "values": ["a"]}}, Code.OPERATOR_TYPE_MISMATCH),
    ({"lt": {"computed": "corrected_age", "valu": 6}}, Code.UNKNOWN_KEY),
])
def test_every_mistake_in_a_comparison_on_a_computed_value_has_its_code(
    data: Data, condition: Data, code: Code
) -> None:
    data["derived"][0]["when"] = condition
    assert code in codes(data)


def test_a_computed_value_cannot_share_a_question_id(data: Data) -> None:
    data["computed"][0]["id"] = "age"
    assert Code.DUPLICATE_ID in codes(data)


# --- deciding questions ---------------------------------------------------------------------


def test_routine_is_too_early_while_a_deciding_question_is_open(pack: CompiledPack) -> None:
    ev = evaluate(pack, {"age": 14})
    assert ev.level == Level.PROMPT  # not yet nine months corrected is unknown: advise
    assert ev.still_needed == ("preterm",)
    assert not ev.too_early  # above routine already: more answers can only add
    data = data_of(COMPUTED)
    data["rules"] = [r for r in data["rules"] if r["id"] != "not_much_older"]
    quiet = load(data).compiled
    ev = evaluate(quiet, {"age": 14})
    assert ev.level == Level.ROUTINE
    assert ev.too_early
    result = evaluation_to_dict(ev)
    assert result["too_early"] is True
    assert result["still_needed"] == ["preterm"]
    answered = evaluate(quiet, {"age": 14, "preterm": "no"})
    assert answered.level == Level.ROUTINE
    assert not answered.too_early


def test_a_hidden_deciding_question_is_not_needed(data: Data) -> None:
    for q in data["sections"][0]["questions"]:
        q["deciding"] = q["id"] == "weeks"
    compiled = load(data).compiled
    assert evaluate(compiled, {"preterm": "no"}).still_needed == ()
    assert evaluate(compiled, {"preterm": "yes"}).still_needed == ("weeks",)


# --- contradictions -------------------------------------------------------------------------


def test_none_ticked_with_another_option_keeps_the_option_and_flags_it(
    pack: CompiledPack
) -> None:
    ev = evaluate(pack, {"age": 7, "preterm": "yes", "weeks": 28,
                         "milestones": ["none", "crawls"]})
    assert ev.answers["milestones"] == ("crawls",)
    assert ev.level == Level.SAME_DAY
    assert [(c.question, c.code) for c in ev.contradictions] == [
        ("milestones", Code.ANSWER_CONTRADICTS_NONE)]
    assert ev.invalid_answers == ()
    flagged = evaluation_to_dict(ev)["contradictions"]
    assert flagged[0]["question"] == "milestones"


def test_none_alone_is_not_a_contradiction(pack: CompiledPack) -> None:
    ev = evaluate(pack, {"milestones": ["none"]})
    assert ev.contradictions == ()
    assert ev.answers["milestones"] == ("none",)


# --- on paper -------------------------------------------------------------------------------


def _draft(answers: Data, loaded: Any = None) -> tuple[Any, Any]:
    from datetime import datetime

    from cspr_desktop.core.records.records import new_record, set_answer
    loaded = loaded or load_pack(COMPUTED)
    now = datetime(2026, 3, 2, 10, 0)
    record = new_record(loaded.id, loaded.version, loaded.sha256, now)
    for qid, value in answers.items():
        record = set_answer(record, qid, value, now)
    return record, loaded


def test_the_record_says_not_enough_answers_instead_of_routine(data: Data) -> None:
    from cspr_desktop.core.report.render import render_html
    record, loaded = _draft({"age": 14})
    html = render_html(record, loaded)
    assert "Overall level: Not enough answers yet" not in html  # above routine: a level shows
    assert "Not yet answered, and could raise the level: Born early?" in html
    record, loaded = _draft({"milestones": ["none", "rolls"]})
    html = render_html(record, loaded)
    assert "Contradictory answer — What can the baby do?" in html
    data["rules"] = [r for r in data["rules"] if r["id"] != "not_much_older"]
    record, loaded = _draft({"age": 14}, load(data))
    html = render_html(record, loaded)
    assert "Overall level: Not enough answers yet" in html
    assert "Overall level: Routine" not in html
