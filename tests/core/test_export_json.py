"""JSON export and import: the record travels whole, tampering is refused, the store is safe."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from recordkit import HOSTILE, HOSTILE_TEXT, LONG, full_record, signed_record

from cspr_desktop.core.exports import ExportError, write_atomic, write_with
from cspr_desktop.core.records.keys import SigningKey
from cspr_desktop.core.records.records import Record, verify
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.report.export_json import (
    ImportRefused,
    export_json,
    import_into,
    import_json,
    read_import_file,
)
from cspr_desktop.core.report.plain_text import TRAINING_MARK

NOW = datetime(2026, 3, 9, 11, 0)
SENDER = SigningKey.generate()  # the exporting installation's key


def without_import(text: str) -> dict[str, Any]:
    """The file less what differs between two exports of one record: the import note and
    the countersignature (made at each export)."""
    document = json.loads(text)
    document["record"].pop("imported")
    document.pop("export")
    return dict(document)


@pytest.fixture
def record(tmp_path: Path) -> Record:
    return full_record(tmp_path)[0]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "import-store" / "records.sqlite")


def test_export_import_export_gives_the_same_record(record: Record) -> None:
    """Round trip: same id, same hash, same content; only the import note is added."""
    first = export_json(record, SENDER, NOW)
    imported = import_json(first, "/home/dana/Downloads/record.json", NOW)
    assert imported.id == record.id
    assert imported.completion == record.completion
    assert verify(imported)
    assert imported.imported is not None
    assert imported.imported.imported_at == NOW
    assert imported.imported.source_file == "record.json"
    second = export_json(imported, SENDER, NOW)
    assert without_import(second) == without_import(first)
    assert imported.model_copy(update={"imported": None}) == record


def test_the_export_names_its_format_version_and_signatures(record: Record) -> None:
    """The envelope says what the file is, so another machine can check before reading; the
    record carries its chain of signatures and the file the sender's countersignature."""
    document = json.loads(export_json(record, SENDER, NOW))
    assert document["format"] == "cspr-record"
    assert document["schema_version"] == 2
    assert document["marking"] == "OFFICIAL-SENSITIVE"
    assert "training" not in document
    assert record.completion is not None
    assert document["record"]["completion"]["content_hash"] == record.completion.content_hash
    assert [s["step"] for s in document["record"]["signatures"]] == [
        "completion", "meeting_sign_off", "addendum"]
    assert document["export"]["key_fingerprint"] == SENDER.fingerprint
    assert document["record"]["meeting"]["s47_decision"] == "met"


def test_hostile_text_round_trips_exactly(tmp_path: Path) -> None:
    """Markup, overrides, emoji, control characters and long text come back unchanged."""
    original, _, _ = full_record(tmp_path, text=HOSTILE_TEXT, long_text=LONG)
    back = import_json(export_json(original, SENDER, NOW), "x.json", NOW)
    assert back.answers == original.answers
    assert back.meeting == original.meeting
    assert back.addenda == original.addenda
    assert back.meeting is not None
    for value in HOSTILE.values():
        assert value in back.meeting.reason
    assert back.addenda[-1].text == LONG


def tampered(record: Record, change: Any) -> str:
    document = json.loads(export_json(record, SENDER, NOW))
    change(document["record"])
    return json.dumps(document)


@pytest.mark.parametrize("change", [
    lambda r: r["answers"].update(age_months=7),
    lambda r: r["completion"].update(practitioner_name="Someone Else"),
    lambda r: r["completion"]["evaluation"].update(level="routine"),
    lambda r: r.update(child_ref="another child"),
    lambda r: r.update(body_map_svg="<svg/>"),
], ids=["answer", "signer", "guidance", "child", "body-map"])
def test_a_changed_record_is_refused_and_the_store_is_unchanged(
        record: Record, store: Store, change: Any) -> None:
    """Anything the signature covers, changed on the way, makes the hash fail."""
    before = store.summaries()
    with pytest.raises(ImportRefused, match=r"changed since it was exported and signed") as \
            caught:
        import_into(store, import_json(tampered(record, change), "record.json", NOW))
    assert "Nothing was imported" in str(caught.value)
    assert store.summaries() == before


def test_a_changed_countersignature_is_refused(record: Record) -> None:
    document = json.loads(export_json(record, SENDER, NOW))
    document["export"]["seal"] = "0" * 64
    with pytest.raises(ImportRefused, match="no longer matches the signature it was exported"):
        import_json(json.dumps(document), "record.json", NOW)


@pytest.mark.parametrize(("text", "message"), [
    ("this is not json {", "it is not JSON"),
    ("", "it is not JSON"),
    ("[1, 2, 3]", "is not a cspr-desktop record"),
    ('{"format": "something-else", "schema_version": 1}', "is not a cspr-desktop record"),
    ('{"format": "cspr-record", "schema_version": 3, "record": {}}',
     "record format version 3"),
    ('{"format": "cspr-record", "schema_version": "1", "record": {}}',
     "record format version '1'"),
    ('{"format": "cspr-record", "schema_version": 1, "record": {"id": 5}}',
     "cannot read"),
    ("[" * 100_000, "E006 nesting is deeper"),
])
def test_files_that_are_not_records_are_refused(text: str, message: str) -> None:
    """Each refusal names the file, says why, and says what to do."""
    with pytest.raises(ImportRefused, match=message) as caught:
        import_json(text, "/tmp/odd.json", NOW)
    assert "odd.json" in str(caught.value)
    assert any(hint in str(caught.value) for hint in ("Choose", "Update", "Export it again"))


