"""`cspr keys`, `cspr import` on signed files, and `cspr schema --record`, as an IT team and a
receiving agency use them."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from recordkit import SCENARIO, full_record

from cspr_desktop.cli import main
from cspr_desktop.core.records.keys import signing_key
from cspr_desktop.core.records.trust import TRUSTED_FOLDER
from cspr_desktop.core.report.export_json import export_json
from cspr_desktop.core.report.record_schema import RecordFile

SENT = datetime(2026, 3, 6, 9, 0)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["--today", "2026-03-09", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_keys_export_writes_the_public_key_an_it_team_installs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sender = tmp_path / "sender"
    status, printed, err = run(capsys, "keys", "--data-dir", str(sender), "export")
    assert status == 0
    assert printed.startswith("-----BEGIN PUBLIC KEY-----")
    assert signing_key(sender).fingerprint in err
    out = tmp_path / "dana-laptop.pem"
    assert run(capsys, "keys", "--data-dir", str(sender), "export", "-o", str(out))[0] == 0
    assert out.read_text() == printed
    status, shown, _ = run(capsys, "keys", "--data-dir", str(sender), "show")
    assert "installation key" in shown and signing_key(sender).fingerprint in shown


def test_import_says_who_signed_and_whether_the_key_is_trusted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sender, receiver = tmp_path / "sender", tmp_path / "receiver"
    sender.mkdir()
    record = full_record(sender)[0]
    source = tmp_path / "record.json"
    source.write_text(export_json(record, signing_key(sender), SENT), "utf-8")
    status, printed, _ = run(capsys, "import", str(source), "--data-dir", str(receiver))
    assert status == 0
    assert "Checklist completed and signed by Dana Whitfield, Health visitor" in printed
    assert printed.count("NOT a key this machine trusts") == 4
    assert "Warning: The signatures are valid" in printed
    trusted = tmp_path / "trusting"
    (trusted / TRUSTED_FOLDER).mkdir(parents=True)
    run(capsys, "keys", "--data-dir", str(sender), "export", "-o",
        str(trusted / TRUSTED_FOLDER / "northbridge-hv.pem"))
    status, printed, _ = run(capsys, "import", str(source), "--data-dir", str(trusted))
    assert status == 0
    assert printed.count("trusted here (trusted-keys/northbridge-hv.pem)") == 4
    assert "Warning" not in printed


def test_import_refuses_an_edited_file_and_stores_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sender = tmp_path / "sender"
    sender.mkdir()
    record = full_record(sender)[0]
    document = json.loads(export_json(record, signing_key(sender), SENT))
    document["record"]["meeting"]["s47_decision"] = "not_met"
    source = tmp_path / "record.json"
    source.write_text(json.dumps(document), "utf-8")
    status, printed, err = run(capsys, "import", str(source), "--data-dir",
                               str(tmp_path / "receiver"))
    assert (status, printed) == (1, "")
    assert "has been changed since it was exported and signed" in err
    assert "Nothing was imported" in err


def test_an_organisation_key_signs_for_every_installation_that_imports_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = tmp_path / "it" / "northbridge-partnership.key"
    org.parent.mkdir()
    status, printed, _ = run(capsys, "keys", "create-org", "-o", str(org))
    assert status == 0 and "Fingerprint:" in printed
    if os.name == "posix":
        assert org.stat().st_mode & 0o777 == 0o600
    assert run(capsys, "keys", "create-org", "-o", str(org))[2].endswith(
        "already exists; choose another file name.\n")
    laptop = tmp_path / "laptop"
    assert run(capsys, "keys", "--data-dir", str(laptop), "import-org", str(org))[0] == 0
    assert signing_key(laptop).kind == "organisation"
    out = tmp_path / "training.json"
    assert run(capsys, "export", str(SCENARIO), "--format", "json", "-o", str(out),
               "--data-dir", str(laptop))[0] == 0
    signatures = json.loads(out.read_text("utf-8"))["record"]["signatures"]
    assert {s["key_kind"] for s in signatures} == {"organisation"}
    receiver = tmp_path / "receiver"
    (receiver / TRUSTED_FOLDER).mkdir(parents=True)
    pub = org.with_name(org.name + ".pub.pem")
    (receiver / TRUSTED_FOLDER / "northbridge-partnership.pem").write_bytes(pub.read_bytes())
    status, printed, _ = run(capsys, "export", str(out), "--format", "html", "-o",
                             str(tmp_path / "x.html"), "--data-dir", str(receiver))
    assert status == 0


def test_schema_record_describes_the_exported_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, printed, _ = run(capsys, "schema", "--record")
    assert status == 0
    schema = json.loads(printed)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "cspr-desktop record file"
    assert set(schema["required"]) == {"format", "schema_version", "marking", "record",
                                       "export"}
    assert {"Signature", "ExportSignature", "Meeting", "Addendum"} <= set(schema["$defs"])
    sender = tmp_path / "sender"
    sender.mkdir()
    record = full_record(sender)[0]
    RecordFile.model_validate(json.loads(export_json(record, signing_key(sender), SENT)))
