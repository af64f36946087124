"""Drive the real main window as a person would: clicks and keys, never setters.

Helpers shared by the UI tests. A window is built on the bundled rules with a store in a
temporary folder and a fixed clock, so no test depends on the time of day or the user's files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cspr_desktop.core.demo_record import demo_context
from cspr_desktop.ui.checklist_page import ChecklistPage
from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.question_widgets import (
    ChoiceWidget,
    DateWidget,
    MultiWidget,
    QuestionWidget,
)
from cspr_desktop.ui.section_page import BodyMapQuestion
from cspr_desktop.ui.theme import STYLE_SHEET
from cspr_desktop.ui.typed_questions import LineWidget, TextWidget

REPO = Path(__file__).resolve().parents[2]
FIXED_NOW = datetime(2026, 3, 2, 10, 15)
LEFT = Qt.MouseButton.LeftButton


#: What the app announced to screen readers: the widget, the words, whether urgent.
Heard = list[tuple[QWidget, str, bool]]


def make_window(qtbot: QtBot, data_dir: Path, rules: Path | None = None,
                today: datetime = FIXED_NOW) -> MainWindow:
    """A shown main window on the bundled rules, its store in `data_dir`."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(STYLE_SHEET)
    context = demo_context(data_dir, today, rules=rules or REPO / "rules",
                           app_version="test")
    window = MainWindow(context)
    # Qt's offscreen screen is 800x800; the window fits itself to it (ui.window_place), so the
    # tests that drive it size it as a laptop screen would (test_window_fit covers the fitting).
    window.resize(1280, 820)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    return window


