"""Enter presses the focused button on the window's screens, as Space does."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot
from ui_driver import answer, default_answer, make_window, start


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_on_continue_shows_the_next_section(qtbot: QtBot, tmp_path: Path,
                                                  key: Qt.Key) -> None:
    window = make_window(qtbot, tmp_path)
    page = start(qtbot, window, "bruising-non-mobile")
    first = page.pages[0]
    for question in first.section.questions:
        if question.id in page.session.evaluation.missing_required:
            answer(qtbot, page, question.id, default_answer(page.widgets[question.id]))
    first.forward.setFocus()
    assert QApplication.focusWidget() is first.forward
    qtbot.keyClick(first.forward, key)
    assert page.stack.currentIndex() == 1
    second = page.pages[1]
    second.back.setFocus()
    qtbot.keyClick(second.back, key)
    assert page.stack.currentIndex() == 0


def test_enter_on_start_opens_the_checklist(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    button = window.home.findChild(QPushButton, "start-safer-sleep")
    assert button is not None
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Return)
    assert window.checklist is not None
    assert window.stack.currentWidget() is window.checklist
