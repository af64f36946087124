"""The guidance panel: the overall level, what to do and by when, why, and local contacts.

It renders the typed guidance view (`report.view_model.GuidanceView`: outcomes, and why each
rule fired) that the record's HTML, PDF and Word print, built from the evaluation dictionary a
completed record stores, so a live checklist and its paper say the same words. The level's
words come from `report.level_words`, as on paper. It rebuilds only what has changed, so
typing stays instant.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.records.responses import URGENT_LEVELS, OutcomeResponse
from cspr_desktop.core.report.level_words import TOO_EARLY
from cspr_desktop.core.report.view_model import ContactsView, GuidanceView, OutcomeView, Why
from cspr_desktop.ui import announcing
from cspr_desktop.ui.question_links import QuestionLinks
from cspr_desktop.ui.response_box import ResponseBox
from cspr_desktop.ui.theme import level_pixmap, level_style
from cspr_desktop.ui.widgets import FittingScrollArea, text_label

GuidanceOf = Callable[[Mapping[str, Any]], GuidanceView]  # an evaluation dict in words


class LevelBanner(QFrame):
    """The overall level: words, icon and colour together."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "banner")
        self.setObjectName("level-banner")
        layout = QHBoxLayout(self)
        self.icon = QLabel()
        self.icon.setObjectName("level-icon")
        self.words = text_label("", "h2")
        self.words.setAccessibleDescription("")  # large words, but the level, not a heading
        layout.addWidget(self.icon)
        layout.addWidget(self.words, 1)
        self.set_level(None)

    def set_level(self, level: str | None) -> None:
        style = level_style(level)
        self.icon.setPixmap(level_pixmap(level, 32))
        self.icon.setAccessibleName(f"{style.short.capitalize()} level icon")
        self.words.setText(style.words)
        self.setStyleSheet(f"QFrame#level-banner {{ background: {style.background}; }}"
                           f"QFrame#level-banner QLabel {{ color: {style.foreground}; }}")
        self.setAccessibleName(f"Overall level: {style.words}")


