"""The short user guide F1 opens away from a question (F1 on a question shows its own help).

A few headed sections on what people ask first: starting, "Not known", checking and signing,
the meeting, exporting and printing, locking. It is one read-only document in a text browser,
so a screen reader can move through it line by line, with real headings to jump between.
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.records.vault import FORGOTTEN
from cspr_desktop.ui.dialogs import DISCLAIMER

TITLE = "Using cspr-desktop"
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Starting a checklist", (
        "On the Home screen, choose the checklist that fits the concern and press Start.",
        "Type the child's reference: a case or NHS number, never a name. The sections are on "
        "the left; answer the questions in the middle and press Continue. The guidance on the "
        "right changes as you answer.",
        "Your answers save by themselves: beside Check your answers it says \"Saved\" and the "
        "time. A draft you leave is listed on the Home screen and opens again at the section "
        "you were on.",
        "Type dates as DD/MM/YYYY, and a time as HH:MM, for example 02/03/2026 14:30.",
    )),
    ("Answering \"Not known\"", (
        "When you do not know an answer, choose \"Not known\" rather than guessing or leaving "
        "it blank. \"Not known\" never counts as reassurance: the guidance treats it as "
        "something still to find out, and the record shows it.",
        "Press F1 on a question, or Show help, to read what the question asks and why.",
    )),
    ("Checking your answers and signing", (
        "Check your answers lists every answer, with a Change button to go back to it, and the "
        "guidance that follows from them. Anything required that is still unanswered is listed "
        "at the top.",
        "Press Complete and sign, give your name, role and agency, and sign. A signed record "
        "cannot be changed; to correct or add something, add an addendum, which is dated and "
        "signed too.",
    )),
    ("The meeting", (
        "On a signed record, press Record the meeting. Record the date and time, the chair, "
        "who attended, what each agency shared, the decision on section 47 and why, and the "
        "actions with their owners and due dates.",
        "The meeting saves as you type. The chair signs it off when it is complete; after that "
        "it cannot be changed.",
        DISCLAIMER,
    )),
    ("Exporting and printing", (
        "File → Export record… saves the open record as a PDF, a web page (HTML), a Word "
        "document (DOCX), or JSON to move it to another computer. File → Print… prints it.",
        "An export holds personal information about a child: save it only where your "
        "organisation allows. A record that fails its integrity check is shown, but cannot be "
        "exported or printed.",
    )),
    ("Locking", (
        "File → Encrypt records with a passphrase… protects every record on this computer. "
        "After that, File → Lock (Ctrl+L) hides the screen until the passphrase is typed, and "
        "the app locks itself after a time without use (File → Lock after idle time…).",
        "Lock the app whenever you leave the computer. " + FORGOTTEN,
    )),
)


def guide_html() -> str:
    """The guide as simple HTML: a heading per section and its paragraphs (all escaped)."""
    parts = [f"<h1>{escape(TITLE)}</h1>"]
    for heading, paragraphs in SECTIONS:
        parts.append(f"<h2>{escape(heading)}</h2>")
        parts.extend(f"<p>{escape(text)}</p>" for text in paragraphs)
    parts.append("<p>Help → About cspr-desktop gives the versions, sources and where your "
                 "records are stored.</p>")
    return "\n".join(parts)


class UserGuide(QDialog):
    """The guide in a dialog that fits the screen; Escape or Close shuts it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setObjectName("user-guide")
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setObjectName("user-guide-text")
        self.text.setAccessibleName(TITLE)
        self.text.setOpenLinks(False)
        self.text.setHtml(guide_html())
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:
        """Focus on the text, so arrow keys and a screen reader start reading at once."""
        super().showEvent(event)
        self.text.setFocus()

    def _fit(self) -> None:
        """About 50 em wide and 36 lines high, never more than the screen allows."""
        metrics = self.fontMetrics()
        width, height = metrics.horizontalAdvance("m") * 50, metrics.lineSpacing() * 36
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            space = screen.availableGeometry()
            width, height = min(width, space.width() - 40), min(height, space.height() - 80)
        self.resize(width, height)
