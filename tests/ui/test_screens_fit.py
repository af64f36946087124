"""Every page is usable on a small laptop: at 1366x768 with text at 150% (the system's, or
the trainer's presenter zoom), and at 1280x720.

Each page (home, every section of each checklist, check your answers, the meeting with rows in
its tables) is built in a window placed as the app places it on such a screen, with the
enlarged font. No page may scroll sideways, no option or button may be cut short, and the
buttons that move a person on (Continue, Check your answers, Complete and sign, Sign off the
meeting) must come into view inside the window and the screen when scrolled to.

Set CSPR_SHOTS_DIR to a folder to keep a picture of each page.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QWidget,
)
from pytestqt.qtbot import QtBot
from ui_driver import (
    REPO,
    answer,
    answer_missing_required,
    click,
    open_meeting,
    sign,
    start,
)

from cspr_desktop.core.context import AppContext
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.rules.registry import load_registry
from cspr_desktop.ui import window_place
from cspr_desktop.ui.bodymap_widget import BodyMapWidget
from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.theme import STYLE_SHEET
from cspr_desktop.ui.training_presenter import apply_look, reset_look

NOW = datetime(2026, 3, 2, 10, 15)
SCREENS = {"1366x768-text150": (QRect(0, 0, 1366, 768), 1.5, False),
           "1280x720": (QRect(0, 0, 1280, 720), 1.0, False),
           "1366x768-presenter150": (QRect(0, 0, 1366, 768), 1.5, True)}
PACKS = ("bruising-non-mobile", "extra-familial-harm", "safer-sleep")


@pytest.fixture(params=list(SCREENS))
def screen(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
           ) -> Iterator[tuple[str, QRect, float]]:
    """A laptop's free screen area, and the app's text enlarged as the system would (or by
    the trainer's presenter zoom, View → Zoom in)."""
    name = request.param
    free, scale, presenter = SCREENS[name]
    monkeypatch.setattr(window_place, "available_geometry", lambda _window: free)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    normal = QFont(app.font())
    if not presenter:
        bigger = QFont(normal)
        bigger.setPointSizeF(normal.pointSizeF() * scale)
        app.setFont(bigger)
    yield name, free, scale if presenter else 1.0
    if presenter:
        reset_look()
    app.setFont(normal)


def open_window(qtbot: QtBot, data: Path, zoom: float) -> MainWindow:
    """The window as the app opens it on this screen (placed by ui.window_place), with the
    presenter zoom put into effect as View → Zoom in does, for the whole app."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(STYLE_SHEET)
    context = AppContext(registry=load_registry(REPO / "rules", NOW.date()),
                         store=Store(data / "records.sqlite"), clock=lambda: NOW,
                         data_dir=data, log_file=data / "log.txt", app_version="test")
    window = MainWindow(context)
    if zoom != 1.0:
        apply_look(zoom, False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    return window


def in_body_map(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, BodyMapWidget):
            return True
        parent = parent.parentWidget()
    return False


def problems(page: QWidget) -> list[str]:
    """Sideways scrolling, and options, buttons or one-line labels cut short, on `page`."""
    for _ in range(3):  # a text just changed (e.g. Saving… to Saved) is laid out again
        QApplication.processEvents()
    found = []
    areas = [page] if isinstance(page, QAbstractScrollArea) else []
    areas += page.findChildren(QAbstractScrollArea)
    for area in areas:
        if area.isVisible() and area.horizontalScrollBar().isVisible():
            found.append(f"scrolls sideways: {area.objectName() or type(area).__name__}")
    for widget in page.findChildren(QWidget):
        if (isinstance(widget, QLineEdit) and widget.isVisible() and not widget.text()
                and widget.placeholderText()):  # the shape to type in, shown whole
            room = widget.style().subElementRect(
                QStyle.SubElement.SE_LineEditContents, None, widget).width() or widget.width()
            needed = widget.fontMetrics().horizontalAdvance(widget.placeholderText())
            if room < needed:
                found.append(f"shape cut short: {widget.placeholderText()!r} {room}<{needed}")
        if not widget.isVisible() or not isinstance(widget, QAbstractButton | QLabel):
            continue
        text = widget.text()[:40]
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue
        if widget.hasHeightForWidth() and widget.height() < widget.heightForWidth(
                widget.width()) - 1:
            found.append(f"cut short (height): {text!r}")
        elif widget.width() < widget.minimumSizeHint().width() - 1:
            found.append(f"cut short (width): {text!r} {widget.width()}<"
                         f"{widget.minimumSizeHint().width()}")
    return found


def reachable(qtbot: QtBot, window: MainWindow, free: QRect, button: QWidget) -> None:
    """Scrolled to, the button is shown whole inside its scroll area, the window and the
    screen."""
    area = button.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if area is not None:
        area.ensureWidgetVisible(button)
    QApplication.processEvents()
    assert button.isVisible(), button.objectName()
    corner = button.mapToGlobal(QPoint(0, 0))
    rect = QRect(corner, button.size())
    assert window.geometry().contains(rect), (button.objectName(), rect, window.geometry())
    assert free.contains(rect), (button.objectName(), rect, free)
    if area is not None:
        view = area.viewport()
        shown = QRect(button.mapTo(view, QPoint(0, 0)), button.size())
        assert view.rect().contains(shown), (button.objectName(), shown, view.rect())


def keep_picture(window: MainWindow, screen_name: str, page: str,
                 whole: QScrollArea | None = None) -> None:
    """The window as shown, and (for a long page) the whole page as if scrolled through."""
    folder = os.environ.get("CSPR_SHOTS_DIR")
    if folder:
        window.grab().save(str(Path(folder) / f"{screen_name}-{page}.png"))
        content = whole.widget() if whole is not None else None
        if content is not None:
            content.grab().save(str(Path(folder) / f"{screen_name}-{page}-whole.png"))


def test_every_page_fits_a_small_laptop_screen(qtbot: QtBot, tmp_path: Path,
                                               screen: tuple[str, QRect, float]) -> None:
    name, free, zoom = screen
    window = open_window(qtbot, tmp_path, zoom)
    assert free.contains(window.frameGeometry()), (window.frameGeometry(), free)
    assert window.minimumSizeHint().width() <= free.width()
    assert window.minimumSizeHint().height() <= free.height()
    seen: dict[str, list[str]] = {"home": problems(window.home)}
    keep_picture(window, name, "home")
    for button in window.home.findChildren(QPushButton):
        if button.objectName().startswith("start-"):
            reachable(qtbot, window, free, button)

    for pack in PACKS:
        checklist = start(qtbot, window, pack)
        answer_missing_required(qtbot, checklist)  # so questions shown by answers are there
        if pack == "bruising-non-mobile":
            answer(qtbot, checklist, "injury_types", ["bruise", "other"])
        reachable(qtbot, window, free, checklist.review_button)
        for index, page in enumerate(checklist.pages):
            checklist.go_to_section(index)
            seen[f"{pack} section {index + 1}"] = problems(checklist)
            keep_picture(window, name, f"{pack}-section{index + 1}")
            reachable(qtbot, window, free, page.forward)  # Continue / Check your answers
        if pack != PACKS[0]:
            continue
        click(qtbot, checklist.review_button)
        assert window.review is not None
        seen["check your answers"] = problems(window.review)
        keep_picture(window, name, "review", window.review)
        sign_button = window.review.findChild(QPushButton, "complete-sign")
        assert sign_button is not None
        reachable(qtbot, window, free, sign_button)
        sign(qtbot, window)
        window.activateWindow()
        meeting = open_meeting(qtbot, window)
        for table in ("attendees", "information_shared", "actions"):
            add = meeting.findChild(QPushButton, f"{table}-add")
            assert add is not None
            click(qtbot, add)
        seen["meeting"] = problems(meeting)
        keep_picture(window, name, "meeting", meeting)
        sign_off = meeting.findChild(QPushButton, "meeting-sign-off")
        assert sign_off is not None
        reachable(qtbot, window, free, sign_off)
        window.go_home()

    assert {page: found for page, found in seen.items() if found} == {}