def click(qtbot: QtBot, widget: QWidget) -> None:
    """Click where a person would: radio buttons and checkboxes on their indicator."""
    if isinstance(widget, QRadioButton | QCheckBox):
        pos = QPoint(8, widget.height() // 2)
    else:
        pos = widget.rect().center()
    qtbot.mouseClick(widget, LEFT, pos=pos)


def page(window: MainWindow) -> ChecklistPage:
    assert window.checklist is not None
    return window.checklist


def start(qtbot: QtBot, window: MainWindow, pack_id: str) -> ChecklistPage:
    """Click the pack's Start button on the home screen."""
    button = window.home.findChild(QPushButton, f"start-{pack_id}")
    assert button is not None, f"no Start button for {pack_id}"
    click(qtbot, button)
    return page(window)


def open_section_of(qtbot: QtBot, checklist: ChecklistPage, qid: str) -> None:
    """Click the section in the navigator that holds the question."""
    index = checklist.section_of[qid]
    item = checklist.navigator.item(index)
    rect = checklist.navigator.visualItemRect(item)
    qtbot.mouseClick(checklist.navigator.viewport(), LEFT, pos=rect.center())
    assert checklist.stack.currentIndex() == index


def answer(qtbot: QtBot, checklist: ChecklistPage, qid: str, value: Any) -> None:
    """Answer one question by clicking or typing in its widget."""
    open_section_of(qtbot, checklist, qid)
    widget = checklist.widgets[qid]
    assert widget.isVisible(), f"question {qid} is hidden"
    if isinstance(widget, ChoiceWidget):
        click(qtbot, widget.buttons[str(value)])
    elif isinstance(widget, MultiWidget | BodyMapQuestion):
        set_checkboxes(qtbot, widget, [str(v) for v in value])
    elif isinstance(widget, LineWidget | DateWidget):
        widget.edit.selectAll()
        click(qtbot, widget.edit)
        qtbot.keyClick(widget.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(widget.edit, Qt.Key.Key_Backspace)
        qtbot.keyClicks(widget.edit, str(value))
    elif isinstance(widget, TextWidget):
        click(qtbot, widget.edit)
        qtbot.keyClicks(widget.edit, str(value))
    else:  # pragma: no cover - every widget type is handled above
        raise AssertionError(type(widget))


def checkboxes(widget: QuestionWidget) -> dict[str, QCheckBox]:
    """Checkboxes of a multi question or the body map's list, by choice id (a paired site by
    its first checkbox, the child's left)."""
    if isinstance(widget, MultiWidget):
        return widget.boxes
    boxes = widget.findChildren(QCheckBox)
    ids = [c.id for c in widget.question.choices]
    found: dict[str, QCheckBox] = {}
    for box in boxes:
        for cid in ids:
            if box.objectName().endswith(cid) or box.property("site") == cid:
                found.setdefault(cid, box)
    return found


def set_checkboxes(qtbot: QtBot, widget: QuestionWidget, wanted: Iterable[str]) -> None:
    boxes = checkboxes(widget)
    wanted = set(wanted)
    for cid, box in boxes.items():
        if box.isChecked() != (cid in wanted):
            click(qtbot, box)


def answer_all(qtbot: QtBot, checklist: ChecklistPage, answers: dict[str, Any]) -> None:
    """Answer in pack order, skipping questions hidden by earlier answers."""
    for qid in checklist.widgets:
        if qid in answers:
            open_section_of(qtbot, checklist, qid)
            if checklist.widgets[qid].isVisible():
                answer(qtbot, checklist, qid, answers[qid])


def default_answer(widget: QuestionWidget) -> Any:
    """A plausible answer for a required question a scenario leaves open."""
    question = widget.question
    if isinstance(widget, ChoiceWidget):
        ids = list(widget.buttons)
        return "unknown" if "unknown" in ids else ids[-1]
    if isinstance(widget, MultiWidget | BodyMapQuestion):
        exclusive = [c.id for c in question.choices if c.exclusive]
        return exclusive[:1] or [question.choices[0].id]
    if question.type.value == "number":
        return int(question.min) if question.min is not None else 1
    if question.type.value == "date":
        return "2026-03-01"
    if question.type.value == "datetime":
        return "2026-03-01 09:00"
    return "Seen at the home visit."


def answer_missing_required(qtbot: QtBot, checklist: ChecklistPage) -> None:
    """Answer whatever required question is still open, until none is."""
    for _ in range(60):
        missing = checklist.session.evaluation.missing_required
        if not missing:
            return
        qid = missing[0]
        answer(qtbot, checklist, qid, default_answer(checklist.widgets[qid]))
    raise AssertionError(f"still missing: {checklist.session.evaluation.missing_required}")


def when_dialog(action: Callable[[QDialog], None]) -> None:
    """Run `action` on the next modal dialog once it opens (dialogs block in exec())."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, run)
            return
        try:
            action(dialog)
        finally:
            if dialog.isVisible():  # never leave a test blocked in exec()
                dialog.reject()

    QTimer.singleShot(0, run)


def sign(qtbot: QtBot, window: MainWindow, name: str = "Alex Example",
         role: str = "Health visitor", agency: str = "Northbridge Community Health") -> None:
    """From the checklist: Check your answers, Complete and sign, type the signer, Sign."""
    click(qtbot, page(window).review_button)
    assert window.review is not None

    def fill(dialog: QDialog) -> None:
        for field, text in (("practitioner-name", name), ("practitioner-role", role),
                            ("practitioner-agency", agency)):
            edit = dialog.findChild(QWidget, field)
            assert edit is not None
            edit.setFocus()
            qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClicks(edit, text)
        button = dialog.findChild(QPushButton, "sign-button")
        assert button is not None
        click(qtbot, button)

    when_dialog(fill)
    sign_button = window.review.findChild(QPushButton, "complete-sign")
    assert sign_button is not None
    click(qtbot, sign_button)


def centre(widget: QWidget) -> QPoint:
    return widget.rect().center()


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Click into a text input and type, as a person would (adds to what is there)."""
    click(qtbot, widget)
    qtbot.keyClicks(widget, text)


def complete_record(qtbot: QtBot, window: MainWindow, pack_id: str = "bruising-non-mobile",
                    child_ref: str = "NB-000123") -> str:
    """Start a checklist, give a child reference, answer what is required, sign; its id."""
    checklist = start(qtbot, window, pack_id)
    type_into(qtbot, checklist.child_ref, child_ref)
    answer_missing_required(qtbot, checklist)
    sign(qtbot, window)
    window.activateWindow()  # the sign dialog has closed: the window is active again
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    return checklist.session.record.id


def open_meeting(qtbot: QtBot, window: MainWindow) -> Any:
    """On a completed record's view, click Record (or Open) the meeting; the meeting page."""
    assert window.review is not None
    button = window.review.findChild(QPushButton, "open-meeting")
    assert button is not None, "no meeting button on the record's view"
    click(qtbot, button)
    assert window.meeting is not None
    return window.meeting


def open_from_home(qtbot: QtBot, window: MainWindow, record_id: str) -> None:
    """Select the record's row in the home list and click Open."""
    home = window.home
    row = home.model.row_of(record_id)
    if row is None:
        raise AssertionError(f"{record_id} is not in the home list")
    home.table.selectRow(row)
    click(qtbot, home.open_button)


def export_pdf_in_app(qtbot: QtBot, window: MainWindow, record_id: str, out: Path,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Open a stored, signed record and export it as a PDF through File → Export, as a user
    does (the worker process writes it); fails if any warning was shown."""
    from cspr_desktop.ui.record_actions import EXPORT_FILTERS

    pdf_filter = next(text for text, kind in EXPORT_FILTERS.items() if kind == "pdf")
    window.open_record(record_id)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), pdf_filter))
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, title, text, *_: shown.append((title, text)))
    window.export_action.trigger()
    job = window.record_actions.job
    assert job is not None
    qtbot.waitUntil(lambda: job.state != "running", timeout=120_000)
    assert shown == [] and job.state == "done"
