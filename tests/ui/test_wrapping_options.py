"""A long option wraps onto more lines instead of widening the page, and is still one option:
a click on its words, or Space, ticks it, and a screen reader hears its whole text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from ui_driver import make_window, open_section_of, start

from cspr_desktop.ui.question_widgets import MultiWidget
from cspr_desktop.ui.wrapping_options import WrappingCheckBox


def test_a_long_option_wraps_and_stays_one_option(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "safer-sleep")
    widget = checklist.widgets["sedating_substances"]
    assert isinstance(widget, MultiWidget)
    open_section_of(qtbot, checklist, "sedating_substances")
    box = max(widget.boxes.values(), key=lambda b: len(b.text()))
    assert isinstance(box, WrappingCheckBox)
    for _ in range(3):
        QApplication.processEvents()
    wide = box.width()

    window.resize(1000, 820)  # a narrower window: the words wrap, the page does not widen
    for _ in range(3):
        QApplication.processEvents()
    page = checklist.pages[checklist.section_of["sedating_substances"]]
    assert not page.horizontalScrollBar().isVisible()
    assert box.width() < wide
    words = box.inner.itemAt(0).widget()
    assert isinstance(words, QLabel) and words.text() == box.text()
    lines = words.height() // words.fontMetrics().lineSpacing()
    assert lines >= 2, "the long option wraps"
    assert words.height() >= words.heightForWidth(words.width())  # every line shown
    assert words.geometry().right() < box.width()

    qtbot.mouseClick(box, Qt.MouseButton.LeftButton,
                     pos=QPoint(box.width() // 2, box.height() - 4))  # on the words
    assert box.isChecked()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert not box.isChecked()
    interface = QAccessible.queryAccessibleInterface(box)
    assert interface is not None
    assert interface.text(QAccessible.Text.Name).endswith(box.text())
    assert interface.role() == QAccessible.Role.CheckBox
