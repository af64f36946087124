"""Check your answers, then complete and sign; for a completed record, the signed view.

Each visible answer is listed by section with a Change link back to its question. Signing is
refused, with an error summary, while required answers are missing or answers are invalid.
A completed record shows who signed it, what checking its seals and signatures found (signed,
unsigned legacy, or damaged), its content hash, and its addenda, and takes new addenda only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.records.meeting import MEETING_TYPE_WORDS
from cspr_desktop.core.records.responses import response_words
from cspr_desktop.core.records.session import ChecklistSession
from cspr_desktop.core.records.verification import Status, Verification
from cspr_desktop.core.report.answer_text import describe_answer
from cspr_desktop.core.report.level_words import TOO_EARLY, live_level_words
from cspr_desktop.core.rules.outcome_text import fill
from cspr_desktop.ui.error_summary import ErrorSummary
from cspr_desktop.ui.widgets import FittingScrollArea, text_label


class ReviewPage(FittingScrollArea):
    """The answers as a list, with Change links and the Complete and sign button."""

    change_requested = Signal(str)
    response_change_requested = Signal(str)  # an outcome id
    sign_requested = Signal()
    addendum_requested = Signal()
    back_requested = Signal()
    meeting_requested = Signal()

    def __init__(self, session: ChecklistSession, verification: Verification | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.verification = verification
        self.setObjectName("review-page")
        self.rebuild()

    def rebuild(self) -> None:
        content = QWidget()
        layout = QVBoxLayout(content)
        record = self.session.record
        pack = self.session.loaded.pack
        heading = "Completed record" if record.is_completed else "Check your answers"
        layout.addWidget(text_label(heading, "h1"))
        layout.addWidget(text_label(f"{pack.title}, version {pack.version} · record {record.id} · "
                                f"child reference: {record.child_ref or 'not given'}",
                                "secondary"))
        self.summary = ErrorSummary()
        self.summary.link_activated.connect(self.change_requested)
        if record.imported is not None:
            layout.addWidget(self._imported())
        if record.is_completed and self.verification is not None:
            layout.addWidget(self._seal(self.verification))
        layout.addWidget(self.summary)
        if record.is_completed:
            layout.addWidget(self._meeting())
        layout.addWidget(self._responses())
        for section in pack.sections:
            layout.addWidget(self._section(section.title, [q.id for q in section.questions]))
        if record.is_completed:
            layout.addWidget(self._signed())
        layout.addLayout(self._buttons())
        layout.addStretch(1)
        self.setWidget(content)

    def _section(self, title: str, question_ids: list[str]) -> QWidget:
        box = QFrame()
        grid = QGridLayout(box)
        grid.addWidget(text_label(title, "h2"), 0, 0, 1, 3)
        visible = set(self.session.evaluation.visible)
        questions = {q.id: q for q in self.session.loaded.pack.questions()}
        row = 1
        for qid in question_ids:
            if qid not in visible:
                continue
            question = questions[qid]
            answer = describe_answer(question, self.session.record.answers.get(qid))
            grid.addWidget(text_label(question.text, "h3"), row, 0)
            value = text_label(answer, selectable=True)
            value.setObjectName(f"answer-{qid}")
            grid.addWidget(value, row, 1)
            if not self.session.read_only:
                change = QPushButton("Change")
                change.setProperty("role", "link")
                change.setObjectName(f"change-{qid}")
                change.setAccessibleName(f"Change: {question.text}")
                change.clicked.connect(lambda _=False, q=qid: self.change_requested.emit(q))
                grid.addWidget(change, row, 2)
            row += 1
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 3)
        return box

    def _responses(self) -> QWidget:
        """The guidance's outcomes and the practitioner's response to each, with Change links
        back to the response under its outcome card while the record is a draft."""
        evaluation = self.session.evaluation
        responses = self.session.record.responses
        box = QFrame()
        box.setObjectName("responses-box")
        grid = QGridLayout(box)
        grid.addWidget(text_label("The guidance and your responses", "h2"), 0, 0, 1, 3)
        level = live_level_words(TOO_EARLY if evaluation.too_early else evaluation.level)
        grid.addWidget(text_label(f"Overall level: {level}", "h3"), 1, 0, 1, 3)
        if not evaluation.outcomes:
            grid.addWidget(text_label("No outcome: nothing in the answers triggered the "
                                      "guidance.", "secondary"), 2, 0, 1, 3)
        for row, outcome in enumerate(evaluation.outcomes, start=2):
            title = fill(outcome.title, evaluation.parameters)
            grid.addWidget(text_label(title, "h3"), row, 0)
            response = responses.get(outcome.id)
            gap = response.gap() if response is not None else ""
            words = text_label(response_words(response) + (f" (still needed: {gap})" if gap
                                                           else ""), selectable=True)
            words.setObjectName(f"review-response-{outcome.id}")
            grid.addWidget(words, row, 1)
            if not self.session.read_only:
                change = QPushButton("Change")
                change.setProperty("role", "link")
                change.setObjectName(f"change-response-{outcome.id}")
                change.setAccessibleName(f"Change your response to: {title}")
                change.clicked.connect(
                    lambda _=False, o=outcome.id: self.response_change_requested.emit(o))
                grid.addWidget(change, row, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 3)
        return box

    def _signed(self) -> QWidget:
        record = self.session.record
        completion = record.completion
        box = QFrame()
        box.setProperty("role", "card")
        layout = QVBoxLayout(box)
        if completion is not None:
            layout.addWidget(text_label("Signed", "h2"))
            layout.addWidget(text_label(
                f"{completion.practitioner_name}, {completion.role}, {completion.agency} — "
                f"{completion.signed_at:%d %B %Y at %H:%M}"))
            layout.addWidget(text_label(f"Content hash (SHA-256): {completion.content_hash}",
                                    "secondary"))
        for addendum in record.addenda:
            layout.addWidget(text_label(f"Addendum, {addendum.written_at:%d %B %Y at %H:%M}, by "
                                    f"{addendum.author}" + (f" ({addendum.role})"
                                                            if addendum.role else ""), "h3"))
            layout.addWidget(text_label(addendum.text))
        return box

    def _imported(self) -> QWidget:
        imported = self.session.record.imported
        assert imported is not None
        source = imported.source_file or "another computer"
        note = text_label(f"Imported from {source} on {imported.imported_at:%d %B %Y}. It is "
                          "read-only here, as it was signed.", "h3")
        note.setObjectName("imported-note")
        box = QFrame()
        box.setProperty("role", "banner")
        QVBoxLayout(box).addWidget(note)
        return box

    def _seal(self, verification: Verification) -> QWidget:
        """Signed (and by whom, with which key), unsigned legacy, or damaged."""
        box = QFrame()
        box.setObjectName("seal-box")
        box.setProperty("role", "card" if verification.status == Status.SIGNED else "banner")
        layout = QVBoxLayout(box)
        headline = text_label(verification.headline(), "h3", selectable=True)
        headline.setObjectName("seal-status")
        layout.addWidget(headline)
        for step in verification.steps:
            layout.addWidget(text_label(step.line(), "secondary", selectable=True))
        for warning in verification.warnings():
            layout.addWidget(text_label(warning, selectable=True))
        return box

    def _meeting(self) -> QWidget:
        """The meeting on this record, in a line, with the button that opens it."""
        meeting = self.session.record.meeting
        box = QFrame()
        box.setProperty("role", "card")
        layout = QVBoxLayout(box)
        layout.addWidget(text_label("The meeting", "h2"))
        if meeting is None:
            state = ("No multi-agency meeting is recorded yet. The chair records it here: who "
                     "took part, what was shared, the decision on section 47 and the actions.")
        else:
            held = f" on {meeting.held_at:%d %B %Y at %H:%M}" if meeting.held_at else ""
            chair = f", chaired by {meeting.chair}" if meeting.chair.strip() else ""
            kind = (meeting.meeting_type_other.strip() if meeting.meeting_type == "other"
                    else "") or MEETING_TYPE_WORDS[meeting.meeting_type]
            signed = meeting.signed_off
            status = (f"Signed off by {signed.chair_name} on {signed.signed_at:%d %B %Y}."
                      if signed else "Not signed off yet: changes save as you type.")
            state = f"{kind}{held}{chair}. {status}"
        summary = text_label(state)
        summary.setObjectName("meeting-summary")
        layout.addWidget(summary)
        button = QPushButton("Record the meeting" if meeting is None else "Open the meeting")
        button.setObjectName("open-meeting")
        button.setProperty("role", "primary")
        button.clicked.connect(self.meeting_requested)
        layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignLeft)
        return box

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        back = QPushButton("Back to the checklist")
        back.clicked.connect(self.back_requested)
        row.addWidget(back)
        if self.session.read_only:
            add = QPushButton("Add an addendum")
            add.setObjectName("add-addendum")
            add.clicked.connect(self.addendum_requested)
            row.addWidget(add)
        else:
            sign = QPushButton("Complete and sign")
            sign.setObjectName("complete-sign")
            sign.setProperty("role", "primary")
            sign.clicked.connect(self._on_sign_clicked)
            row.addWidget(sign)
        row.addStretch(1)
        return row

    def blocking_errors(self) -> list[tuple[str, str, str]]:
        """What stops signing: missing required answers and invalid answers."""
        evaluation = self.session.evaluation
        questions = {q.id: q for q in self.session.loaded.pack.questions()}
        errors = [(b.question, questions[b.question].text if b.question in questions
                   else b.question, b.message) for b in evaluation.invalid_answers]
        errors += [(q, questions[q].text, "Answer this question before signing.")
                   for q in evaluation.missing_required]
        return errors

    def _on_sign_clicked(self) -> None:
        errors = self.blocking_errors()
        self.summary.set_errors(errors)
        if errors:
            self.summary.take_focus()
            return
        self.sign_requested.emit()

