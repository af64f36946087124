"""Local overlays: partnership contacts, notes and parameters, never rule changes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cspr_desktop.core.errors import Code
from cspr_desktop.core.rules.overlay import validate_overlay
from cspr_desktop.core.rules.registry import load_registry
from cspr_desktop.core.rules.yamlsource import parse_text

from .packkit import dump, versioned, write_pack, write_yaml

Data = dict[str, Any]
TODAY = date(2025, 8, 1)

GOOD: Data = {
    "partnership": "Exampleshire Safeguarding Children Partnership",
    "summary": "Fictional contacts for tests.",
    "contacts": [
        {"name": "Front door", "role": "front_door", "phone": "01632 960000",
         "hours": "Mon-Fri 9-5"},
        {"name": "Emergency duty team", "role": "out_of_hours", "phone": "01632 960001"},
    ],
    "notes": {"mini-bruise": {"refer_csc_today": "Use the online form, then phone."}},
    "parameters": {"mini-bruise": {"non_mobile_age_months": 9}},
}


@pytest.fixture
def rules(tmp_path: Path, mini_data: Data) -> Path:
    root = tmp_path / "rules"
    write_pack(root, mini_data)
    return root


def _codes(rules: Path, overlay: Any) -> set[Code]:
    write_yaml(rules / "local" / "test.yaml", overlay)
    registry = load_registry(rules, TODAY)
    if not registry.problems:
        assert "test" in registry.overlays
    return {p.code for p in registry.problems}


def test_valid_overlay_loads(rules: Path) -> None:
    """A valid overlay loads under its file name, with its notes and parameters."""
    write_yaml(rules / "local" / "exampleshire.yaml", GOOD)
    registry = load_registry(rules, TODAY)
    assert registry.problems == []
    overlay = registry.overlays["exampleshire"]
    assert overlay.partnership.startswith("Exampleshire")
    assert overlay.notes_for("mini-bruise")["refer_csc_today"].startswith("Use the online")
    assert overlay.parameters_for("mini-bruise") == {"non_mobile_age_months": 9}
    assert overlay.parameters_for("other") == {}


@pytest.mark.parametrize("key", ["rules", "outcomes", "questions", "sections", "derived"])
def test_overlay_cannot_change_rules(rules: Path, key: str) -> None:
    """An overlay that tries to set rules, outcomes or questions gets E301."""
    assert Code.OVERLAY_CHANGES_RULES in _codes(rules, {**GOOD, key: [{"id": "x"}]})


def test_overlay_note_cannot_set_a_level(rules: Path) -> None:
    """A local note that tries to change an outcome's level gets E301."""
    notes = {"mini-bruise": {"refer_csc_today": {"level": "routine", "text": "Lower it."}}}
    assert Code.OVERLAY_CHANGES_RULES in _codes(rules, {**GOOD, "notes": notes})


@pytest.mark.parametrize("value", [1, 13, "nine", True, 10**400],
                         ids=["1", "13", "nine", "true", "1e400"])
def test_parameter_outside_allowed_range(rules: Path, value: object) -> None:
    """A parameter value outside the pack's range or of the wrong type gets E302."""
    params = {"mini-bruise": {"non_mobile_age_months": value}}
    assert _codes(rules, {**GOOD, "parameters": params}) == {Code.OVERLAY_VALUE_OUT_OF_RANGE}


@pytest.mark.parametrize("value", [float("nan"), float("inf")], ids=["nan", "inf"])
def test_parameter_not_a_finite_number(rules: Path, value: object) -> None:
    """NaN passes every range test and would silently turn a referral rule off: `.nan` and
    `.inf` are refused as the file is read, with E014."""
    params = {"mini-bruise": {"non_mobile_age_months": value}}
    assert _codes(rules, {**GOOD, "parameters": params}) == {Code.NOT_FINITE}


def test_unknown_pack(rules: Path) -> None:
    """Notes or parameters for a pack that does not exist get E303."""
    notes = {"mini-bruse": {"refer_csc_today": "A note."}}
    assert _codes(rules, {**GOOD, "notes": notes}) == {Code.OVERLAY_UNKNOWN_PACK}


