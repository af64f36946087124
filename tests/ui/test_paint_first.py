"""The app's window paints its home screen first, with every menu title already on the bar,
and makes the menus' items, locking and training in the turn after that first paint."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_driver import FIXED_NOW

from cspr_desktop.core.demo_record import demo_context
from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.theme import STYLE_SHEET


class PaintLog(QObject):
    """Notes, in order, each paint of the window and the moment it was started."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.events: list[str] = []
        window.installEventFilter(self)
        window.started.connect(lambda: self.events.append("started"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.events.append("paint")
        return False


def test_the_home_screen_paints_before_the_rest_of_the_window_is_made(
        qtbot: QtBot, tmp_path: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(STYLE_SHEET)
    window = MainWindow(demo_context(tmp_path, FIXED_NOW, app_version="test"), paint_first=True)
    qtbot.addWidget(window)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&File", "&View", "&Training", "&Help"]
    assert all(not menu.actions() for menu in window.menus.values())  # items come later
    log = PaintLog(window)
    with qtbot.waitSignal(window.started, timeout=5000):
        window.show()
    assert log.events[:2] == ["paint", "started"]
    assert [action.text() for action in window.menuBar().actions()] == titles
    assert window.menus["file"].actions() and window.menus["training"].actions()
    assert window.locking is not None and window.training is not None


def test_start_makes_the_rest_of_the_window_if_it_comes_first(qtbot: QtBot,
                                                              tmp_path: Path) -> None:
    window = MainWindow(demo_context(tmp_path, FIXED_NOW, app_version="test"), paint_first=True)
    qtbot.addWidget(window)
    window.start_checklist("bruising-non-mobile")  # before the window ever painted
    assert window.checklist is not None and window.export_action is not None
