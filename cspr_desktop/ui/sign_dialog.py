"""Complete and sign, and add an addendum: the two dialogs that write to a record for good."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.records.responses import MAX_COMMENT
from cspr_desktop.core.rules.answers import MAX_TEXT
from cspr_desktop.ui.widgets import text_label

#: SignDialog.exec() returns this when the signer chose to go back and add the responses.
RESPOND_FIRST = 2
MISSING_WIDTH = 560


def _line(name: str, value: str) -> QLineEdit:
    edit = QLineEdit(value)
    edit.setObjectName(name)
    edit.setMaxLength(200)
    edit.setAccessibleName(name.replace("-", " ").capitalize())
    return edit


class SignDialog(QDialog):
    """Name, role and agency (remembered), and the moment of signing, shown not typed.

    For a same-day or emergency record it first names each outcome still without a response
    (`missing`: title and what is missing) and offers to go back and add them (exec() returns
    RESPOND_FIRST); signing anyway records that none was given, with the reason typed here."""

    def __init__(self, name: str, role: str, agency: str, now: datetime,
                 parent: QWidget | None = None, *, level_words: str = "",
                 missing: list[tuple[str, str]] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Complete and sign")
        self.setObjectName("sign-dialog")
        layout = QVBoxLayout(self)
        intro = QLabel("Signing completes the record. After this its answers cannot be "
                       "changed; later information is added as a dated addendum.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.missing = list(missing or ())
        self.respond_button: QPushButton | None = None
        self.no_response_reason: QPlainTextEdit | None = None
        if self.missing:
            layout.addWidget(self._missing_box(level_words))
            # wide enough that the wrapped list of outcomes is laid out at its full height
            self.setMinimumWidth(min(MISSING_WIDTH, self.screen().availableGeometry().width()))
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
        self.sign_button = buttons.addButton(
            "Sign without the responses" if self.missing else "Sign",
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setObjectName("sign-button")
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if self.respond_button is not None:  # Enter goes back to the responses, not past them
            self.respond_button.setDefault(True)
            self.respond_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.sign_button.setDefault(True)
        first_empty = next((e for e in (self.name, self.role, self.agency) if not e.text()), None)
        (first_empty or self.sign_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def _missing_box(self, level_words: str) -> QWidget:
        """Which outcomes of this urgent record have no response yet, and the choice."""
        box = QFrame()
        box.setObjectName("missing-responses")
        box.setProperty("role", "banner")
        layout = QVBoxLayout(box)
        count = len(self.missing)
        which = "1 outcome has" if count == 1 else f"{count} outcomes have"
        level = f" ({level_words})" if level_words else ""
        heading = text_label(f"This is an urgent record{level}, and {which} no response yet",
                             "h3")
        heading.setObjectName("missing-responses-heading")
        layout.addWidget(heading)
        names = "\n".join(f"• {title} — needs {what}" for title, what in self.missing)
        listing = text_label(names, selectable=True)
        listing.setObjectName("missing-responses-list")
        layout.addWidget(listing)
        layout.addWidget(text_label(
            "Say for each whether it is done, you will do it, or it is not followed and why. "
            "You can sign without them: the record will then say, for each, that no response "
            "was given, with your reason below."))
        self.respond_button = QPushButton("Go back and add the responses")
        self.respond_button.setObjectName("respond-first")
        self.respond_button.clicked.connect(lambda: self.done(RESPOND_FIRST))
        layout.addWidget(self.respond_button, alignment=Qt.AlignmentFlag.AlignLeft)
        label = QLabel("If you sign without them, &why? (optional)")
        self.no_response_reason = QPlainTextEdit()
        self.no_response_reason.setObjectName("no-response-reason")
        self.no_response_reason.setAccessibleName("Why you are signing without the responses")
        self.no_response_reason.setTabChangesFocus(True)
        self.no_response_reason.setFixedHeight(
            self.no_response_reason.fontMetrics().lineSpacing() * 3 + 12)
        label.setBuddy(self.no_response_reason)
        layout.addWidget(label)
        layout.addWidget(self.no_response_reason)
        box.setAccessibleName(heading.text())
        box.setAccessibleDescription(names)
        self.setAccessibleDescription(f"{heading.text()}:\n{names}")  # read as it opens
        return box

    def no_response_words(self) -> str:
        """The reason typed for signing without the responses ('' if none)."""
        if self.no_response_reason is None:
            return ""
        return self.no_response_reason.toPlainText().strip()[:MAX_COMMENT]

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
