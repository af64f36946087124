"""Cross-checks: ids, references, cycles, ranges, versions and dates, each with its code."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cspr_desktop.core.errors import Code

from .packkit import codes, dump, problems, question, with_code

Data = dict[str, Any]


def _rule(data: Data, when: Any, rid: str = "extra_rule", outcomes: list[str] | None = None,
          source: str = "nice") -> Data:
    data["rules"].append({"id": rid, "when": when, "outcomes": outcomes or ["record_decision"],
                          "rationale": "Test.", "source": source})
    return data


def _question(data: Data, **fields: Any) -> Data:
    data["sections"][0]["questions"].append({"text": "A question?", **fields})
    return data


def _suggests(data: Data, code: Code, word: str) -> None:
    found = with_code(problems(data), code)
    assert found, f"no {code} problem"
    assert any(f"'{word}'" in p.message and "Did you mean" in p.message for p in found)


def test_mini_pack_is_valid(mini_data: Data) -> None:
    """The mini test pack loads without problems."""
    assert problems(mini_data) == []


# --- duplicate ids -----------------------------------------------------------------------------


def test_duplicate_question_id(mini_data: Data) -> None:
    """Two questions with one id are reported."""
    _question(mini_data, id="age_months", type="yesno")
    assert Code.DUPLICATE_ID in codes(mini_data)


def test_duplicate_choice_id(mini_data: Data) -> None:
    """Two choices of one question with one id are reported."""
    question(mini_data, "motor_skills")["choices"].append({"id": "rolls", "label": "Rolls again"})
    assert Code.DUPLICATE_ID in codes(mini_data)


def test_duplicate_rule_id(mini_data: Data) -> None:
    """Two rules with one id are reported."""
    _rule(mini_data, {"answered": "seen_undressed"}, rid="always_record")
    assert Code.DUPLICATE_ID in codes(mini_data)


def test_duplicate_source_id(mini_data: Data) -> None:
    """Two sources with one id are reported."""
    mini_data["sources"].append(copy.deepcopy(mini_data["sources"][0]))
    assert Code.DUPLICATE_ID in codes(mini_data)


def test_duplicate_id_points_at_second_occurrence(mini_data: Data) -> None:
    """The duplicate is reported on the line of the second item, not the first."""
    mini_data["outcomes"].append(copy.deepcopy(mini_data["outcomes"][0]))
    text = dump(mini_data)
    (found,) = with_code(problems(text), Code.DUPLICATE_ID)
    lines = text.splitlines()
    first = lines.index("- id: refer_csc_today") + 1
    assert found.line > first
    assert lines[found.line - 1].strip() == "- id: refer_csc_today"
    assert found.key_path == "outcomes[2].id"


# --- unknown references, with suggestions -------------------------------------------------------


def test_unknown_question_suggests_the_close_id(mini_data: Data) -> None:
    """A rule on a misspelt question id gets E202 and 'Did you mean'."""
    _rule(mini_data, {"answered": "seen_undresed"})
    _suggests(mini_data, Code.UNKNOWN_QUESTION, "seen_undressed")


def test_unknown_choice_suggests_the_close_id(mini_data: Data) -> None:
    """Comparing with a misspelt choice id gets E203 and 'Did you mean'."""
    _rule(mini_data, {"equals": {"question": "explanation_given", "value": "givn"}})
    _suggests(mini_data, Code.UNKNOWN_CHOICE, "given")


def test_unknown_yesno_value(mini_data: Data) -> None:
    """A yes/no question compared with something other than yes, no or unknown gets E203."""
    _rule(mini_data, {"in": {"question": "seen_undressed", "values": ["yes", "maybe"]}})
    assert Code.UNKNOWN_CHOICE in codes(mini_data)


def test_unknown_outcome_suggests_the_close_id(mini_data: Data) -> None:
    """A rule naming a misspelt outcome gets E204 and 'Did you mean'."""
    _rule(mini_data, {"answered": "age_months"}, outcomes=["refer_csc_todya"])
    _suggests(mini_data, Code.UNKNOWN_OUTCOME, "refer_csc_today")


def test_unknown_parameter_suggests_the_close_id(mini_data: Data) -> None:
    """Comparing with a misspelt parameter gets E205 and 'Did you mean'."""
    _rule(mini_data, {"lt": {"question": "age_months", "parameter": "non_mobile_age_month"}})
    _suggests(mini_data, Code.UNKNOWN_PARAMETER, "non_mobile_age_months")


def test_unknown_source_suggests_the_close_id(mini_data: Data) -> None:
    """A rule citing a misspelt source gets E206 and 'Did you mean'."""
    _rule(mini_data, {"answered": "age_months"}, source="nise")
    _suggests(mini_data, Code.UNKNOWN_SOURCE, "nice")


def test_unknown_derived_suggests_the_close_id(mini_data: Data) -> None:
    """A rule on a misspelt derived value gets E207 and 'Did you mean'."""
    _rule(mini_data, {"derived": "non_mobil"})
    _suggests(mini_data, Code.UNKNOWN_DERIVED, "non_mobile")


def test_unknown_operator_suggests_the_close_one(mini_data: Data) -> None:
    """A misspelt operator gets E211 and 'Did you mean'."""
    _rule(mini_data, {"equal": {"question": "age_months", "value": 3}})
    _suggests(mini_data, Code.UNKNOWN_OPERATOR, "equals")


def test_misspelt_key_suggests_the_close_key(mini_data: Data) -> None:
    """A misspelt key gets E101 and 'Did you mean'."""
    q = question(mini_data, "explanation_consistent")
    q["shwo_if"] = q.pop("show_if")
    _suggests(mini_data, Code.UNKNOWN_KEY, "show_if")


def test_misspelt_key_does_not_hide_the_question(mini_data: Data) -> None:
    """A question with a misspelt key is still known, so rules on it raise no false E202."""
    q = question(mini_data, "age_months")
    q["reqiured"] = q.pop("required")
    assert codes(mini_data) == {Code.UNKNOWN_KEY}


def test_misspelt_key_in_outcome_does_not_hide_it(mini_data: Data) -> None:
    """An outcome with a misspelt key is still known, so rules naming it raise no false E204."""
    outcome = mini_data["outcomes"][0]
    outcome["by_wen"] = outcome.pop("by_when")
    assert codes(mini_data) == {Code.UNKNOWN_KEY, Code.MISSING_KEY}


def test_broken_question_raises_no_false_unknown_question(mini_data: Data) -> None:
    """A question missing a required key is reported once, not again by every rule on it."""
    q = question(mini_data, "age_months")
    q["txt"] = q.pop("text")
    assert codes(mini_data) == {Code.UNKNOWN_KEY, Code.MISSING_KEY}


def test_broken_parameter_raises_no_false_unknown_parameter(mini_data: Data) -> None:
    """A parameter missing a required key is reported once, not again by every condition."""
    del mini_data["parameters"][0]["description"]
    assert codes(mini_data) == {Code.MISSING_KEY}


def test_bad_condition_shape(mini_data: Data) -> None:
    """A condition with two operators, or an empty 'all', gets E212."""
    _rule(mini_data, {"answered": "age_months", "derived": "non_mobile"}, rid="two_ops")
    _rule(mini_data, {"all": []}, rid="empty_all")
    found = with_code(problems(mini_data), Code.BAD_CONDITION)
    assert {p.key_path.split(".")[0] for p in found} == {"rules[2]", "rules[3]"}


# --- cycles ------------------------------------------------------------------------------------


def test_show_if_cycle_direct(mini_data: Data) -> None:
    """Two questions whose show_if read each other are a cycle."""
    question(mini_data, "seen_undressed")["show_if"] = {"answered": "age_months"}
    question(mini_data, "age_months")["show_if"] = {"answered": "seen_undressed"}
    assert Code.CYCLE in codes(mini_data)


def test_show_if_on_itself_is_a_cycle(mini_data: Data) -> None:
    """A question shown only when it is answered is a cycle."""
    question(mini_data, "seen_undressed")["show_if"] = {"answered": "seen_undressed"}
    assert Code.CYCLE in codes(mini_data)


def test_show_if_cycle_through_derived(mini_data: Data) -> None:
    """A question shown on a derived value that reads that question is a cycle."""
    question(mini_data, "motor_skills")["show_if"] = {"derived": "non_mobile"}
    assert Code.CYCLE in codes(mini_data)


def test_derived_cycle(mini_data: Data) -> None:
    """Derived values that depend on each other in a loop are a cycle."""
    mini_data["derived"].append({"id": "a", "description": "A.", "when": {"derived": "b"}})
    mini_data["derived"].append({"id": "b", "description": "B.", "when": {"derived": "a"}})
    assert Code.CYCLE in codes(mini_data)


def test_show_if_chain_without_cycle_is_fine(mini_data: Data) -> None:
    """A show_if reading a later question is allowed when there is no loop."""
    question(mini_data, "age_months")["show_if"] = {"answered": "seen_undressed"}
    assert codes(mini_data) == set()


# --- choices, ranges, versions, dates -----------------------------------------------------------


def test_none_choice_must_be_exclusive(mini_data: Data) -> None:
    """A multi question's 'none' choice without exclusive: true gets E209."""
    question(mini_data, "motor_skills")["choices"][0].pop("exclusive")
    assert codes(mini_data) == {Code.NONE_NOT_EXCLUSIVE}


