"""The engine: visibility, missing and invalid answers, derived values, rules, outcomes, why."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from cspr_desktop.core.errors import Code
from cspr_desktop.core.rules.engine import CompiledPack, Evaluation, evaluate
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.vocabulary import Level

FULL: dict[str, Any] = {
    "age": 3,
    "concern": "yes",
    "detail": "Seen at clinic.",
    "sites": ["cheek", "arm"],
    "kind": "burn",
    "seen_on": "2025-07-01",
    "ear_followup": "no",
}


def _fired(ev: Evaluation) -> set[str]:
    return {f.id for f in ev.fired_rules}


def _because(ev: Evaluation, rule_id: str) -> dict[str, Any]:
    (fired,) = [f for f in ev.fired_rules if f.id == rule_id]
    return dict(fired.because)


# --- visibility -----------------------------------------------------------------------------


def test_visible_questions_follow_show_if(engine_pack: CompiledPack) -> None:
    """Questions with a false show_if are not visible; the rest are, in pack order."""
    ev = evaluate(engine_pack, {"concern": "no"})
    assert ev.visible == ("age", "concern", "sites", "kind", "seen_on")


def test_visible_keeps_pack_order_when_show_if_reads_a_later_question(
    engine_pack: CompiledPack,
) -> None:
    """A question whose show_if reads a later question still appears in its own place."""
    ev = evaluate(engine_pack, {"concern": "yes", "sites": ["ear"]})
    assert ev.visible == ("detail", "age", "concern", "sites", "kind", "seen_on", "ear_followup")


def test_show_if_through_derived_value(engine_pack: CompiledPack) -> None:
    """A question shown on a derived value appears once the value is true."""
    assert "ear_followup" not in evaluate(engine_pack, {"sites": ["arm"]}).visible
    assert "ear_followup" in evaluate(engine_pack, {"sites": ["arm", "ear"]}).visible


def test_hidden_answer_is_ignored_by_rules(engine_pack: CompiledPack) -> None:
    """A stale answer to a question that is now hidden does not fire rules or count."""
    shown = evaluate(engine_pack, {"concern": "yes", "detail": "Written down."})
    assert "detail_given" in _fired(shown)
    hidden = evaluate(engine_pack, {"concern": "no", "detail": "Written down."})
    assert "detail_given" not in _fired(hidden)
    assert "detail" not in hidden.answers
    assert hidden.invalid_answers == ()


def test_hiding_cascades_through_answers_and_derived_values(engine_data: dict[str, Any]) -> None:
    """A question hidden by a hidden answer, directly or via a derived value, is hidden too."""
    from .packkit import load, question

    question(engine_data, "sites")["show_if"] = {"equals": {"question": "concern",
                                                           "value": "yes"}}
    engine_data["sections"][1]["questions"].append(
        {"id": "detail_checked", "text": "Details checked?", "type": "yesno",
         "show_if": {"answered": "detail"}})
    pack = load(engine_data).compiled
    answers = {"concern": "no", "detail": "x", "detail_checked": "yes", "sites": ["ear"],
               "ear_followup": "yes"}
    ev = evaluate(pack, answers)
    assert ev.visible == ("age", "concern", "kind", "seen_on")
    assert ev.derived["high_risk_site"] is False
    shown = evaluate(pack, {**answers, "concern": "yes"})
    assert {"detail", "detail_checked", "sites", "ear_followup"} <= set(shown.visible)
    assert shown.derived["high_risk_site"] is True


# --- missing required -----------------------------------------------------------------------


def test_missing_required_lists_visible_unanswered(engine_pack: CompiledPack) -> None:
    """Required questions that are visible and unanswered are listed, in pack order."""
    assert evaluate(engine_pack, {}).missing_required == ("age", "concern")
    ev = evaluate(engine_pack, {"sites": ["ear"], "concern": "no"})
    assert ev.missing_required == ("age", "ear_followup")


def test_hidden_required_question_is_not_missing(engine_pack: CompiledPack) -> None:
    """A required question hidden by its show_if is not missing."""
    assert "ear_followup" not in evaluate(engine_pack, {"sites": ["arm"]}).missing_required


def test_empty_values_count_as_unanswered(engine_pack: CompiledPack) -> None:
    """None, empty text and an empty list are no answer, not an invalid one."""
    ev = evaluate(engine_pack, {"age": None, "detail": "", "sites": [], "concern": ""})
    assert ev.invalid_answers == ()
    assert ev.answers == {}
    assert ev.missing_required == ("age", "concern")


# --- invalid answers ------------------------------------------------------------------------


@pytest.mark.parametrize(("answers", "code"), [
    ({"age": "three"}, Code.ANSWER_WRONG_TYPE),
    ({"age": True}, Code.ANSWER_WRONG_TYPE),
    ({"age": float("nan")}, Code.ANSWER_WRONG_TYPE),
    ({"age": float("inf")}, Code.ANSWER_WRONG_TYPE),
    ({"sites": "cheek"}, Code.ANSWER_WRONG_TYPE),
    ({"sites": [1, 2]}, Code.ANSWER_WRONG_TYPE),
    ({"concern": 1}, Code.ANSWER_WRONG_TYPE),
    ({"detail": 42}, Code.ANSWER_WRONG_TYPE),
    ({"seen_on": "yesterday"}, Code.ANSWER_WRONG_TYPE),
    ({"seen_on": 20250101}, Code.ANSWER_WRONG_TYPE),
    ({"kind": "scald"}, Code.ANSWER_UNKNOWN_CHOICE),
    ({"concern": "maybe"}, Code.ANSWER_UNKNOWN_CHOICE),
    ({"sites": ["cheek", "knee"]}, Code.ANSWER_UNKNOWN_CHOICE),
    ({"age": 49}, Code.ANSWER_OUT_OF_RANGE),
    ({"age": -1}, Code.ANSWER_OUT_OF_RANGE),
    ({"age": 10**400}, Code.ANSWER_OUT_OF_RANGE),
    ({"age": 3.25}, Code.ANSWER_OUT_OF_RANGE),
    ({"detail": "x" * 20_001, "concern": "yes"}, Code.ANSWER_TOO_LONG),
    ({"colour": "red"}, Code.ANSWER_UNKNOWN_QUESTION),
    ({7: "seven"}, Code.ANSWER_UNKNOWN_QUESTION),
])
def test_invalid_answer_is_reported_not_raised(
    engine_pack: CompiledPack, answers: dict[Any, Any], code: Code
) -> None:
    """A bad answer is listed with its code and counts as unanswered."""
    ev = evaluate(engine_pack, answers)
    assert [i.code for i in ev.invalid_answers] == [code]
    assert ev.invalid_answers[0].question == str(next(iter(answers)))
    assert not set(ev.answers) & {str(k) for k in answers if k != "concern"}


def test_huge_whole_number_without_a_range_is_accepted() -> None:
    """A huge whole number for a number question with no maximum is an answer, not a crash."""
    from .packkit import MINI, data_of, load, question

    data = data_of(MINI)
    del question(data, "age_months")["max"]
    ev = evaluate(load(data).compiled, {"age_months": 10**400})
    assert ev.invalid_answers == ()
    assert ev.answers["age_months"] == 10**400


def test_several_invalid_answers_all_reported(engine_pack: CompiledPack) -> None:
    """Every bad answer is reported, and the good ones still count."""
    ev = evaluate(engine_pack, {"age": 99, "kind": "scald", "concern": "yes", "x": 1})
    assert {i.question for i in ev.invalid_answers} == {"age", "kind", "x"}
    assert ev.answers == {"concern": "yes"}


def test_answers_are_normalised(engine_pack: CompiledPack) -> None:
    """true becomes 'yes', ISO text becomes a date, multi answers become tuples in pack order."""
    ev = evaluate(engine_pack, {"concern": True, "seen_on": "2025-07-01",
                                "sites": ["arm", "cheek"], "age": 3})
    assert ev.answers["concern"] == "yes"
    assert ev.answers["seen_on"] == date(2025, 7, 1)
    assert ev.answers["sites"] == ("cheek", "arm")
    dated = evaluate(engine_pack, {"seen_on": datetime(2025, 7, 1, 9, 30)})
    assert dated.answers["seen_on"] == date(2025, 7, 1)
    iso = evaluate(engine_pack, {"seen_on": "2025-07-01T09:30:00"})
    assert iso.answers["seen_on"] == date(2025, 7, 1)


# --- conditions, derived values, parameters --------------------------------------------------


def test_unanswered_comparisons_are_false(engine_pack: CompiledPack) -> None:
    """With nothing answered, no comparison holds; only 'not answered' rules fire."""
    ev = evaluate(engine_pack, {})
    assert _fired(ev) == {"not_seen", "not_older"}
    assert ev.derived == {"young": False, "high_risk_site": False, "young_and_high_risk": False}


def test_derived_values_are_computed(engine_pack: CompiledPack) -> None:
    """Derived values are computed from the answers, through other derived values too."""
    ev = evaluate(engine_pack, {"age": 3, "sites": ["ear"]})
    assert ev.derived == {"young": True, "high_risk_site": True, "young_and_high_risk": True}
    assert "young_high_risk" in _fired(ev)


def test_parameters_override_defaults(engine_pack: CompiledPack) -> None:
    """A parameter value replaces the pack default in comparisons and is shown on the rule."""
    answers = {"age": 8, "sites": ["cheek"]}
    assert "young_high_risk" not in _fired(evaluate(engine_pack, answers))
    ev = evaluate(engine_pack, answers, {"age_limit": 12})
    assert "young_high_risk" in _fired(ev)
    (fired,) = [f for f in ev.fired_rules if f.id == "young_high_risk"]
    assert fired.parameters == (("age_limit", 12),)


def test_boolean_parameter_switches_a_rule(engine_pack: CompiledPack) -> None:
    """A yes/no parameter used as a condition turns its rule on and off."""
    assert "strict" not in _fired(evaluate(engine_pack, {}))
    assert "strict" in _fired(evaluate(engine_pack, {}, {"strict_mode": True}))


def test_bad_parameter_values_fall_back_to_defaults(engine_pack: CompiledPack) -> None:
    """Parameter values of the wrong type, out of range or unknown never crash evaluation."""
    answers = {"age": 3, "sites": ["cheek"]}
    ev = evaluate(engine_pack, answers, {"age_limit": "six", "strict_mode": "yes", "zzz": 1})
    assert "young_high_risk" in _fired(ev)
    assert "strict" not in _fired(ev)
    assert "young_high_risk" in _fired(evaluate(engine_pack, answers, {"age_limit": 0}))


def test_date_comparison(engine_pack: CompiledPack) -> None:
    """A date answer compares with a date in the rule."""
    assert "recent" in _fired(evaluate(engine_pack, {"seen_on": "2025-06-01"}))
    assert "recent" not in _fired(evaluate(engine_pack, {"seen_on": "2025-05-31"}))


# --- outcomes and levels --------------------------------------------------------------------


def test_outcomes_deduplicated_and_ordered_by_level_then_pack_order(
    engine_pack: CompiledPack,
) -> None:
    """Each outcome appears once, highest level first, ties in the pack's order."""
    ev = evaluate(engine_pack, FULL)
    ids = [o.id for o in ev.outcomes]
    assert ids == ["call_999", "refer_today", "paed_today", "advise", "record"]
    assert ev.level == Level.EMERGENCY


