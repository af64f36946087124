"""The checklist says whether the answers are on disk: "Saving…", "Saved 10:15", or
"Not saved — what to do", heard politely by screen readers when it matters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from ui_driver import Heard, answer, complete_record, make_window, start, when_dialog

from cspr_desktop.core.records.store import StoreError
from cspr_desktop.ui.autosave import SAVE_WITHIN_MS

DISK_FULL = ("The disk is full, so the last change could not be saved. It is still on screen: "
             "free some space and it will save again.")




def test_the_checklist_shows_and_announces_whether_it_is_saved(
        qtbot: QtBot, tmp_path: Path, heard: Heard, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(qtbot, tmp_path)  # the app's clock says 10:15
    checklist = start(qtbot, window, "bruising-non-mobile")
    status = checklist.save_status
    assert status.isVisible() and status.text() == "Saved 10:15"
    assert status.accessibleName() == "Saved 10:15"
    assert not [m for w, m, _ in heard if w is status], "opening a record is not news"

    answer(qtbot, checklist, "age_months", 3)
    assert status.text() == "Saving…"
    qtbot.waitUntil(lambda: status.text() == "Saved 10:15", timeout=SAVE_WITHIN_MS + 1000)
    assert not [m for w, m, _ in heard if w is status], "routine saves are not announced"

    disk_full = [True]
    real_save = window.context.store.save

    def save(*args: Any, **kwargs: Any) -> int:
        if disk_full[0]:
            raise StoreError(DISK_FULL)
        return real_save(*args, **kwargs)

    monkeypatch.setattr(window.context.store, "save", save)
    closed: list[str] = []

    def dismiss(dialog: QDialog) -> None:
        closed.append(dialog.windowTitle())
        dialog.accept()

    when_dialog(dismiss)
    answer(qtbot, checklist, "age_months", 4)
    qtbot.waitUntil(lambda: status.text().startswith("Not saved"), timeout=2000)
    assert status.text() == ("Not saved — it is still on screen: free some space and it will "
                             "save again.")
    assert status.property("role") == "error"
    assert [(m, u) for w, m, u in heard if w is status] == [(status.text(), False)]
    qtbot.waitUntil(lambda: bool(closed), timeout=2000)

    disk_full[0] = False  # space freed: the next change saves, and says so
    heard.clear()
    answer(qtbot, checklist, "age_months", 5)
    qtbot.waitUntil(lambda: status.text() == "Saved 10:15", timeout=SAVE_WITHIN_MS + 1000)
    assert [(m, u) for w, m, u in heard if w is status] == [("Saved 10:15", False)]
    assert window.context.store.get(checklist.session.record.id).answers["age_months"] == 5


def test_a_completed_record_shows_no_save_status(qtbot: QtBot, tmp_path: Path) -> None:
    """A signed record cannot change, so there is nothing to say about saving it."""
    window = make_window(qtbot, tmp_path)
    record_id = complete_record(qtbot, window)
    window.open_record(record_id)
    assert window.checklist is not None and window.checklist.session.read_only
    assert window.checklist.save_status.isHidden()
