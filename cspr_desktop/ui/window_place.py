"""Where the main window opens: inside the screen's free area, at its last size.

A fixed 1280x820 window is taller than a 1366x768 laptop's free area, which puts Continue off
the bottom of the screen. So the window is sized to what the screen offers (less room for the
title bar), and the size and maximised state the user left it in are remembered in the store's
settings and put back, clamped to the screen it opens on.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from cspr_desktop.core.records.store import Store, StoreError

PREFERRED = QSize(1280, 820)
# the window manager's title bar and borders sit outside the window's geometry
TITLE_BAR_ALLOWANCE, BORDER_ALLOWANCE = 32, 8
SETTING_GEOMETRY = "window_geometry"
SETTING_MAXIMISED = "window_maximised"


def available_geometry(window: QWidget) -> QRect:
    """The free area (screen less task bars) of the screen the window is on."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def fit(rect: QRect, free: QRect) -> QRect:
    """`rect` moved and shrunk until it, with a title bar and borders, lies inside `free`."""
    room = free.adjusted(BORDER_ALLOWANCE, TITLE_BAR_ALLOWANCE, -BORDER_ALLOWANCE,
                         -BORDER_ALLOWANCE)
    width, height = min(rect.width(), room.width()), min(rect.height(), room.height())
    left = max(room.left(), min(rect.left(), room.right() + 1 - width))
    top = max(room.top(), min(rect.top(), room.bottom() + 1 - height))
    return QRect(left, top, width, height)


def saved_rect(text: str) -> QRect | None:
    """The rectangle remembered as 'x,y,width,height', or None for nothing usable."""
    try:
        x, y, width, height = (int(part) for part in text.split(","))
    except ValueError:
        return None
    return QRect(x, y, width, height) if width > 0 and height > 0 else None


def place_window(window: QWidget, store: Store) -> None:
    """Size and place the window before it is shown: its remembered size, or the preferred
    one, centred; always inside the free area; maximised again if it was left maximised."""
    free = available_geometry(window)
    wanted = saved_rect(store.setting(SETTING_GEOMETRY))
    if wanted is None:
        wanted = QRect(0, 0, PREFERRED.width(), PREFERRED.height())
        wanted.moveCenter(free.center())
    placed = fit(wanted, free)
    window.setGeometry(placed)
    if store.setting(SETTING_MAXIMISED) == "yes":
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def remember_window(window: QWidget, store: Store) -> None:
    """Remember the window's size and maximised state (on closing); a store that cannot
    be written is no reason to stop the window closing."""
    try:
        normal = window.normalGeometry()  # the size it goes back to when unmaximised
        store.set_setting(SETTING_GEOMETRY, f"{normal.x()},{normal.y()},{normal.width()},"
                          f"{normal.height()}")
        store.set_setting(SETTING_MAXIMISED, "yes" if window.isMaximized() else "no")
    except StoreError:
        pass
