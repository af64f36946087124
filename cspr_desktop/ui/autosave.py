"""Throttled autosave: a change is on disk within SAVE_WITHIN_MS, and at once on flush().

Used by every page that edits a record. The timer is started on the first change and not
restarted by later ones, so steady typing still saves every half second; a crash or power cut
loses at most that much. A failed save is reported through `failed`; the data stays on screen
and in the session, and the next change tries again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from cspr_desktop.core.session import ChecklistSession
from cspr_desktop.core.store import StoreError

SAVE_WITHIN_MS = 500


class AutoSaver(QObject):
    """Saves one session's record shortly after it changes."""

    failed = Signal(str)

    def __init__(self, session: ChecklistSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_WITHIN_MS)
        self._timer.timeout.connect(self.flush)

    def changed(self) -> None:
        """Something changed: make sure a save is due within SAVE_WITHIN_MS."""
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Save now if anything changed."""
        self._timer.stop()
        try:
            self.session.save()
        except StoreError as exc:
            self.failed.emit(str(exc))
