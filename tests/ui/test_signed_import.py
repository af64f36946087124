"""What the receiving agency sees in the app: who signed, with which key, trusted or not; an
unsigned (legacy) file asked about first; a record edited in the store shown as damaged and
never exported or printed. Message boxes and file dialogs are recorders (no test blocks)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from test_record_actions import open_file, save_as, signed_meeting
from ui_driver import make_window

from cspr_desktop.core.records.keys import public_pem, signing_key
from cspr_desktop.core.records.store_crypto import (
    sqlite3,  # the app's own SQLite: two in one process lose each other's locks
)
from cspr_desktop.core.records.trust import TRUSTED_FOLDER
from cspr_desktop.ui.import_report import ImportReportDialog
from cspr_desktop.ui.main_window import MainWindow


class Answers:
    """Message boxes recorded, each answered with `reply`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch,
                 reply: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok) -> None:
        self.shown: list[tuple[str, str]] = []

        def record(_parent: object, title: str, text: str, *_: object) -> Any:
            self.shown.append((title, text))
            return reply

        monkeypatch.setattr(QMessageBox, "warning", record)


def exported_file(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A practitioner's installation completes a record, the chair signs off the meeting, and
    it is exported as JSON."""
    first = make_window(qtbot, tmp_path / "practitioner")
    record_id = signed_meeting(qtbot, first)
    out = tmp_path / "handover" / f"{record_id}.json"
    out.parent.mkdir()
    save_as(monkeypatch, out, "json")
    first.export_action.trigger()
    return out


def report(window: MainWindow) -> ImportReportDialog:
    dialog = window.findChild(ImportReportDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def rows(dialog: ImportReportDialog) -> list[list[str]]:
    table = dialog.table
    return [[table.topLevelItem(i).text(c) for c in range(table.columnCount())]
            for i in range(table.topLevelItemCount())]


def test_import_shows_each_signer_and_that_the_keys_are_not_known_here(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    messages = Answers(monkeypatch)
    out = exported_file(qtbot, tmp_path, monkeypatch)
    chair = make_window(qtbot, tmp_path / "chair")
    open_file(monkeypatch, out)
    chair.import_action.trigger()
    assert messages.shown == []
    dialog = report(chair)
    assert dialog.windowTitle() == "Record imported — check who signed it"
    found = rows(dialog)
    assert [row[0] for row in found] == ["Checklist completed and signed", "Meeting signed off",
                                         "File exported and countersigned"]
    assert found[0][1] == "Alex Example, Health visitor"
    assert found[1][1] == "Sam Rivers, Chair"
    sender_key = signing_key(tmp_path / "practitioner")
    assert all(sender_key.fingerprint[:4].upper() in row[4] for row in found)
    assert all(row[3] == "NO — not known here" for row in found)
    assert len(dialog.warning_labels) == 1
    assert "cannot confirm who holds that key" in dialog.warning_labels[0].text()
    assert chair.review is not None
    seal = chair.review.findChild(QLabel, "seal-status")
    assert seal is not None and seal.text().startswith("Sealed and signed")


def test_a_trusted_senders_record_imports_without_a_warning(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Answers(monkeypatch)
    out = exported_file(qtbot, tmp_path, monkeypatch)
    chair_dir = tmp_path / "chair"
    (chair_dir / TRUSTED_FOLDER).mkdir(parents=True)
    (chair_dir / TRUSTED_FOLDER / "northbridge-hv.pem").write_bytes(
        public_pem(signing_key(tmp_path / "practitioner").public))
    chair = make_window(qtbot, chair_dir)
    open_file(monkeypatch, out)
    chair.import_action.trigger()
    dialog = report(chair)
    assert dialog.windowTitle() == "Record imported"
    assert {row[3] for row in rows(dialog)} == {"Yes — trusted-keys/northbridge-hv.pem"}
    assert dialog.warning_labels == []


def legacy_file(out: Path) -> None:
    """Rewrite an export as an older app wrote it: version 1, a plain hash, no signatures."""
    document = json.loads(out.read_text("utf-8"))
    record = document["record"]
    record.pop("signatures")
    out.write_text(json.dumps({"format": "cspr-record", "schema_version": 1,
                               "marking": document["marking"],
                               "content_hash": record["completion"]["content_hash"],
                               "record": record}), "utf-8")


@pytest.mark.parametrize("reply", [QMessageBox.StandardButton.No,
                                   QMessageBox.StandardButton.Yes])
def test_an_unsigned_legacy_file_is_imported_only_when_the_user_says_so(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        reply: QMessageBox.StandardButton) -> None:
    out = exported_file(qtbot, tmp_path, monkeypatch)
    legacy_file(out)
    answers = Answers(monkeypatch, reply)
    chair = make_window(qtbot, tmp_path / "chair")
    open_file(monkeypatch, out)
    chair.import_action.trigger()
    assert [title for title, _ in answers.shown] == ["This record is not signed"]
    assert "UNSIGNED (legacy)" in answers.shown[0][1]
    if reply == QMessageBox.StandardButton.No:
        assert chair.context.store.summaries() == []
        return
    assert len(chair.context.store.summaries()) == 1
    assert report(chair).windowTitle() == "Record imported — check who signed it"
    assert chair.review is not None
    seal = chair.review.findChild(QLabel, "seal-status")
    assert seal is not None and seal.text().startswith("Unsigned (legacy)")


def test_a_record_edited_inside_the_database_is_shown_as_damaged_and_not_exported(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    messages = Answers(monkeypatch)
    window = make_window(qtbot, tmp_path / "practitioner")
    record_id = signed_meeting(qtbot, window)
    window.close_record()
    database = sqlite3.connect(window.context.store.path)
    (data,) = database.execute("SELECT data FROM records WHERE id=?", (record_id,)).fetchone()
    record = json.loads(data)
    record["meeting"]["s47_decision"] = "not_met"
    database.execute("UPDATE records SET data=? WHERE id=?", (json.dumps(record), record_id))
    database.commit()
    database.close()

    window.open_record(record_id)
    assert [title for title, _ in messages.shown] == ["This record is damaged"]
    assert "seal made when the meeting was signed off" in messages.shown[0][1]
    assert window.review is not None
    seal = window.review.findChild(QLabel, "seal-status")
    assert seal is not None and seal.text().startswith("DAMAGED")
    for action in (window.export_action, window.print_action):  # greyed, saying why
        assert not action.isEnabled() and "This record is damaged" in action.statusTip()
    out = tmp_path / "damaged.json"
    save_as(monkeypatch, out, "json")
    window.record_actions.export_record()  # and refused, however it is asked for
    assert messages.shown[-1][0] == "The record was not exported"
    assert "a copy would not be the genuine record" in messages.shown[-1][1]
    assert not out.exists()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    window.record_actions.print_record()
    assert messages.shown[-1][0] == "The record was not printed"

