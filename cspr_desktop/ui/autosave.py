"""Throttled autosave: a change is on disk within SAVE_WITHIN_MS, and at once on flush().

Used by every page that edits a record. The timer is started on the first change and not
restarted by later ones, so steady typing still saves every half second; a crash or power cut
loses at most that much. A failed save is reported through `failed`; the data stays on screen
and in the session, and the next change tries again.

A save refused because another window or copy of the app saved the record first is reported
through `conflicted` instead, once: until the person has chosen what happens to their changes
(`ui.conflict`), autosave does not try again, so it neither overwrites nor nags.

`pending` (a save is due) and `saved` (a change is on disk) drive the page's "Saved" indicator
(`ui.save_status`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from cspr_desktop.core.records.session import ChecklistSession
from cspr_desktop.core.records.store import StaleRecordError, StoreError

SAVE_WITHIN_MS = 500


class AutoSaver(QObject):
    """Saves one session's record shortly after it changes."""

    failed = Signal(str)
    conflicted = Signal(str)
    pending = Signal()
    saved = Signal()

    def __init__(self, session: ChecklistSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_WITHIN_MS)
        self._timer.timeout.connect(self.flush)

    def changed(self) -> None:
        """Something changed: make sure a save is due within SAVE_WITHIN_MS."""
        if not self._timer.isActive() and not self.session.stale:
            self._timer.start()
            self.pending.emit()

    def flush(self) -> None:
        """Save now if anything changed (not while a refused save awaits a choice)."""
        self._timer.stop()
        if self.session.stale:
            return
        writing = self.session.dirty
        try:
            self.session.save()
        except StaleRecordError as exc:
            self.conflicted.emit(str(exc))
        except StoreError as exc:
            self.failed.emit(str(exc))
        else:
            if writing:
                self.saved.emit()
