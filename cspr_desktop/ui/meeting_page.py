"""The meeting screen: the chair records the multi-agency discussion on a completed record.

Fields follow what a good discussion record holds (guidance brief, section 0.3), grouped in the
order a chair works through a meeting. Every change goes into the record through the session
(`ChecklistSession.set_meeting`) and is saved within SAVE_WITHIN_MS, and always on leaving the
page. The decision on section 47 is typed by the chair; nothing here is filled in from the
checklist. Signing off freezes the meeting: the page turns read-only, and the store refuses changes.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.records.keys import KeyProblem
from cspr_desktop.core.records.meeting import (
    MEETING_TYPE_WORDS,
    S47_WORDS,
    AgencyInformation,
    Attendee,
    Meeting,
    MeetingSignOff,
)
from cspr_desktop.core.records.meeting import Action as MeetingAction
from cspr_desktop.core.records.records import RecordError
from cspr_desktop.core.records.session import ChecklistSession
from cspr_desktop.core.records.store import StaleRecordError, StoreError
from cspr_desktop.ui import announcing
from cspr_desktop.ui.autosave import AutoSaver
from cspr_desktop.ui.date_input import DateEdit
from cspr_desktop.ui.error_summary import ErrorSummary
from cspr_desktop.ui.meeting_fields import (
    Field,
    length_error,
    line_edit,
    plain_text,
    set_editor_read_only,
    set_plain_text,
    text_edit,
)
from cspr_desktop.ui.meeting_form import (
    GROUPS,
    MISSING_FIELDS,
    S47_NOTE,
    TABLE_LABELS,
    TEXT_FIELDS,
    confirm_sign_off,
    make_tables,
)
from cspr_desktop.ui.widgets import FittingScrollArea, text_label


class MeetingPage(FittingScrollArea):
    """Every field of the Meeting, autosaved, and the chair's sign-off."""

    back_requested = Signal()
    save_failed = Signal(str)
    save_conflict = Signal(str)  # another copy saved first; the changes are still here
    meeting_signed_off = Signal()

    def __init__(self, session: ChecklistSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("meeting-page")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.meeting = session.record.meeting or Meeting()
        self.fields: dict[str, Field] = {}
        self.editors: dict[str, QWidget] = {}
        self.radios: dict[str, dict[str, QRadioButton]] = {}
        self._loading = True
        self.autosave = AutoSaver(session, self)
        self.autosave.failed.connect(self.save_failed)
        self.autosave.conflicted.connect(self.save_conflict)
        self._build()
        self._fill(self.meeting)
        self._loading = False
        self._apply_read_only()

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        content = QWidget()
        outer = QHBoxLayout(content)
        column = QWidget()
        column.setMaximumWidth(1040)
        layout = QVBoxLayout(column)
        outer.addWidget(column, 1)
        outer.addStretch(0)
        record = self.session.record
        self.top_back = QPushButton("Back to the record")
        self.top_back.setObjectName("meeting-back-top")
        self.top_back.setProperty("role", "link")
        self.top_back.clicked.connect(self._on_back)
        layout.addWidget(self.top_back, alignment=Qt.AlignmentFlag.AlignLeft)
        self.heading = text_label("The meeting", "h1")
        layout.addWidget(self.heading)
        layout.addWidget(text_label(
            f"{self.session.loaded.pack.title} · record {record.id} · child reference: "
            f"{record.child_ref or 'not given'}", "secondary"))
        self.intro = text_label("Record the multi-agency discussion as its chair. Every change "
                                "saves itself; sign the meeting off when it is complete.")
        layout.addWidget(self.intro)
        self.signed_note = text_label("", "h3")
        self.signed_note.setObjectName("meeting-signed-note")
        self.signed_box = QFrame()
        self.signed_box.setProperty("role", "banner")
        QVBoxLayout(self.signed_box).addWidget(self.signed_note)
        layout.addWidget(self.signed_box)
        self.summary = ErrorSummary()
        self.summary.link_activated.connect(self.focus_field)
        layout.addWidget(self.summary)
        self.tables = make_tables()
        for title, keys in GROUPS:
            layout.addWidget(self._group(title, keys))
        layout.addLayout(self._buttons())
        layout.addStretch(1)
        self.setWidget(content)
        for table in self.tables.values():
            table.changed.connect(self._on_changed)
            table.rows_changed.connect(self._chain_tab_order)

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
                              clock=self.session.clock)
            editor.textEdited.connect(lambda _t, k=key: self._on_date_edited(k))
            editor.editingFinished.connect(lambda k=key: self._check_date(k, announce=True))
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

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.back_button = QPushButton("Back to the record")
        self.back_button.setObjectName("meeting-back")
        self.back_button.clicked.connect(self._on_back)
        self.sign_off_button = QPushButton("Sign off the meeting")
        self.sign_off_button.setObjectName("meeting-sign-off")
        self.sign_off_button.setProperty("role", "primary")
        self.sign_off_button.clicked.connect(self._on_sign_off_clicked)
        row.addWidget(self.sign_off_button)
        row.addWidget(self.back_button)
        row.addStretch(1)
        return row

    def _chain_tab_order(self) -> None:
        """Keep Tab in reading order, including rows added after the page was built."""
        ordered: list[QWidget] = [self.top_back, self.summary]
        for _, keys in GROUPS:
            for key in keys:
                ordered.extend(self._focus_widgets(key))
        ordered += [self.sign_off_button, self.back_button]
        for first, second in pairwise(ordered):
            QWidget.setTabOrder(first, second)

    def _focus_widgets(self, key: str) -> list[QWidget]:
        if key in self.tables:
            return self.tables[key].focus_widgets()
        if key in self.radios:
            extra = [self.editors["meeting_type_other"]] if key == "meeting_type" else []
            return [*self.radios[key].values(), *extra]
        return [self.editors[key]]

    # -- values ------------------------------------------------------------------------------
    def _fill(self, meeting: Meeting) -> None:
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
        self._chain_tab_order()

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

    def collect(self) -> Meeting:
        """The meeting as it stands on screen (an unreadable date counts as not given)."""
        texts = {key: plain_text(self.editors[key]) for key in TEXT_FIELDS}
        return self.meeting.model_copy(update={
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

    # -- reacting ----------------------------------------------------------------------------
    def _on_radio_toggled(self, checked: bool) -> None:
        if checked:
            self._show_other_type()
            self._on_changed()

    def _show_other_type(self) -> None:
        self.fields["meeting_type_other"].setVisible(
            self._radio_value("meeting_type") == "other")

    def _on_date_edited(self, key: str) -> None:
        field = self.fields[key]
        if field.error_label.isVisible() or field.note_label.isVisible():
            self._check_date(key)  # clear the error or question as soon as the date reads
        self._on_changed()

    def _check_date(self, key: str, announce: bool = False) -> None:
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

    def _on_changed(self) -> None:
        """Put the screen's meeting into the record; save it within SAVE_WITHIN_MS."""
        if self._loading or self.read_only:
            return
        self._show_length_errors()
        meeting = self.collect()
        if meeting == self.meeting:
            return
        try:
            self.session.set_meeting(meeting)
        except RecordError as exc:
            self.save_failed.emit(str(exc))
            return
        self.meeting = meeting
        self.autosave.changed()

    def _show_length_errors(self) -> None:
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

    def flush(self) -> None:
        """Save now if anything changed; a failure is reported and the text stays on screen."""
        self.autosave.flush()

    def _on_back(self) -> None:
        self.flush()
        self.back_requested.emit()

    # -- sign-off ----------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.meeting.is_signed_off

    def sign_off_errors(self) -> list[tuple[str, str, str]]:
        """(input's object name, field label, message) for everything that stops sign-off."""
        errors: list[tuple[str, str, str]] = []
        done: set[str] = set()
        for key in ("held_at", "next_step_date"):
            self._check_date(key)
            message = self.fields[key].error_label.text().removeprefix("Error: ")
            if message:
                errors.append((self.editors[key].objectName(),
                               self.fields[key].title.text(), message))
                done.add(key)
        for key in TEXT_FIELDS:
            message = length_error(self.editors[key])
            if message:
                errors.append((self.editors[key].objectName(), self.fields[key].title.text(),
                               message))
        for phrase in self.collect().missing_for_sign_off():
            key, label, message = MISSING_FIELDS.get(
                phrase, ("", "Before signing off", f"Record {phrase}."))
            if key not in done:
                errors.append((self._focus_name(key), label, message))
        for table in self.tables.values():
            table.show_errors()
            errors += [(editor.objectName(), editor.accessibleName(), message)
                       for editor, message in table.errors()]
        return errors

    def _focus_name(self, key: str) -> str:
        widgets = self._focus_widgets(key) if key else []
        return widgets[0].objectName() if widgets else ""

    def first_input_name(self) -> str:
        """Where focus goes when the page opens: the chosen type of meeting."""
        radios = self.radios["meeting_type"]
        chosen = next((r for r in radios.values() if r.isChecked()), None)
        return (chosen or next(iter(radios.values()))).objectName()

    def focus_field(self, name: str) -> None:
        """Move focus to the input with this object name (an error summary link)."""
        widget = self.findChild(QWidget, name) if name else None
        if widget is None:
            self.summary.take_focus()
            return
        self.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_sign_off_clicked(self) -> None:
        errors = self.sign_off_errors()
        self.summary.set_errors(errors)
        if errors:
            self.ensureWidgetVisible(self.summary)
            self.summary.take_focus()
            return
        chair = self.meeting.chair.strip()
        now = self.session.clock()
        if not confirm_sign_off(self, chair, now):
            return
        signed = self.meeting.model_copy(update={
            "chair": chair, "signed_off": MeetingSignOff(chair_name=chair, signed_at=now)})
        try:
            self.session.sign_off_meeting(signed, now)
        except StaleRecordError as exc:  # the meeting as on screen stays, unsigned, to keep
            self.save_conflict.emit(str(exc))
            return
        except (RecordError, StoreError, KeyProblem) as exc:
            self.save_failed.emit(str(exc))
            return
        self.meeting = signed
        self._apply_read_only()
        self.meeting_signed_off.emit()

    def _apply_read_only(self) -> None:
        """A signed-off meeting is shown, selectable, and cannot be changed."""
        read_only = self.read_only
        for editor in self.editors.values():
            set_editor_read_only(editor, read_only)
        for radios in self.radios.values():
            for radio in radios.values():
                radio.setEnabled(not read_only)
        for table in self.tables.values():
            table.set_read_only(read_only)
        self.sign_off_button.setVisible(not read_only)
        self.intro.setVisible(not read_only)
        if read_only:
            self.summary.setVisible(False)
        signed = self.meeting.signed_off
        self.signed_box.setVisible(signed is not None)
        if signed is not None:
            self.heading.setText("The meeting — signed off")
            self.signed_note.setText(
                f"Signed off by {signed.chair_name}, chair, on "
                f"{signed.signed_at:%d %B %Y at %H:%M}. It can no longer be changed; add "
                "later information as an addendum to the record.")
        self._chain_tab_order()
