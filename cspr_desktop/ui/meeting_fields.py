"""Inputs for the meeting screen: labelled plain-text fields, and dates typed as text.

Dates are typed like the checklist's date fields (YYYY-MM-DD, with HH:MM for a time); the
British DD/MM/YYYY is read too. A date that cannot be read is kept on screen with an inline
error and saved as "not given", so nothing the chair typed is silently changed.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from cspr_desktop.core.answers import MAX_TEXT
from cspr_desktop.ui.widgets import text_label

DATE_EXAMPLE = "YYYY-MM-DD, for example 2026-03-02"
DATETIME_EXAMPLE = "YYYY-MM-DD HH:MM, for example 2026-03-02 14:30"
LINE_MAX = 500
# Each free-text field of the meeting holds at most as much as a free-text answer (20,000
# characters, see core.answers): far more than a meeting note needs, and a record with every
# field full still exports in seconds. The record format allows more, so older records open.
MAX_FIELD_TEXT = MAX_TEXT


def parse_when(text: str, with_time: bool) -> date | datetime | None:
    """The date (or date and time) typed, None when empty; ValueError says how to type it."""
    text = " ".join(text.split())
    if not text:
        return None
    parsed = _read(text)
    if parsed is None or (with_time and parsed[1] is False):
        raise ValueError(f"Enter the {'date and time' if with_time else 'date'} as "
                         f"{DATETIME_EXAMPLE if with_time else DATE_EXAMPLE}.")
    moment = parsed[0]
    return moment if with_time else moment.date()


FORMATS = (  # (shape the text must have, how to read it, whether it holds a time)
    (r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}", "%Y-%m-%d %H:%M", True),
    (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d", False),
    (r"\d{1,2}/\d{1,2}/\d{4} \d{2}:\d{2}", "%d/%m/%Y %H:%M", True),
    (r"\d{1,2}/\d{1,2}/\d{4}", "%d/%m/%Y", False),
)


def _read(text: str) -> tuple[datetime, bool] | None:
    """The moment and whether a time was given, from ISO or DD/MM/YYYY [HH:MM] text."""
    for shape, pattern, has_time in FORMATS:
        if re.fullmatch(shape, text, flags=re.ASCII):
            try:
                return datetime.strptime(text.replace("T", " "), pattern), has_time
            except ValueError:  # the right shape but no such day, e.g. 2026-02-30
                return None
    return None


class DateEdit(QLineEdit):
    """A date (or date and time) typed as text; `value()` raises ValueError while unreadable."""

    def __init__(self, name: str, with_time: bool) -> None:
        super().__init__()
        self.with_time = with_time
        self.setObjectName(name)
        self.setMaxLength(40)
        self.setPlaceholderText(DATETIME_EXAMPLE if with_time else DATE_EXAMPLE)

    def value(self) -> date | datetime | None:
        return parse_when(self.text(), self.with_time)

    def error(self) -> str:
        """The inline error for what is typed now ('' when it reads, or is empty)."""
        try:
            self.value()
        except ValueError as exc:
            return str(exc)
        return ""

    def set_value(self, value: date | datetime | None) -> None:
        if value is None:
            self.setText("")
        elif isinstance(value, datetime):
            self.setText(f"{value:%Y-%m-%d %H:%M}")
        else:
            self.setText(f"{value:%Y-%m-%d}")


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
        if isinstance(editor, QLineEdit):  # a short answer gets a short box, left-aligned
            editor.setMaximumWidth(360 if isinstance(editor, DateEdit) else 560)
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
