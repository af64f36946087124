"""The meeting screen: the chair records the multi-agency discussion on a completed record.

Fields follow what a good discussion record holds (guidance brief, section 0.3), grouped in the
order a chair works through a meeting. Every change goes into the record through the session
(`ChecklistSession.set_meeting`) and is saved within SAVE_WITHIN_MS, and always on leaving the
page. The decision on section 47 is typed by the chair; nothing here is filled in from the
checklist. Signing off freezes the meeting: the page turns read-only, and the store refuses changes.
The inputs themselves are `ui.meeting_inputs`; this page saves what they hold and signs off.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from cspr_desktop.core.errors import KeyProblem, RecordError
from cspr_desktop.core.records.meeting import Meeting, MeetingSignOff
from cspr_desktop.core.records.session import ChecklistSession
from cspr_desktop.core.records.store import StaleRecordError, StoreError
from cspr_desktop.ui.autosave import AutoSaver
from cspr_desktop.ui.error_summary import ErrorSummary
from cspr_desktop.ui.meeting_fields import Field, length_error
from cspr_desktop.ui.meeting_form import GROUPS, MISSING_FIELDS, TEXT_FIELDS, confirm_sign_off
from cspr_desktop.ui.meeting_inputs import MeetingInputs
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
        self._loading = True
        self.autosave = AutoSaver(session, self)
        self.autosave.failed.connect(self.save_failed)
        self.autosave.conflicted.connect(self.save_conflict)
        self._build()
        self.inputs.fill(self.meeting)
        self._chain_tab_order()
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
        self.inputs = MeetingInputs(self.session.clock, self)
        #: The page's fields and their editors, by Meeting field name.
        self.fields: dict[str, Field] = self.inputs.fields
        self.editors: dict[str, QWidget] = self.inputs.editors
        for group in self.inputs.groups:
            layout.addWidget(group)
        layout.addLayout(self._buttons())
        layout.addStretch(1)
        self.setWidget(content)
        self.inputs.changed.connect(self._on_changed)
        for table in self.inputs.tables.values():
            table.rows_changed.connect(self._chain_tab_order)

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
                ordered.extend(self.inputs.focus_widgets(key))
        ordered += [self.sign_off_button, self.back_button]
        for first, second in pairwise(ordered):
            QWidget.setTabOrder(first, second)

    # -- reacting ----------------------------------------------------------------------------
    def collect(self) -> Meeting:
        """The meeting as it stands on screen (an unreadable date counts as not given)."""
        return self.inputs.collect(self.meeting)

    def _on_changed(self) -> None:
        """Put the screen's meeting into the record; save it within SAVE_WITHIN_MS."""
        if self._loading or self.read_only:
            return
        self.inputs.show_length_errors()
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
            self.inputs.check_date(key)
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
        for table in self.inputs.tables.values():
            table.show_errors()
            errors += [(editor.objectName(), editor.accessibleName(), message)
                       for editor, message in table.errors()]
        return errors

    def _focus_name(self, key: str) -> str:
        widgets = self.inputs.focus_widgets(key) if key else []
        return widgets[0].objectName() if widgets else ""

    def first_input_name(self) -> str:
        """Where focus goes when the page opens: the chosen type of meeting."""
        radios = self.inputs.radios["meeting_type"]
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
        self.inputs.set_read_only(read_only)
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
