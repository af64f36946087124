"""The checklist screen: sections on the left, questions in the middle, guidance on the right.

Every answer goes to the ChecklistSession, which re-evaluates; this page then shows or hides
questions (show_if), inline errors and the guidance. Saving is throttled: a change is on disk
within SAVE_WITHIN_MS, and always before the page closes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.records import draft_place
from cspr_desktop.core.records.responses import OutcomeResponse
from cspr_desktop.core.records.session import ChecklistSession
from cspr_desktop.core.report.evaluation_view import live_guidance
from cspr_desktop.core.report.view_model import GuidanceView
from cspr_desktop.core.report.view_parts import contacts_view
from cspr_desktop.core.rules.engine import Evaluation
from cspr_desktop.core.rules.models import Question
from cspr_desktop.core.rules.outcome_text import fill
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.serialize import evaluation_to_dict
from cspr_desktop.ui import announcing
from cspr_desktop.ui.autosave import AutoSaver
from cspr_desktop.ui.guidance_panel import GuidancePanel
from cspr_desktop.ui.question_widgets import DateWidget, QuestionWidget, make_question_widget
from cspr_desktop.ui.save_status import SaveStatus
from cspr_desktop.ui.section_page import BodyMapQuestion, SectionPage
from cspr_desktop.ui.widgets import text_label


class ChecklistPage(QWidget):
    """A checklist being filled in (or a completed one, read-only)."""

    review_requested = Signal()
    save_failed = Signal(str)
    save_conflict = Signal(str)  # another copy saved first; the changes are still here
    pack_switched = Signal()
    refreshed = Signal()  # after every re-evaluation shown (training compares with it)

    def __init__(self, session: ChecklistSession, newer: LoadedPack | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.newer = newer
        pack = session.loaded.pack
        self.questions: dict[str, Question] = {q.id: q for q in pack.questions()}
        self.question_texts = {qid: q.text for qid, q in self.questions.items()}
        self.section_of = {q.id: i for i, s in enumerate(pack.sections) for q in s.questions}
        self.widgets: dict[str, QuestionWidget] = {}
        self.checked_sections: set[int] = set()
        self.notes: dict[str, QLabel] = {}
        self._worded: tuple[object, GuidanceView] | None = None  # the last evaluation's words
        self.autosave = AutoSaver(session, self)
        self.autosave.failed.connect(self.save_failed)
        self.autosave.conflicted.connect(self.save_conflict)
        self._build()
        self._fill_from_record()
        self._refresh(session.evaluation)
        self._reopen_where_left()

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        pack = self.session.loaded.pack
        outer = QVBoxLayout(self)
        outer.addWidget(text_label(f"{pack.title} — version {pack.version}", "h2"))
        outer.addLayout(self._child_ref_row())
        self.emergency = QLabel()
        self.emergency.setObjectName("emergency-banner")
        self.emergency.setWordWrap(True)
        self.emergency.setStyleSheet("background: #b10e1e; color: #ffffff; font-size: 130%; "
                                     "font-weight: bold; padding: 10px;")
        self.emergency.setVisible(False)
        outer.addWidget(self.emergency)
        outer.addWidget(self._version_banner())
        for question in pack.questions():
            widget = (BodyMapQuestion(question) if question.widget == "body_map"
                      else make_question_widget(question))
            if isinstance(widget, DateWidget):  # dates are questioned against the app's clock
                widget.edit.clock = self.session.clock
            widget.answer_changed.connect(self._on_answer_changed)
            widget.typing_paused.connect(self.flush)
            self.widgets[question.id] = widget
        self.navigator = QListWidget()
        self.navigator.setObjectName("section-navigator")
        self.navigator.setAccessibleName("Sections")
        self.navigator.setMaximumWidth(260)
        self.navigator.setWordWrap(True)
        self.navigator.setSpacing(3)
        self.navigator.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.pages: list[SectionPage] = []
        total = len(pack.sections)
        for index, section in enumerate(pack.sections):
            page = SectionPage(section, index, total, self.widgets)
            page.back.clicked.connect(lambda _=False, i=index: self.go_to_section(i - 1))
            page.forward.clicked.connect(lambda _=False, i=index: self._on_forward(i))
            page.summary.link_activated.connect(self.focus_question)
            self.pages.append(page)
            self.stack.addWidget(page)
            self.navigator.addItem(QListWidgetItem(section.title))
        self.navigator.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.navigator.setCurrentRow(0)
        self.panel = GuidancePanel(self._guidance, contacts_view(self.session.overlay))
        self.panel.missing_clicked.connect(self.focus_question)
        self.panel.response_changed.connect(self._on_response_changed)
        splitter = QSplitter()
        splitter.addWidget(self.navigator)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)
        self.setTabOrder(self.child_ref, self.navigator)

    def _child_ref_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel("Child reference (a case or NHS number, not a name):")
        self.child_ref = QLineEdit()
        self.child_ref.setObjectName("child-ref")
        self.child_ref.setMaxLength(80)
        self.child_ref.setAccessibleName("Child reference")
        self.child_ref.setAccessibleDescription("A case or NHS number that identifies the child "
                                                "in your records. Do not type the child's name.")
        label.setBuddy(self.child_ref)
        self.child_ref.textEdited.connect(self._on_child_ref_edited)
        row.addWidget(label)
        row.addWidget(self.child_ref, 1)
        self.save_status = SaveStatus(self.autosave, self.session.clock,
                                      self.session.record.updated_at)
        self.save_status.setVisible(not self.session.read_only)
        row.addWidget(self.save_status)
        self.review_button = QPushButton("Check your answers")
        self.review_button.setObjectName("review-button")
        self.review_button.clicked.connect(self.request_review)
        row.addWidget(self.review_button)
        return row

    def _version_banner(self) -> QWidget:
        banner = QFrame()
        banner.setObjectName("version-banner")
        banner.setProperty("role", "banner")
        layout = QHBoxLayout(banner)
        self.version_text = QLabel()
        self.version_text.setWordWrap(True)
        self.version_button = QPushButton()
        self.version_button.clicked.connect(self._on_switch_version)
        layout.addWidget(self.version_text, 1)
        layout.addWidget(self.version_button)
        banner.setVisible(False)
        self.version_banner = banner
        self._update_version_banner()
        return banner

    def _update_version_banner(self) -> None:
        newer = self.newer
        if newer is None or newer.version == self.session.loaded.version:
            self.version_banner.setVisible(False)
            return
        change = self.session.preview_pack(newer)
        gained = ", ".join(o.title for o in change.gained) or "none"
        lost = ", ".join(o.title for o in change.lost) or "none"
        effect = (f"Under it, the guidance would add: {gained}; and drop: {lost}."
                  if change.changed else "The guidance for these answers would not change.")
        self.version_text.setText(
            f"Version {newer.version} of this checklist is now current; this record uses "
            f"{self.session.loaded.version}. {effect}")
        self.version_button.setText(f"Re-evaluate under {newer.version}")
        self.version_button.setVisible(not self.session.read_only)
        self.version_banner.setVisible(True)

    def _fill_from_record(self) -> None:
        self.child_ref.setText(self.session.record.child_ref)
        for qid, widget in self.widgets.items():
            widget.set_value(self.session.record.answers.get(qid))
        read_only = self.session.read_only
        self.panel.set_responses(self.session.record.responses, read_only)
        self.child_ref.setReadOnly(read_only)
        for widget in self.widgets.values():
            widget.set_read_only(read_only)

    # -- reacting ----------------------------------------------------------------------------
    def _guidance(self, result: Mapping[str, Any]) -> GuidanceView:
        """The evaluation in the words the record's outputs print; worded again only when its
        outcomes, its reasons or the answers they quote changed (a body map's marks name their
        side, which the reasons' sites do not), so most keystrokes cost nothing. The panel
        shows the outcomes and reasons; the rest of the result it reads itself."""
        answers = self.session.record.answers
        quoted = [answers.get(q) for rule in result["fired_rules"] for q in rule["because"]]
        key = (result["outcomes"], result["fired_rules"], quoted)
        if self._worded is None or self._worded[0] != key:
            self._worded = (key, live_guidance(result, self.session.loaded,
                                               self.session.overlay, answers))
        return self._worded[1]

    def _on_answer_changed(self, qid: str, value: Any) -> None:
        if self.session.read_only:
            return
        self._refresh(self.session.answer(qid, value))
        self.autosave.changed()

    def _on_response_changed(self, outcome_id: str, response: OutcomeResponse | None) -> None:
        if self.session.read_only:
            return
        self.session.respond(outcome_id, response)
        self.autosave.changed()

    def focus_response(self, outcome_id: str) -> None:
        """Show an outcome's response under its card, with keyboard focus on it."""
        self.panel.focus_response(outcome_id)

    def _on_child_ref_edited(self, text: str) -> None:
        self.session.set_child_ref(text)
        self.autosave.changed()

    def flush(self) -> None:
        """Save now if anything changed; a failure is reported, and the data stays on screen."""
        self.autosave.flush()

    def _refresh(self, evaluation: Evaluation) -> None:
        visible = set(evaluation.visible)
        for qid, widget in self.widgets.items():
            if widget.isHidden() == (qid in visible):
                widget.setVisible(qid in visible)
        self._show_errors(evaluation)
        self._update_navigator(evaluation)
        self.panel.show_evaluation(evaluation_to_dict(evaluation),
                                   self.question_texts)
        self._update_emergency(evaluation)
        self.refreshed.emit()

    def _errors(self, evaluation: Evaluation) -> dict[str, str]:
        errors = {bad.question: bad.message for bad in evaluation.invalid_answers}
        for qid in evaluation.missing_required:
            if self.section_of[qid] in self.checked_sections and qid not in errors:
                errors[qid] = "Answer this question, or choose 'Not known' where offered."
        return errors

    def _show_errors(self, evaluation: Evaluation) -> None:
        errors = self._errors(evaluation)
        for qid, widget in self.widgets.items():
            widget.set_error(errors.get(qid, ""))
        for index, page in enumerate(self.pages):
            items = [(qid, self.questions[qid].text, msg) for qid, msg in errors.items()
                     if self.section_of.get(qid) == index]
            page.summary.set_errors(items)

    def _update_navigator(self, evaluation: Evaluation) -> None:
        visible = set(evaluation.visible)
        answered = evaluation.answers
        for index, section in enumerate(self.session.loaded.pack.sections):
            ids = [q.id for q in section.questions if q.id in visible]
            done = sum(1 for q in ids if q in answered)
            mark = "✓ " if ids and done == len(ids) else ""
            item = self.navigator.item(index)
            text = f"{mark}{section.title}\n{done} of {len(ids)} answered"
            if item.text() == text:
                continue
            item.setText(text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"{section.title}: {done} of {len(ids)} answered")

    def _update_emergency(self, evaluation: Evaluation) -> None:
        urgent = [o for o in evaluation.outcomes if o.level.value == "emergency"]
        params = evaluation.parameters
        text = "EMERGENCY — " + " ".join(
            f"{fill(o.title, params)}: {fill(o.what_to_do, params)}" for o in urgent)
        if urgent and text != self.emergency.text():
            self.emergency.setText(text)
            self.emergency.setAccessibleName(text)
            announcing.announce(self.emergency, text, urgent=True)
        if not urgent:
            self.emergency.setText("")
        self.emergency.setVisible(bool(urgent))

    # -- navigation --------------------------------------------------------------------------
    def _reopen_where_left(self) -> None:
        """A draft opens at the section it was left on; every move is remembered."""
        store, record_id = self.session.store, self.session.record.id
        if self.session.read_only:
            draft_place.forget(store, record_id)
            return
        ids = [section.id for section in self.session.loaded.pack.sections]
        left = draft_place.recall(store, record_id)
        if left in ids:
            self.go_to_section(ids.index(left))
        self.navigator.currentRowChanged.connect(
            lambda row: draft_place.remember(store, record_id, ids[row]) if 0 <= row < len(
                ids) else None)

    def go_to_section(self, index: int) -> None:
        if 0 <= index < len(self.pages):
            self.navigator.setCurrentRow(index)
            self.pages[index].verticalScrollBar().setValue(0)

    def _on_forward(self, index: int) -> None:
        self.flush()
        self.checked_sections.add(index)
        self._refresh(self.session.evaluation)
        page = self.pages[index]
        if page.summary.has_errors():
            page.summary.take_focus()
            return
        if index + 1 < len(self.pages):
            self.go_to_section(index + 1)
            self.navigator.setFocus()
        else:
            self.request_review()

    def request_review(self) -> None:
        self.flush()
        self.review_requested.emit()

    def focus_question(self, qid: str) -> None:
        if qid not in self.widgets:
            return
        self.go_to_section(self.section_of[qid])
        widget = self.widgets[qid]
        self.pages[self.section_of[qid]].ensureWidgetVisible(widget)
        widget.focus_input()

    def reload_from_record(self) -> None:
        """Show the session's answers again after they were changed outside the widgets."""
        self._fill_from_record()
        self._refresh(self.session.evaluation)

    def set_question_note(self, qid: str, text: str) -> None:
        """Show (or, with '', hide) a note under a question's title, e.g. in training
        'Changed from the scenario'; words in a bordered box, never colour alone."""
        widget = self.widgets.get(qid)
        label = self.notes.get(qid)
        if widget is None or (label is None and not text):
            return
        if label is None:
            label = text_label("", "changed")
            label.setObjectName(f"note-{qid}")
            layout = widget.layout()
            if isinstance(layout, QVBoxLayout):
                layout.insertWidget(1, label)
            self.notes[qid] = label
        if label.text() != text:
            label.setText(text)
        label.setVisible(bool(text))

    def toggle_focused_help(self) -> bool:
        """F1 on a question shows or hides its help; False when focus is not on a question."""
        focused: QWidget | None = self.focusWidget()
        while focused is not None and not isinstance(focused, QuestionWidget):
            focused = focused.parentWidget()
        if isinstance(focused, QuestionWidget):
            focused.toggle_help()
            return True
        return False

    def _on_switch_version(self) -> None:
        if self.newer is None:
            return
        self.session.switch_pack(self.newer)
        self.flush()
        self.pack_switched.emit()  # the window rebuilds the page: the new version may add questions
