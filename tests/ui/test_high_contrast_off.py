"""Turning high contrast off puts the usual look back at once: style sheet, palette, pixels."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from ui_driver import make_window, start

from cspr_desktop.ui.theme import STYLE_SHEET
from cspr_desktop.ui.training_presenter import reset_look

ROLES = (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button,
         QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
         QPalette.ColorRole.Highlight)


@pytest.fixture(autouse=True)
def _usual_look() -> Iterator[None]:
    yield
    reset_look()


def look(widget: QWidget) -> QImage:
    for _ in range(3):
        QApplication.processEvents()
    return widget.grab().toImage()


def colours(widget: QWidget) -> list[str]:
    return [widget.palette().color(role).name() for role in ROLES]


def differing_pixels(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    step = 4
    return sum(a.pixel(x, y) != b.pixel(x, y)
               for x in range(0, a.width(), step) for y in range(0, a.height(), step))


@pytest.mark.parametrize("screen", ["home", "checklist"])
def test_high_contrast_off_restores_the_usual_colours(qtbot: QtBot, tmp_path: Path,
                                                      screen: str) -> None:
    window = make_window(qtbot, tmp_path)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if screen == "checklist":
        start(qtbot, window, "bruising-non-mobile")
    window.menuBar().setFocus()  # no button shows its focus colour in either picture
    target = window.centralWidget()
    sheet, palette, before = app.styleSheet(), colours(target), look(target)
    assert sheet == STYLE_SHEET
    window.training.contrast_action.trigger()  # View → High contrast
    on = look(target)
    assert colours(target) != palette and app.styleSheet() != sheet
    assert differing_pixels(before, on) > 100  # high contrast did change the screen
    window.training.contrast_action.trigger()  # View → High contrast
    assert app.styleSheet() == sheet
    assert colours(target) == palette
    assert differing_pixels(before, look(target)) == 0
