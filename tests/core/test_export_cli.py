"""`cspr export` and `cspr import`: a scenario becomes a training record, files move safely."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import docx
import pytest
from recordkit import SCENARIO, full_record

from cspr_desktop.cli import TRAINER, main
from cspr_desktop.core.records.keys import signing_key
from cspr_desktop.core.records.records import verify
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.report.export_json import export_json
from cspr_desktop.core.report.plain_text import TRAINING_MARK

SENT = datetime(2026, 3, 6, 9, 0)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["--today", "2026-03-02", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_scenario_exports_as_a_signed_training_record(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """JSON: kind training, signed by the fictional trainer, hash intact, body map kept."""
    out = tmp_path / "record.json"
    status, printed, _ = run(capsys, "export", str(SCENARIO), "--format", "json", "-o", str(out))
    assert status == 0
    assert str(out) in printed
    record = json.loads(out.read_text("utf-8"))["record"]
    assert record["kind"] == "training"
    assert record["scenario_id"] == "bnm-cheek-bruise-3-months"
    assert record["completion"]["practitioner_name"] == TRAINER
    assert record["completion"]["evaluation"]["level"] == "same_day"
    assert record["body_map_svg"].startswith("<svg")


def test_a_scenario_exports_as_html_and_docx_with_the_training_mark(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    html, word = tmp_path / "record.html", tmp_path / "record.docx"
    assert run(capsys, "export", str(SCENARIO), "--format", "html", "-o", str(html))[0] == 0
    assert run(capsys, "export", str(SCENARIO), "--format", "docx", "-o", str(word))[0] == 0
    page = html.read_text("utf-8")
    assert TRAINING_MARK in page
    assert "Overall level: Same day: act today" in page
    header = docx.Document(io.BytesIO(word.read_bytes())).sections[0].header
    assert TRAINING_MARK in " ".join(p.text for p in header.paragraphs)


def test_a_record_file_exports_again_unchanged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A JSON export goes through import checks and comes out with the same content."""
    record, _, _ = full_record(tmp_path)
    source = tmp_path / "in.json"
    source.write_text(export_json(record, signing_key(tmp_path), SENT), "utf-8")
    out = tmp_path / "out.html"
    status, _, _ = run(capsys, "export", str(source), "--format", "html", "-o", str(out))
    assert status == 0
    page = out.read_text("utf-8")
    assert record.id in page
    assert "How old is the baby, in months?" in page  # the pack was found in the registry


def test_a_tampered_record_file_is_not_exported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record, _, _ = full_record(tmp_path)
    document = json.loads(export_json(record, signing_key(tmp_path), SENT))
    document["record"]["answers"]["age_months"] = 9
    source = tmp_path / "in.json"
    source.write_text(json.dumps(document), "utf-8")
    out = tmp_path / "out.html"
    status, _, err = run(capsys, "export", str(source), "--format", "html", "-o", str(out))
    assert status == 1
    assert "has been changed since it was exported and signed" in err
    assert not out.exists()


def test_export_to_a_folder_that_cannot_be_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    status, _, err = run(capsys, "export", str(SCENARIO), "--format", "html", "-o",
                         str(blocker / "out.html"))
    assert status == 1
    assert "could not be saved" in err


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "export", str(tmp_path / "nope.json"), "--format", "html",
                         "-o", str(tmp_path / "x.html"))
    assert status == 2
    assert "is not a file" in err
    status, _, err = run(capsys, "export", str(SCENARIO), "--format", "html", "--overlay",
                         "nowhere", "-o", str(tmp_path / "x.html"))
    assert status == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(SCENARIO), "--format", "odt", "-o", "x"])
    assert exit_info.value.code == 2


def test_import_adds_to_the_store_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`cspr import` stores a good file, says so the second time, and refuses a bad one."""
    record, _, _ = full_record(tmp_path)
    source = tmp_path / "record.json"
    source.write_text(export_json(record, signing_key(tmp_path), SENT), "utf-8")
    data = tmp_path / "data"
    status, printed, _ = run(capsys, "import", str(source), "--data-dir", str(data))
    assert status == 0
    assert printed.splitlines()[0] == f"Record {record.id} was imported."
    assert "Sealed and signed" in printed
    assert "NOT a key this machine trusts" in printed  # the sender's key is not known here
    status, printed, _ = run(capsys, "import", str(source), "--data-dir", str(data))
    assert status == 0
    assert "already here" in printed
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    status, _, err = run(capsys, "import", str(bad), "--data-dir", str(data))
    assert status == 1
    assert "not JSON" in err
    store = Store(data / "records.sqlite")
    stored = store.get(record.id)
    assert verify(stored)
    assert stored.imported is not None
    assert stored.imported.source_file == "record.json"
    assert [s.id for s in store.summaries()] == [record.id]
    store.close()


def test_import_defaults_to_the_app_data_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    record, _, _ = full_record(tmp_path)
    source = tmp_path / "record.json"
    source.write_text(export_json(record, signing_key(tmp_path), SENT), "utf-8")
    monkeypatch.setenv("CSPR_DATA_DIR", str(tmp_path / "appdata"))
    assert run(capsys, "import", str(source))[0] == 0
    assert (tmp_path / "appdata" / "records.sqlite").is_file()
