"""Scenarios: expectations checked, version ranges, fiction enforced, rule coverage."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cspr_desktop.cli import main
from cspr_desktop.core.errors import Code
from cspr_desktop.core.rules.registry import load_registry
from cspr_desktop.core.rules.scenarios import (
    run_all,
    run_scenario,
    unfired_rules,
    version_matches,
)

from .packkit import versioned, write_pack, write_yaml

Data = dict[str, Any]
PACK = "mini-bruise"
TODAY = date(2025, 8, 1)
YOUNG = {"age_months": 3, "motor_skills": ["rolls"], "explanation_given": "none"}
OLDER = {"age_months": 7, "motor_skills": ["walks"], "explanation_given": "none"}


def scenario(sid: str, answers: Data, **expect: Any) -> Data:
    return {
        "id": sid, "pack": PACK, "title": f"Scenario {sid}", "fictional": True,
        "narrative": "A fictional family.", "answers": answers, "expect": expect,
    }


@pytest.fixture
def rules(tmp_path: Path, mini_data: Data) -> Path:
    """Two approved versions: 1.1.0 raises the non-mobile age limit from 6 to 9 months."""
    root = tmp_path / "rules"
    write_pack(root, versioned(mini_data, "1.0.0"))
    newer = versioned(mini_data, "1.1.0", effective_from=date(2025, 6, 1))
    newer["parameters"][0]["default"] = 9
    write_pack(root, newer)
    return root


def _write(rules: Path, data: Data) -> Path:
    return write_yaml(rules / PACK / "scenarios" / f"{data['id']}.yaml", data)


def test_passing_scenario(rules: Path) -> None:
    """A scenario whose expectations hold passes."""
    path = _write(rules, scenario("young", YOUNG, outcomes=["refer_csc_today"],
                                  not_outcomes=[], level="same_day"))
    result = run_scenario(path, load_registry(rules, TODAY))
    assert result.passed
    assert result.line().startswith("PASS young")


@pytest.mark.parametrize("expect", [
    {"not_outcomes": ["refer_csc_today"]},
    {"outcomes": ["refer_csc_today"], "level": "routine"},
    {"level": "emergency"},
])
def test_failing_scenario(rules: Path, expect: Data) -> None:
    """A scenario whose outcomes or level differ fails with E505."""
    path = _write(rules, scenario("young", {**YOUNG, "age_months": 3}, **expect))
    result = run_scenario(path, load_registry(rules, TODAY))
    assert not result.passed
    assert {p.code for p in result.problems} == {Code.SCENARIO_FAILED}
    assert result.line().startswith("FAIL young")


def test_version_range_selects_an_older_version(rules: Path) -> None:
    """A scenario pinned below the current version runs against the older version."""
    old = _write(rules, scenario("old", OLDER, not_outcomes=["refer_csc_today"]))
    new = _write(rules, scenario("new", OLDER, outcomes=["refer_csc_today"]))
    registry = load_registry(rules, TODAY)
    assert not run_scenario(old, registry).passed
    assert run_scenario(new, registry).passed
    pinned = _write(rules, {**scenario("pinned", OLDER, not_outcomes=["refer_csc_today"]),
                            "pack_version": "<1.1.0"})
    result = run_scenario(pinned, registry)
    assert result.passed
    assert result.evaluation is not None
    assert result.evaluation.pack.version == "1.0.0"


def test_no_matching_version(rules: Path) -> None:
    """A version range no pack version satisfies gets E503."""
    path = _write(rules, {**scenario("future", YOUNG), "pack_version": ">=2.0.0"})
    result = run_scenario(path, load_registry(rules, TODAY))
    assert [p.code for p in result.problems] == [Code.SCENARIO_NO_MATCHING_VERSION]


@pytest.mark.parametrize(("version", "spec", "ok"), [
    ("1.2.3", "", True),
    ("1.2.3", ">=1.0.0", True),
    ("1.2.3", ">=1.0.0,<1.2.3", False),
    ("1.2.3", "==1.2.3", True),
    ("1.2.3", "1.2.3", True),
    ("1.10.0", ">1.9.0", True),
    ("1.2.3", "<=1.2.2", False),
    ("1.2.3", "about 1", False),
])
def test_version_matches(version: str, spec: str, ok: bool) -> None:
    """Version ranges compare semantic versions numerically; nonsense matches nothing."""
    assert version_matches(version, spec) is ok


def test_not_fictional_is_refused(rules: Path) -> None:
    """A scenario not marked fictional is refused with E504 and not run."""
    path = _write(rules, {**scenario("real", YOUNG), "fictional": False})
    result = run_scenario(path, load_registry(rules, TODAY))
    assert [p.code for p in result.problems] == [Code.SCENARIO_NOT_FICTIONAL]
    assert result.evaluation is None


def test_unknown_pack(rules: Path) -> None:
    """A scenario for a pack that does not exist gets E501."""
    path = _write(rules, {**scenario("lost", YOUNG), "pack": "mini-bruse"})
    result = run_scenario(path, load_registry(rules, TODAY))
    assert [p.code for p in result.problems] == [Code.SCENARIO_UNKNOWN_PACK]


def test_bad_answer_and_unknown_expected_outcome(rules: Path) -> None:
    """An answer that does not fit gets E502; an expected outcome that does not exist, E204."""
    path = _write(rules, scenario("bad", {**YOUNG, "age_months": 99}, outcomes=["nowhere"]))
    codes = {p.code for p in run_scenario(path, load_registry(rules, TODAY)).problems}
    assert {Code.SCENARIO_BAD_ANSWER, Code.UNKNOWN_OUTCOME} <= codes


def test_malformed_scenario(rules: Path) -> None:
    """A scenario missing keys is reported with codes, not run."""
    path = write_yaml(rules / PACK / "scenarios" / "broken.yaml", {"id": "broken"})
    result = run_scenario(path, load_registry(rules, TODAY))
    assert Code.MISSING_KEY in {p.code for p in result.problems}
    assert result.line().startswith("FAIL broken")


def test_coverage_lists_rules_no_scenario_fires(rules: Path) -> None:
    """Coverage names every current rule that no scenario fires."""
    _write(rules, scenario("older", {**OLDER, "age_months": 20}))
    registry = load_registry(rules, TODAY)
    results = run_all(registry)
    assert unfired_rules(registry, results) == [(PACK, "bruise_non_mobile")]
    _write(rules, scenario("young", YOUNG))
    results = run_all(registry)
    assert unfired_rules(registry, results) == []


# --- the command --------------------------------------------------------------------------------


def _cli(rules: Path, *args: str) -> list[str]:
    return ["--rules", str(rules), "--today", TODAY.isoformat(), *args]


def test_cspr_scenarios_counts_and_fails(rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`cspr scenarios` prints a line each and 'N passed, M failed', exit 1 on a failure."""
    _write(rules, scenario("good", YOUNG, outcomes=["refer_csc_today"]))
    _write(rules, scenario("wrong", YOUNG, not_outcomes=["refer_csc_today"]))
    assert main(_cli(rules, "scenarios")) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "1 passed, 1 failed"
    assert any(line.startswith("PASS good") for line in lines)
    assert any(line.startswith("FAIL wrong") for line in lines)