def test_overall_level_is_the_highest(engine_pack: CompiledPack) -> None:
    """The overall level is the highest level among the outcomes."""
    assert evaluate(engine_pack, {"age": 20, "seen_on": "2025-01-01"}).level == Level.ROUTINE
    assert evaluate(engine_pack, {"age": 20}).level == Level.PROMPT
    assert evaluate(engine_pack, {"age": 3, "sites": ["ear"]}).level == Level.SAME_DAY


def test_no_outcomes_means_no_level(mini: LoadedPack) -> None:
    """When no rule fires there are no outcomes and no level."""
    ev = evaluate(mini.compiled, {})
    assert ev.outcomes == ()
    assert ev.level is None


def test_rules_for_an_outcome(engine_pack: CompiledPack) -> None:
    """rules_for lists the fired rules that led to one outcome."""
    ev = evaluate(engine_pack, FULL)
    assert {f.id for f in ev.rules_for("record")} == {"always", "concern_yes", "detail_given"}


# --- because --------------------------------------------------------------------------------


def test_because_lists_the_answers_that_made_a_rule_fire(engine_pack: CompiledPack) -> None:
    """Each fired rule names the answers behind it, looking through derived values."""
    ev = evaluate(engine_pack, FULL)
    assert _because(ev, "young_high_risk") == {"age": 3, "sites": ("cheek", "arm")}
    assert _because(ev, "burn_with_concern") == {"concern": "yes", "kind": "burn"}
    assert _because(ev, "always") == {"age": 3}


