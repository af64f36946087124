"""When a save is refused because the record was changed in another window or another copy of
the app: say so, keep the changes on screen, and let the person choose what happens to them.

The choices are what a practitioner would expect from a shared document:

- **Add my changes to the saved version** (`session.keep_mine_on_latest`): what was saved
  elsewhere stays, and what was changed here is made on top of it; where both changed the same
  answer, this one is kept, because it is the one on screen now.
- **Save mine as a new draft** (drafts only): both are kept, as two records.
- **Discard my changes**: show the version saved elsewhere.
- **Decide later**: nothing is saved or lost; autosave waits, the status bar says so, and Save
  (Ctrl+S), leaving the record or closing the window asks again.

A small controller beside the main window, like `record_actions`.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from cspr_desktop.core.errors import RecordError
from cspr_desktop.core.records.store import StaleRecordError, StoreError

if TYPE_CHECKING:
    from cspr_desktop.core.records.session import ChecklistSession
    from cspr_desktop.ui.main_window import MainWindow

WAITING = ("Not saved: this record was changed somewhere else. Your changes are still on "
           "screen; press Ctrl+S to choose what to do with them.")


class Choice(Enum):
    KEEP_MINE = "conflict-keep-mine"
    NEW_DRAFT = "conflict-new-draft"
    DISCARD = "conflict-discard"
    LATER = "conflict-later"


BUTTONS = {
    Choice.KEEP_MINE: ("Add my changes to the saved version", QMessageBox.ButtonRole.AcceptRole),
    Choice.NEW_DRAFT: ("Save mine as a new draft", QMessageBox.ButtonRole.AcceptRole),
    Choice.DISCARD: ("Discard my changes", QMessageBox.ButtonRole.DestructiveRole),
    Choice.LATER: ("Decide later", QMessageBox.ButtonRole.RejectRole),
}
EXPLAIN = {
    Choice.KEEP_MINE: "Add my changes: what was saved elsewhere stays, and what you changed "
    "here is added to it (where both changed the same answer, yours is kept).",
    Choice.NEW_DRAFT: "New draft: both are kept; yours becomes a new draft with its own id.",
    Choice.DISCARD: "Discard: show the version saved elsewhere; what you changed here since "
    "your last save is lost.",
    Choice.LATER: "Decide later: your changes stay on screen, unsaved.",
}


def ask(parent: QWidget, message: str, choices: list[Choice]) -> Choice:
    """The question, with one button per choice (object names for tests and scripts)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Changed somewhere else", message,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("conflict-dialog")
    box.setInformativeText("What should happen to your changes?\n\n" + "\n".join(
        EXPLAIN[c] for c in choices))
    buttons: dict[QPushButton, Choice] = {}
    for choice in choices:
        text, role = BUTTONS[choice]
        button = box.addButton(text, role)
        button.setObjectName(choice.value)
        buttons[button] = choice
    box.setDefaultButton(next(b for b, c in buttons.items() if c == choices[0]))
    box.exec()
    clicked = box.clickedButton()
    return buttons.get(clicked, Choice.LATER) if isinstance(clicked, QPushButton) else Choice.LATER


class ConflictHandler:
    """Resolves a refused save of the main window's open record."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._asking = False

    def resolve(self, message: str = "") -> bool:
        """Ask and act; True once nothing unsaved is left (saved, kept or discarded)."""
        session = self.window.session
        if session is None or not session.stale:
            return True
        if self._asking:  # one question at a time (autosave may fire while it is open)
            return False
        self._asking = True
        try:
            return self._resolve(session, message or _stale_message(session))
        finally:
            self._asking = False

    def _resolve(self, session: ChecklistSession, message: str) -> bool:
        choices = self._choices(session)
        while True:
            choice = ask(self.window, message, choices)
            if choice == Choice.LATER:
                self.window.statusBar().showMessage(WAITING)
                return False
            if choice == Choice.DISCARD:
                self._discard(session)
                return True
            try:
                if choice == Choice.KEEP_MINE:
                    session.keep_mine_on_latest()
                    done = "Your changes were added to the version saved elsewhere, and saved."
                else:
                    copy = session.save_as_new_draft()
                    done = (f"Your changes were saved as a new draft, {copy.id}. The version "
                            "saved elsewhere is unchanged, in your list of records.")
            except StaleRecordError as exc:  # changed again meanwhile: ask again
                message = str(exc)
                continue
            except RecordError as exc:  # these changes cannot be combined: offer the rest
                choices = [c for c in choices if c != choice]
                message = str(exc)
                continue
            except StoreError as exc:
                self.window.show_problem("Not saved", str(exc))
                return False
            self.window.reshow_session()
            self.window.statusBar().showMessage(done, 15000)
            return True

    @staticmethod
    def _choices(session: ChecklistSession) -> list[Choice]:
        deleted = not session.store.exists(session.record.id)
        choices = [] if deleted else [Choice.KEEP_MINE]
        if not session.record.is_completed:
            choices.append(Choice.NEW_DRAFT)
        return [*choices, Choice.DISCARD, Choice.LATER]

    def _discard(self, session: ChecklistSession) -> None:
        session.discard_changes()
        record_id = session.record.id
        if session.store.exists(record_id):
            self.window.open_record(record_id)
            done = "Your changes were discarded; this is the version saved elsewhere."
        else:
            self.window.close_record()
            done = f"Your changes were discarded; record {record_id} had been deleted."
        self.window.statusBar().showMessage(done, 10000)


def _stale_message(session: ChecklistSession) -> str:
    return str(StaleRecordError(session.record.id,
                                deleted=not session.store.exists(session.record.id)))
