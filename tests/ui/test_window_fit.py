"""The window opens inside the screen's free area, fits a 1280x720 screen, and reopens at the
size and maximised state it was left in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot
from ui_driver import REPO, click

from cspr_desktop.core.context import AppContext
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.rules.registry import load_registry
from cspr_desktop.ui import window_place
from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.theme import STYLE_SHEET

NOW = datetime(2026, 3, 2, 10, 15)


def open_window(qtbot: QtBot, data: Path) -> MainWindow:
    """The window as the app opens it: no resizing by the test."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(STYLE_SHEET)
    store = Store(data / "records.sqlite")
    context = AppContext(registry=load_registry(REPO / "rules", NOW.date()), store=store,
                         clock=lambda: NOW, data_dir=data, log_file=data / "log.txt",
                         app_version="test")
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    return window


def global_rect(widget: QPushButton) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


@pytest.fixture
def laptop_screen(monkeypatch: pytest.MonkeyPatch) -> QRect:
    free = QRect(0, 0, 1280, 720)
    monkeypatch.setattr(window_place, "available_geometry", lambda _window: free)
    return free


def test_the_window_and_continue_fit_a_1280x720_screen(qtbot: QtBot, tmp_path: Path,
                                                       laptop_screen: QRect) -> None:
    window = open_window(qtbot, tmp_path)
    assert laptop_screen.contains(window.frameGeometry()), window.frameGeometry()
    assert window.geometry().top() >= window_place.TITLE_BAR_ALLOWANCE  # room for a title bar
    start = window.home.findChild(QPushButton, "start-bruising-non-mobile")
    assert start is not None and laptop_screen.contains(global_rect(start))
    click(qtbot, start)
    assert window.checklist is not None
    section = window.checklist.stack.currentWidget()
    forward = section.forward
    section.ensureWidgetVisible(forward)  # the section scrolls; the window never runs off
    QApplication.processEvents()
    assert forward.isVisible()
    assert laptop_screen.contains(global_rect(forward)), (global_rect(forward), laptop_screen)
    assert section.viewport().rect().contains(
        QRect(forward.mapTo(section.viewport(), forward.rect().topLeft()), forward.size()))


def test_the_window_reopens_at_its_last_size_and_maximised(qtbot: QtBot, tmp_path: Path,
                                                           laptop_screen: QRect) -> None:
    window = open_window(qtbot, tmp_path)
    window.resize(1000, 600)
    QApplication.processEvents()
    window.close()
    again = open_window(qtbot, tmp_path)
    assert (again.width(), again.height()) == (1000, 600)
    again.showMaximized()
    QApplication.processEvents()
    again.close()
    third = open_window(qtbot, tmp_path)
    assert third.isMaximized()


def test_a_remembered_size_larger_than_the_screen_is_shrunk_to_fit(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(window_place, "available_geometry", lambda _w: QRect(0, 0, 1920, 1080))
    window = open_window(qtbot, tmp_path)
    window.resize(1800, 1000)
    window.close()
    small = QRect(0, 0, 1280, 720)
    monkeypatch.setattr(window_place, "available_geometry", lambda _w: small)
    again = open_window(qtbot, tmp_path)
    assert small.contains(again.frameGeometry())
    assert again.height() <= 720 - window_place.TITLE_BAR_ALLOWANCE