def test_choice_question_needs_choices(mini_data: Data) -> None:
    """A choice question without choices, or a number with choices, gets E214."""
    question(mini_data, "explanation_given")["choices"] = []
    question(mini_data, "age_months")["choices"] = [{"id": "a", "label": "A"}]
    assert len(with_code(problems(mini_data), Code.CHOICES_MISMATCH)) == 2


def test_question_min_above_max(mini_data: Data) -> None:
    """A number question whose min is above its max gets E210."""
    question(mini_data, "age_months").update(min=50, max=10)
    assert codes(mini_data) == {Code.BAD_RANGE}


def test_parameter_min_above_max(mini_data: Data) -> None:
    """A parameter whose min is above its max gets E210."""
    mini_data["parameters"][0].update(min=12, max=3)
    assert Code.BAD_RANGE in codes(mini_data)


@pytest.mark.parametrize("default", [1, 13, "six", True])
def test_parameter_default_must_fit(mini_data: Data, default: object) -> None:
    """A parameter default outside its range, or of the wrong type, gets E210."""
    mini_data["parameters"][0]["default"] = default
    assert Code.BAD_RANGE in codes(mini_data)


@pytest.mark.parametrize("version", ["1.0", "v1.0.0", "01.0.0", "1.0.0-beta", "1.0.0.0"])
def test_bad_semver(mini_data: Data, version: str) -> None:
    """A version that is not MAJOR.MINOR.PATCH gets E105."""
    mini_data["version"] = version
    assert Code.BAD_SEMVER in codes(mini_data)


