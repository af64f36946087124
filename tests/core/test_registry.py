"""Versions: discovery under rules/<id>/<version>.yaml, the current version, identity hashes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cspr_desktop.core.errors import Code
from cspr_desktop.core.rules.loader import canonical_sha256, load_pack, load_pack_text
from cspr_desktop.core.rules.registry import load_registry

from .packkit import MINI, dump, versioned, write_pack

Data = dict[str, Any]
PACK = "mini-bruise"


@pytest.fixture
def rules(tmp_path: Path, mini_data: Data) -> Path:
    """A rules folder with several versions of the mini pack in every state."""
    root = tmp_path / "rules"
    write_pack(root, versioned(mini_data, "0.9.0", "retired", date(2024, 1, 1)))
    write_pack(root, versioned(mini_data, "1.0.0", "approved", date(2025, 1, 1)))
    write_pack(root, versioned(mini_data, "1.1.0", "approved", date(2025, 6, 1)))
    write_pack(root, versioned(mini_data, "1.2.0", "draft", date(2025, 6, 1)))
    write_pack(root, versioned(mini_data, "2.0.0", "approved", date(2030, 1, 1)))
    write_pack(root, versioned(mini_data, "1.10.0", "approved", date(2025, 7, 1)))
    return root


def test_every_version_is_found(rules: Path) -> None:
    """Every <version>.yaml under the pack folder is loaded, in semantic-version order."""
    registry = load_registry(rules, date(2025, 8, 1))
    assert registry.problems == []
    assert registry.pack_ids() == [PACK]
    versions = [p.version for p in registry.all_versions(PACK)]
    assert versions == ["0.9.0", "1.0.0", "1.1.0", "1.2.0", "1.10.0", "2.0.0"]


@pytest.mark.parametrize(("today", "current"), [
    (date(2025, 3, 1), "1.0.0"),
    (date(2025, 6, 1), "1.1.0"),
    (date(2025, 8, 1), "1.10.0"),
    (date(2031, 1, 1), "2.0.0"),
])
def test_current_is_highest_approved_in_effect(rules: Path, today: date, current: str) -> None:
    """The current version is the highest approved one whose effective_from has come."""
    loaded = load_registry(rules, today).get(PACK)
    assert loaded is not None
    assert loaded.version == current


def test_draft_retired_and_future_versions_are_never_current(rules: Path) -> None:
    """Drafts, retired versions and versions not yet in effect are skipped for current."""
    registry = load_registry(rules, date(2025, 8, 1))
    current = registry.current(PACK)
    assert current is not None
    assert current.version not in {"0.9.0", "1.2.0", "2.0.0"}


def test_every_version_is_still_gettable(rules: Path) -> None:
    """Old, draft, retired and future versions load by version, for old records."""
    registry = load_registry(rules, date(2025, 8, 1))
    for version in ("0.9.0", "1.0.0", "1.2.0", "2.0.0"):
        loaded = registry.get(PACK, version)
        assert loaded is not None
        assert loaded.version == version
    assert registry.get(PACK, "9.9.9") is None
    assert registry.get("no-such-pack") is None


def test_no_current_version_is_reported(rules: Path) -> None:
    """A pack with no approved version in effect yet is reported with E403."""
    registry = load_registry(rules, date(2024, 6, 1))
    assert registry.current(PACK) is None
    assert [p.code for p in registry.problems] == [Code.NO_CURRENT_VERSION]


def test_broken_file_is_reported_and_skipped(rules: Path) -> None:
    """A broken version is reported with its file; the other versions still load."""
    broken = rules / PACK / "1.3.0.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    registry = load_registry(rules, date(2025, 8, 1))
    assert [(p.code, p.file) for p in registry.problems] == [(Code.NOT_YAML, str(broken))]
    assert len(registry.all_versions(PACK)) == 6
    assert registry.get(PACK) is not None


def test_invalid_pack_is_reported_and_skipped(rules: Path, mini_data: Data) -> None:
    """A version with content problems is skipped and its problems reported."""
    bad = versioned(mini_data, "1.4.0")
    bad["rules"][0]["outcomes"] = ["nowhere"]
    write_pack(rules, bad)
    registry = load_registry(rules, date(2025, 8, 1))
    assert [p.code for p in registry.problems] == [Code.UNKNOWN_OUTCOME]
    assert registry.get(PACK, "1.4.0") is None


def test_file_name_must_match_version(rules: Path, mini_data: Data) -> None:
    """A file whose name is not its content's version gets E401 and is skipped."""
    write_pack(rules, versioned(mini_data, "3.0.0"), name="3.0.1.yaml")
    registry = load_registry(rules, date(2025, 8, 1))
    assert [p.code for p in registry.problems] == [Code.FILENAME_MISMATCH]
    assert registry.get(PACK, "3.0.0") is None


