"""File → Export record…, Print… and Import record… in the real window.

File dialogs and message boxes are replaced by recorders (monkeypatch) so no test ever blocks
on a real dialog; everything else is the app's own code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from ui_driver import (
    click,
    complete_record,
    make_window,
    open_meeting,
    type_into,
    when_dialog,
)

from cspr_desktop.core.records.records import verify
from cspr_desktop.printing import pdf
from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.record_actions import EXPORT_FILTERS

FILTER_FOR = {kind: text for text, kind in EXPORT_FILTERS.items()}


class Messages:
    """Every message box the window shows, instead of showing it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.shown: list[tuple[str, str]] = []

        def record(_parent: object, title: str, text: str, *_: object) -> Any:
            self.shown.append((title, text))
            return QMessageBox.StandardButton.Ok

        monkeypatch.setattr(QMessageBox, "warning", record)


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path, kind: str) -> None:
    """The Save dialog answers with this path and this format's filter."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(path), FILTER_FOR[kind]))


def open_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """The Open dialog answers with this path."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(path), "Record exports (*.json)"))


def signed_meeting(qtbot: QtBot, window: MainWindow) -> str:
    """A completed bruising record with a signed-off meeting; its id."""
    record_id = complete_record(qtbot, window)
    page = open_meeting(qtbot, window)
    for name, text in (("meeting-held_at", "2026-03-02 14:30"), ("meeting-chair", "Sam Rivers"),
                       ("meeting-child_voice_unavailable_reason", "Pre-verbal infant."),
                       ("meeting-s47_rationale", "Unexplained bruise <b>in a baby</b>.")):
        type_into(qtbot, page.findChild(QWidget, name), text)
    click(qtbot, page.findChild(QWidget, "attendees-add"))
    qtbot.keyClicks(page.findChild(QWidget, "attendees-1-name"), "Sam Rivers")
    click(qtbot, page.findChild(QWidget, "meeting-s47_decision-met"))
    when_dialog(lambda d: click(qtbot, d.findChild(QWidget, "confirm-sign-off")))
    click(qtbot, page.sign_off_button)
    assert page.read_only
    click(qtbot, page.back_button)
    return record_id


def test_export_and_print_wait_for_a_completed_record(qtbot: QtBot, tmp_path: Path) -> None:
    """A draft cannot be exported or printed; a completed one can, and says so in the menu."""
    window = make_window(qtbot, tmp_path)
    assert not window.export_action.isEnabled() and not window.print_action.isEnabled()
    assert window.import_action.isEnabled()
    complete_record(qtbot, window)
    assert window.export_action.isEnabled() and window.print_action.isEnabled()
    window.close_record()
    assert not window.print_action.isEnabled()


