"""The `cspr` command: evaluate --json, schema, and exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cspr_desktop.cli import main
from cspr_desktop.core.errors import Code

from .packkit import versioned, write_pack, write_yaml

Data = dict[str, Any]
PACK = "mini-bruise"
YOUNG = {"age_months": 3, "motor_skills": ["rolls"], "explanation_given": "given",
         "explanation_consistent": "no"}


@pytest.fixture
def rules(tmp_path: Path, mini_data: Data) -> Path:
    root = tmp_path / "rules"
    write_pack(root, versioned(mini_data, "1.0.0"))
    draft = versioned(mini_data, "1.1.0", status="draft")
    draft["rules"][1]["rationale"] = "Always record, draft wording."
    write_pack(root, draft)
    write_yaml(root / "local" / "exampleshire.yaml", {
        "partnership": "Exampleshire", "parameters": {PACK: {"non_mobile_age_months": 12}}})
    return root


def _run(rules: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["--rules", str(rules), "--today", "2025-08-01", *args])
    return status, capsys.readouterr().out


def _evaluate_json(rules: Path, capsys: pytest.CaptureFixture[str], answers: Path,
                   *extra: str) -> tuple[int, Data]:
    status, out = _run(rules, capsys, "evaluate", "--pack", PACK, *extra, str(answers), "--json")
    return status, json.loads(out)


def test_evaluate_json_has_the_documented_keys(
    rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cspr evaluate --json` prints pack, level, outcomes, fired_rules, missing and invalid."""
    answers = write_yaml(tmp_path / "answers.yaml", YOUNG)
    status, result = _evaluate_json(rules, capsys, answers)
    assert status == 0
    assert {"pack", "level", "outcomes", "fired_rules", "missing_required",
            "invalid_answers"} <= set(result)
    assert set(result["pack"]) == {"id", "version", "sha256"}
    assert result["pack"]["id"] == PACK
    assert result["pack"]["version"] == "1.0.0"
    assert len(result["pack"]["sha256"]) == 64
    assert result["level"] == "same_day"
    assert [o["id"] for o in result["outcomes"]] == ["refer_csc_today", "record_decision"]
    assert all({"id", "level", "title"} <= set(o) for o in result["outcomes"])
    fired = {r["id"]: r for r in result["fired_rules"]}
    assert set(fired) == {"bruise_non_mobile", "always_record"}
    assert all({"id", "rationale", "because"} <= set(r) for r in fired.values())
    assert fired["bruise_non_mobile"]["because"] == {"age_months": 3, "motor_skills": ["rolls"]}
    assert result["missing_required"] == []
    assert result["invalid_answers"] == []


