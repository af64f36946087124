"""Inputs for the meeting screen: labelled plain-text fields, and dates typed as text.

Dates are typed as in the checklist (`ui.date_input`: DD/MM/YYYY, with HH:MM for a time; ISO
is read too). A date that cannot be read is kept on screen with an inline error and saved as
"not given", so nothing the chair typed is silently changed; one that reads but looks wrong
(a meeting next year) is questioned in a note, and kept.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from cspr_desktop.core.rules.answers import MAX_TEXT
from cspr_desktop.ui.date_input import DateEdit
from cspr_desktop.ui.widgets import text_label

LINE_MAX = 500
# Each free-text field of the meeting holds at most as much as a free-text answer (20,000
# characters, see core.answers): far more than a meeting note needs, and a record with every
# field full still exports in seconds. The record format allows more, so older records open.
MAX_FIELD_TEXT = MAX_TEXT


def line_edit(name: str, max_length: int = LINE_MAX) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setMaxLength(max_length)
    return edit


def text_edit(name: str, lines: int = 4) -> QPlainTextEdit:
    """Several lines of plain text (never rich text); Tab moves on, as in a form.

    The box is `lines` lines of the current font high, so it follows the system font size;
    longer text scrolls inside it.
    """
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    frame = 2 * (edit.frameWidth() + int(edit.document().documentMargin())) + 4
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + frame)
    return edit


def full_text(editor: QWidget) -> str:
    """Everything a line or text editor holds."""
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    if isinstance(editor, QLineEdit):
        return editor.text()
    raise TypeError(type(editor))


def plain_text(editor: QWidget) -> str:
    """What a line or text editor holds, up to the limit of a meeting field: what is saved."""
    return full_text(editor)[:MAX_FIELD_TEXT]


def length_error(editor: QWidget) -> str:
    """The inline error for text over the limit ('' when within it)."""
    length = len(full_text(editor))
    if length <= MAX_FIELD_TEXT:
        return ""
    return (f"This is {length:,} characters long; the limit is {MAX_FIELD_TEXT:,}. Only the "
            f"first {MAX_FIELD_TEXT:,} are saved: shorten it before signing off.")


def set_plain_text(editor: QWidget, text: str) -> None:
    if isinstance(editor, QPlainTextEdit):
        editor.setPlainText(text)
    elif isinstance(editor, QLineEdit):
        editor.setText(text)


def set_editor_read_only(editor: QWidget, read_only: bool) -> None:
    """Text stays selectable and readable by screen readers; other inputs are disabled."""
    if isinstance(editor, QLineEdit | QPlainTextEdit):
        editor.setReadOnly(read_only)
    else:
        editor.setEnabled(not read_only)


class Field(QFrame):
    """A label (the editor's buddy and accessible name), an optional hint, an inline error."""

    def __init__(self, label: str, editor: QWidget, hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "question")
        self.editor = editor
        self.hint = hint
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 6)
        self.title = text_label(label, "h3")
        if editor.focusPolicy() != Qt.FocusPolicy.NoFocus:
            self.title.setBuddy(editor)
        layout.addWidget(self.title)
        if hint:
            layout.addWidget(text_label(hint, "secondary"))
        self.error_label = text_label("", "error")
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)
        layout.addWidget(editor)
        self.note_label = text_label("", "changed")  # a date questioned, not refused
        self.note_label.setVisible(False)
        layout.addWidget(self.note_label)
        if isinstance(editor, QLineEdit):  # a short answer gets a short box, left-aligned
            editor.setMaximumWidth(editor.fitting_width() if isinstance(editor, DateEdit)
                                   else 560)
        editor.setAccessibleName(label)
        editor.setAccessibleDescription(hint)

    def set_error(self, message: str) -> None:
        """Show or clear the inline error, beside the field and in its accessible description."""
        self.error_label.setText(f"Error: {message}" if message else "")
        self.error_label.setVisible(bool(message))
        self.setProperty("error", "true" if message else "false")
        self.style().unpolish(self)
        self.style().polish(self)
        self.editor.setAccessibleDescription(f"Error: {message} {self.hint}".strip()
                                             if message else self.hint)

    def set_note(self, message: str) -> None:
        """Show or clear a question about what was typed (it is kept either way); screen
        readers hear it in the input's description."""
        if message == self.note_label.text():
            return
        self.note_label.setText(message)
        self.note_label.setVisible(bool(message))
        if not self.error_label.isVisible():
            self.editor.setAccessibleDescription(" ".join(p for p in (message, self.hint) if p))