class OutcomeCard(QFrame):
    """One outcome: level tag, title, what to do, by when, local note, and a Why? toggle."""

    def __init__(self, outcome: OutcomeView, why: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setObjectName(f"outcome-{outcome.outcome_id}")
        style = level_style(outcome.level)
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        tag = QLabel(style.short)
        tag.setStyleSheet(f"background: {style.background}; color: {style.foreground}; "
                          "font-weight: bold; padding: 2px 6px;")
        icon = QLabel()
        icon.setPixmap(level_pixmap(outcome.level, 20))
        icon.setAccessibleName(f"{style.short.capitalize()} level icon")
        for fixed in (icon, tag):
            fixed.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            head.addWidget(fixed, alignment=Qt.AlignmentFlag.AlignTop)
        title = text_label(outcome.title, "h3")
        head.addWidget(title, 1)
        layout.addLayout(head)
        layout.addWidget(text_label(outcome.what_to_do, selectable=True))
        layout.addWidget(text_label(f"By when: {outcome.by_when}", "h3"))
        if outcome.local_note:
            layout.addWidget(text_label(f"Local note: {outcome.local_note}", "secondary",
                                        selectable=True))
        self.why_button = QPushButton("Why?")
        self.why_button.setProperty("role", "link")
        self.why_button.setAccessibleName(f"Why: {outcome.title}")
        self.why_button.setCheckable(True)
        self.why = text_label(why, "secondary", selectable=True)
        self.why.setObjectName(f"why-{outcome.outcome_id}")
        self.why.setVisible(False)
        self.why_button.toggled.connect(self._on_why_toggled)
        layout.addWidget(self.why_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.why)
        self.response = ResponseBox(outcome.outcome_id, outcome.title)
        layout.addWidget(self.response)
        self.setAccessibleName(f"{style.short}: {outcome.title}")
        self.setAccessibleDescription(f"{outcome.what_to_do} By when: {outcome.by_when}")

    def set_why(self, why: str) -> None:
        if why != self.why.text():
            self.why.setText(why)

    def _on_why_toggled(self, shown: bool) -> None:
        self.why.setVisible(shown)
        self.why_button.setText("Hide why" if shown else "Why?")


class GuidancePanel(FittingScrollArea):
    """Everything the guidance says for the current answers, beside the questions."""

    missing_clicked = Signal(str)
    response_changed = Signal(str, object)  # outcome id, OutcomeResponse or None

    def __init__(self, guidance_of: GuidanceOf, contacts: ContactsView,
                 parent: QWidget | None = None) -> None:
        """`guidance_of` words an evaluation as the record's outputs do
        (`evaluation_view.live_guidance`); `contacts` are the partnership's, as printed."""
        super().__init__(parent)
        self.setObjectName("guidance-panel")
        self.setAccessibleName("Guidance")
        self.setMinimumWidth(340)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.guidance_of = guidance_of
        self.contacts = contacts
        self.level: str | None = None
        self.outcome_ids: list[str] = []
        self.cards: dict[str, OutcomeCard] = {}
        self.responses: Mapping[str, OutcomeResponse] = {}
        self.read_only = False
        self.content = QWidget()
        self.layout_ = QVBoxLayout(self.content)
        self.setWidget(self.content)
        self.banner = LevelBanner()
        self.cards_box = QWidget()
        self.cards_layout = QVBoxLayout(self.cards_box)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.contradictions = QuestionLinks(
            "contradiction", "Answers that contradict each other: check them")
        self.still_needed = QuestionLinks("needed", "Needed to decide the level")
        self.missing = QuestionLinks("missing", "Still to answer (required)")
        for links in (self.contradictions, self.still_needed, self.missing):
            links.clicked.connect(self.missing_clicked)
        self.layout_.addWidget(text_label("Guidance", "h2"))
        self.layout_.addWidget(self.banner)
        self.layout_.addWidget(self.contradictions)
        self.layout_.addWidget(self.still_needed)
        self.layout_.addWidget(self.cards_box)
        self.layout_.addWidget(self.missing)
        self.layout_.addWidget(self._contacts())
        self.layout_.addWidget(text_label(
            "This guidance supports your professional judgement and your local procedures; "
            "it never replaces them.", "secondary"))
        self.layout_.addStretch(1)

    def add_under_level(self, widget: QWidget) -> None:
        """Put a box between the overall level and the outcomes, e.g. training's "Compared
        with the scenario", so the room sees what changed next to the guidance it changed."""
        self.layout_.insertWidget(self.layout_.indexOf(self.banner) + 1, widget)

    def show_evaluation(self, result: Mapping[str, Any], question_text: Mapping[str, str]) -> None:
        """Refresh from an evaluation dict, touching only what changed, so typing stays fast."""
        previous_level = self.level
        self.level = TOO_EARLY if result.get("too_early") else result["level"]
        if self.level != previous_level:
            self.banner.set_level(self.level)
        self._update_cards(self.guidance_of(result))
        flags = {c["question"]: f"{question_text.get(c['question'], c['question'])} — "
                 f"{c['message']}" for c in result.get("contradictions", ())}
        self.contradictions.show_ids(list(flags), flags)
        self.still_needed.heading.setText(
            "Needed before a level can be given" if result.get("too_early")
            else "Not yet answered, and could raise the level")
        self.still_needed.show_ids(result.get("still_needed", ()), question_text)
        self.missing.show_ids(result["missing_required"], question_text)
        if self.level != previous_level:
            self._announce(self.banner.accessibleName())

    def _update_cards(self, guidance: GuidanceView) -> None:
        """One card per outcome, in order: lost ones are hidden and kept, so an outcome that
        comes and goes as an answer is changed back and forth costs no new widgets."""
        wanted = [o.outcome_id for o in guidance.outcomes]
        for gone in set(self.outcome_ids) - set(wanted):
            self.cards[gone].hide()
        for index, outcome in enumerate(guidance.outcomes):
            why = why_text(outcome.outcome_id, guidance.reasons)
            card = self.cards.get(outcome.outcome_id)
            if card is None:
                card = OutcomeCard(outcome, why)
                card.response.show_response(self.responses.get(outcome.outcome_id),
                                            self.read_only)
                card.response.changed.connect(self._on_response_changed)
                self.cards[outcome.outcome_id] = card
            else:
                card.set_why(why)
            if self.cards_layout.indexOf(card) != index:
                self.cards_layout.insertWidget(index, card)
            if card.isHidden():
                card.show()
        self.outcome_ids = wanted

    def set_responses(self, responses: Mapping[str, OutcomeResponse], read_only: bool) -> None:
        """Show the record's responses under their outcomes (as signed, when `read_only`)."""
        self.responses = dict(responses)
        self.read_only = read_only
        for outcome_id, card in self.cards.items():
            card.response.show_response(self.responses.get(outcome_id), read_only)

    def _on_response_changed(self, outcome_id: str, response: OutcomeResponse | None) -> None:
        responses = dict(self.responses)
        if response is None:
            responses.pop(outcome_id, None)
        else:
            responses[outcome_id] = response
        self.responses = responses
        self.response_changed.emit(outcome_id, response)

    def focus_response(self, outcome_id: str) -> None:
        """Scroll to an outcome's response and put keyboard focus on it."""
        card = self.cards.get(outcome_id)
        if card is None or card.isHidden():
            return
        self.ensureWidgetVisible(card.response)
        card.response.focus_first()

    def shown_outcomes(self) -> list[str]:
        """The outcome cards on show, top to bottom (hidden, kept cards left out)."""
        items = (self.cards_layout.itemAt(i) for i in range(self.cards_layout.count()))
        cards = (item.widget() for item in items if item is not None)
        return [w.objectName().removeprefix("outcome-") for w in cards
                if isinstance(w, OutcomeCard) and not w.isHidden()]

    def _contacts(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 8, 0, 0)
        if self.contacts.table is None:
            layout.addWidget(text_label(self.contacts.intro, "secondary"))
            return box
        layout.addWidget(text_label(f"Local contacts — {self.contacts.intro}", "h3"))
        for name, _role, phone, hours, _notes in self.contacts.table.rows:
            when_open = f" ({hours})" if hours else ""
            layout.addWidget(text_label(f"{name}: {phone}{when_open}", selectable=True))
        return box

    def _announce(self, message: str) -> None:
        """Tell screen readers the level changed, without moving focus."""
        # the urgent levels are announced assertively, interrupting speech
        announcing.announce(self.banner, message, urgent=self.level in URGENT_LEVELS)
        self.banner.setToolTip(message)


def why_text(outcome_id: str, reasons: tuple[Why, ...]) -> str:
    """Why an outcome is shown: each rule that led to it, with the answers and local settings
    behind it and its source, in the record's own words."""
    lines = []
    for why in reasons:
        if outcome_id not in why.outcome_ids:
            continue
        lines.append(f"• {why.rationale}")
        lines += [f"    – {entry.label.rstrip(':')} — {entry.value}" for entry in why.because]
        if why.source:
            lines.append(f"    Source: {why.source}; full reference in Help → About")
    return "\n".join(lines) or "No rule detail is available."
