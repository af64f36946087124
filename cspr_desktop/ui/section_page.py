"""One section of a checklist as a page: its questions, its error summary and the Back and
Continue buttons; and the body-map question, the one question widget made of a picture."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from cspr_desktop.core.rules.models import Section
from cspr_desktop.ui.error_summary import ErrorSummary
from cspr_desktop.ui.question_widgets import QuestionWidget
from cspr_desktop.ui.widgets import FittingScrollArea, text_label


class BodyMapQuestion(QuestionWidget):
    """The injury-sites question as a body map with its keyboard checklist."""

    def _build(self) -> QWidget:
        from cspr_desktop.ui.bodymap_widget import BodyMapWidget

        self.map = BodyMapWidget()
        self.map.sites_changed.connect(lambda sites: self._emit(sites or None))
        return self.map

    def set_value(self, value: Any) -> None:
        marks = value if isinstance(value, list | tuple) else []
        self.map.set_selected([m for m in marks if isinstance(m, str | dict)])

    def focus_widgets(self) -> list[QWidget]:
        return list(self.map.boxes.values())

    def set_read_only(self, read_only: bool) -> None:
        self.map.set_read_only(read_only)


class SectionPage(FittingScrollArea):
    """One section's questions, its error summary and the Back / Continue buttons."""

    def __init__(self, section: Section, index: int, total: int,
                 widgets: dict[str, QuestionWidget]) -> None:
        super().__init__()
        self.section = section
        self.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        layout = QVBoxLayout(content)
        heading = text_label(section.title, "h1")
        layout.addWidget(text_label(f"Section {index + 1} of {total}", "secondary"))
        layout.addWidget(heading)
        self.summary = ErrorSummary()
        layout.addWidget(self.summary)
        if section.intro:
            layout.addWidget(text_label(section.intro, "secondary"))
        for question in section.questions:
            layout.addWidget(widgets[question.id])
        buttons = QHBoxLayout()
        self.back = QPushButton("Back")
        self.forward = QPushButton("Continue" if index < total - 1 else "Check your answers")
        self.forward.setProperty("role", "primary")
        self.back.setEnabled(index > 0)
        buttons.addWidget(self.back)
        buttons.addWidget(self.forward)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.setWidget(content)
