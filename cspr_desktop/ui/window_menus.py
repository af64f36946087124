"""The main window's menus: File, View and Help, with shortcuts that are the same on every
platform (Ctrl+N, Ctrl+S, Ctrl+P, Ctrl+W, Ctrl+Q, F1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from cspr_desktop.ui.window_help import show_about, show_help, show_problems

if TYPE_CHECKING:
    from cspr_desktop.ui.main_window import MainWindow

_KEYS = QKeySequence.StandardKey
STANDARD_KEYS = {_KEYS.New: "Ctrl+N", _KEYS.Save: "Ctrl+S", _KEYS.Print: "Ctrl+P",
                 _KEYS.Close: "Ctrl+W", _KEYS.Quit: "Ctrl+Q"}


def add_action(window: MainWindow, menu_name: str, text: str, slot: Callable[[], object],
               shortcut: QKeySequence | QKeySequence.StandardKey | None = None) -> QAction:
    """An item on one of the window's menus; a standard key keeps every platform binding and
    always ours."""
    menu = window.menus[menu_name]
    action = QAction(text, window)
    if isinstance(shortcut, QKeySequence.StandardKey):
        # every platform binding (Close is Ctrl+F4 and Ctrl+W on Linux), and always ours
        bindings = QKeySequence.keyBindings(shortcut)
        ours = QKeySequence(STANDARD_KEYS[shortcut])
        action.setShortcuts(bindings if ours in bindings else [*bindings, ours])
    elif shortcut is not None:
        action.setShortcut(shortcut)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build_menus(window: MainWindow) -> None:
    """The items of File, View and Help, with their shortcuts (Training and locking add their
    own); the window made the menus' titles before it first showed."""
    keys = QKeySequence.StandardKey
    add_action(window, "file", "&New checklist…", window.go_home, keys.New)
    window.save_action = add_action(window, "file", "&Save", window.save_now, keys.Save)
    window.export_action = add_action(window, "file", "&Export record…",
                                      window.record_actions.export_record)
    window.print_action = add_action(window, "file", "&Print…",
                                     window.record_actions.print_record, keys.Print)
    window.import_action = add_action(window, "file", "&Import record…",
                                      window.record_actions.import_record)
    window.update_record_actions()
    add_action(window, "file", "&Close record", window.close_record, keys.Close)
    window.menus["file"].addSeparator()
    add_action(window, "file", "&Quit", window.close, keys.Quit)
    add_action(window, "view", "&Problems with rule files…", lambda: show_problems(window))
    _build_overlay_menu(window)
    add_action(window, "help", "&Help: using the app", lambda: show_help(window),
               QKeySequence(Qt.Key.Key_F1))
    add_action(window, "help", "&About cspr-desktop", lambda: show_about(window))


def _build_overlay_menu(window: MainWindow) -> None:
    menu = window.menus["view"].addMenu("&Local partnership")
    group = QActionGroup(window)
    overlays = window.context.registry.overlays
    choices = [("", "None (national guidance only)")] + [
        (name, overlays.partnership(name)) for name in sorted(overlays)]
    for name, label in choices:
        action = QAction(label, window, checkable=True)
        action.setChecked(name == window.context.overlay_name)
        action.triggered.connect(lambda _=False, n=name: _on_overlay_chosen(window, n))
        group.addAction(action)
        menu.addAction(action)


def _on_overlay_chosen(window: MainWindow, name: str) -> None:
    window.context.choose_overlay(name)
    window.statusBar().showMessage("Local partnership changed; it applies to checklists "
                                   "opened from now on.", 8000)
