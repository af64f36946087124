"""The GOV.UK error summary: a box at the top listing each problem as a link to its field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from cspr_desktop.ui.widgets import LinkButton, text_label


class ErrorSummary(QFrame):
    """Hidden while there is nothing wrong; announced to screen readers when it takes focus."""

    link_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "error-summary")
        self.setObjectName("error-summary")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.layout_ = QVBoxLayout(self)
        self.heading = text_label("There is a problem", "h2")
        self.layout_.addWidget(self.heading)
        self.links: list[LinkButton] = []
        self.shown: list[tuple[str, str, str]] = []
        self.setVisible(False)

    def set_errors(self, errors: list[tuple[str, str, str]]) -> None:
        """errors: (question id, question text, message). Called after every answer, so the
        links are rebuilt only when the list changed (and a link keeps its focus otherwise)."""
        if errors == self.shown:
            return
        self.shown = list(errors)
        for link in self.links:
            link.deleteLater()
        self.links = []
        for qid, text, message in errors:
            link = LinkButton(f"{text} — {message}")
            link.setObjectName(f"error-link-{qid}")
            link.clicked.connect(lambda _=False, q=qid: self.link_activated.emit(q))
            self.layout_.addWidget(link)
            self.links.append(link)
        count = len(errors)
        self.setAccessibleName(f"There is a problem: {count} "
                               f"{'answer needs' if count == 1 else 'answers need'} attention")
        self.setVisible(bool(errors))

    def has_errors(self) -> bool:
        return bool(self.links)

    def take_focus(self) -> None:
        """Move focus here and tell assistive technology, as GOV.UK's pattern does."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))