def test_evaluate_reads_json_answers_and_lists_missing(
    rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSON answers file works too; unanswered required questions are listed."""
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"explanation_given": "given"}), encoding="utf-8")
    status, result = _evaluate_json(rules, capsys, answers)
    assert status == 0
    assert result["missing_required"] == ["age_months", "explanation_consistent"]
    assert result["level"] is None
    assert result["outcomes"] == []


def test_evaluate_invalid_answer_exits_1(
    rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An invalid answer is listed with its code and the exit status is 1."""
    answers = write_yaml(tmp_path / "answers.yaml", {**YOUNG, "age_months": 60, "eyes": "blue"})
    status, result = _evaluate_json(rules, capsys, answers)
    assert status == 1
    found = {(i["question"], i["code"]) for i in result["invalid_answers"]}
    assert found == {("age_months", Code.ANSWER_OUT_OF_RANGE.value),
                     ("eyes", Code.ANSWER_UNKNOWN_QUESTION.value)}


def test_evaluate_named_version(
    rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--version evaluates under that version, even a draft."""
    answers = write_yaml(tmp_path / "answers.yaml", YOUNG)
    status, result = _evaluate_json(rules, capsys, answers, "--version", "1.1.0")
    assert status == 0
    assert result["pack"]["version"] == "1.1.0"


def test_evaluate_with_overlay_parameters(
    rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--overlay applies the partnership's parameter values."""
    answers = write_yaml(tmp_path / "answers.yaml", {**YOUNG, "age_months": 10,
                                                      "motor_skills": ["walks"]})
    _, plain = _evaluate_json(rules, capsys, answers)
    assert plain["level"] == "routine"
    _, local = _evaluate_json(rules, capsys, answers, "--overlay", "exampleshire")
    assert local["level"] == "same_day"


def test_evaluate_text_output(
    rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --json, evaluate prints a readable summary with the level."""
    answers = write_yaml(tmp_path / "answers.yaml", YOUNG)
    status, out = _run(rules, capsys, "evaluate", "--pack", PACK, str(answers))
    assert status == 0
    assert "Level: same_day" in out


@pytest.mark.parametrize("extra", [
    ["--pack", "no-such-pack"],
    ["--pack", PACK, "--version", "9.9.9"],
    ["--pack", PACK, "--overlay", "nowhere"],
])
def test_evaluate_usage_errors_exit_2(
    rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    """An unknown pack, version or overlay is a usage error: exit 2."""
    answers = write_yaml(tmp_path / "answers.yaml", YOUNG)
    status = main(["--rules", str(rules), "evaluate", *extra, str(answers)])
    assert status == 2
    assert capsys.readouterr().err.startswith("cspr: ")


@pytest.mark.parametrize(("content", "code"), [
    (b"- a\n- b\n", Code.NOT_A_MAPPING),
    (b"age_months: [3\n", Code.NOT_YAML),
    (b"", Code.FILE_EMPTY),
])
def test_evaluate_bad_answers_file_exits_1(
    rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, code: Code
) -> None:
    """An answers file that is not a mapping of answers is reported with a code: exit 1."""
    answers = tmp_path / "answers.yaml"
    answers.write_bytes(content)
    status, out = _run(rules, capsys, "evaluate", "--pack", PACK, str(answers), "--json")
    assert status == 1
    assert f" {code.value} " in out


def test_argument_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing or unknown argument exits 2, as argparse does."""
    with pytest.raises(SystemExit) as info:
        main(["evaluate", "answers.yaml"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["--today", "yesterday", "schema"])
    assert info.value.code == 2


def test_schema_prints_json_schema_with_conditions(capsys: pytest.CaptureFixture[str]) -> None:
    """`cspr schema` prints valid JSON Schema that defines Condition and uses it for rules."""
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "Condition" in schema["$defs"]
    assert {"rules", "sections", "outcomes"} <= set(schema["properties"])
    ops = {key for option in schema["$defs"]["Condition"]["anyOf"]
           for key in option["properties"]}
    assert {"all", "any", "not", "equals", "in", "includes", "gt", "answered"} <= ops
    assert "#/$defs/Condition" in json.dumps(schema["$defs"]["Rule"])


def test_validate_missing_path_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`cspr validate` on a path that does not exist reports E001 and exits 1."""
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 1
    assert f" {Code.FILE_UNREADABLE.value} " in capsys.readouterr().out


def test_validate_rules_folder_ok(rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`cspr validate` on a good rules folder exits 0 and says what it checked."""
    status, out = _run(rules, capsys, "validate")
    assert status == 0
    assert "2 pack file(s), 1 overlay(s)" in out


def test_today_option_changes_current_version(
    rules: Path, tmp_path: Path, mini_data: Data, capsys: pytest.CaptureFixture[str]
) -> None:
    """--today decides which approved version is current."""
    write_pack(rules, versioned(mini_data, "2.0.0", effective_from=date(2026, 1, 1)))
    answers = write_yaml(tmp_path / "answers.yaml", YOUNG)
    _, now = _evaluate_json(rules, capsys, answers)
    assert now["pack"]["version"] == "1.0.0"
    status = main(["--rules", str(rules), "--today", "2026-02-01", "evaluate", "--pack", PACK,
                   str(answers), "--json"])
    assert status == 0
    assert json.loads(capsys.readouterr().out)["pack"]["version"] == "2.0.0"
