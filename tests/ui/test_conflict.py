"""Two copies of one record open at once, in the real window: a save from the stale copy is
refused, the window says so, the changes stay on screen, and the person chooses.

The other copy is a second connection to the same records file, saving as another window or
another process would (tests/core/test_store_revisions.py runs a real second process).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from ui_driver import answer, click, complete_record, make_window, open_meeting, start, type_into

from cspr_desktop.core.records.records import set_answer, set_meeting
from cspr_desktop.core.records.store import Store
from cspr_desktop.ui.conflict import Choice
from cspr_desktop.ui.main_window import MainWindow

ELSEWHERE = datetime(2026, 3, 2, 10, 20)


def other_copy_saves(window: MainWindow, change: str = "feeding") -> None:
    """Another window saves a change to the open record."""
    assert window.session is not None
    other = Store(window.context.store.path)
    stored = other.read(window.session.record.id)
    if change == "meeting":
        meeting = stored.record.meeting
        assert meeting is not None
        record = set_meeting(stored.record, meeting.model_copy(
            update={"risk_analysis": "Written in the other window."}), ELSEWHERE)
    else:
        record = set_answer(stored.record, "feeding", "formula", ELSEWHERE)
    other.save(record, stored.revision)
    other.close()


class Conflict:
    """Answers the conflict dialog with one choice, and keeps what it said."""

    def __init__(self, qtbot: QtBot, choice: Choice) -> None:
        self.choice = choice
        self.texts: list[str] = []
        self.buttons: list[str] = []
        from ui_driver import when_dialog

        def act(dialog: QDialog) -> None:
            assert isinstance(dialog, QMessageBox) and dialog.objectName() == "conflict-dialog"
            self.texts.append(dialog.text() + "\n" + dialog.informativeText())
            self.buttons = [b.objectName() for b in dialog.findChildren(QPushButton)]
            button = dialog.findChild(QPushButton, choice.value)
            assert button is not None, self.buttons
            click(qtbot, button)

        when_dialog(act)


def draft_with_answer(qtbot: QtBot, window: MainWindow) -> str:
    checklist = start(qtbot, window, "safer-sleep")
    answer(qtbot, checklist, "stage", "born")
    window.save_now()
    return checklist.session.record.id


def test_a_refused_save_can_be_kept_as_a_new_draft(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    record_id = draft_with_answer(qtbot, window)
    other_copy_saves(window)
    conflict = Conflict(qtbot, Choice.NEW_DRAFT)
    answer(qtbot, window.checklist, "sleep_position", "back")  # autosave finds the conflict
    qtbot.waitUntil(lambda: bool(conflict.texts), timeout=5000)
    assert "changed in another window or by another copy" in conflict.texts[0]
    assert "your changes are still on screen" in conflict.texts[0]
    assert set(conflict.buttons) >= {c.value for c in Choice}
    qtbot.waitUntil(lambda: window.session is not None and window.session.record.id != record_id)
    store = window.context.store
    assert store.get(record_id).answers == {"stage": "born", "feeding": "formula"}
    copy = store.get(window.session.record.id)
    assert copy.answers == {"stage": "born", "sleep_position": "back"}
    assert "new draft" in window.statusBar().currentMessage()


def test_a_refused_save_can_be_added_to_the_saved_version(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    record_id = draft_with_answer(qtbot, window)
    other_copy_saves(window)
    conflict = Conflict(qtbot, Choice.KEEP_MINE)
    answer(qtbot, window.checklist, "sleep_position", "back")
    qtbot.waitUntil(lambda: bool(conflict.texts), timeout=5000)
    qtbot.waitUntil(lambda: window.session is not None and not window.session.stale)
    assert window.context.store.get(record_id).answers == {
        "stage": "born", "feeding": "formula", "sleep_position": "back"}
    checklist = window.checklist
    assert checklist is not None  # the screen shows the combined record
    assert checklist.widgets["feeding"].buttons["formula"].isChecked()
    assert checklist.widgets["sleep_position"].buttons["back"].isChecked()


def test_decide_later_keeps_the_changes_and_the_window_open(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    """Nothing is saved or lost until the person chooses; closing asks again."""
    window = make_window(qtbot, tmp_path)
    record_id = draft_with_answer(qtbot, window)
    other_copy_saves(window)
    later = Conflict(qtbot, Choice.LATER)
    answer(qtbot, window.checklist, "sleep_position", "back")
    qtbot.waitUntil(lambda: bool(later.texts), timeout=5000)
    assert window.session is not None and window.session.stale
    assert "Ctrl+S" in window.statusBar().currentMessage()
    answer(qtbot, window.checklist, "feeding", "breast")  # autosave waits: no second question
    qtbot.wait(800)
    assert len(later.texts) == 1
    assert window.session.record.answers["sleep_position"] == "back"

    again = Conflict(qtbot, Choice.LATER)
    assert not window.close()  # closing asks; "later" keeps the window open
    assert again.texts and window.isVisible()

    discard = Conflict(qtbot, Choice.DISCARD)
    window.save_action.trigger()  # File → Save (Ctrl+S)
    qtbot.waitUntil(lambda: bool(discard.texts), timeout=5000)
    assert window.session is not None and not window.session.stale
    assert window.session.record.answers == {"stage": "born", "feeding": "formula"}
    assert window.context.store.get(record_id).answers == {"stage": "born",
                                                           "feeding": "formula"}


def test_the_chairs_meeting_changes_are_added_to_the_saved_meeting(qtbot: QtBot,
                                                                    tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    record_id = complete_record(qtbot, window)
    page = open_meeting(qtbot, window)
    type_into(qtbot, page.editors["chair"], "Sam Rivers")
    page.flush()
    other_copy_saves(window, "meeting")
    conflict = Conflict(qtbot, Choice.KEEP_MINE)
    type_into(qtbot, page.editors["reason"], "Bruise seen at a routine visit.")
    qtbot.waitUntil(lambda: bool(conflict.texts), timeout=5000)
    assert Choice.NEW_DRAFT.value not in conflict.buttons  # a signed record is never copied
    qtbot.waitUntil(lambda: window.session is not None and not window.session.stale)
    meeting = window.context.store.get(record_id).meeting
    assert meeting is not None
    assert (meeting.chair, meeting.reason, meeting.risk_analysis) == (
        "Sam Rivers", "Bruise seen at a routine visit.", "Written in the other window.")
    assert window.meeting is not None and window.stack.currentWidget() is window.meeting
