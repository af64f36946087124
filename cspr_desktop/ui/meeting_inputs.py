"""Every input of the meeting screen, by Meeting field name, and the Meeting they show.

The inputs are built in the order of `ui.meeting_form.GROUPS`, filled from a Meeting and read
back into one; each shows its own inline error or question. They are kept apart from
`ui.meeting_page`, which saves what they hold and signs the meeting off.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.records.meeting import (
    MEETING_TYPE_WORDS,
    S47_WORDS,
    AgencyInformation,
    Attendee,
    Meeting,
)
from cspr_desktop.core.records.meeting import Action as MeetingAction
from cspr_desktop.ui import announcing
from cspr_desktop.ui.date_input import DateEdit
from cspr_desktop.ui.meeting_fields import (
    Field,
    length_error,
    line_edit,
    plain_text,
    set_editor_read_only,
    set_plain_text,
    text_edit,
)
from cspr_desktop.ui.meeting_form import GROUPS, S47_NOTE, TABLE_LABELS, TEXT_FIELDS, make_tables
from cspr_desktop.ui.widgets import text_label


class MeetingInputs(QObject):
    """The meeting's fields, dates, choices and tables, grouped in boxes for the page."""

    changed = Signal()  # something typed, chosen, or changed in a table

    def __init__(self, clock: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.fields: dict[str, Field] = {}
        self.editors: dict[str, QWidget] = {}
        self.radios: dict[str, dict[str, QRadioButton]] = {}
        self.tables = make_tables()
        self.groups = [self._group(title, keys) for title, keys in GROUPS]
        for table in self.tables.values():
            table.changed.connect(self.changed)

    # -- building ----------------------------------------------------------------------------
    def _group(self, title: str, keys: tuple[str, ...]) -> QFrame:
        box = QFrame()
        box.setProperty("role", "card")
        box.setObjectName(f"group-{title.lower().replace(' ', '-')}")
        layout = QVBoxLayout(box)
        layout.addWidget(text_label(title, "h2"))
        for key in keys:
            layout.addWidget(self._field(key))
        return box

    def _field(self, key: str) -> QWidget:
        if key == "meeting_type":
            return self._radio_field(key, "Type of meeting", MEETING_TYPE_WORDS, "")
        if key == "s47_decision":
            return self._radio_field(key, "Are the section 47 criteria met?", S47_WORDS,
                                     S47_NOTE)
        if key in self.tables:
            label, hint = TABLE_LABELS[key]
            return Field(label, self.tables[key], hint)
        editor: QWidget
        if key in ("held_at", "next_step_date"):
            editor = DateEdit(f"meeting-{key}", with_time=key == "held_at",
                              kind="meeting" if key == "held_at" else "any",
                              clock=self.clock)
            editor.textEdited.connect(lambda _t, k=key: self._on_date_edited(k))
            editor.editingFinished.connect(lambda k=key: self.check_date(k, announce=True))
            label = "Date and time" if key == "held_at" else "Date of the next step"
            hint = editor.hint
        else:
            label, hint, several = TEXT_FIELDS[key]
            editor = (text_edit(f"meeting-{key}") if several else line_edit(f"meeting-{key}"))
            if isinstance(editor, QPlainTextEdit):
                editor.textChanged.connect(self._on_changed)
            else:
                editor.textEdited.connect(self._on_changed)
        self.editors[key] = editor
        self.fields[key] = Field(label, editor, hint)
        return self.fields[key]

    def _radio_field(self, key: str, label: str, words: dict[str, str], note: str) -> QWidget:
        box = QFrame()
        box.setProperty("role", "question")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 6, 4, 6)
        layout.addWidget(text_label(label, "h3"))
        if note:
            banner = text_label(note)
            banner.setObjectName(f"{key}-note")
            banner.setStyleSheet("border-left: 6px solid #1d70b8; background: #eef4f9; "
                                 "padding: 8px;")
            layout.addWidget(banner)
        group = QButtonGroup(box)
        self.radios[key] = {}
        for value, words_ in words.items():
            radio = QRadioButton(words_)
            radio.setObjectName(f"meeting-{key}-{value}")
            radio.setAccessibleName(f"{label} {words_}")
            radio.setAccessibleDescription(note)
            group.addButton(radio)
            radio.toggled.connect(self._on_radio_toggled)
            self.radios[key][value] = radio
            layout.addWidget(radio)
        if key == "meeting_type":
            layout.addWidget(self._field("meeting_type_other"))
        return box

    def focus_widgets(self, key: str) -> list[QWidget]:
        """The inputs of one field, in reading order."""
        if key in self.tables:
            return self.tables[key].focus_widgets()
        if key in self.radios:
            extra = [self.editors["meeting_type_other"]] if key == "meeting_type" else []
            return [*self.radios[key].values(), *extra]
        return [self.editors[key]]

    # -- values ------------------------------------------------------------------------------
    def fill(self, meeting: Meeting) -> None:
        """Show this meeting in every input."""
        for key, editor in self.editors.items():
            if isinstance(editor, DateEdit):
                value = getattr(meeting, key)
                editor.set_value(value if isinstance(value, date) else None)
            else:
                set_plain_text(editor, str(getattr(meeting, key)))
        for key in self.radios:
            self._check_radio(key, getattr(meeting, key))
        self.tables["attendees"].set_rows([a.model_dump() for a in meeting.attendees])
        self.tables["information_shared"].set_rows(
            [i.model_dump() for i in meeting.information_shared])
        self.tables["actions"].set_rows([a.model_dump() for a in meeting.actions])
        self._show_other_type()

    def _check_radio(self, key: str, value: str | None) -> None:
        for choice, radio in self.radios[key].items():
            radio.setChecked(choice == value)

    def _radio_value(self, key: str) -> str | None:
        return next((v for v, r in self.radios[key].items() if r.isChecked()), None)

    def _date(self, key: str) -> Any:
        editor = self.editors[key]
        assert isinstance(editor, DateEdit)
        try:
            return editor.value()
        except ValueError:
            return None

    def collect(self, meeting: Meeting) -> Meeting:
        """`meeting` with what the inputs hold (an unreadable date counts as not given)."""
        texts = {key: plain_text(self.editors[key]) for key in TEXT_FIELDS}
        return meeting.model_copy(update={
            **texts,
            "meeting_type": self._radio_value("meeting_type") or "strategy_discussion",
            "s47_decision": self._radio_value("s47_decision"),
            "held_at": self._date("held_at"),
            "next_step_date": self._date("next_step_date"),
            "attendees": [Attendee(**v) for v in self.tables["attendees"].values()],
            "information_shared": [AgencyInformation(**v) for v in
                                   self.tables["information_shared"].values()],
            "actions": [MeetingAction(**v) for v in self.tables["actions"].values()],
        })

    def set_read_only(self, read_only: bool) -> None:
        """Text stays selectable; choices and tables stop taking changes."""
        for editor in self.editors.values():
            set_editor_read_only(editor, read_only)
        for radios in self.radios.values():
            for radio in radios.values():
                radio.setEnabled(not read_only)
        for table in self.tables.values():
            table.set_read_only(read_only)

    # -- reacting ----------------------------------------------------------------------------
    def _on_changed(self) -> None:
        self.changed.emit()

    def _on_radio_toggled(self, checked: bool) -> None:
        if checked:
            self._show_other_type()
            self.changed.emit()

    def _show_other_type(self) -> None:
        self.fields["meeting_type_other"].setVisible(
            self._radio_value("meeting_type") == "other")

    def _on_date_edited(self, key: str) -> None:
        field = self.fields[key]
        if field.error_label.isVisible() or field.note_label.isVisible():
            self.check_date(key)  # clear the error or question as soon as the date reads
        self.changed.emit()

    def check_date(self, key: str, announce: bool = False) -> None:
        """Show whether the date reads, and any question about it; `announce` a new question
        politely when the chair has just left the field."""
        editor = self.editors[key]
        assert isinstance(editor, DateEdit)
        field = self.fields[key]
        field.set_error(editor.error())
        doubt = editor.doubt()
        if announce and doubt and doubt != field.note_label.text():
            announcing.announce(field.note_label, doubt)
        field.set_note(doubt)

    def show_length_errors(self) -> None:
        """Say at once when a text goes over the limit (only the limit's worth is saved)."""
        for key in TEXT_FIELDS:
            field = self.fields[key]
            message = length_error(self.editors[key])
            if message or "characters long" in field.error_label.text():
                field.set_error(message)
        for table in self.tables.values():
            if table.error_label.isVisible() or any(
                    "characters long" in message for _, message in table.errors()):
                table.show_errors()
