"""Record ids are checked in full wherever one comes in: the store, an import, the command
line and the file names of exports. No trailing newline (`$` in a pattern would allow one),
and never a name Windows keeps for a device, in any case, with or without an extension."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from recordkit import signed_record

from cspr_desktop.cli import main
from cspr_desktop.core.exports import ExportError, write_atomic
from cspr_desktop.core.record_ids import export_file_name, is_record_id, is_reserved_name
from cspr_desktop.core.records.keys import signing_key
from cspr_desktop.core.records.records import complete, new_record
from cspr_desktop.core.records.store import Store, StoreError
from cspr_desktop.core.report.export_json import ImportRefused, export_json, import_json
from cspr_desktop.core.rules.pack_head import LoadedPack

NOW = datetime(2026, 3, 2, 10, 15)
GOOD = ["CSPR-260302-ABCD", "A", "a-b-c", "9" * 64, "CONSOLE", "COM10", "LPT", "NULL-1",
        "CON-1"]
BAD = ["CSPR-260302-ABCD\n", "\nCSPR", "CSPR-260302-ABCD\r", " CSPR", "CSPR 1", "-CSPR", "",
       "a" * 65, "CSPR/../x", "CSPR.pdf", "CSPR\x00", "CSPRé", "CON", "con", "Nul", "PRN",
       "aux", "COM1", "com9", "LPT1", "lpt9", "COM0", 5, None, ["CSPR"]]


@pytest.mark.parametrize("value", GOOD)
def test_valid_ids(value: str) -> None:
    assert is_record_id(value)


@pytest.mark.parametrize("value", BAD, ids=repr)
def test_invalid_ids(value: object) -> None:
    assert not is_record_id(value)


@pytest.mark.parametrize("name", ["CON", "con.pdf", "Nul.json", "COM1.docx", "lpt9",
                                  "Aux .html", "COM¹", "conin$", "prn.tar.gz"])
def test_reserved_device_names_with_or_without_extension(name: str) -> None:
    assert is_reserved_name(name)


@pytest.mark.parametrize("name", ["CONTACT.pdf", "record.pdf", "COM10.pdf", "xCON.pdf"])
def test_ordinary_names_are_not_reserved(name: str) -> None:
    assert not is_reserved_name(name)


@pytest.mark.parametrize("record_id", ["CSPR-1\n", "CON", "com1", "x y"], ids=repr)
def test_the_store_refuses_an_invalid_id(tmp_path: Path, mini: LoadedPack,
                                         record_id: str) -> None:
    store = Store(tmp_path / "records.sqlite")
    record = new_record(mini.id, mini.version, mini.sha256, NOW).model_copy(
        update={"id": record_id})
    with pytest.raises(StoreError, match="not a valid record id"):
        store.save(record)
    with pytest.raises(StoreError, match="not a record id"):
        store.get(record_id)
    with pytest.raises(StoreError, match="not a record id"):
        store.delete_draft(record_id)
    assert store.summaries() == []


def _export_with_id(tmp_path: Path, record_id: str) -> str:
    """A correctly sealed export of a record whose id is `record_id`."""
    record, _, _ = signed_record(tmp_path)
    draft = record.model_copy(update={"id": record_id, "status": "draft", "completion": None,
                                      "signatures": []})
    assert record.completion is not None
    key = signing_key(tmp_path)
    done = complete(draft, practitioner_name="Dana Whitfield", role="Health visitor",
                    agency="Northbridge Community Health", signed_at=NOW,
                    evaluation=record.completion.evaluation, key=key)
    return export_json(done, key, NOW)


@pytest.mark.parametrize("record_id", ["CSPR-260302-ABCD\n", "CON", "lpt1", "Nul"], ids=repr)
def test_an_import_with_an_invalid_id_is_refused(tmp_path: Path, record_id: str) -> None:
    text = _export_with_id(tmp_path, record_id)
    assert json.loads(text)["record"]["id"] == record_id
    with pytest.raises(ImportRefused, match="invalid id"):
        import_json(text, "record.json", NOW)
    path = tmp_path / "record.json"
    path.write_text(text, encoding="utf-8")
    assert main(["import", str(path), "--data-dir", str(tmp_path / "data")]) == 1
    assert main(["export", str(path), "--format", "html", "-o",
                 str(tmp_path / "out.html")]) == 1
    assert not (tmp_path / "out.html").exists()


@pytest.mark.parametrize("name", ["CON.pdf", "nul.json", "Com1.html", "LPT1"])
def test_no_export_is_written_under_a_device_name(tmp_path: Path, name: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ExportError, match="Windows keeps for a device"):
        write_atomic(tmp_path / name, b"data")
    assert list(tmp_path.iterdir()) == []
    record, _, _ = signed_record(tmp_path / "signer")
    source = tmp_path / "record.json"
    source.write_text(export_json(record, signing_key(tmp_path / "signer"), NOW),
                      encoding="utf-8")
    assert main(["export", str(source), "--format", "json", "-o", str(tmp_path / name)]) == 1
    assert "Windows keeps for a device" in capsys.readouterr().err
    assert not (tmp_path / name).exists()


def test_the_default_export_name_is_the_id_or_record() -> None:
    assert export_file_name("CSPR-260302-ABCD", "pdf") == "CSPR-260302-ABCD.pdf"
    assert export_file_name("CON", "pdf") == "record.pdf"
    assert export_file_name("x\n", "docx") == "record.docx"