def test_folder_name_must_match_pack_id(rules: Path, mini_data: Data) -> None:
    """A pack file in another pack's folder gets E401 and is skipped."""
    data = versioned(mini_data, "3.0.0")
    path = rules / "other-pack" / "3.0.0.yaml"
    path.parent.mkdir()
    path.write_text(dump(data), encoding="utf-8")
    registry = load_registry(rules, date(2025, 8, 1))
    assert Code.FILENAME_MISMATCH in {p.code for p in registry.problems}
    assert "other-pack" not in registry.versions


def test_missing_rules_folder_is_a_problem(tmp_path: Path) -> None:
    """A rules folder that does not exist is reported, not raised."""
    registry = load_registry(tmp_path / "nowhere", date(2025, 1, 1))
    assert [p.code for p in registry.problems] == [Code.FILE_UNREADABLE]
    assert registry.current_packs() == []


def test_local_and_scenario_folders_are_not_packs(rules: Path) -> None:
    """rules/local/ and rules/<id>/scenarios/ are not read as pack versions."""
    (rules / "local").mkdir()
    (rules / PACK / "scenarios").mkdir()
    (rules / PACK / "scenarios" / "x.yaml").write_text("id: x\n", encoding="utf-8")
    registry = load_registry(rules, date(2025, 8, 1))
    assert registry.pack_ids() == [PACK]
    assert registry.problems == []


# --- identity ---------------------------------------------------------------------------------


def test_sha256_ignores_whitespace_comments_and_key_order(mini_data: Data) -> None:
    """Reformatting a pack, adding comments or reordering keys keeps its hash."""
    original = load_pack(MINI).sha256
    reordered = dict(reversed(list(mini_data.items())))
    text = "# A comment at the top\n\n" + dump(reordered).replace("\n", "   \n")
    assert load_pack_text(text).sha256 == original
    import yaml

    flowed = yaml.safe_dump(mini_data, default_flow_style=True, width=60)
    assert load_pack_text(flowed).sha256 == original


def test_sha256_changes_when_content_changes(mini_data: Data) -> None:
    """Any change to content, even one word of a rationale, changes the hash."""
    original = load_pack(MINI).sha256
    mini_data["rules"][1]["rationale"] = "Always record it."
    assert load_pack_text(dump(mini_data)).sha256 != original


def test_sha256_is_hex_and_stable() -> None:
    """The hash is 64 hex characters and the same on every load."""
    first, second = load_pack(MINI).sha256, load_pack(MINI).sha256
    assert first == second
    assert len(first) == 64
    assert int(first, 16) >= 0


def test_canonical_hash_of_plain_data() -> None:
    """canonical_sha256 depends on content only, not on key order."""
    assert canonical_sha256({"a": 1, "b": [1, 2]}) == canonical_sha256({"b": [1, 2], "a": 1})
    assert canonical_sha256({"a": 1}) != canonical_sha256({"a": 2})
    assert canonical_sha256({"d": date(2025, 1, 1)}) == canonical_sha256({"d": date(2025, 1, 1)})
