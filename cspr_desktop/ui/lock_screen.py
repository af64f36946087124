"""Locking: the File menu's encryption actions, the idle timer and the lock screen.

Locking saves what is open, hides every screen and dialog behind a blank page, closes the stores
(SQLCipher wipes its copy of the key) and forgets the key. Unlocking asks for the passphrase,
opens the same stores again and shows the same screen, with the focus where it was; the pages
themselves are kept (hidden), so nothing typed is lost, not even in an open dialog.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.records.store import StoreError
from cspr_desktop.core.records.store_crypto import EncryptionError
from cspr_desktop.ui.passphrase_dialog import SetPassphraseDialog, UnlockDialog, busy

if TYPE_CHECKING:
    from cspr_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)
SETTING_LOCK_MINUTES = "lock_after_minutes"
SETTING_OFFERED = "encryption_offered"
DEFAULT_LOCK_MINUTES = 10
LOCK_MINUTES_RANGE = (1, 240)
LOCK_KEY = "Ctrl+L"
LOCKED_TITLE = "cspr-desktop — locked"
_T = QEvent.Type
USER_INPUT = frozenset({_T.KeyPress, _T.MouseButtonPress, _T.MouseMove, _T.Wheel,
                        _T.TouchBegin, _T.TabletPress})


class IdleTimer(QObject):
    """Calls `on_idle` once no key, click, wheel or pointer move has come for `seconds`.

    Input only notes the time (cheap: it passes through for every event); the single-shot timer
    checks that time when it fires and waits again for what is left.
    """

    def __init__(self, on_idle: Callable[[], None], clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_idle = on_idle
        self.clock = clock
        self.seconds = DEFAULT_LOCK_MINUTES * 60.0
        self.last_input = clock()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._check)

    def start(self, minutes: int) -> None:
        """Watch input (only while the timer runs: a plain store pays nothing for it)."""
        self.seconds = minutes * 60.0
        self.last_input = self.clock()
        self.timer.start(int(self.seconds * 1000))
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            app.installEventFilter(self)

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in USER_INPUT:
            self.last_input = self.clock()
        return False

    def _check(self) -> None:
        left = self.seconds - (self.clock() - self.last_input)
        if left <= 0:
            self.on_idle()
        else:
            self.timer.start(max(1000, int(left * 1000)))


class LockedPage(QWidget):
    """What the window shows while locked: no record content at all."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("locked-page")
        layout = QVBoxLayout(self)
        label = QLabel("cspr-desktop is locked.\nType the passphrase to carry on.")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)