def test_because_is_in_pack_order(engine_pack: CompiledPack) -> None:
    """The answers behind a rule are listed in the order the questions are asked."""
    ev = evaluate(engine_pack, FULL)
    (fired,) = [f for f in ev.fired_rules if f.id == "burn_with_concern"]
    assert [q for q, _ in fired.because] == ["concern", "kind"]


def test_because_of_any_lists_only_true_parts(mini: LoadedPack) -> None:
    """For 'any', only the parts that held are given as reasons."""
    ev = evaluate(mini.compiled, {"age_months": 10, "motor_skills": ["rolls"]})
    (fired,) = [f for f in ev.fired_rules if f.id == "bruise_non_mobile"]
    assert dict(fired.because) == {"age_months": 10, "motor_skills": ("rolls",)}
    ev = evaluate(mini.compiled, {"age_months": 2, "motor_skills": ["walks"]})
    (fired,) = [f for f in ev.fired_rules if f.id == "bruise_non_mobile"]
    assert dict(fired.because) == {"age_months": 2}


def test_because_of_not_answered_is_empty(engine_pack: CompiledPack) -> None:
    """A rule that fires because something is unanswered cites no answers."""
    assert _because(evaluate(engine_pack, {}), "not_seen") == {}


def test_because_of_not_lists_the_answers_it_read(engine_pack: CompiledPack) -> None:
    """A 'not' rule cites the answers its inner condition read."""
    assert _because(evaluate(engine_pack, {"age": 5}), "not_older") == {"age": 5}


