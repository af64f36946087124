"""Records you can trust, as a person meets it in the window: broken and changed rule files,
a damaged record, and texts over their limit. Each gets a clear message, never a crash
dialog, and never a quote of what a record holds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from ui_driver import (
    FIXED_NOW,
    REPO,
    click,
    complete_record,
    make_window,
    open_from_home,
    open_meeting,
    start,
    when_dialog,
)

from cspr_desktop.core.errors import Code
from cspr_desktop.core.records.store_crypto import (
    sqlite3,  # the app's own SQLite: two in one process lose each other's locks
)
from cspr_desktop.core.rules.answers import MAX_TEXT
from cspr_desktop.core.rules.registry import load_registry

BROKEN_PACKS = {
    "tagged": "id: !!bool maybe\n",
    "nan": "id: nan-pack\nversion: .nan\n",
    "deep": "[" * 250 + "]" * 250,
    "huge-number": "id: " + "9" * 5000 + "\n",
    "surrogate": 'id: "\\ud800"\n',
    "binary": "\x00\x01\x02",
}
SECRET = "Amara Okonkwo-Fictional"


class Messages:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.shown: list[tuple[str, str]] = []

        def record(_parent: object, title: str, text: str, *_: object) -> Any:
            self.shown.append((title, text))
            return QMessageBox.StandardButton.Ok

        monkeypatch.setattr(QMessageBox, "warning", record)


@pytest.fixture
def broken_rules(tmp_path: Path) -> Path:
    """The bundled rules plus one broken pack file of each kind."""
    root = tmp_path / "rules"
    shutil.copytree(REPO / "rules", root)
    for name, text in BROKEN_PACKS.items():
        folder = root / f"broken-{name}"
        folder.mkdir()
        (folder / "1.0.0.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
    return root


def test_broken_packs_never_stop_the_app_starting(broken_rules: Path, tmp_path: Path) -> None:
    """The real app, started as a person starts it, with broken rule files beside good ones."""
    result = subprocess.run(
        [sys.executable, "-m", "cspr_desktop.app", "--rules", str(broken_rules), "--data-dir",
         str(tmp_path / "data"), "--quit-when-ready"],
        check=False, capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert "READY" in result.stdout
    assert "Traceback" not in result.stderr


def test_the_window_offers_the_good_checklists_and_names_the_broken_files(
        qtbot: QtBot, broken_rules: Path, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path, rules=broken_rules)
    for pack in ("bruising-non-mobile", "safer-sleep", "extra-familial-harm"):
        assert window.home.findChild(QPushButton, f"start-{pack}") is not None
    assert "problem(s) in the rule files" in window.statusBar().currentMessage()
    files = {Path(p.file).parent.name for p in window.context.registry.problems}
    assert files >= {f"broken-{name}" for name in BROKEN_PACKS}


def test_a_pack_that_fails_unforeseen_is_a_problem_not_a_crash(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even an error no check foresaw, in one pack, leaves the others loading (E406)."""
    from cspr_desktop.core.rules import loader

    real = loader.CompiledPack

    def compile_or_fail(pack: Any, sha256: str) -> Any:
        if pack.id == "safer-sleep":
            raise RecursionError("somewhere deep in compiling")
        return real(pack, sha256)

    monkeypatch.setattr(loader, "CompiledPack", compile_or_fail)
    registry = load_registry(REPO / "rules", FIXED_NOW.date())
    failed = [p for p in registry.problems if p.code == Code.PACK_FAILED]
    assert len(failed) == 2  # safer-sleep 1.0.0 and 1.1.0, each reported
    assert all("safer-sleep" in problem.file for problem in failed)
    assert "RecursionError" in failed[0].message
    assert registry.get("safer-sleep") is None
    assert registry.get("bruising-non-mobile") is not None


def test_a_changed_pack_is_shown_and_its_records_are_not_opened(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    messages = Messages(monkeypatch)
    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules)
    first = make_window(qtbot, tmp_path / "data", rules=rules)
    record_id = complete_record(qtbot, first, "safer-sleep")
    first.close()
    path = rules / "safer-sleep" / "1.0.0.yaml"
    path.write_text(path.read_text("utf-8").replace("title: Safer sleep and SUDI risk",
                                                    "title: Safer sleep, quietly edited"), "utf-8")
    window = make_window(qtbot, tmp_path / "data", rules=rules)
    assert "problem(s) in the rule files" in window.statusBar().currentMessage()
    changed = [p for p in window.context.registry.problems if p.code == Code.PACK_CHANGED]
    assert changed and "safer-sleep 1.0.0" in changed[0].message
    assert window.home.findChild(QPushButton, "start-safer-sleep") is None  # never used
    open_from_home(qtbot, window, record_id)
    assert window.session is None
    title, text = messages.shown[-1]
    assert title == "The record could not be opened"
    assert "different content" in text and "restore the released rule files" in text