class Locking(QObject):
    """The File menu's encryption and lock actions, the idle timer and lock/unlock."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.vault = window.context.vault
        self.is_locked = False
        self.unlock_dialog: UnlockDialog | None = None
        self.locked_page = LockedPage()
        window.stack.addWidget(self.locked_page)
        self._shown: QWidget | None = None
        self._focus: QWidget | None = None
        self._title = ""
        self._blanked: list[QWidget] = []
        self.idle = IdleTimer(self.lock, parent=self)
        self._add_actions()
        self._start_idle_timer()

    # -- menu --------------------------------------------------------------------------------
    def _add_actions(self) -> None:
        menu = self.window.menus["file"]
        quit_separator = [a for a in menu.actions() if a.isSeparator()][-1]

        def action(text: str, slot: Callable[[], object], shortcut: str = "") -> QAction:
            item = QAction(text, self.window)
            if shortcut:
                item.setShortcut(QKeySequence(shortcut))
            item.triggered.connect(slot)
            menu.insertAction(quit_separator, item)
            return item

        menu.insertSeparator(quit_separator)
        self.encrypt_action = action("&Encrypt records with a passphrase…", self.set_passphrase)
        self.lock_action = action("&Lock", self.lock, LOCK_KEY)
        self.minutes_action = action("Lock after &idle time…", self.choose_minutes)
        self.change_action = action("C&hange passphrase…", self.change_passphrase)
        self.update_actions()

    def update_actions(self) -> None:
        encrypted = self.vault.encrypted
        self.encrypt_action.setVisible(not encrypted)
        self.encrypt_action.setEnabled(self.vault.available)
        self.lock_action.setEnabled(encrypted)
        self.minutes_action.setEnabled(encrypted)
        self.change_action.setVisible(encrypted)
        tip = "" if encrypted else "Set a passphrase first (File → Encrypt records)."
        self.lock_action.setStatusTip(tip)

    def lock_minutes(self) -> int:
        try:
            value = int(self.window.context.store.setting(SETTING_LOCK_MINUTES, "0"))
        except (ValueError, StoreError):
            value = 0
        low, high = LOCK_MINUTES_RANGE
        return value if low <= value <= high else DEFAULT_LOCK_MINUTES

    def choose_minutes(self) -> None:
        low, high = LOCK_MINUTES_RANGE
        minutes, ok = QInputDialog.getInt(
            self.window, "Lock after idle time", "Lock the app after this many minutes "
            "without use:", self.lock_minutes(), low, high)
        if not ok:
            return
        try:
            self.window.context.store.set_setting(SETTING_LOCK_MINUTES, str(minutes))
        except StoreError as exc:
            self.window.show_problem("The setting was not saved", str(exc))
            return
        self._start_idle_timer()
        self.window.statusBar().showMessage(f"The app will lock after {minutes} minutes "
                                            "without use.", 8000)

    def _start_idle_timer(self) -> None:
        if self.vault.encrypted and not self.is_locked:
            self.idle.start(self.lock_minutes())
        else:
            self.idle.stop()

    # -- setting the passphrase ---------------------------------------------------------------
    def offer_on_first_run(self) -> None:
        """Once per data folder: recommend a passphrase (the user can say not now)."""
        store = self.window.context.store
        if self.vault.encrypted or not self.vault.available or store.setting(SETTING_OFFERED):
            return
        store.set_setting(SETTING_OFFERED, "yes")
        self.set_passphrase(first_run=True)

    def set_passphrase(self, first_run: bool = False) -> None:
        if self.vault.encrypted:
            return
        dialog = SetPassphraseDialog(first_run, self.window)
        if not dialog.exec():
            dialog.clear()
            return
        passphrase = dialog.value()
        dialog.clear()
        self.window.flush()
        context = self.window.context
        problem = busy(lambda: _problem_of(lambda: self.vault.enable(
            passphrase, context.open_stores())))
        self.update_actions()
        if problem:
            self.window.show_problem("The records were not encrypted", problem)
        else:
            log.info("Records encrypted with a passphrase")
            self.window.statusBar().showMessage(
                "The records are encrypted. Keep the passphrase safe: it cannot be "
                "recovered.", 15000)
        self._start_idle_timer()

    def change_passphrase(self) -> None:
        if not self.vault.encrypted or self.is_locked:
            return
        dialog = SetPassphraseDialog(parent=self.window, change=True)
        if not dialog.exec():
            dialog.clear()
            return
        old, new = dialog.current.text(), dialog.value()
        dialog.clear()
        self.window.flush()
        stores = self.window.context.open_stores()
        problem = busy(lambda: _problem_of(lambda: self.vault.change(old, new, stores)))
        if problem:
            self.window.show_problem("The passphrase was not changed", problem)
        else:
            log.info("Passphrase changed")
            self.window.statusBar().showMessage("The passphrase is changed. Use the new one "
                                                "from now on.", 15000)

    # -- lock and unlock -----------------------------------------------------------------------
    def lock(self) -> None:
        """Save, hide everything, close the stores and forget the key."""
        if self.is_locked or not self.vault.encrypted:
            return
        window = self.window
        self.is_locked = True
        self.idle.stop()
        self._focus = QApplication.focusWidget()
        self._shown = window.stack.currentWidget()
        self._title = window.windowTitle()
        self._blank_other_windows()
        window.stack.setCurrentWidget(self.locked_page)
        window.setWindowTitle(LOCKED_TITLE)
        window.menuBar().setEnabled(False)
        window.statusBar().clearMessage()
        window.flush()  # hidden first: a save problem is shown over the locked page
        self.vault.lock(window.context.open_stores())
        log.info("Locked")
        dialog = UnlockDialog(self._try_unlock, locked=True, parent=window)
        dialog.finished.connect(self._on_unlock_dialog_closed)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.unlock_dialog = dialog
        dialog.show()

    def _blank_other_windows(self) -> None:
        """Open dialogs stay open (what is typed in them is kept) but show nothing."""
        self._blanked = []
        for top in QApplication.topLevelWidgets():
            if top is self.window or not top.isVisible():
                continue
            for child in top.findChildren(QWidget, options=Qt.FindChildOption
                                          .FindDirectChildrenOnly):
                if child.isVisible():
                    child.setVisible(False)
                    self._blanked.append(child)

    def _try_unlock(self, passphrase: str) -> str:
        try:
            self.vault.unlock(passphrase, self.window.context.open_stores())
        except (EncryptionError, StoreError) as exc:
            return str(exc)
        return ""

    def _on_unlock_dialog_closed(self, result: int) -> None:
        dialog, self.unlock_dialog = self.unlock_dialog, None
        if dialog is not None and dialog.quit_requested:
            QApplication.quit()
            return
        if result:
            self._restore()

    def _restore(self) -> None:
        window = self.window
        for child in self._blanked:
            child.setVisible(True)
        self._blanked = []
        if self._shown is not None and window.stack.indexOf(self._shown) >= 0:
            window.stack.setCurrentWidget(self._shown)
        window.setWindowTitle(self._title)
        window.menuBar().setEnabled(True)
        self.is_locked = False
        if self._focus is not None and self._focus.isVisible():
            self._focus.setFocus()
        self._shown = self._focus = None
        log.info("Unlocked")
        self._start_idle_timer()


def _problem_of(work: Callable[[], object]) -> str:
    try:
        work()
    except (EncryptionError, StoreError) as exc:
        return str(exc)
    return ""
