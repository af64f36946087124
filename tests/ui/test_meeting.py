"""The chair's meeting screen on a completed record, driven by clicks and keys."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from ui_driver import (
    click,
    complete_record,
    make_window,
    open_from_home,
    open_meeting,
    type_into,
    when_dialog,
)

from cspr_desktop.core.errors import RecordError
from cspr_desktop.core.records.meeting import Meeting
from cspr_desktop.core.records.records import set_meeting, verify
from cspr_desktop.core.records.store import Store, StoreError
from cspr_desktop.ui.autosave import SAVE_WITHIN_MS
from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.meeting_form import MISSING_FIELDS
from cspr_desktop.ui.meeting_page import MeetingPage

KILL_CHILD = Path(__file__).with_name("kill_meeting_child.py")


def child(page: QWidget, name: str) -> QWidget:
    found = page.findChild(QWidget, name)
    assert found is not None, f"no input named {name}"
    return found


def key(qtbot: QtBot, k: Qt.Key) -> None:
    """Press a key on whatever has focus."""
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, k)


def add_attendee(qtbot: QtBot, page: MeetingPage, name: str, role: str, agency: str,
                 downs: int = 0) -> None:
    """Click Add, then type the row with Tab between cells; Down keys choose attendance."""
    click(qtbot, child(page, "attendees-add"))
    for text in (name, role, agency):
        focused = QApplication.focusWidget()
        assert isinstance(focused, QLineEdit)
        qtbot.keyClicks(focused, text)
        key(qtbot, Qt.Key.Key_Tab)
    assert isinstance(QApplication.focusWidget(), QComboBox)
    for _ in range(downs):
        key(qtbot, Qt.Key.Key_Down)


def fill_meeting(qtbot: QtBot, page: MeetingPage) -> None:
    """Everything a chair records except the section 47 decision."""
    type_into(qtbot, child(page, "meeting-held_at"), "2026-03-02 14:30")
    type_into(qtbot, child(page, "meeting-chair"), "Sam Rivers, team manager")
    type_into(qtbot, child(page, "meeting-reason"), "Bruise to the cheek of a 3-month-old.")
    add_attendee(qtbot, page, "Sam Rivers", "Team manager", "Children's social care")
    add_attendee(qtbot, page, "Alex Example", "Health visitor", "Community health", downs=2)
    type_into(qtbot, child(page, "meeting-child_voice_unavailable_reason"),
              "Pre-verbal infant, aged 3 months.")
    type_into(qtbot, child(page, "meeting-risk_analysis"), "Unexplained bruise; no history.")
    click(qtbot, child(page, "actions-add"))
    qtbot.keyClicks(QApplication.focusWidget(), "Same-day paediatric assessment")
    type_into(qtbot, child(page, "actions-1-owner"), "Dr Lee")
    type_into(qtbot, child(page, "actions-1-agency"), "Northbridge Hospital")
    type_into(qtbot, child(page, "actions-1-due"), "2026-03-02")
    click(qtbot, child(page, "actions-1-done"))


def test_the_chair_records_signs_off_and_the_meeting_is_then_read_only(
        qtbot: QtBot, tmp_path: Path) -> None:
    """Type the meeting, see it saved, be refused sign-off without s47, then sign off."""
    window = make_window(qtbot, tmp_path)
    record_id = complete_record(qtbot, window)
    page = open_meeting(qtbot, window)
    assert window.stack.currentWidget() is page
    fill_meeting(qtbot, page)

    qtbot.wait(SAVE_WITHIN_MS + 300)  # autosaved without leaving the page
    other = Store(tmp_path / "records.sqlite")
    saved = other.get(record_id).meeting
    other.close()
    assert saved is not None
    assert saved.chair == "Sam Rivers, team manager"
    assert [(a.name, a.attendance) for a in saved.attendees] == [
        ("Sam Rivers", "attended"), ("Alex Example", "sent_information")]
    assert saved.actions[0].owner == "Dr Lee" and saved.actions[0].done
    assert str(saved.actions[0].due) == "2026-03-02"
    assert saved.held_at is not None and saved.held_at.hour == 14

    click(qtbot, child(page, "meeting-sign-off"))
    assert page.summary.isVisible()
    assert [link.objectName() for link in page.summary.links] == [
        "error-link-meeting-s47_decision-met"]
    click(qtbot, page.summary.links[0])
    assert QApplication.focusWidget() is child(page, "meeting-s47_decision-met")
    assert not window.context.store.get(record_id).meeting.is_signed_off  # type: ignore[union-attr]

    click(qtbot, child(page, "meeting-s47_decision-met"))
    type_into(qtbot, child(page, "meeting-s47_rationale"), "Unexplained bruise in a baby.")

    def confirm(dialog: QDialog) -> None:
        assert "Sam Rivers" in dialog.findChild(QWidget, "qt_msgbox_label").text()  # type: ignore[union-attr]
        click(qtbot, child(dialog, "confirm-sign-off"))

    when_dialog(confirm)
    click(qtbot, child(page, "meeting-sign-off"))
    record = window.context.store.get(record_id)
    assert record.meeting is not None and record.meeting.signed_off is not None
    assert record.meeting.signed_off.chair_name == "Sam Rivers, team manager"
    assert record.meeting.signed_off.signed_at == window.context.clock()
    assert record.meeting.s47_decision == "met"
    assert verify(record)  # the signed checklist is untouched
    assert page.read_only
    assert not page.sign_off_button.isVisible()
    assert not child(page, "attendees-add").isVisible()
    chair = child(page, "meeting-chair")
    assert isinstance(chair, QLineEdit) and chair.isReadOnly()
    type_into(qtbot, chair, "changed")
    assert chair.text() == "Sam Rivers, team manager"
    assert not child(page, "meeting-s47_decision-not_met").isEnabled()
    assert "Signed off by Sam Rivers" in page.signed_note.text()


def test_a_signed_off_meeting_is_refused_by_the_store(qtbot: QtBot, tmp_path: Path) -> None:
    """Neither set_meeting nor the store lets a signed-off meeting change."""
    window = make_window(qtbot, tmp_path)
    record_id = complete_record(qtbot, window)
    page = open_meeting(qtbot, window)
    fill_meeting(qtbot, page)
    click(qtbot, child(page, "meeting-s47_decision-not_yet_decided"))
    type_into(qtbot, child(page, "meeting-s47_rationale"), "Waiting for the paediatrician.")
    when_dialog(lambda d: click(qtbot, child(d, "confirm-sign-off")))
    click(qtbot, child(page, "meeting-sign-off"))
    store = window.context.store
    signed = store.get(record_id)
    assert signed.meeting is not None and signed.meeting.is_signed_off
    changed = signed.meeting.model_copy(update={"s47_decision": "met"})
    with pytest.raises(RecordError):
        set_meeting(signed, changed, window.context.clock())
    with pytest.raises(StoreError):
        store.save(signed.model_copy(update={"meeting": changed}))
    with pytest.raises(StoreError):
        store.save(signed.model_copy(update={"meeting": Meeting()}))
    assert store.get(record_id).meeting == signed.meeting


def test_the_meeting_survives_closing_the_window_at_once(qtbot: QtBot, tmp_path: Path) -> None:
    """Text typed just before the window closes is there when a new window opens the record."""
    window = make_window(qtbot, tmp_path)
    record_id = complete_record(qtbot, window)
    page = open_meeting(qtbot, window)
    type_into(qtbot, child(page, "meeting-other_children"), "A sister, aged 4, at nursery.")
    add_attendee(qtbot, page, "Jo Police", "Detective sergeant", "Northbridge Police",
                 downs=1)
    window.close()  # before the autosave timer fires: closing flushes
    window.context.store.close()

    again = make_window(qtbot, tmp_path)
    open_from_home(qtbot, again, record_id)
    assert again.review is not None
    summary = again.review.findChild(QWidget, "meeting-summary")
    assert "Not signed off yet" in summary.text()  # type: ignore[union-attr]
    button = again.review.findChild(QPushButton, "open-meeting")
    assert button is not None and button.text() == "Open the meeting"
    reopened = open_meeting(qtbot, again)
    other = child(reopened, "meeting-other_children")
    assert isinstance(other, QPlainTextEdit)
    assert other.toPlainText() == "A sister, aged 4, at nursery."
    assert child(reopened, "attendees-1-name").text() == "Jo Police"  # type: ignore[attr-defined]
    attendance = child(reopened, "attendees-1-attendance")
    assert isinstance(attendance, QComboBox) and attendance.currentData() == "apologies"


def test_rows_are_added_and_removed_by_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    """Space on Add makes a row and focuses it; Tab reaches Remove; Space removes it."""
    window = make_window(qtbot, tmp_path)
    record_id = complete_record(qtbot, window)
    page = open_meeting(qtbot, window)
    add = child(page, "actions-add")
    add.setFocus()
    key(qtbot, Qt.Key.Key_Space)
    assert QApplication.focusWidget() is child(page, "actions-1-action")
    qtbot.keyClicks(QApplication.focusWidget(), "Check the GP record")
    for name in ("actions-1-owner", "actions-1-agency", "actions-1-due", "actions-1-done",
                 "actions-1-remove", "actions-add", "meeting-next_step"):
        key(qtbot, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is child(page, name), name
    page.flush()
    assert window.context.store.get(record_id).meeting.actions[0].action == (  # type: ignore[union-attr]
        "Check the GP record")
    child(page, "actions-1-remove").setFocus()
    key(qtbot, Qt.Key.Key_Space)
    assert page.findChild(QWidget, "actions-1-action") is None
    assert QApplication.focusWidget() is child(page, "actions-add")
    page.flush()
    assert window.context.store.get(record_id).meeting.actions == []  # type: ignore[union-attr]


def test_an_unreadable_date_shows_an_inline_error_and_stops_sign_off(qtbot: QtBot,
                                                                     tmp_path: Path) -> None:
    """A date that cannot be read is kept, flagged beside the field and in the summary."""
    window = make_window(qtbot, tmp_path)
    complete_record(qtbot, window)
    page = open_meeting(qtbot, window)
    held = child(page, "meeting-held_at")
    type_into(qtbot, held, "next Tuesday")
    key(qtbot, Qt.Key.Key_Tab)
    error = page.fields["held_at"].error_label
    assert error.isVisible() and "DD/MM/YYYY HH:MM" in error.text()
    assert held.accessibleDescription().startswith("Error:")
    click(qtbot, child(page, "meeting-sign-off"))
    names = [link.objectName() for link in page.summary.links]
    assert "error-link-meeting-held_at" in names
    assert "error-link-meeting-chair" in names
    assert "error-link-attendees-add" in names
    click(qtbot, held)
    qtbot.keyClick(held, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(held, "02/03/2026 09:05")
    assert not error.isVisible()
    assert page.meeting.held_at is not None and page.meeting.held_at.day == 2
    assert page.meeting.held_at.month == 3


def test_every_input_has_an_accessible_name_and_the_s47_note(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    """Inputs are named for screen readers; the page says the s47 decision is the chair's."""
    window = make_window(qtbot, tmp_path)
    complete_record(qtbot, window)
    page = open_meeting(qtbot, window)
    click(qtbot, child(page, "attendees-add"))
    click(qtbot, child(page, "information_shared-add"))
    click(qtbot, child(page, "actions-add"))
    inputs = [w for w in page.findChildren(QWidget)
              if isinstance(w, QLineEdit | QPlainTextEdit | QComboBox | QCheckBox
                            | QRadioButton | QPushButton) and w.objectName() != ""
              and not w.objectName().startswith("qt_")]
    assert len(inputs) > 40
    for widget in inputs:
        assert widget.accessibleName() or widget.text(), widget.objectName()  # type: ignore[attr-defined]
    assert child(page, "attendees-1-agency").accessibleName() == "Attendee 1: Agency"
    note = child(page, "s47_decision-note")
    assert "chair's decision" in note.text() and "never" in note.text()  # type: ignore[attr-defined]