def test_unknown_outcome(rules: Path) -> None:
    """A note on an outcome the pack does not have gets E204."""
    notes = {"mini-bruise": {"refer_today": "A note."}}
    assert _codes(rules, {**GOOD, "notes": notes}) == {Code.UNKNOWN_OUTCOME}


def test_unknown_parameter(rules: Path) -> None:
    """A value for a parameter the pack does not declare gets E205."""
    params = {"mini-bruise": {"non_mobile_age": 9}}
    assert _codes(rules, {**GOOD, "parameters": params}) == {Code.UNKNOWN_PARAMETER}


def test_unknown_key_and_bad_contact(rules: Path) -> None:
    """A misspelt key and a contact with an unknown role are reported with codes."""
    bad = {**GOOD, "contacs": [], "contacts": [{"name": "X", "role": "wizard", "phone": "999"}]}
    assert {Code.UNKNOWN_KEY, Code.BAD_VALUE} <= _codes(rules, bad)


def test_unsupported_schema_version(rules: Path) -> None:
    """An overlay written for a format this app does not know gets E107."""
    assert Code.UNSUPPORTED_SCHEMA in _codes(rules, {**GOOD, "schema_version": 7})


@pytest.mark.parametrize("overlay", [
    ["a", "list"],
    "just text",
    {**GOOD, "notes": ["not", "a", "mapping"]},
    {**GOOD, "notes": {"mini-bruise": ["a", "list"]}},
    {**GOOD, "parameters": ["x"]},
    {**GOOD, "notes": None},
])
def test_malformed_overlay_gets_codes_not_tracebacks(rules: Path, overlay: Any) -> None:
    """Overlays of the wrong shape are reported with codes."""
    found = _codes(rules, overlay)
    assert found
    assert found <= set(Code)


def test_broken_overlay_does_not_stop_packs(rules: Path) -> None:
    """A broken overlay is reported and skipped; the packs still load."""
    (rules / "local").mkdir()
    (rules / "local" / "bad.yaml").write_bytes(b"\x00\x01binary")
    registry = load_registry(rules, TODAY)
    assert [p.code for p in registry.problems] == [Code.FILE_BINARY]
    assert registry.get("mini-bruise") is not None
    assert registry.overlays == {}


def test_validate_overlay_directly(rules: Path) -> None:
    """An entry for a pack that did not load is reported and left out; the rest still loads."""
    registry = load_registry(rules, TODAY)
    packs = {p.id: p for p in registry.current_packs()}
    overlay, problems = validate_overlay(parse_text(dump(GOOD).encode(), "x.yaml"), packs)
    assert overlay is not None
    assert problems == []
    overlay, problems = validate_overlay(parse_text(dump(GOOD).encode(), "x.yaml"), {})
    assert {p.code for p in problems} == {Code.OVERLAY_UNKNOWN_PACK}
    assert overlay is not None
    assert overlay.contacts and not overlay.notes and not overlay.parameters


def test_a_note_for_a_newer_version_is_kept_before_it_is_in_effect(rules: Path,
                                                                   mini_data: Data) -> None:
    """A partnership can write its note for an outcome that the next version adds: while the
    older version is still current, the note is neither an error nor dropped."""
    newer = versioned(mini_data, "1.1.0", effective_from=date(2026, 1, 1))
    newer["outcomes"].append({**newer["outcomes"][0], "id": "new_outcome"})
    write_pack(rules, newer)
    notes = {"mini-bruise": {"new_outcome": "A note for the next version."}}
    assert _codes(rules, {**GOOD, "notes": notes}) == set()
    assert load_registry(rules, TODAY).current("mini-bruise").version == "1.0.0"
    notes = {"mini-bruise": {"no_such_outcome": "A note."}}
    assert _codes(rules, {**GOOD, "notes": notes}) == {Code.UNKNOWN_OUTCOME}
