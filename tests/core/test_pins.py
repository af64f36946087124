"""Pinned rules: a pack changed under its released version is reported and never used, and no
record is evaluated or signed under content other than the content it was made with."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from cspr_desktop.cli import main
from cspr_desktop.core.errors import Code
from cspr_desktop.core.records.records import new_record
from cspr_desktop.core.records.session import ChecklistSession
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.rules.pins import PIN_FILE, PackPinError, load_pins
from cspr_desktop.core.rules.registry import load_registry

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 3, 2)
TODAY_NOW = datetime(2026, 3, 2, 12, 0)
PACK = "safer-sleep"
TITLE = "title: Safer sleep and SUDI risk\n"


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A copy of the bundled rules, pin list included, free to change."""
    root = tmp_path / "rules"
    shutil.copytree(REPO / "rules", root)
    return root


def change_released(rules: Path) -> Path:
    """Change safer-sleep 1.0.0's content but keep its version: what pins exist to catch."""
    path = rules / PACK / "1.0.0.yaml"
    text = path.read_text("utf-8")
    assert TITLE in text
    path.write_text(text.replace(TITLE, "title: Safer sleep (quietly edited)\n"), "utf-8")
    return path


def draft_as_released(rules: Path, version: str = "1.9.0") -> Path:
    """A new version being drafted from the newest release: not in the pin list yet."""
    source = (rules / PACK / "1.1.0.yaml").read_text("utf-8")
    text = source.replace("version: 1.1.0", f"version: {version}", 1).replace(
        "effective_from: 2026-12-05", "effective_from: 2026-02-01", 1).replace(
        "changelog:\n", f"changelog:\n  - version: {version}\n    date: 2026-02-01\n"
        "    changes: [Drafted.]\n", 1)
    path = rules / PACK / f"{version}.yaml"
    path.write_text(text, "utf-8")
    return path


def test_every_released_pack_matches_its_pin() -> None:
    registry = load_registry(REPO / "rules", TODAY)
    pins = load_pins(REPO / "rules")
    assert pins.present and not pins.problems
    assert {key for key in pins.pins} == {(p.id, p.version) for i in registry.pack_ids()
                                          for p in registry.all_versions(i)}
    assert registry.problems == [] and registry.warnings == [] and registry.changed == {}


def test_a_pack_changed_under_its_version_is_reported_and_not_used(rules: Path) -> None:
    change_released(rules)
    registry = load_registry(rules, TODAY)
    changed = [p for p in registry.problems if p.code == Code.PACK_CHANGED]
    assert len(changed) == 1 and "safer-sleep 1.0.0" in changed[0].message
    assert registry.get(PACK, "1.0.0") is None
    assert (PACK, "1.0.0") in registry.changed
    assert "bruising-non-mobile" in registry.pack_ids()  # the others still load


