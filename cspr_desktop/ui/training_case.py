"""A scenario open as a training record: the usual checklist screen, plus the what-if.

The checklist itself is the real `ChecklistPage` over a `ChecklistSession` on the training
store, so the room sees exactly what a practitioner would. Around it this page adds the
training band, the case's narrative, a "Changed from the scenario" note beside every answer the
trainer changed, and a "Compared with the scenario" box at the top of the guidance panel that
lists the outcomes gained and lost and the change of level. "Reset to scenario" puts every
answer back. Training records are never signed here: they are for showing, not for sending.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.records.session import ChecklistSession
from cspr_desktop.core.report.answer_text import describe_answer
from cspr_desktop.core.rules.compare import OutcomeChange
from cspr_desktop.core.rules.models import Outcome, Question
from cspr_desktop.core.rules.outcome_text import fill
from cspr_desktop.core.training.cases import WhatIf
from cspr_desktop.ui.checklist_page import ChecklistPage
from cspr_desktop.ui.theme import level_style
from cspr_desktop.ui.training_band import training_band
from cspr_desktop.ui.widgets import LinkButton, text_label

CHANGED = "Changed from the scenario"


def level_words(level: str | None) -> str:
    return level_style(level).words


class WhatIfBox(QFrame):
    """"Compared with the scenario": what changing answers did to the guidance, in words.

    Rebuilt only when what it says changes, so typing in a text answer stays instant.
    """

    question_clicked = Signal(str)
    reset_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("what-if")
        self.setProperty("role", "card")
        self.setAccessibleName("Compared with the scenario")
        layout = QVBoxLayout(self)
        layout.addWidget(text_label("Compared with the scenario", "h2"))
        self.reset = QPushButton("&Reset to scenario")
        self.reset.setObjectName("reset-scenario")
        self.reset.setToolTip("Put every answer back as the scenario gives it")
        self.reset.clicked.connect(self.reset_requested)
        layout.addWidget(self.reset, alignment=Qt.AlignmentFlag.AlignLeft)
        self.summary = text_label("", "h3")
        self.summary.setObjectName("what-if-summary")
        self.lines = QWidget()
        self.lines_layout = QVBoxLayout(self.lines)
        self.lines_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.lines)
        self._shown: tuple[object, ...] = ()

    def show_change(self, change: OutcomeChange, params: dict[str, Any],
                    changed: list[tuple[str, str, str]]) -> None:
        """Show gained and lost outcomes, the level, and the changed answers (id, question,
        'scenario → now')."""
        key = (tuple(o.id for o in change.gained), tuple(o.id for o in change.lost),
               change.level_before, change.level_after, tuple(changed))
        if key == self._shown:
            return
        self._shown = key
        self.reset.setEnabled(bool(changed))
        self.summary.setText(_summary(change, len(changed)))
        self._clear_lines()
        if change.level_before != change.level_after:
            self._line(f"Overall level: {level_words(change.level_before)} → "
                       f"{level_words(change.level_after)}", "level")
        self._outcomes("Gained — not in the scenario:", "+", change.gained, params, "gained")
        self._outcomes("Lost — in the scenario, not now:", "−", change.lost, params, "lost")
        if changed:
            self._line("Answers changed (choose one to go to it):", "changed-heading", "h3")
        for qid, question, values in changed:
            link = LinkButton(f"{question} — {values}")
            link.setObjectName(f"what-if-answer-{qid}")
            link.clicked.connect(lambda _=False, q=qid: self.question_clicked.emit(q))
            self.lines_layout.addWidget(link)

    def texts(self) -> list[str]:
        """Every line the box shows now (tests and screen readers read the same words)."""
        found = [self.summary.text()]
        for i in range(self.lines_layout.count()):
            item = self.lines_layout.itemAt(i)
            widget = item.widget() if item is not None else None
            text = getattr(widget, "text", None)
            if widget is not None and callable(text):
                found.append(str(text()))
        return found

    def _outcomes(self, heading: str, sign: str, outcomes: Iterable[Outcome],
                  params: dict[str, Any], name: str) -> None:
        items = list(outcomes)
        if not items:
            return
        self._line(heading, f"{name}-heading", "h3")
        for outcome in items:
            short = level_style(outcome.level.value).short
            self._line(f"{sign} {short}: {fill(outcome.title, params)}", f"{name}-{outcome.id}")

    def _line(self, text: str, name: str, role: str = "") -> None:
        label = text_label(text, role, selectable=True)
        label.setObjectName(f"what-if-{name}")
        self.lines_layout.addWidget(label)

    def _clear_lines(self) -> None:
        while self.lines_layout.count():
            item = self.lines_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()


def _summary(change: OutcomeChange, answers_changed: int) -> str:
    if not answers_changed:
        return "No answer changed: this is the scenario as written."
    answers = f"{answers_changed} answer{'s' if answers_changed != 1 else ''} changed."
    if not change.changed:
        return f"{answers} The guidance is the same as the scenario's."
    return f"{answers} The guidance changed:"


def _difference(question: Question | None, was: Any, now: Any) -> str:
    """How an answer moved from the scenario's, short enough to read out: for a multiple
    choice only what was added and taken away."""
    if isinstance(was, list) and isinstance(now, list):
        added = [v for v in now if v not in was]
        removed = [v for v in was if v not in now]
        parts = [f"added {describe_answer(question, added)}" if added else "",
                 f"taken away {describe_answer(question, removed)}" if removed else ""]
        return "; ".join(p for p in parts if p)
    return f"was {describe_answer(question, was)}, now {describe_answer(question, now)}"


class TrainingCasePage(QWidget):
    """One scenario as a training record, with the what-if beside the guidance."""

    library_requested = Signal()
    save_failed = Signal(str)

    def __init__(self, session: ChecklistSession, what_if: WhatIf,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training-case")
        self.session = session
        self.what_if = what_if
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(training_band())
        layout.addLayout(self._head())
        self.checklist = ChecklistPage(session, None)
        self.checklist.save_failed.connect(self.save_failed)
        self.checklist.save_conflict.connect(self.save_failed)  # a new record each time: rare
        self.box = WhatIfBox()
        self.box.reset_requested.connect(self.reset_to_scenario)
        self.box.question_clicked.connect(self.checklist.focus_question)
        self.checklist.panel.add_under_level(self.box)
        self.checklist.refreshed.connect(self._on_refreshed)
        layout.addWidget(self.checklist, 1)
        self._on_refreshed()

    def _head(self) -> QVBoxLayout:
        head = QVBoxLayout()
        head.setContentsMargins(9, 4, 9, 0)
        row = QHBoxLayout()
        title = text_label(f"Training scenario: {self.what_if.scenario.title}", "h1")
        title.setObjectName("training-title")
        row.addWidget(title, 1)
        self.case_button = QPushButton("Hide the case")
        self.case_button.setObjectName("toggle-case")
        self.case_button.setCheckable(True)
        self.case_button.toggled.connect(self._on_case_toggled)
        back = QPushButton("Back to the &library")
        back.setObjectName("back-to-library")
        back.clicked.connect(self.library_requested)
        for button in (self.case_button, back):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            row.addWidget(button, alignment=Qt.AlignmentFlag.AlignTop)
        head.addLayout(row)
        self.narrative = text_label(self.what_if.scenario.narrative.strip(), selectable=True)
        self.narrative.setObjectName("training-narrative")
        head.addWidget(self.narrative)
        return head

    def _on_case_toggled(self, hidden: bool) -> None:
        self.narrative.setVisible(not hidden)
        self.case_button.setText("Show the case" if hidden else "Hide the case")

    # -- the what-if -------------------------------------------------------------------------
    def _on_refreshed(self) -> None:
        """After every re-evaluation: mark changed answers and compare with the scenario."""
        answers = self.session.record.answers
        changed = self.what_if.changed_questions(answers)
        rows = []
        questions = self.checklist.questions
        for qid in questions:
            was = describe_answer(questions[qid], self.what_if.answers.get(qid))
            note = f"{CHANGED} (the scenario's answer: {was})" if qid in changed else ""
            self.checklist.set_question_note(qid, note)
        for qid in changed:
            question = questions.get(qid)
            rows.append((qid, question.text if question else qid,
                         _difference(question, self.what_if.answers.get(qid),
                                     answers.get(qid))))
        change = self.what_if.compare(self.session.evaluation)
        self.box.show_change(change, dict(self.session.evaluation.parameters), rows)

    def reset_to_scenario(self) -> None:
        """Put every answer back as the scenario gives it, and save."""
        for qid, value in self.what_if.reset_values(self.session.record.answers):
            self.session.answer(qid, value)
        self.checklist.reload_from_record()
        self.checklist.flush()

    def flush(self) -> None:
        self.checklist.flush()
