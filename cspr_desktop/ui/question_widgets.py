"""One widget per question, by answer type, each with its label, help, and inline error.

Widgets only collect what the user typed or clicked and emit it; the core checks it. Values
typed but not yet valid (e.g. "4,5" months) are still emitted, so nothing typed is lost and the
inline error comes from the engine's invalid-answer report. This module holds the shared frame,
the choices and the dates; numbers and free text are in `ui.typed_questions`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core import uk_dates
from cspr_desktop.core.report.answer_text import YESNO_WORDS
from cspr_desktop.core.rules.models import Question
from cspr_desktop.core.rules.vocabulary import AnswerType
from cspr_desktop.ui import announcing
from cspr_desktop.ui.date_input import DateEdit
from cspr_desktop.ui.widgets import text_label
from cspr_desktop.ui.wrapping_options import WrappingCheckBox, WrappingRadioButton

YESNO_LABELS = tuple(YESNO_WORDS.items())


class QuestionWidget(QFrame):
    """Label, optional help, the input, and an inline error, for one question."""

    answer_changed = Signal(str, object)
    typing_paused = Signal()

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setProperty("role", "question")
        self.setObjectName(f"question-{question.id}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 4, 8)
        marker = "" if question.required else " (optional)"
        self.title = text_label(question.text + marker, "h3")
        self.title.setObjectName(f"label-{question.id}")
        layout.addWidget(self.title)
        self.help_label = text_label(question.help, "secondary")
        self.help_label.setVisible(False)
        self.help_button = QPushButton("Show help")
        self.help_button.setProperty("role", "link")
        self.help_button.setAccessibleName(f"Show help for: {question.text}")
        self.help_button.setToolTip("Show or hide help for this question (F1)")
        self.help_button.clicked.connect(self.toggle_help)
        self.help_button.setVisible(bool(question.help))
        self.error_label = text_label("", "error")
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)
        layout.addWidget(self.help_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.help_label)
        self._updating = False
        self._error = ""
        self.body = self._build()
        layout.addWidget(self.body)
        self._describe("")

    # -- overridden by each type ---------------------------------------------------------------
    def _build(self) -> QWidget:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show a stored value without emitting answer_changed."""
        raise NotImplementedError

    def focus_widgets(self) -> list[QWidget]:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.focus_widgets():
            widget.setEnabled(not read_only)

    # -- shared ----------------------------------------------------------------------------------
    def focus_input(self) -> None:
        widgets = self.focus_widgets()
        checked = [w for w in widgets if isinstance(w, QAbstractButton) and w.isChecked()]
        (checked or widgets)[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def toggle_help(self) -> None:
        shown = not self.help_label.isVisible()
        self.help_label.setVisible(shown)
        self.help_button.setText("Hide help" if shown else "Show help")

    def set_error(self, message: str) -> None:
        """Show or clear the inline error, beside the field and in its accessible description."""
        if message == self._error:
            return
        self._error = message
        self.error_label.setText(f"Error: {message}" if message else "")
        self.error_label.setVisible(bool(message))
        self.setProperty("error", "true" if message else "false")
        self.style().unpolish(self)
        self.style().polish(self)
        self._describe(message)

    def _describe(self, error: str) -> None:
        """The help is the first input's description only (a screen reader reads it once,
        entering the question, not again on every option); an error is on every input."""
        error = f"Error: {error}." if error else ""
        for index, widget in enumerate(self.focus_widgets()):
            parts = (error, self.question.help if index == 0 else "")
            widget.setAccessibleDescription(" ".join(p for p in parts if p))

    def _emit(self, value: Any) -> None:
        if not self._updating:
            self.answer_changed.emit(self.question.id, value)


class ChoiceWidget(QuestionWidget):
    """Radio buttons for yes/no/not known and single choices, with a way to clear."""

    def _options(self) -> list[tuple[str, str]]:
        if self.question.type == AnswerType.YESNO:
            return list(YESNO_LABELS)
        return [(c.id, c.label) for c in self.question.choices]

    def _build(self) -> QWidget:
        box = QWidget()
        horizontal = self.question.type == AnswerType.YESNO
        layout: QHBoxLayout | QVBoxLayout = QHBoxLayout(box) if horizontal else QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for choice_id, text in self._options():
            # yes / no / not known sit on one line; longer choices wrap, never widen the page
            button = QRadioButton(text) if horizontal else WrappingRadioButton(text)
            button.setObjectName(f"{self.question.id}-{choice_id}")
            button.setAccessibleName(f"{self.question.text}: {text}")
            self.group.addButton(button)
            self.buttons[choice_id] = button
            layout.addWidget(button)
            button.toggled.connect(self._on_toggled)
        self.clear_button = QPushButton("Clear answer")
        self.clear_button.setProperty("role", "link")
        self.clear_button.setAccessibleName(f"Clear the answer to: {self.question.text}")
        self.clear_button.clicked.connect(self._on_clear)
        layout.addWidget(self.clear_button)
        if horizontal:
            layout.addStretch(1)
        return box

    def _on_toggled(self, checked: bool) -> None:
        if checked:
            self._emit(self.value())

    def _on_clear(self) -> None:
        self._set_checked(None)
        self._emit(None)

    def _set_checked(self, value: Any) -> None:
        self.group.setExclusive(False)
        for choice_id, button in self.buttons.items():
            button.blockSignals(True)
            button.setChecked(choice_id == value)
            button.blockSignals(False)
        self.group.setExclusive(True)

    def value(self) -> str | None:
        for choice_id, button in self.buttons.items():
            if button.isChecked():
                return choice_id
        return None

    def set_value(self, value: Any) -> None:
        self._set_checked(value)

    def focus_widgets(self) -> list[QWidget]:
        return [*self.buttons.values(), self.clear_button]


class MultiWidget(QuestionWidget):
    """Checkboxes; an exclusive choice such as "none" clears the others and vice versa."""

    def _build(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        self.exclusive = {c.id for c in self.question.choices if c.exclusive}
        for choice in self.question.choices:
            check = WrappingCheckBox(choice.label)
            check.setObjectName(f"{self.question.id}-{choice.id}")
            check.setAccessibleName(f"{self.question.text}: {choice.label}")
            check.toggled.connect(lambda on, cid=choice.id: self._on_toggled(cid, on))
            self.boxes[choice.id] = check
            layout.addWidget(check)
        return box

    def _on_toggled(self, choice_id: str, checked: bool) -> None:
        if self._updating:
            return
        if checked:
            clear = (set(self.boxes) - {choice_id}) if choice_id in self.exclusive else (
                self.exclusive)
            self._updating = True
            for other in clear:
                self.boxes[other].setChecked(False)
            self._updating = False
        self._emit(self.value())

    def value(self) -> list[str]:
        return [cid for cid, box in self.boxes.items() if box.isChecked()]

    def set_value(self, value: Any) -> None:
        # only text can be a choice: a damaged record may hold anything here
        chosen = {v for v in value if isinstance(v, str)} if isinstance(value, list | tuple) else (
            set())
        self._updating = True
        for cid, box in self.boxes.items():
            box.setChecked(cid in chosen)
        self._updating = False

    def focus_widgets(self) -> list[QWidget]:
        return list(self.boxes.values())


class DateWidget(QuestionWidget):
    """A date (or date and time) typed as DD/MM/YYYY [HH:MM] in the app's one date input.

    What reads is stored as ISO text (2026-04-01, 2026-04-01T14:30), as records always held
    it; what does not read is passed on as typed, so it is kept and the engine's inline error
    says how to type it. A date that reads but is unlikely (an injury noticed next week) is
    questioned under the input, and kept.
    """

    def _build(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        q = self.question
        with_time = q.type == AnswerType.DATETIME
        self.edit = DateEdit(f"input-{q.id}", with_time,
                             uk_dates.kind_of(q.id, q.text, with_time), time_required=False)
        self.edit.setAccessibleName(q.text)
        self.edit.setMaximumWidth(self.edit.fitting_width())
        self.edit.textEdited.connect(self._on_edited)
        self.edit.editingFinished.connect(lambda: self._show_doubt(announce=True))
        self.edit.editingFinished.connect(self.typing_paused)
        self.title.setBuddy(self.edit)
        self.note = text_label("", "changed")
        self.note.setObjectName(f"date-note-{q.id}")
        self.note.setVisible(False)
        self.hint = text_label(self.edit.hint, "secondary", wrap=False)
        self.hint.setObjectName(f"date-hint-{q.id}")
        layout.addWidget(self.hint)
        layout.addWidget(self.edit)
        layout.addWidget(self.note)
        return box

    def _on_edited(self, text: str) -> None:
        try:
            value = self.edit.value()
        except ValueError:
            self._emit(text.strip() or None)
        else:
            self._emit(None if value is None else uk_dates.to_iso(value))
        if self.note.isVisible():
            self._show_doubt()  # clear the question as soon as the date looks right

    def _show_doubt(self, announce: bool = False) -> None:
        """Show (or clear) the question about the date; `announce` when the person has just
        left the field, so a screen reader hears it politely where they now are."""
        doubt = self.edit.doubt()
        if doubt != self.note.text():
            self.note.setText(doubt)
            self.note.setVisible(bool(doubt))
            self._describe(self._error)
            if doubt and announce:
                announcing.announce(self.note, doubt)

    def _describe(self, error: str) -> None:
        """The hint (how to type it) and any question about the date join the description."""
        super()._describe(error)
        note = getattr(self, "note", None)
        extra = [self.edit.hint, note.text() if note is not None else ""]
        self.edit.setAccessibleDescription(
            " ".join(p for p in (self.edit.accessibleDescription(), *extra) if p))

    def set_value(self, value: Any) -> None:
        self.edit.set_value(value if isinstance(value, str | date) else None)
        self._show_doubt()

    def focus_widgets(self) -> list[QWidget]:
        return [self.edit]

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


def make_question_widget(question: Question) -> QuestionWidget:
    """The widget for a question's answer type (the body map is added beside, by the page)."""
    # Imported here: the typed questions build on QuestionWidget, defined above.
    from cspr_desktop.ui.typed_questions import LineWidget, TextWidget

    if question.type in (AnswerType.YESNO, AnswerType.CHOICE):
        return ChoiceWidget(question)
    if question.type == AnswerType.MULTI:
        return MultiWidget(question)
    if question.type == AnswerType.TEXT:
        return TextWidget(question)
    if question.type in (AnswerType.DATE, AnswerType.DATETIME):
        return DateWidget(question)
    return LineWidget(question)
