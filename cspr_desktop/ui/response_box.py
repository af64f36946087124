"""The practitioner's response under one outcome card: done, will do, or not followed (with a
coded reason and a comment), or, on a signed record, the response as it was signed.

Every control is named after its outcome, so a screen reader hears which outcome it answers,
and all of it works from the keyboard: Tab reaches the choices (arrow keys move between them),
the reason list and the comment; the comment box passes Tab on rather than typing it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.records.responses import (
    CHOSEN,
    MAX_COMMENT,
    NEEDS_COMMENT,
    REASON_WORDS,
    STATUS_WORDS,
    OutcomeResponse,
    Reason,
    response_words,
)
from cspr_desktop.ui.flow_layout import FlowLayout, fixed
from cspr_desktop.ui.widgets import text_label

COMMENT_LINES = 3


class ResponseBox(QFrame):
    """One outcome's response; `changed` carries the new response (None when cleared)."""

    changed = Signal(str, object)

    def __init__(self, outcome_id: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome_id = outcome_id
        self.title = title
        self.setObjectName(f"response-box-{outcome_id}")
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        heading = text_label("Your response", "h3")
        layout.addWidget(heading)
        self.signed = text_label("", selectable=True)
        self.signed.setObjectName(f"response-signed-{outcome_id}")
        layout.addWidget(self.signed)
        self.editor = QWidget()
        layout.addWidget(self.editor)
        self._build_editor()

    def _build_editor(self) -> None:
        oid, title = self.outcome_id, self.title
        box = QVBoxLayout(self.editor)
        box.setContentsMargins(0, 0, 0, 0)
        choices = QWidget()
        row = FlowLayout(choices)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for status in CHOSEN:
            button = QRadioButton(STATUS_WORDS[status])
            button.setObjectName(f"response-{oid}-{status}")
            button.setAccessibleName(f"{STATUS_WORDS[status]} — your response to: {title}")
            self.group.addButton(button)
            self.buttons[status] = button
            row.addWidget(fixed(button))
            button.toggled.connect(self._on_edit)
        self.clear = QPushButton("Clear")
        self.clear.setProperty("role", "link")
        self.clear.setObjectName(f"response-clear-{oid}")
        self.clear.setAccessibleName(f"Clear your response to: {title}")
        self.clear.clicked.connect(self._on_clear)
        row.addWidget(fixed(self.clear))
        box.addWidget(choices)
        self.reason_label = QLabel("&Reason it was not followed")
        self.reason = QComboBox()
        self.reason.setObjectName(f"response-reason-{oid}")
        self.reason.setAccessibleName(f"Reason not followed: {title}")
        self.reason.addItem("Choose a reason", None)
        for code, words in REASON_WORDS.items():
            self.reason.addItem(words, code)
        self.reason_label.setBuddy(self.reason)
        self.reason.currentIndexChanged.connect(self._on_edit)
        box.addWidget(self.reason_label)
        box.addWidget(self.reason)
        self.comment_label = QLabel("C&omment (optional)")
        self.comment = QPlainTextEdit()
        self.comment.setObjectName(f"response-comment-{oid}")
        self.comment.setAccessibleName(f"Comment on your response to: {title}")
        self.comment.setTabChangesFocus(True)
        lines = self.comment.fontMetrics().lineSpacing() * COMMENT_LINES
        self.comment.setFixedHeight(lines + 2 * self.comment.frameWidth() + 8)
        self.comment_label.setBuddy(self.comment)
        self.comment.textChanged.connect(self._on_edit)
        box.addWidget(self.comment_label)
        box.addWidget(self.comment)
        self.gap = text_label("", "secondary")
        self.gap.setObjectName(f"response-gap-{oid}")
        box.addWidget(self.gap)

    # -- showing -------------------------------------------------------------------------------
    def show_response(self, response: OutcomeResponse | None, read_only: bool) -> None:
        """Show `response` (as signed, when `read_only`) without reporting it as a change."""
        self.signed.setText(response_words(response))
        self.signed.setVisible(read_only)
        self.editor.setVisible(not read_only)
        if read_only or response == self.response():
            self._update_parts()
            return
        self._filling = True
        try:
            self.group.setExclusive(False)  # so that no choice at all can be shown
            for status, button in self.buttons.items():
                button.setChecked(response is not None and response.status == status)
            self.group.setExclusive(True)
            reason = response.reason if response is not None else None
            self.reason.setCurrentIndex(max(0, self.reason.findData(reason)) if reason else 0)
            comment = response.comment if response is not None else ""
            if self.comment.toPlainText() != comment:
                self.comment.setPlainText(comment)
        finally:
            self._filling = False
        self._update_parts()

    def response(self) -> OutcomeResponse | None:
        """The response as the controls show it now."""
        status = next((s for s, b in self.buttons.items() if b.isChecked()), None)
        if status is None:
            return None
        reason: Reason | None = self.reason.currentData() if status == "not_followed" else None
        return OutcomeResponse(status=status, reason=reason,
                               comment=self.comment.toPlainText()[:MAX_COMMENT])

    def focus_first(self) -> None:
        """Put keyboard focus on the chosen response, or on the first choice."""
        chosen = self.group.checkedButton() or self.buttons[CHOSEN[0]]
        chosen.setFocus()

    # -- reacting ------------------------------------------------------------------------------
    def _on_edit(self, *_: object) -> None:
        if self._filling:
            return
        self._update_parts()
        self.changed.emit(self.outcome_id, self.response())

    def _on_clear(self) -> None:
        self.show_response(None, read_only=False)
        self.changed.emit(self.outcome_id, None)
        self.focus_first()

    def _update_parts(self) -> None:
        response = self.response()
        chosen = response is not None
        not_followed = chosen and response is not None and response.status == "not_followed"
        self.reason_label.setVisible(not_followed)
        self.reason.setVisible(not_followed)
        parts: tuple[QWidget, ...] = (self.comment_label, self.comment, self.clear)
        for widget in parts:
            widget.setVisible(chosen)
        needs = not_followed and response is not None and response.reason in NEEDS_COMMENT
        self.comment_label.setText("C&omment (needed: say why)" if needs
                                   else "C&omment (optional)")
        gap = response.gap() if response is not None else ""
        self.gap.setText(f"Still needed: {gap}." if gap else "")
        self.gap.setVisible(bool(gap))
        self.setAccessibleDescription(response_words(response))