def test_fired_rules_in_pack_order(engine_pack: CompiledPack) -> None:
    """Fired rules are listed in the order the pack declares them."""
    ev = evaluate(engine_pack, FULL)
    order = [r.id for r in engine_pack.pack.rules]
    ids = [f.id for f in ev.fired_rules]
    assert ids == sorted(ids, key=order.index)


# --- immutability ---------------------------------------------------------------------------


def test_evaluation_is_immutable(engine_pack: CompiledPack) -> None:
    """An Evaluation and its mappings cannot be changed after the fact."""
    ev = evaluate(engine_pack, FULL)
    with pytest.raises(AttributeError):
        ev.level = Level.ROUTINE  # type: ignore[misc]
    with pytest.raises(TypeError):
        ev.answers["age"] = 40  # type: ignore[index]
    with pytest.raises(TypeError):
        ev.derived["young"] = False  # type: ignore[index]
    assert isinstance(ev.fired_rules, tuple)
    assert isinstance(ev.outcomes, tuple)
    with pytest.raises(AttributeError):
        ev.fired_rules[0].because = ()  # type: ignore[misc]


def test_changing_the_input_answers_does_not_change_the_evaluation(
    engine_pack: CompiledPack,
) -> None:
    """The evaluation keeps its own copy of the answers it used."""
    answers = dict(FULL)
    sites = ["cheek"]
    answers["sites"] = sites
    ev = evaluate(engine_pack, answers)
    answers["age"] = 40
    sites.append("ear")
    assert ev.answers["age"] == 3
    assert ev.answers["sites"] == ("cheek",)


