"""Setting the passphrase that encrypts the records, and asking for it to unlock them.

Before a passphrase is set, the dialog says plainly what it protects and that a forgotten
passphrase cannot be recovered, and asks the user to confirm they understand. The unlock dialog
is used at start-up and on the lock screen; a wrong passphrase gets a message and another try.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.records.store_crypto import EncryptionError
from cspr_desktop.core.records.vault import FORGOTTEN, Vault, passphrase_problem

PROTECTS = ("A passphrase encrypts the records on this computer: every record and draft, the "
            "discussion records, the list of records and the training records. Without it, "
            "someone who copies the data folder, or takes the laptop, cannot read them. The "
            "app locks itself after a time without use, and at once with Ctrl+L.")


DIALOG_WIDTH = 520


def _label(text: str, role: str = "") -> QLabel:
    """A wrapping label; role 'bold' for headings and the warning, 'error' for problems."""
    label = QLabel(text)
    label.setWordWrap(True)
    if role == "bold":
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    elif role:
        label.setProperty("role", role)
    return label


def _secret(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name.replace("-", " ").capitalize())
    edit.setMaxLength(1024)
    return edit


def busy(work: Callable[[], str]) -> str:
    """Run slow work (the key derivation) with the wait cursor showing."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return work()
    finally:
        QGuiApplication.restoreOverrideCursor()


class SetPassphraseDialog(QDialog):
    """A new passphrase, typed twice, after the warning about forgetting it is acknowledged;
    with `change`, the current one first."""

    def __init__(self, first_run: bool = False, parent: QWidget | None = None,
                 change: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change the passphrase" if change else
                            "Protect records with a passphrase")
        self.setObjectName("set-passphrase-dialog")
        self.setMinimumWidth(DIALOG_WIDTH)
        layout = QVBoxLayout(self)
        if first_run:
            layout.addWidget(_label("Recommended: protect the records you keep in this app "
                                    "with a passphrase. You can also do this later, from the "
                                    "File menu.", "bold"))
        if not change:
            layout.addWidget(_label(PROTECTS))
        layout.addWidget(_label(f"Important: {FORGOTTEN}", "bold"))
        form = QFormLayout()
        self.current = _secret("current-passphrase")
        if change:
            form.addRow("&Current passphrase", self.current)
        self.passphrase = _secret("new-passphrase")
        self.confirm = _secret("confirm-passphrase")
        form.addRow("&New passphrase" if change else "&Passphrase", self.passphrase)
        form.addRow("&Type it again", self.confirm)
        layout.addLayout(form)
        self.understood = QCheckBox("I understand that if this passphrase is forgotten, the "
                                    "records cannot be recovered")
        self.understood.setObjectName("understood")
        layout.addWidget(self.understood)
        self.problem = _label("", "error")
        self.problem.setObjectName("passphrase-problem")
        self.problem.setVisible(False)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("Change passphrase" if change else "Encrypt records",
                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("encrypt-button")
        self.ok.setEnabled(False)
        cancel = buttons.addButton("Not now" if first_run else "Cancel",
                                   QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("not-now-button")
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        self.understood.toggled.connect(self.ok.setEnabled)
        layout.addWidget(buttons)
        (self.current if change else self.passphrase).setFocus()

    def _on_accept(self) -> None:
        problem = passphrase_problem(self.passphrase.text(), self.confirm.text())
        if problem:
            self.problem.setText(problem)
            self.problem.setVisible(True)
            self.adjustSize()
            self.confirm.clear()
            self.passphrase.setFocus()
            self.passphrase.selectAll()
            return
        self.accept()

    def value(self) -> str:
        return self.passphrase.text()

    def clear(self) -> None:
        """Forget what was typed (the dialog object may live on after it is closed)."""
        self.current.clear()
        self.passphrase.clear()
        self.confirm.clear()


class UnlockDialog(QDialog):
    """Asks for the passphrase until `try_unlock` accepts it (it returns '' or a message).

    On the lock screen the dialog cannot be closed except by unlocking or quitting the app.
    """

    def __init__(self, try_unlock: Callable[[str], str], locked: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._try_unlock = try_unlock
        self._locked = locked
        self.setWindowTitle("cspr-desktop is locked" if locked else "Unlock the records")
        self.setObjectName("unlock-dialog")
        self.setModal(True)
        self.setMinimumWidth(DIALOG_WIDTH)
        layout = QVBoxLayout(self)
        layout.addWidget(_label(
            "The records were locked to keep them private. Type the passphrase to carry on "
            "where you left off; nothing you typed has been lost." if locked else
            "The records in this data folder are encrypted. Type the passphrase to open them.",
            "bold"))
        form = QFormLayout()
        self.passphrase = _secret("passphrase")
        form.addRow("&Passphrase", self.passphrase)
        layout.addLayout(form)
        self.problem = _label("", "error")
        self.problem.setObjectName("unlock-problem")
        self.problem.setVisible(False)
        layout.addWidget(self.problem)
        layout.addWidget(_label("Forgotten it? The records cannot be opened without it, by "
                                "anyone. To keep working, start the app with another data "
                                "folder (--data-dir)."))
        buttons = QDialogButtonBox()
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setObjectName("unlock-button")
        self.unlock_button.setDefault(True)
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = buttons.addButton("Quit cspr-desktop",
                                             QDialogButtonBox.ButtonRole.RejectRole)
        self.quit_button.setObjectName("quit-button")
        buttons.accepted.connect(self._on_unlock)
        buttons.rejected.connect(self._quit)
        layout.addWidget(buttons)
        self.quit_requested = False
        self.passphrase.setFocus()

    def _on_unlock(self) -> None:
        problem = busy(lambda: self._try_unlock(self.passphrase.text()))
        self.passphrase.clear()
        if problem:
            self.problem.setText(problem)
            self.problem.setVisible(True)
            self.adjustSize()
            self.passphrase.setFocus()
            return
        self.accept()

    def _quit(self) -> None:
        self.quit_requested = True
        self.passphrase.clear()
        super().reject()

    def reject(self) -> None:
        """Escape does not dismiss the lock screen; it only quits at start-up."""
        if not self._locked:
            self._quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._locked and not self.quit_requested:
            event.ignore()
            return
        super().closeEvent(event)


def ask_to_unlock(vault: Vault) -> bool:
    """At start-up: ask until the passphrase opens the records (False if the user quits)."""
    def attempt(passphrase: str) -> str:
        try:
            vault.unlock(passphrase)
        except EncryptionError as exc:
            return str(exc)
        return ""

    dialog = UnlockDialog(attempt, locked=False)
    return bool(dialog.exec())
