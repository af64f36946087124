"""The questions answered by typing a value on one line (a number) or in free text.

Both keep every keystroke and emit what was typed, valid or not, so nothing typed is lost; the
engine says whether a number fits. They build on `ui.question_widgets.QuestionWidget`, and are
kept here so that module holds the shared frame, the choices and the dates.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from cspr_desktop.core.rules.answers import typed_number
from cspr_desktop.core.rules.vocabulary import AnswerType
from cspr_desktop.ui.question_widgets import QuestionWidget
from cspr_desktop.ui.widgets import text_label

TYPING_PAUSE_MS = 400


class LineWidget(QuestionWidget):
    """Numbers typed as text; the engine says if they fit."""

    PLACEHOLDERS: ClassVar[dict[AnswerType, str]] = {AnswerType.NUMBER: ""}

    def _build(self) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"input-{self.question.id}")
        self.edit.setAccessibleName(self.question.text)
        self.edit.setPlaceholderText(self.PLACEHOLDERS.get(self.question.type, ""))
        self.edit.setMaximumWidth(360 if self.question.type != AnswerType.NUMBER else 140)
        self.edit.textEdited.connect(self._on_edited)
        self.edit.editingFinished.connect(self.typing_paused)
        layout.addWidget(self.edit)
        q = self.question
        if q.type == AnswerType.NUMBER:
            hint = q.unit
            if q.min is not None and q.max is not None:
                hint += f" ({q.min:g} to {q.max:g})"
            unit = text_label(hint.strip(), "secondary", wrap=False)
            layout.addWidget(unit)
            self.title.setBuddy(self.edit)
        layout.addStretch(1)
        return box

    def _parse(self, text: str) -> Any:
        if self.question.type == AnswerType.NUMBER:
            return typed_number(text)
        return text.strip() or None

    def _on_edited(self, text: str) -> None:
        self._emit(self._parse(text))

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def focus_widgets(self) -> list[QWidget]:
        return [self.edit]

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class TextWidget(QuestionWidget):
    """Free text: every keystroke is kept; saving waits for a short pause in typing."""

    def _build(self) -> QWidget:
        self.edit = QPlainTextEdit()
        self.edit.setObjectName(f"input-{self.question.id}")
        self.edit.setAccessibleName(self.question.text)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(90)
        self.edit.setMaximumHeight(180)
        self.edit.textChanged.connect(self._on_changed)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self.typing_paused)
        return self.edit

    def _on_changed(self) -> None:
        self._emit(self.edit.toPlainText() or None)
        if not self._updating:
            self._pause.start()

    def set_value(self, value: Any) -> None:
        self._updating = True
        self.edit.setPlainText("" if value is None else str(value))
        self._updating = False

    def focus_widgets(self) -> list[QWidget]:
        return [self.edit]

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