def test_evaluation_is_repeatable(engine_pack: CompiledPack) -> None:
    """The same answers give an equal evaluation every time (no state carried over)."""
    first = evaluate(engine_pack, FULL)
    evaluate(engine_pack, {"age": 40, "concern": "no"})
    again = evaluate(engine_pack, FULL)
    assert again.fired_rules == first.fired_rules
    assert again.outcomes == first.outcomes
    assert again.derived == first.derived


# --- what the engine remembers between evaluations ----------------------------------------


def test_remembered_answers_stay_bounded_and_correct(engine_pack: CompiledPack) -> None:
    """A caller sending endless new values cannot grow memory without bound, and every value
    is still judged correctly once the tables are full."""
    first = date(1990, 1, 1)
    for day in range(8_000):
        evaluate(engine_pack, {"age": day % 480 / 10,
                               "seen_on": (first + timedelta(days=day)).isoformat()})
    tables = engine_pack.default_specialised.tables
    assert len(tables.known) == tables.known_limit  # full, and no fuller
    assert max(len(facts) for facts in tables.facts_by_value.values()) == 512
    assert "recent" in _fired(evaluate(engine_pack, {"seen_on": "2025-06-01"}))
    assert "recent" not in _fired(evaluate(engine_pack, {"seen_on": "2025-05-31"}))
    assert "young_high_risk" in _fired(evaluate(engine_pack, {"age": 5.9, "sites": ["cheek"]}))
    assert "young_high_risk" not in _fired(evaluate(engine_pack, {"age": 6.1, "sites": ["cheek"]}))


def test_values_remembered_under_one_parameter_set_do_not_leak_into_another(
    engine_pack: CompiledPack,
) -> None:
    """The same answer is judged afresh when a partnership's parameters change the limit."""
    answers = {"age": 8, "sites": ["cheek"]}
    assert "young_high_risk" not in _fired(evaluate(engine_pack, answers))
    assert "young_high_risk" in _fired(evaluate(engine_pack, answers, {"age_limit": 12}))
    assert "young_high_risk" not in _fired(evaluate(engine_pack, answers))


def test_a_huge_list_of_one_choice_is_judged_but_not_kept(engine_pack: CompiledPack) -> None:
    """A list repeating one choice a million times is a valid answer, but is not remembered:
    a caller cannot fill memory with it."""
    for extra in range(5):
        ev = evaluate(engine_pack, {"sites": ["cheek"] * (1_000_000 + extra)})
        assert ev.answers["sites"] == ("cheek",)
    tables = engine_pack.default_specialised.tables
    assert max(len(key[-1]) for key in tables.known if isinstance(key[-1], tuple)) <= 4


@pytest.mark.parametrize("hostile", [10**5000, [[[[[[[[[[["deep"]]]]]]]]]]], object()],
                         ids=["5001-digit number", "deep nesting", "an object"])
def test_values_that_cannot_be_shown_whole_are_reported_briefly(
    engine_pack: CompiledPack, hostile: Any,
) -> None:
    """A number too long to print, deep nesting or an odd object, as an answer or as a
    question id, is reported in a short message; evaluate() never raises on it."""
    ev = evaluate(engine_pack, {"age": hostile, "concern": hostile, "sites": hostile,
                                10**5000: "yes"})
    assert {i.question for i in ev.invalid_answers} >= {"age", "concern", "sites"}
    assert all(len(i.message) < 200 and len(i.question) < 80 for i in ev.invalid_answers)
    assert any("digits" in i.question for i in ev.invalid_answers)


def test_parameters_given_as_6_or_6_0_are_reported_as_given(engine_pack: CompiledPack) -> None:
    """Two parameter sets that are equal in value but not in type are kept apart, so what the
    record shows matches what was given."""
    answers = {"age": 3, "sites": ["cheek"]}
    whole = evaluate(engine_pack, answers, {"age_limit": 6})
    decimal = evaluate(engine_pack, answers, {"age_limit": 6.0})
    assert isinstance(whole.parameters["age_limit"], int)
    assert isinstance(decimal.parameters["age_limit"], float)
    fired = next(f for f in decimal.fired_rules if f.id == "young_high_risk")
    assert isinstance(dict(fired.parameters)["age_limit"], float)
