"""A trainer takes a scenario the whole way in the app: the case, check your answers, signing,
the meeting and its sign-off, ending in a signed training record that is marked as training on
every screen and in every export, and kept apart from real records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from test_meeting import child, fill_meeting
from ui_driver import click, make_window, open_meeting, sign, type_into, when_dialog

from cspr_desktop.core.records.verification import verify_record
from cspr_desktop.core.report.plain_text import TRAINING_MARK
from cspr_desktop.core.report.render import render_html
from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.training_case import TrainingCasePage
from cspr_desktop.ui.training_library import PATH_ROLE
from cspr_desktop.ui.training_presenter import reset_look

SCENARIO = "bnm-six-months-rolls-only"


@pytest.fixture(autouse=True)
def _usual_look() -> Iterator[None]:
    yield
    reset_look()


def open_case(qtbot: QtBot, window: MainWindow) -> TrainingCasePage:
    """Training → Scenario library (Ctrl+Shift+L), the scenario, Open as a training record."""
    qtbot.keyClick(window, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    library = window.training.library_page
    assert library is not None
    item = next(i for i in library.items() if Path(i.data(0, PATH_ROLE)).stem == SCENARIO)
    library.tree.setCurrentItem(item)
    click(qtbot, library.details.open_button)
    case = window.training.case
    assert case is not None and window.stack.currentWidget() is case
    return case


def marked_as_training(window: MainWindow) -> bool:
    """What a trainer and a screen reader meet: the band is shown and the title says so."""
    return window.training_band.isVisible() and window.windowTitle().startswith("TRAINING")


def test_a_scenario_goes_through_signing_and_the_meeting_to_a_marked_training_record(
        qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    case = open_case(qtbot, window)
    record_id = case.session.record.id
    assert case.checklist.review_button.isVisible()

    click(qtbot, case.checklist.review_button)
    assert window.review is not None and window.stack.currentWidget() is window.review
    assert window.session is not None and window.session.record.id == record_id
    assert marked_as_training(window)

    sign(qtbot, window, name="Sam Trainer", role="Trainer", agency="Training (fictional)")
    window.activateWindow()  # the sign dialog has closed: the window is active again
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    training_store = window.context.training_store()
    signed = training_store.get(record_id)
    assert signed.is_completed and signed.kind == "training"
    assert signed.completion is not None and signed.completion.practitioner_name == "Sam Trainer"
    assert marked_as_training(window)

    page = open_meeting(qtbot, window)
    assert marked_as_training(window)
    fill_meeting(qtbot, page)
    click(qtbot, child(page, "meeting-s47_decision-met"))
    type_into(qtbot, child(page, "meeting-s47_rationale"), "Fictional case: practice only.")

    def confirm(dialog: QDialog) -> None:
        click(qtbot, child(dialog, "confirm-sign-off"))

    when_dialog(confirm)
    click(qtbot, child(page, "meeting-sign-off"))
    record = training_store.get(record_id)
    assert record.meeting is not None and record.meeting.is_signed_off
    assert not verify_record(record).damaged
    assert TRAINING_MARK in render_html(record)
    assert window.context.store.summaries() == []  # nothing reached the real records
    assert window.context.store.setting("signer_name") != "Sam Trainer"
    assert window.export_action.isEnabled()  # the trainer can export or print it, marked

    window.go_home()
    QApplication.processEvents()
    assert not window.training_band.isVisible()
    assert not window.windowTitle().startswith("TRAINING")


def test_a_real_record_never_shows_the_training_band(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    start_button = window.home.findChild(QWidget, "start-safer-sleep")
    assert start_button is not None
    click(qtbot, start_button)
    assert window.checklist is not None
    click(qtbot, window.checklist.review_button)
    assert window.review is not None and window.stack.currentWidget() is window.review
    assert not window.training_band.isVisible()
    assert not window.windowTitle().startswith("TRAINING")
