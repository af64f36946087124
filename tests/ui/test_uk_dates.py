"""UK dates on screen: typed DD/MM/YYYY (with HH:MM) in the checklist and the meeting alike,
stored as ISO, shown the British way, and unlikely dates questioned but kept."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot
from ui_driver import (
    Heard,
    answer,
    click,
    complete_record,
    make_window,
    open_meeting,
    start,
    type_into,
)

from cspr_desktop.ui.autosave import SAVE_WITHIN_MS
from cspr_desktop.ui.meeting_page import MeetingPage
from cspr_desktop.ui.question_widgets import DateWidget


def child(page: QWidget, name: str) -> QWidget:
    found = page.findChild(QWidget, name)
    assert found is not None, f"no input named {name}"
    return found


def test_checklist_date_typed_british_is_stored_iso_and_shown_british(
        qtbot: QtBot, tmp_path: Path, heard: Heard) -> None:
    window = make_window(qtbot, tmp_path)  # the app's clock: 02/03/2026 10:15
    checklist = start(qtbot, window, "bruising-non-mobile")
    answer(qtbot, checklist, "injury_types", ["bruise"])
    widget = checklist.widgets["first_noticed"]
    assert isinstance(widget, DateWidget)
    assert widget.edit.placeholderText() == "DD/MM/YYYY HH:MM"
    assert widget.hint.isVisible() and widget.hint.text() == "For example, 02/03/2026 14:30"
    assert "For example, 02/03/2026 14:30" in widget.edit.accessibleDescription()

    answer(qtbot, checklist, "first_noticed", "28/02/2026 14:30")
    assert checklist.session.record.answers["first_noticed"] == "2026-02-28T14:30"
    assert not widget.error_label.isVisible() and not widget.note.isVisible()

    answer(qtbot, checklist, "first_noticed", "2026-02-27 09:00")  # ISO is still read
    assert checklist.session.record.answers["first_noticed"] == "2026-02-27T09:00"

    answer(qtbot, checklist, "first_noticed", "31/02/2026 09:00")  # no such day: kept, flagged
    assert checklist.session.record.answers["first_noticed"] == "31/02/2026 09:00"
    assert widget.error_label.isVisible()
    assert "Enter the date and time as DD/MM/YYYY HH:MM" in widget.error_label.text()

    answer(qtbot, checklist, "first_noticed", "12/03/2026 09:00")  # next week: questioned
    qtbot.keyClick(widget.edit, Qt.Key.Key_Return)  # done typing it
    assert widget.note.isVisible() and "is in the future" in widget.note.text()
    assert not widget.error_label.isVisible()
    assert checklist.session.record.answers["first_noticed"] == "2026-03-12T09:00"  # kept
    assert "in the future" in widget.edit.accessibleDescription()
    assert (widget.note, widget.note.text(), False) in heard  # heard politely, once typed

    answer(qtbot, checklist, "first_noticed", "01/01/2020 09:00")  # years ago: questioned
    qtbot.keyClick(widget.edit, Qt.Key.Key_Return)
    assert "more than two years ago" in widget.note.text()

    answer(qtbot, checklist, "first_noticed", "28/02/2026 14:30")
    assert not widget.note.isVisible()
    checklist.flush()
    click(qtbot, checklist.review_button)
    assert window.review is not None
    shown = [label.text() for label in window.review.findChildren(QLabel)]
    assert any("28/02/2026 14:30" in text for text in shown)
    assert not any("2026-02-28" in text for text in shown)


def test_a_reopened_draft_shows_its_dates_british(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "bruising-non-mobile")
    answer(qtbot, checklist, "injury_types", ["bruise"])
    answer(qtbot, checklist, "first_noticed", "2026-02-28 14:30")
    checklist.flush()
    window.close()
    window.context.store.close()
    again = make_window(qtbot, tmp_path)
    again.home.table.selectRow(0)
    click(qtbot, again.home.open_button)
    assert again.checklist is not None
    widget = again.checklist.widgets["first_noticed"]
    assert isinstance(widget, DateWidget)
    assert widget.edit.text() == "28/02/2026 14:30"


def test_meeting_dates_use_the_same_british_input(qtbot: QtBot, tmp_path: Path,
                                                  heard: Heard) -> None:
    window = make_window(qtbot, tmp_path)
    complete_record(qtbot, window)
    page = open_meeting(qtbot, window)
    held = child(page, "meeting-held_at")
    type_into(qtbot, held, "02/04/2026 10:00")  # a month after today: questioned, kept
    qtbot.keyClick(held, Qt.Key.Key_Tab)
    field = page.fields["held_at"]
    assert field.note_label.isVisible() and "is in the future" in field.note_label.text()
    assert not field.error_label.isVisible()
    assert page.meeting.held_at == datetime(2026, 4, 2, 10, 0)
    assert (field.note_label, field.note_label.text(), False) in heard

    click(qtbot, held)
    qtbot.keyClick(held, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(held, "02/03/2026 09:30")
    assert not field.note_label.isVisible()
    assert page.meeting.held_at == datetime(2026, 3, 2, 9, 30)

    click(qtbot, child(page, "actions-add"))
    qtbot.keyClicks(QApplication.focusWidget(), "Paediatric assessment")
    type_into(qtbot, child(page, "actions-1-due"), "16/03/2026")
    qtbot.wait(SAVE_WITHIN_MS + 200)
    assert page.meeting.actions[0].due == date(2026, 3, 16)

    page.flush()
    again = MeetingPage(page.session)  # the saved meeting shown afresh, as on reopening
    qtbot.addWidget(again)
    assert child(again, "meeting-held_at").text() == "02/03/2026 09:30"  # type: ignore[attr-defined]
    assert child(again, "actions-1-due").text() == "16/03/2026"  # type: ignore[attr-defined]