def test_every_missing_item_leads_to_a_field(qtbot: QtBot, tmp_path: Path) -> None:
    """Each thing the core can say is missing has a field for its error summary link."""
    assert set(Meeting().missing_for_sign_off()) <= set(MISSING_FIELDS)
    full = Meeting(chair="x", s47_decision="met")
    assert set(full.missing_for_sign_off()) <= set(MISSING_FIELDS)
    window = make_window(qtbot, tmp_path)
    complete_record(qtbot, window)
    page = open_meeting(qtbot, window)
    click(qtbot, child(page, "meeting-sign-off"))
    assert len(page.summary.links) == len(Meeting().missing_for_sign_off())
    for link in page.summary.links:
        target = link.objectName().removeprefix("error-link-")
        click(qtbot, link)
        assert QApplication.focusWidget() is child(page, target)


def _window_with_meeting(qtbot: QtBot, tmp_path: Path) -> tuple[MainWindow, MeetingPage]:
    window = make_window(qtbot, tmp_path)
    complete_record(qtbot, window)
    return window, open_meeting(qtbot, window)


def test_back_to_the_record_saves_and_shows_the_meeting_line(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    """Leaving the page saves at once; the record's view sums up the meeting."""
    window, page = _window_with_meeting(qtbot, tmp_path)
    click(qtbot, child(page, "meeting-meeting_type-multi_agency_discussion"))
    type_into(qtbot, child(page, "meeting-chair"), "Pat Chair")
    click(qtbot, child(page, "meeting-back"))
    assert window.meeting is None and window.review is not None
    assert window.stack.currentWidget() is window.review
    text = window.review.findChild(QWidget, "meeting-summary").text()  # type: ignore[union-attr]
    assert "Multi-agency discussion" in text and "Pat Chair" in text
    record = window.context.store.get(window.review.session.record.id)
    assert record.meeting is not None and record.meeting.chair == "Pat Chair"


def test_sigkill_while_typing_the_meeting_keeps_all_but_the_last_second(tmp_path: Path) -> None:
    """Kill the app with SIGKILL mid-sentence; everything typed >1 s before is on disk."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child_process = subprocess.Popen([sys.executable, str(KILL_CHILD), str(tmp_path)],
                                     stdout=subprocess.PIPE, text=True, env=env)
    assert child_process.stdout is not None
    record_id, typed = "", []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(typed) < 25:
        line = child_process.stdout.readline()
        if not line:
            break
        parts = line.rstrip("\n").split("\t")
        if parts[0].startswith("RECORD "):
            record_id = parts[0].split()[1]
        elif parts[0] == "TYPED":
            typed.append((parts[1], float(parts[2])))
    killed_at = time.monotonic()
    os.kill(child_process.pid, signal.SIGKILL)
    child_process.wait(timeout=10)
    assert record_id and len(typed) >= 25, "the child did not get far enough to test"
    meeting = Store(tmp_path / "records.sqlite").get(record_id).meeting
    assert meeting is not None
    old_enough = [text for text, at in typed if at < killed_at - 1.0]
    assert old_enough
    assert meeting.risk_analysis.startswith(old_enough[-1].rstrip())


def test_other_type_and_typed_markup_stay_plain_text(qtbot: QtBot, tmp_path: Path) -> None:
    """An "other" type asks what kind; typed markup shows as typed; Cancel keeps it open."""
    window, page = _window_with_meeting(qtbot, tmp_path)
    other = child(page, "meeting-meeting_type_other")
    assert not other.isVisible()
    click(qtbot, child(page, "meeting-meeting_type-other"))
    assert other.isVisible()
    type_into(qtbot, other, "Pre-birth <i>planning</i> meeting")
    type_into(qtbot, child(page, "meeting-chair"), "<b>Sam</b> ")
    fill_meeting(qtbot, page)
    click(qtbot, child(page, "meeting-s47_decision-not_met"))
    type_into(qtbot, child(page, "meeting-s47_rationale"), "Accidental, with a clear account.")
    seen: list[tuple[Qt.TextFormat, str]] = []

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox)
        seen.append((dialog.textFormat(), dialog.text()))
        click(qtbot, dialog.button(QMessageBox.StandardButton.Cancel))

    when_dialog(cancel)
    click(qtbot, child(page, "meeting-sign-off"))
    assert seen and seen[0][0] == Qt.TextFormat.PlainText and "<b>Sam</b>" in seen[0][1]
    assert not page.read_only and page.sign_off_button.isVisible()
    click(qtbot, child(page, "meeting-back"))
    assert window.review is not None
    summary = window.review.findChild(QLabel, "meeting-summary")
    assert summary is not None and summary.textFormat() == Qt.TextFormat.PlainText
    assert summary.text().startswith("Pre-birth <i>planning</i> meeting on 02 March 2026")
    assert window.context.store.get(window.review.session.record.id).meeting.signed_off is None  # type: ignore[union-attr]