def test_changelog_must_cover_the_version(mini_data: Data) -> None:
    """A version without a changelog entry gets E215."""
    mini_data["version"] = "1.1.0"
    assert codes(mini_data) == {Code.CHANGELOG_MISSING_VERSION}


@pytest.mark.parametrize("value", ["2025-13-01", "1 January 2025", "soon", "2025-02-30"])
def test_bad_effective_from(mini_data: Data, value: str) -> None:
    """An effective_from that is not a real YYYY-MM-DD date gets E106."""
    mini_data["effective_from"] = value
    assert Code.BAD_DATE in codes(mini_data)


def test_bad_changelog_date(mini_data: Data) -> None:
    """A changelog date that is not a date gets E106."""
    mini_data["changelog"][0]["date"] = "last week"
    assert Code.BAD_DATE in codes(mini_data)


@pytest.mark.parametrize("schema", [0, 2, 99])
def test_unsupported_schema_version(mini_data: Data, schema: int) -> None:
    """A schema_version this app does not know gets E107."""
    mini_data["schema_version"] = schema
    assert Code.UNSUPPORTED_SCHEMA in codes(mini_data)


def test_missing_and_wrong_typed_keys(mini_data: Data) -> None:
    """A missing required key gets E102; a list where text belongs gets E103."""
    del mini_data["summary"]
    mini_data["title"] = ["not", "text"]
    found = codes(mini_data)
    assert {Code.MISSING_KEY, Code.WRONG_TYPE} <= found