def test_a_draft_is_refused(tmp_path: Path, record: Record) -> None:
    """Only completed, signed records travel."""
    document = json.loads(export_json(record, SENDER, NOW))
    document["record"]["status"] = "draft"
    with pytest.raises(ImportRefused, match="draft"):
        import_json(json.dumps(document), "draft.json", NOW)


def test_a_draft_cannot_be_exported(tmp_path: Path, record: Record) -> None:
    draft = record.model_copy(update={"completion": None})
    with pytest.raises(ExportError, match="Complete and sign"):
        export_json(draft, SENDER, NOW)


def test_a_lone_surrogate_is_refused_not_a_crash(record: Record) -> None:
    """No signed record can hold one, so it is a changed file."""
    text = export_json(record, SENDER, NOW).replace('"child_ref": "NB-2026-0147"',
                                       '"child_ref": "NB\\ud800"')
    with pytest.raises(ImportRefused):
        import_json(text, "record.json", NOW)


def test_an_unusual_record_id_is_refused(record: Record) -> None:
    text = tampered(record, lambda r: r.update(id="../../etc/passwd"))
    with pytest.raises(ImportRefused, match="invalid id"):
        import_json(text, "record.json", NOW)


def test_import_into_adds_once_and_says_when_it_is_already_there(
        record: Record, store: Store) -> None:
    """A second import of the same record changes nothing and says so."""
    first = import_into(store, import_json(export_json(record, SENDER, NOW), "a.json", NOW))
    assert first.added
    assert store.get(record.id).imported is not None
    again = import_into(store, import_json(export_json(record, SENDER, NOW), "b.json", NOW))
    assert not again.added
    assert "already here" in again.message
    assert store.get(record.id).imported == first.record.imported


def test_training_records_stay_out_of_the_real_store(tmp_path: Path, store: Store) -> None:
    """A training export says so in the file and is refused by the real store."""
    training, _, _ = full_record(tmp_path, kind="training")
    text = export_json(training, SENDER, NOW)
    assert json.loads(text)["training"] == TRAINING_MARK
    with pytest.raises(ImportRefused, match="training record"):
        import_into(store, import_json(text, "training.json", NOW))
    assert store.summaries() == []
    added = import_into(store, import_json(text, "training.json", NOW), training_store=True)
    assert added.added
    real, _, _ = signed_record(tmp_path / "real")
    with pytest.raises(ImportRefused, match="real record"):
        import_into(store, import_json(export_json(real, SENDER, NOW), "real.json", NOW),
                    training_store=True)


def test_a_different_record_with_the_same_id_is_refused(tmp_path: Path, store: Store) -> None:
    """Two different records never share an id in the store; the one there stays."""
    mine, _, _ = signed_record(tmp_path / "a")
    theirs, _, _ = signed_record(tmp_path / "b", child_ref="XY-1")
    theirs = import_json(export_json(theirs, SENDER, NOW), "theirs.json", NOW)
    store.save(mine)
    clash = theirs.model_copy(update={"id": mine.id})
    before = store.summaries()
    with pytest.raises(ImportRefused, match="different record with the id"):
        import_into(store, clash)
    assert store.summaries() == before
    assert store.get(mine.id) == mine


def test_read_import_file_explains_unreadable_files(tmp_path: Path) -> None:
    """Missing files and binary files are refused with the reason."""
    with pytest.raises(ImportRefused, match="could not be read"):
        read_import_file(tmp_path / "missing.json")
    binary = tmp_path / "photo.json"
    binary.write_bytes(b"\xff\xd8\xff\xe0 not text")
    with pytest.raises(ImportRefused, match="not text"):
        read_import_file(binary)


def test_writing_to_a_folder_that_cannot_be_written_fails_clearly(tmp_path: Path) -> None:
    """A 'folder' that is really a file: ExportError with what to do, and no file appears."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    target = blocker / "record.json"
    with pytest.raises(ExportError, match=r"could not be saved .* choose a folder"):
        write_atomic(target, b"{}")
    assert blocker.read_text() == "x"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="permissions do not stop root")
def test_writing_to_a_read_only_folder_fails_clearly(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="could not be saved"):
            write_atomic(folder / "record.json", b"{}")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_failed_write_keeps_the_earlier_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    """The new copy is written beside the old one and renamed only when it is complete."""
    target = tmp_path / "record.json"
    target.write_text("the earlier export")

    def fail_half_way(temp: Path) -> None:
        temp.write_text("half a fi")
        raise OSError(28, "No space left on device")

    with pytest.raises(ExportError, match="No space left on device"):
        write_with(target, fail_half_way)
    assert target.read_text() == "the earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.json"]


def test_a_folder_as_the_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a folder"):
        write_atomic(tmp_path, b"{}")
