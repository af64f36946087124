"""An editable table of rows for the meeting screen: attendees, information shared, actions.

Each row is a line of real inputs (each with an accessible name such as "Attendee 2: Agency")
and a Remove button; "Add" appends a row and moves focus into it. The rows on screen are the
only copy of the state: the page reads them back into the Meeting after every change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.ui.date_input import DateEdit
from cspr_desktop.ui.meeting_fields import (
    length_error,
    line_edit,
    plain_text,
    set_editor_read_only,
    set_plain_text,
    text_edit,
)
from cspr_desktop.ui.widgets import text_label

Kind = Literal["line", "text", "choice", "date", "check"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: Kind = "line"
    choices: tuple[tuple[str, str], ...] = ()
    stretch: int = 2
    required: bool = False


@dataclass
class _Row:
    editors: list[QWidget]
    remove: QPushButton


class RowTable(QWidget):
    """Rows of inputs under column headings, with Add and per-row Remove buttons."""

    changed = Signal()
    rows_changed = Signal()  # a row was added or removed: the page re-chains the tab order

    def __init__(self, key: str, noun: str, columns: list[Column], add_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.noun = noun
        self.columns = columns
        self.read_only = False
        self.setObjectName(f"table-{key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        layout.addLayout(self.grid)
        self.empty_note = text_label(f"No {noun}s yet.", "secondary")
        layout.addWidget(self.empty_note)
        self.error_label = text_label("", "error")
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(add_text)
        self.add_button.setObjectName(f"{key}-add")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.headers = [text_label("" if c.kind == "check" else c.label, "secondary", wrap=False)
                        for c in columns]
        self.rows: list[_Row] = []
        for index, column in enumerate(columns):
            self.grid.setColumnStretch(index, column.stretch)
        self._relayout()

    # -- rows --------------------------------------------------------------------------------
    def _editor(self, column: Column) -> QWidget:
        editor: QWidget
        if column.kind == "text":
            editor = text_edit("", lines=3)
            editor.textChanged.connect(self.changed)
        elif column.kind == "choice":
            combo = QComboBox()
            for choice_id, label in column.choices:
                combo.addItem(label, choice_id)
            combo.currentIndexChanged.connect(self.changed)
            editor = combo
        elif column.kind == "check":
            check = QCheckBox(column.label)
            check.toggled.connect(self.changed)
            editor = check
        elif column.kind == "date":
            dated = DateEdit("", with_time=False)
            dated.setPlaceholderText("DD/MM/YYYY")
            dated.setMinimumWidth(dated.fitting_width())  # the example shows whole
            dated.textEdited.connect(self._on_date_edited)
            dated.editingFinished.connect(self.show_errors)
            editor = dated
        else:
            line = line_edit("", 200)
            line.textEdited.connect(self.changed)
            editor = line
        return editor

    def add_row(self, values: dict[str, Any] | None = None, focus: bool = False,
                announce: bool = True) -> None:
        """Append a row (filled from `values`), and move focus into it when asked."""
        editors = [self._editor(c) for c in self.columns]
        remove = QPushButton("Remove", self)
        row = _Row(editors, remove)
        remove.clicked.connect(lambda: self.remove_row(self.rows.index(row)))
        self.rows.append(row)
        if values:
            self._fill(row, values)
        self._relayout()
        if focus:
            editors[0].setFocus(Qt.FocusReason.OtherFocusReason)
        if announce:
            self.changed.emit()

    def remove_row(self, index: int) -> None:
        """Remove a row; focus goes to the row that took its place, or to Add."""
        self._discard(self.rows.pop(index))
        self._relayout()
        if index < len(self.rows):
            self.rows[index].editors[0].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.show_errors()
        self.changed.emit()

    def _discard(self, row: _Row) -> None:
        for widget in (*row.editors, row.remove):
            self.grid.removeWidget(widget)
            widget.hide()
            widget.setObjectName("")  # gone at once, though Qt deletes it a moment later
            widget.deleteLater()

    def _relayout(self) -> None:
        """Place headers and rows in the grid, and name every input by row and column."""
        for index, header in enumerate(self.headers):
            self.grid.addWidget(header, 0, index)
            header.setVisible(bool(self.rows))
        for number, row in enumerate(self.rows, start=1):
            for index, (column, editor) in enumerate(zip(self.columns, row.editors,
                                                         strict=True)):
                editor.setObjectName(f"{self.key}-{number}-{column.key}")
                editor.setAccessibleName(f"{self.noun.capitalize()} {number}: {column.label}")
                self.grid.addWidget(editor, number, index, Qt.AlignmentFlag.AlignTop)
                editor.setVisible(True)  # shown now, so focus can move into a new row
            row.remove.setObjectName(f"{self.key}-{number}-remove")
            row.remove.setAccessibleName(f"Remove {self.noun} {number}")
            self.grid.addWidget(row.remove, number, len(self.columns), Qt.AlignmentFlag.AlignTop)
            row.remove.setVisible(not self.read_only)  # after it has a parent: never a window
            for editor in row.editors:
                set_editor_read_only(editor, self.read_only)
        self.empty_note.setVisible(not self.rows)
        self.rows_changed.emit()

    # -- values ------------------------------------------------------------------------------
    def _fill(self, row: _Row, values: dict[str, Any]) -> None:
        for column, editor in zip(self.columns, row.editors, strict=True):
            value = values.get(column.key)
            editor.blockSignals(True)
            if isinstance(editor, QComboBox):
                found = editor.findData(value)
                editor.setCurrentIndex(max(found, 0))
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, DateEdit):
                editor.set_value(value if isinstance(value, date) else None)
            else:
                set_plain_text(editor, str(value or ""))
            editor.blockSignals(False)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """Replace every row with these values, without reporting a change."""
        while self.rows:
            self._discard(self.rows.pop())
        for values in rows:
            self.add_row(values, announce=False)

    def values(self) -> list[dict[str, Any]]:
        """Every row that holds something, as field values (an unreadable date is None)."""
        found = []
        for row in self.rows:
            if not any(_has_content(editor) for editor in row.editors):
                continue
            found.append({c.key: _value(e) for c, e in zip(self.columns, row.editors,
                                                           strict=True)})
        return found

    def errors(self) -> list[tuple[QWidget, str]]:
        """Each input that stops sign-off: an unreadable date, a required cell left empty,
        text over the limit."""
        problems: list[tuple[QWidget, str]] = []
        for number, row in enumerate(self.rows, start=1):
            if not any(_has_content(editor) for editor in row.editors):
                continue
            for column, editor in zip(self.columns, row.editors, strict=True):
                where = f"{self.noun.capitalize()} {number}"
                too_long = (length_error(editor) if isinstance(editor, QLineEdit | QPlainTextEdit)
                            else "")
                if isinstance(editor, DateEdit) and editor.error():
                    problems.append((editor, f"{where}: {editor.error()}"))
                elif column.required and not _has_content(editor):
                    problems.append((editor, f"{where}: enter the {column.label.lower()}."))
                elif too_long:
                    problems.append((editor, f"{where}, {column.label.lower()}: {too_long}"))
        return problems

    def show_errors(self) -> None:
        """Show unreadable dates and over-long text under the table, and in each input's
        accessible description."""
        bad = [(editor, message) for editor, message in self.errors()
               if isinstance(editor, DateEdit) or "characters long" in message]
        for row in self.rows:
            for editor in row.editors:
                editor.setAccessibleDescription("")
        for editor, message in bad:
            editor.setAccessibleDescription(f"Error: {message}")
        doubts = [f"{self.noun.capitalize()} {number}: {editor.doubt()}"
                  for number, row in enumerate(self.rows, start=1) for editor in row.editors
                  if isinstance(editor, DateEdit) and editor.doubt()]
        lines = [f"Error: {message}" for _, message in bad] + doubts
        self.error_label.setText("\n".join(lines))
        self.error_label.setVisible(bool(lines))

    def _on_date_edited(self) -> None:
        if self.error_label.isVisible():
            self.show_errors()  # clear the error as soon as the date reads
        self.changed.emit()

    # -- keyboard and read-only --------------------------------------------------------------
    def focus_widgets(self) -> list[QWidget]:
        """Inputs in reading order: row by row, then Add."""
        ordered: list[QWidget] = []
        for row in self.rows:
            ordered.extend(row.editors)
            ordered.append(row.remove)
        ordered.append(self.add_button)
        return ordered

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.add_button.setVisible(not read_only)
        self._relayout()


def _has_content(editor: QWidget) -> bool:
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QComboBox):
        return False  # a default choice alone does not make a row
    if isinstance(editor, QLineEdit | QPlainTextEdit):
        return bool(plain_text(editor).strip())
    return False


def _value(editor: QWidget) -> Any:
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, DateEdit):
        try:
            return editor.value()
        except ValueError:
            return None
    return plain_text(editor).strip()