def test_bad_enum_value(mini_data: Data) -> None:
    """An outcome level that is not one of the four levels gets E104."""
    mini_data["outcomes"][0]["level"] = "urgent"
    assert Code.BAD_VALUE in codes(mini_data)


# --- operators and answer types ----------------------------------------------------------------


@pytest.mark.parametrize("condition", [
    {"gt": {"question": "explanation_given", "value": "given"}},
    {"lte": {"question": "seen_undressed", "value": "yes"}},
    {"includes": {"question": "explanation_given", "values": ["given"]}},
    {"in": {"question": "motor_skills", "values": ["rolls"]}},
    {"in": {"question": "age_months", "values": ["3"]}},
    {"equals": {"question": "motor_skills", "value": "rolls"}},
    {"parameter": "non_mobile_age_months"},
    {"lt": {"question": "age_months", "parameter": "strict"}},
    {"equals": {"question": "explanation_given", "parameter": "limit"}},
])
def test_operator_type_mismatch(mini_data: Data, condition: dict[str, Any]) -> None:
    """An operator that does not fit the question's (or parameter's) type gets E213."""
    mini_data["parameters"].append({"id": "strict", "type": "boolean", "default": False,
                                    "description": "A switch."})
    mini_data["parameters"].append({"id": "limit", "type": "number", "default": 1,
                                    "description": "A number."})
    _rule(mini_data, condition)
    assert Code.OPERATOR_TYPE_MISMATCH in codes(mini_data)


@pytest.mark.parametrize(("condition", "code"), [
    ({"gt": {"question": "age_months", "value": "three"}}, Code.WRONG_TYPE),
    ({"gt": {"question": "age_months"}}, Code.BAD_CONDITION),
    ({"gt": {"question": "age_months", "value": 3, "parameter": "non_mobile_age_months"}},
     Code.BAD_CONDITION),
    ({"gt": {"question": "age_months", "valeu": 3}}, Code.UNKNOWN_KEY),
    ({"includes": {"question": "motor_skills", "values": []}}, Code.BAD_CONDITION),
    ({"includes": {"question": "motor_skills", "values": ["flies"]}}, Code.UNKNOWN_CHOICE),
    ({"answered": ["age_months"]}, Code.BAD_CONDITION),
    (["answered", "age_months"], Code.BAD_CONDITION),
])
def test_malformed_comparisons(mini_data: Data, condition: Any, code: Code) -> None:
    """Comparisons with missing, extra or wrongly typed parts get their own codes."""
    _rule(mini_data, condition)
    assert code in codes(mini_data)


def test_every_problem_in_one_pass(mini_data: Data) -> None:
    """Shape, reference and meaning problems in different places are reported together."""
    mini_data["version"] = "one"
    mini_data["outcomes"][0]["level"] = "urgent"
    question(mini_data, "motor_skills")["choices"][0].pop("exclusive")
    _rule(mini_data, {"answered": "nothing_like_it"}, outcomes=["nowhere"])
    found = codes(mini_data)
    assert {Code.BAD_SEMVER, Code.BAD_VALUE, Code.NONE_NOT_EXCLUSIVE, Code.UNKNOWN_QUESTION,
            Code.UNKNOWN_OUTCOME} <= found


def test_problem_lines_point_into_the_file(mini_data: Data) -> None:
    """Every problem carries a line inside the file and a key path."""
    _rule(mini_data, {"answered": "nothing"}, outcomes=["nowhere"], source="nobody")
    text = dump(mini_data)
    found = problems(text)
    assert found
    n = len(text.splitlines())
    assert all(1 <= p.line <= n and p.key_path.startswith("rules[2]") for p in found)
