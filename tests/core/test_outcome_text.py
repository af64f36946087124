"""Local settings reach the words a practitioner reads: {parameter} in outcome texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspr_desktop.core.errors import Code, PackError
from cspr_desktop.core.rules.engine import evaluate
from cspr_desktop.core.rules.loader import load_pack_text
from cspr_desktop.core.rules.outcome_text import fill
from cspr_desktop.core.rules.serialize import evaluation_to_dict

MINI = (Path(__file__).resolve().parents[1] / "packs" / "mini.yaml").read_text("utf-8")


def test_placeholders_are_filled_with_parameter_values() -> None:
    """By-when text shows the overlay's value, or the default without one."""
    text = MINI.replace("    by_when: Today\n    basis: national\n    source: nice\n  - id: "
                        "record_decision",
                        "    by_when: Before the baby is {non_mobile_age_months} months old\n"
                        "    basis: national\n    source: nice\n  - id: record_decision", 1)
    loaded = load_pack_text(text)
    answers = {"age_months": 3}
    default = evaluation_to_dict(evaluate(loaded.compiled, answers))
    local = evaluation_to_dict(evaluate(loaded.compiled, answers, {"non_mobile_age_months": 7}))
    by_when = {o["id"]: o["by_when"] for o in default["outcomes"]}
    assert by_when["refer_csc_today"] == "Before the baby is 6 months old"
    local_by_when = {o["id"]: o["by_when"] for o in local["outcomes"]}
    assert local_by_when["refer_csc_today"] == "Before the baby is 7 months old"


def test_an_unknown_placeholder_is_a_coded_problem() -> None:
    """{typo} in an outcome text is E205 with a suggestion."""
    text = MINI.replace("what_to_do: Contact the front door today.",
                        "what_to_do: Contact the front door {non_mobile_age_month}.", 1)
    with pytest.raises(PackError) as caught:
        load_pack_text(text)
    problems = caught.value.problems
    assert [p.code for p in problems] == [Code.UNKNOWN_PARAMETER]
    assert "non_mobile_age_months" in problems[0].message


def test_fill_leaves_unknown_names_and_formats_values() -> None:
    """Unknown names stay as written; booleans read yes/no; floats drop trailing zeros."""
    assert fill("{a} {b} {c} {d}", {"a": True, "b": 2.0, "c": "text"}) == "yes 2 text {d}"
