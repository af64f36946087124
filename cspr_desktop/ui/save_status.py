"""The "Saved 10:42" line on a page that saves by itself, so nobody wonders whether to.

It follows the page's AutoSaver: "Saving…" while a change waits (at most half a second),
"Saved HH:MM" once it is on disk, and "Not saved — <what to do>" when a save fails. Screen
readers hear it politely (never interrupting), and only when the state changes in a way that
matters: a failure, and saving again after one — not every half second of typing, nor on
opening the record. The line can also be read at any time: its accessible name is its text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QLabel, QWidget

from cspr_desktop.core import uk_dates
from cspr_desktop.ui import announcing
from cspr_desktop.ui.autosave import AutoSaver

SAVING = "Saving…"
CONFLICT = ("Not saved — another copy of this record was saved first. Choose which changes "
            "to keep; yours are still on screen.")
TRY_AGAIN = "Your answers are still on screen; it tries again at your next change."


def what_to_do(message: str) -> str:
    """The advice part of a store message (after its first sentence, which says what
    happened), or a general word when it gives none."""
    _, _, rest = message.partition(". ")
    advice = rest.strip() or TRY_AGAIN
    if len(advice) > 1 and advice[1].islower():  # "It is still..." reads on after the dash
        advice = advice[0].lower() + advice[1:]
    return advice


class SaveStatus(QLabel):
    """One short line saying whether the record on this page is on disk."""

    def __init__(self, autosave: AutoSaver, clock: Callable[[], datetime],
                 saved_at: datetime | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.setObjectName("save-status")
        self.setMaximumWidth(340)  # a failure's advice wraps within this; "Saved" never does
        # one width for every short state, so the row does not shift at each save while typing
        widest = ("Saved 00/00/0000 00:00" if saved_at is not None and saved_at.date() != (
            clock().date()) else "Saved 00:00")
        self.setMinimumWidth(max(self.fontMetrics().horizontalAdvance(text)
                                 for text in (widest, SAVING)) + 4)
        self.setProperty("role", "secondary")
        self._state = ""  # "saved" | "failed": what was last announced
        autosave.pending.connect(self._on_pending)
        autosave.saved.connect(self._on_saved)
        autosave.failed.connect(self._on_failed)
        autosave.conflicted.connect(lambda _message: self._show(CONFLICT, "failed"))
        if saved_at is not None:
            self._set_text(f"Saved {self._when(saved_at)}")
            self._state = "saved"

    def _when(self, moment: datetime) -> str:
        """The time alone when it was today, the date and time otherwise."""
        return f"{moment:%H:%M}" if moment.date() == self.clock().date() else uk_dates.show(
            moment)

    def _on_pending(self) -> None:
        if self._state != "failed":  # a failure stays in view until a save succeeds
            self._set_text(SAVING)

    def _on_saved(self) -> None:
        self._show(f"Saved {self._when(self.clock())}", "saved")

    def _on_failed(self, message: str) -> None:
        self._show(f"Not saved — {what_to_do(message)}", "failed")

    def _show(self, text: str, state: str) -> None:
        changed = state != self._state
        self._set_text(text)
        self._state = state
        if changed:
            self.setWordWrap(state == "failed")
            self.setProperty("role", "error" if state == "failed" else "secondary")
            self.style().unpolish(self)
            self.style().polish(self)
            announcing.announce(self, text)

    def _set_text(self, text: str) -> None:
        if text != self.text():
            self.setText(text)
            self.setAccessibleName(text)