def test_cspr_validate_reports_the_changed_pack(rules: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = change_released(rules)
    assert main(["validate", str(rules)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:1: E402 version: the content of safer-sleep 1.0.0 differs" in out
    assert main(["validate", str(path)]) == 1  # the file alone, checked against its folder
    assert ": E402 " in capsys.readouterr().out


def test_comments_and_layout_do_not_count_as_a_change(rules: Path) -> None:
    path = rules / PACK / "1.0.0.yaml"
    path.write_text("# a comment an editor added\n" + path.read_text("utf-8") + "\n\n", "utf-8")
    assert load_registry(rules, TODAY).problems == []


def test_a_version_not_pinned_yet_is_a_warning_not_an_error(
        rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Authors drafting 1.9.0 are not blocked: `cspr validate` warns and passes."""
    draft_as_released(rules)
    registry = load_registry(rules, TODAY)
    assert registry.problems == []
    assert [w.code for w in registry.warnings] == [Code.PACK_NOT_PINNED]
    assert registry.get(PACK, "1.9.0") is not None
    assert main(["validate", str(rules)]) == 0
    out = capsys.readouterr().out
    assert "warning: " in out and " W402 " in out and "not pinned yet" in out
    assert "1 warning(s)" in out


def test_cspr_pin_adds_a_release_and_refuses_to_repin_a_change(
        rules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = draft_as_released(rules)
    assert main(["--rules", str(rules), "pin", PACK, "1.9.0"]) == 0
    assert "Pinned safer-sleep 1.9.0" in capsys.readouterr().out
    assert load_registry(rules, TODAY).warnings == []
    assert main(["--rules", str(rules), "pin", PACK, "1.9.0"]) == 0
    assert "already pinned" in capsys.readouterr().out
    path.write_text(path.read_text("utf-8").replace(TITLE, "title: Changed\n"), "utf-8")
    assert main(["--rules", str(rules), "pin", PACK, "1.9.0"]) == 2
    assert "differs from its pin" in capsys.readouterr().err
    pins = json.loads((rules / PIN_FILE).read_text("utf-8"))["pins"]
    assert [p["version"] for p in pins if p["id"] == PACK] == ["1.0.0", "1.1.0", "1.9.0"]


@pytest.mark.parametrize("text", ["not json", "[]", '{"format": "cspr-pins", "pins": [{}]}',
                                  '{"format": "cspr-pins", "pins": [{"id": "a", "version": '
                                  '"1", "sha256": "NaN"}]}', '{"format": "cspr-pins", '
                                  '"pins": [], "x": NaN}'])
def test_a_damaged_pin_list_is_reported(rules: Path, text: str) -> None:
    (rules / PIN_FILE).write_text(text, "utf-8")
    registry = load_registry(rules, TODAY)
    assert [p.code for p in registry.problems] == [Code.PIN_LIST_BAD]
    assert registry.get(PACK) is not None  # packs still load; records keep their own pins


def test_a_pinned_version_whose_file_is_gone_is_reported(rules: Path) -> None:
    (rules / PACK / "1.0.0.yaml").unlink()
    (rules / PACK / "scenarios").rename(rules / "scenarios-aside")
    codes = [p.code for p in load_registry(rules, TODAY).problems]
    assert Code.PINNED_VERSION_MISSING in codes


def test_a_record_is_not_opened_under_other_content(rules: Path, tmp_path: Path) -> None:
    """A record made under the released pack: the registry and the session both refuse the
    changed file, with what to do; nothing in the record changes."""
    released = load_registry(rules, TODAY).get(PACK, "1.0.0")
    assert released is not None
    record = new_record(PACK, "1.0.0", released.sha256, datetime(2026, 3, 2, 10, 0))
    change_released(rules)
    changed_registry = load_registry(rules, TODAY)
    with pytest.raises(PackPinError, match="different content") as caught:
        changed_registry.for_record(record)
    assert "restore the released rule files" in str(caught.value)
    changed = changed_registry.changed[(PACK, "1.0.0")]
    store = Store(tmp_path / "records.sqlite")
    with pytest.raises(PackPinError):
        ChecklistSession(store, changed, record, None, datetime.now)
    assert store.summaries() == []


def test_a_record_whose_version_is_not_installed_says_so(rules: Path) -> None:
    record = new_record(PACK, "9.9.9", "0" * 64, datetime(2026, 3, 2, 10, 0))
    with pytest.raises(PackPinError, match="not in this app's rules"):
        load_registry(rules, TODAY).for_record(record)


def test_signing_checks_the_pin_again(rules: Path, tmp_path: Path) -> None:
    """Even a session whose pack was swapped under it refuses to sign."""
    registry = load_registry(rules, TODAY)
    loaded = registry.get(PACK, "1.0.0")
    assert loaded is not None
    record = new_record(PACK, "1.0.0", loaded.sha256, datetime(2026, 3, 2, 10, 0))
    session = ChecklistSession(Store(tmp_path / "r.sqlite"), loaded, record, None, datetime.now)
    draft_as_released(rules)
    session.loaded = load_registry(rules, TODAY).get(PACK, "1.9.0")  # type: ignore[assignment]
    with pytest.raises(PackPinError):
        session.complete("Alex Example", "Health visitor", "Northbridge Community Health")
    assert not session.record.is_completed


def test_export_of_a_record_uses_its_stored_guidance_when_the_pack_differs(
        rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from recordkit import signed_record

    from cspr_desktop.core.records.keys import signing_key
    from cspr_desktop.core.report.export_json import export_json

    record, _, _ = signed_record(tmp_path / "signer")
    source = tmp_path / "record.json"
    source.write_text(export_json(record, signing_key(tmp_path / "signer"), TODAY_NOW),
                      encoding="utf-8")
    path = rules / "bruising-non-mobile" / "1.0.0.yaml"
    path.write_text(path.read_text("utf-8").replace("title: ", "title: Edited ", 1), "utf-8")
    out = tmp_path / "out.html"
    assert main(["--rules", str(rules), "export", str(source), "--format", "html", "-o",
                 str(out)]) == 0
    assert "guidance stored in the record" in capsys.readouterr().err
    assert "Edited" not in out.read_text("utf-8")


def test_retiring_a_released_version_is_not_a_change(rules: Path, tmp_path: Path) -> None:
    """The one edit ever made to a released file: `status: retired`. Its pin and the records
    made with it still match; any other edit alongside it does not."""
    released = load_registry(rules, TODAY).get(PACK, "1.0.0")
    assert released is not None
    record = new_record(PACK, "1.0.0", released.sha256, datetime(2026, 3, 2, 10, 0))
    draft_as_released(rules)  # a newer version to be current
    path = rules / PACK / "1.0.0.yaml"
    path.write_text(path.read_text("utf-8").replace("status: approved", "status: retired", 1),
                    "utf-8")
    registry = load_registry(rules, TODAY)
    assert [p.code for p in registry.problems] == []
    retired = registry.for_record(record)
    assert retired.pack.status.value == "retired" and retired.sha256 != released.sha256
    ChecklistSession(Store(tmp_path / "r.sqlite"), retired, record, None, datetime.now)
    change_released(rules)
    assert Code.PACK_CHANGED in [p.code for p in load_registry(rules, TODAY).problems]
