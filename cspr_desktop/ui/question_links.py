"""A headed list of links to questions, kept and reordered rather than rebuilt per keystroke.

The guidance panel shows three: answers that contradict each other, questions still needed to
decide the level, and required questions still to answer. A link moves focus to its question.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cspr_desktop.ui.widgets import LinkButton, text_label


class QuestionLinks(QWidget):
    """One link per question id, under a heading; hidden while the list is empty."""

    clicked = Signal(str)

    def __init__(self, name: str, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.ids: list[str] = []
        self.shown: dict[str, str] = {}
        self.links: dict[str, LinkButton] = {}
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.heading = text_label(heading, "h3")
        self.layout_.addWidget(self.heading)
        self.setVisible(False)

    def show_ids(self, ids: Sequence[str], words: Mapping[str, str]) -> None:
        """Show a link per id, worded by `words` (the question text, or a message)."""
        wanted = {qid: words.get(qid, qid) for qid in ids}
        if list(ids) == self.ids and wanted == self.shown:
            return
        self.ids, self.shown = list(ids), wanted
        for qid, link in self.links.items():
            link.setVisible(qid in wanted)
        for index, qid in enumerate(ids, start=1):
            found = self.links.get(qid)
            if found is None:
                link = LinkButton(wanted[qid])
                link.setObjectName(f"{self.objectName()}-{qid}")
                link.clicked.connect(lambda _=False, q=qid: self.clicked.emit(q))
                self.links[qid] = link
            else:
                link = found
                if link.text() != wanted[qid]:
                    link.setText(wanted[qid])
            if self.layout_.indexOf(link) != index:
                self.layout_.insertWidget(index, link)
            link.setVisible(True)
        self.setVisible(bool(ids))