def test_json_export_imports_on_another_computer_read_only(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Export JSON, import it into a second data folder: it opens read-only, marked Imported."""
    messages = Messages(monkeypatch)
    first = make_window(qtbot, tmp_path / "practitioner")
    record_id = signed_meeting(qtbot, first)
    out = tmp_path / "handover" / f"{record_id}.json"
    out.parent.mkdir()
    save_as(monkeypatch, out, "json")
    first.export_action.trigger()
    assert messages.shown == []
    assert str(out) in first.statusBar().currentMessage()
    assert json.loads(out.read_text("utf-8"))["record"]["id"] == record_id

    second = make_window(qtbot, tmp_path / "chair")
    open_file(monkeypatch, out)
    second.import_action.trigger()
    assert messages.shown == []
    review = second.review
    assert review is not None and second.stack.currentWidget() is review
    note = review.findChild(QWidget, "imported-note")
    assert note is not None and note.isVisible()
    assert f"Imported from {out.name} on 02 March 2026" in note.text()  # type: ignore[attr-defined]
    assert review.findChild(QPushButton, "complete-sign") is None
    assert second.session is not None and second.session.read_only
    stored = second.context.store.get(record_id)
    assert stored.imported is not None and verify(stored)
    assert stored.meeting is not None and stored.meeting.is_signed_off
    assert stored.meeting.s47_rationale == "Unexplained bruise <b>in a baby</b>."
    selected = second.home.table.selectionModel().selectedRows()
    assert [i.data(Qt.ItemDataRole.UserRole) for i in selected] == [record_id]
    assert second.print_action.isEnabled()


def test_a_tampered_import_is_refused_and_nothing_changes(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A JSON export whose content no longer matches its hash is refused with a reason."""
    messages = Messages(monkeypatch)
    first = make_window(qtbot, tmp_path / "a")
    record_id = complete_record(qtbot, first)
    out = tmp_path / "record.json"
    save_as(monkeypatch, out, "json")
    first.export_action.trigger()
    data = json.loads(out.read_text("utf-8"))
    text = out.read_text("utf-8").replace("NB-000123", "NB-999999")
    assert text != out.read_text("utf-8") and data["record"]["id"] == record_id
    out.write_text(text, "utf-8")

    second = make_window(qtbot, tmp_path / "b")
    before = second.context.store.summaries()
    open_file(monkeypatch, out)
    second.import_action.trigger()
    assert len(messages.shown) == 1
    title, message = messages.shown[0]
    assert "not imported" in title and message.strip()
    assert second.context.store.summaries() == before
    assert second.session is None

    out.write_text("this is not JSON {", "utf-8")
    second.import_action.trigger()
    assert len(messages.shown) == 2 and messages.shown[1][1].strip()
    assert second.context.store.summaries() == before


@pytest.mark.parametrize("kind", ["html", "pdf", "docx"])
def test_each_format_exports_from_the_file_menu(qtbot: QtBot, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                kind: str) -> None:
    """The chosen filter decides the format; the suffix is added when none was typed."""
    messages = Messages(monkeypatch)
    window = make_window(qtbot, tmp_path)
    record_id = signed_meeting(qtbot, window)
    save_as(monkeypatch, tmp_path / "out" / "discussion", kind)
    (tmp_path / "out").mkdir()
    window.export_action.trigger()
    written = tmp_path / "out" / f"discussion.{kind}"
    qtbot.waitUntil(written.exists, timeout=30_000)  # the PDF is written by a worker process
    assert messages.shown == []
    data = written.read_bytes()
    assert {"html": b"<", "pdf": b"%PDF", "docx": b"PK"}[kind] in data[:200]
    if kind == "html":
        assert record_id in data.decode("utf-8")
        assert "<b>in a baby</b>" not in data.decode("utf-8")  # typed markup stays text


def test_an_export_that_cannot_be_written_says_so_and_loses_nothing(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exporting into a folder that does not exist shows what to do; the record is unchanged."""
    messages = Messages(monkeypatch)
    window = make_window(qtbot, tmp_path)
    record_id = complete_record(qtbot, window)
    before = window.context.store.get(record_id)
    save_as(monkeypatch, tmp_path / "no-such-folder" / "record.pdf", "pdf")
    window.export_action.trigger()
    assert len(messages.shown) == 1
    title, message = messages.shown[0]
    assert "not exported" in title and "no-such-folder" in message
    assert not (tmp_path / "no-such-folder").exists()
    assert window.context.store.get(record_id) == before
    assert window.session is not None and window.session.record.id == record_id


def test_ctrl_p_opens_the_print_preview_of_the_record(qtbot: QtBot, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+P on a completed record's view prints the discussion record's HTML."""
    printed: list[tuple[str, dict[str, Any]]] = []

    def fake_preview(html: str, _parent: object, **kwargs: Any) -> bool:
        printed.append((html, kwargs))
        return True

    monkeypatch.setattr(pdf, "print_preview", fake_preview)
    window = make_window(qtbot, tmp_path)
    record_id = complete_record(qtbot, window)
    assert window.review is not None
    qtbot.keyClick(window.review, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(printed) == 1
    html, kwargs = printed[0]
    assert record_id in html and kwargs["record_id"] == record_id
    assert kwargs["training"] is False
    assert "Sent record" in window.statusBar().currentMessage()


def test_the_standard_shortcuts_still_work(qtbot: QtBot, tmp_path: Path) -> None:
    """Save Ctrl+S, Close Ctrl+W, New Ctrl+N and Quit keep working beside the new items."""
    window = make_window(qtbot, tmp_path)
    names = {a.text().replace("&", ""): [k.toString() for k in a.shortcuts()] for a in
             window.menus["file"].actions() if not a.isSeparator()}
    assert "Ctrl+N" in names["New checklist…"] and "Ctrl+P" in names["Print…"]
    assert "Ctrl+S" in names["Save"] and "Ctrl+W" in names["Close record"]
    assert "Ctrl+Q" in names["Quit"]
    help_keys = [a.shortcut().toString() for a in window.menus["help"].actions()]
    assert "F1" in help_keys
    complete_record(qtbot, window)
    assert window.review is not None
    qtbot.keyClick(window.review, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "Saved."
    qtbot.keyClick(window.review, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.session is None and window.stack.currentWidget() is window.home
    qtbot.keyClick(window.home, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
