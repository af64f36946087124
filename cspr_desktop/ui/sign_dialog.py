"""Complete and sign, and add an addendum: the two dialogs that write to a record for good."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.answers import MAX_TEXT
from cspr_desktop.ui.widgets import text_label


def _line(name: str, value: str) -> QLineEdit:
    edit = QLineEdit(value)
    edit.setObjectName(name)
    edit.setMaxLength(200)
    edit.setAccessibleName(name.replace("-", " ").capitalize())
    return edit


class SignDialog(QDialog):
    """Name, role and agency (remembered), and the moment of signing, shown not typed."""

    def __init__(self, name: str, role: str, agency: str, now: datetime,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Complete and sign")
        self.setObjectName("sign-dialog")
        layout = QVBoxLayout(self)
        intro = QLabel("Signing completes the record. After this its answers cannot be "
                       "changed; later information is added as a dated addendum.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = _line("practitioner-name", name)
        self.role = _line("practitioner-role", role)
        self.agency = _line("practitioner-agency", agency)
        form.addRow("Your &name", self.name)
        form.addRow("Your &role", self.role)
        form.addRow("Your &agency", self.agency)
        form.addRow("Date and time", QLabel(f"{now:%d %B %Y, %H:%M}"))
        layout.addLayout(form)
        self.error = QLabel("")
        self.error.setProperty("role", "error")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_button = buttons.addButton("Sign", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setObjectName("sign-button")
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.sign_button.setDefault(True)
        first_empty = next((e for e in (self.name, self.role, self.agency) if not e.text()), None)
        (first_empty or self.sign_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> tuple[str, str, str]:
        return self.name.text().strip(), self.role.text().strip(), self.agency.text().strip()

    def _on_accept(self) -> None:
        missing = [label for label, value in zip(("name", "role", "agency"), self.values(),
                                                  strict=True) if not value]
        if missing:
            self.error.setText("Error: enter your " + " and ".join(missing) + " to sign.")
            self.error.setVisible(True)
            first = {"name": self.name, "role": self.role, "agency": self.agency}[missing[0]]
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.accept()


class AddendumDialog(QDialog):
    """A dated addition to a completed record, by a named author."""

    def __init__(self, author: str, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add an addendum")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.author = _line("addendum-author", author)
        self.role = _line("addendum-role", role)
        self.text = QPlainTextEdit()
        self.text.setObjectName("addendum-text")
        self.text.setAccessibleName("Addendum text")
        self.text.setTabChangesFocus(True)
        form.addRow("&Author", self.author)
        form.addRow("&Role", self.role)
        form.addRow("&Text", self.text)
        layout.addLayout(form)
        self.error = text_label("", "error")
        self.error.setObjectName("addendum-error")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _on_accept(self) -> None:
        """Accept a complete addendum within the length limit; else say what is wrong and keep
        the text as typed."""
        length = len(self.text.toPlainText())
        if length > MAX_TEXT:
            self._say(f"The addendum is {length:,} characters long; the limit is {MAX_TEXT:,}. "
                      "Shorten it, or add the rest as a second addendum.")
        elif self.author.text().strip() and self.text.toPlainText().strip():
            self.accept()
        else:
            self.text.setPlaceholderText("Enter the author and the text of the addendum.")
            self._say("Enter the author and the text of the addendum.")

    def _say(self, message: str) -> None:
        self.error.setText(f"Error: {message}")
        self.error.setVisible(True)
        self.text.setAccessibleDescription(f"Error: {message}")