def test_cspr_scenarios_all_pass(rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`cspr scenarios` exits 0 when every scenario passes."""
    _write(rules, scenario("good", YOUNG, outcomes=["refer_csc_today"]))
    _write(rules, scenario("older", OLDER, outcomes=["record_decision"]))
    assert main(_cli(rules, "scenarios", "--pack", PACK)) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2 passed, 0 failed"


def test_cspr_scenarios_coverage(rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`cspr scenarios --coverage` lists unfired rules and exits 1 while any remain."""
    _write(rules, scenario("older", {**OLDER, "age_months": 20}))
    assert main(_cli(rules, "scenarios", "--coverage")) == 1
    out = capsys.readouterr().out
    assert f"unfired: {PACK} bruise_non_mobile" in out
    assert "always_record" not in out


def test_cspr_scenarios_unknown_pack_is_usage_error(rules: Path) -> None:
    """`cspr scenarios --pack` with an unknown id exits 2."""
    assert main(_cli(rules, "scenarios", "--pack", "nope")) == 2


def test_cspr_validate_folder_checks_scenarios(
    rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cspr validate` on a rules folder checks scenario files but not their expectations."""
    _write(rules, scenario("wrong", YOUNG, not_outcomes=["refer_csc_today"]))
    assert main(_cli(rules, "validate")) == 0
    _write(rules, {**scenario("real", YOUNG), "fictional": False})
    assert main(_cli(rules, "validate")) == 1
    assert f" {Code.SCENARIO_NOT_FICTIONAL.value} " in capsys.readouterr().out


def test_cspr_validate_single_scenario_and_overlay(
    rules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cspr validate` on one scenario or overlay file checks it against its rules folder."""
    good = _write(rules, scenario("good", YOUNG))
    assert main(_cli(rules, "validate", str(good))) == 0
    overlay = write_yaml(rules / "local" / "x.yaml", {
        "partnership": "Fictional", "parameters": {PACK: {"non_mobile_age_months": 99}}})
    assert main(_cli(rules, "validate", str(overlay))) == 1
    assert f" {Code.OVERLAY_VALUE_OUT_OF_RANGE.value} " in capsys.readouterr().out