def test_a_damaged_record_gives_a_message_and_the_others_open(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    messages = Messages(monkeypatch)
    window = make_window(qtbot, tmp_path)
    damaged = complete_record(qtbot, window, "safer-sleep", child_ref="NB-0001")
    window.close_record()
    healthy = complete_record(qtbot, window, "safer-sleep", child_ref="NB-0002")
    window.close_record()
    db = sqlite3.connect(tmp_path / "records.sqlite")
    db.execute("UPDATE records SET data=? WHERE id=?",
               ('{"answers": {"note": "' + SECRET + '"', damaged))
    db.commit()
    db.close()
    window.refresh_home()
    open_from_home(qtbot, window, damaged)
    assert window.session is None
    title, text = messages.shown[-1]
    assert title == "The record could not be opened" and "is damaged" in text
    assert SECRET not in text and SECRET not in caplog.text
    open_from_home(qtbot, window, healthy)
    assert window.session is not None and window.session.record.id == healthy


def _paste(qtbot: QtBot, editor: QWidget, text: str) -> None:
    """Paste text into an editor as a person would (Ctrl+V)."""
    from PySide6.QtCore import Qt

    QApplication.clipboard().setText(text)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_a_text_answer_over_the_limit_is_kept_and_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "bruising-non-mobile")
    from ui_driver import open_section_of

    open_section_of(qtbot, checklist, "decision_rationale")
    widget = checklist.widgets["decision_rationale"]
    assert widget.isVisible()
    _paste(qtbot, widget.edit, "x" * (MAX_TEXT + 5))  # type: ignore[attr-defined]
    invalid = {b.question: b for b in checklist.session.evaluation.invalid_answers}
    assert invalid["decision_rationale"].code == Code.ANSWER_TOO_LONG
    assert widget.error_label.isVisible()
    assert "20,005 characters long; the limit is 20,000" in widget.error_label.text()
    window.save_now()
    stored = window.context.store.get(checklist.session.record.id)
    assert len(stored.answers["decision_rationale"]) == MAX_TEXT + 5  # nothing lost


def test_a_meeting_text_over_the_limit_says_so_and_stops_sign_off(qtbot: QtBot,
                                                                  tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    record_id = complete_record(qtbot, window)
    page = open_meeting(qtbot, window)
    _paste(qtbot, page.editors["risk_analysis"], "y" * (MAX_TEXT + 1))
    field = page.fields["risk_analysis"]
    assert field.error_label.isVisible() and "the limit is 20,000" in field.error_label.text()
    assert any("the limit is 20,000" in m for _, _, m in page.sign_off_errors())
    page.flush()
    meeting = window.context.store.get(record_id).meeting
    assert meeting is not None and len(meeting.risk_analysis) == MAX_TEXT  # the record opens


def test_an_addendum_over_the_limit_is_refused_in_the_dialog(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    record_id = complete_record(qtbot, window)
    seen: list[str] = []

    def fill(dialog: Any) -> None:
        dialog.author.setText("Dana Whitfield")
        _paste(qtbot, dialog.text, "z" * (MAX_TEXT + 1))
        buttons = dialog.findChildren(QPushButton)
        click(qtbot, next(b for b in buttons if "Save" in b.text()))
        seen.append(dialog.error.text() if dialog.isVisible() else "closed")

    when_dialog(fill)
    window.add_addendum()
    assert seen and "the limit is 20,000" in seen[0]
    assert window.context.store.get(record_id).addenda == []


ODD_ANSWERS: list[Any] = [{"x": 1}, [1, [2]], 10**30, 1.5, True, "no-such-choice",
                          ["a", {"b": 1}], "2026-13-45", -1e308, [None]]


@pytest.mark.parametrize("pack", ["bruising-non-mobile", "safer-sleep", "extra-familial-harm"])
def test_a_record_with_answers_of_the_wrong_type_still_opens(qtbot: QtBot, tmp_path: Path,
                                                             pack: str) -> None:
    """Valid JSON with odd values in its answers (every type in every kind of question, body
    map included) opens and shows its review, with the odd answers marked, never a crash."""
    window = make_window(qtbot, tmp_path)
    for shift in range(2):
        checklist = start(qtbot, window, pack)
        record_id, qids = checklist.session.record.id, list(checklist.widgets)
        window.close_record()
        db = sqlite3.connect(tmp_path / "records.sqlite")
        data = json.loads(db.execute("SELECT data FROM records WHERE id=?",
                                     (record_id,)).fetchone()[0])
        data["answers"] = {q: ODD_ANSWERS[(i + shift) % len(ODD_ANSWERS)]
                           for i, q in enumerate(qids)}
        db.execute("UPDATE records SET data=? WHERE id=?", (json.dumps(data), record_id))
        db.commit()
        db.close()
        window.open_record(record_id)
        assert window.session is not None and window.session.evaluation.invalid_answers
        window.show_review()
        assert window.review is not None
        window.close_record()
