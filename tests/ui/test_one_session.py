"""Training never touches a real record: one current session owns the window.

Before, opening the training library or a scenario left the real record open behind it, and
File → Export and Print acted on that hidden real record while the screen showed a fictional
case. Now a training screen first saves and closes the real record, Export and Print are off
unless a completed record's own screen is showing, and opening a real record closes the case.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from test_training import open_library, open_scenario
from ui_driver import complete_record, make_window, open_from_home, type_into


class Shown:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.messages: list[tuple[str, str]] = []
        self.dialogs = 0

        def warn(_parent: object, title: str, text: str, *_: object) -> Any:
            self.messages.append((title, text))
            return QMessageBox.StandardButton.Ok

        def save_dialog(*_a: object, **_k: object) -> tuple[str, str]:
            self.dialogs += 1
            return "", ""

        monkeypatch.setattr(QMessageBox, "warning", warn)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)


def test_the_training_library_closes_the_real_record_and_export_is_off(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = Shown(monkeypatch)
    window = make_window(qtbot, tmp_path)
    record_id = complete_record(qtbot, window)
    assert window.export_action.isEnabled() and window.print_action.isEnabled()

    open_library(qtbot, window)
    assert window.session is None  # saved and closed, not hidden
    assert not window.export_action.isEnabled() and not window.print_action.isEnabled()
    window.export_action.trigger()
    window.print_action.trigger()
    assert shown.dialogs == 0 and shown.messages == []
    window.record_actions.export_record()  # even called directly, nothing real is exported
    window.record_actions.print_record()
    assert shown.dialogs == 0
    assert [title for title, _ in shown.messages] == ["Nothing to export", "Nothing to print"]
    assert window.context.store.get(record_id).is_completed


def test_a_scenario_over_a_real_record_leaves_nothing_real_to_export(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = Shown(monkeypatch)
    window = make_window(qtbot, tmp_path)
    record_id = complete_record(qtbot, window)
    case = open_scenario(qtbot, window)
    assert window.session is None and window.checklist is None and window.review is None
    assert case.session.record.kind == "training"
    assert not window.export_action.isEnabled()
    window.record_actions.export_record()
    assert shown.dialogs == 0 and shown.messages[-1][0] == "Nothing to export"

    window.go_home()  # back to real work: the real record opens again, and only it
    open_from_home(qtbot, window, record_id)
    assert window.session is not None and window.session.record.id == record_id
    assert window.training.case is None  # the case was saved and closed
    assert window.export_action.isEnabled()


def test_a_draft_typed_just_before_training_is_saved_not_lost(qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    from ui_driver import start

    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "safer-sleep")
    type_into(qtbot, checklist.child_ref, "NB-2026-0099")
    record_id = checklist.session.record.id
    open_library(qtbot, window)
    assert window.context.store.get(record_id).child_ref == "NB-2026-0099"
    assert window.training.library_page is not None
    assert window.context.training_store().summaries() == []  # nothing real went there
