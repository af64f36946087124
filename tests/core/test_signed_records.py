"""Sealed and signed records: what a receiving agency can rely on when a file arrives.

A practitioner's installation (the sender) completes, the chair signs off the meeting and an
addendum is added, each signed; the file is exported and read on another machine (the
receiver). Whatever is edited on the way — the meeting's decision, an addendum, an answer's
time, a signer — is refused, also when every hash is recomputed, since no forger has the key.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from recordkit import full_record
from sealkit import dumps, rehash, resign

from cspr_desktop.core.exports import ExportError
from cspr_desktop.core.records.keys import (
    INSTALLATION_KEY,
    SigningKey,
    installation_key,
    keys_folder,
    public_pem,
    short_fingerprint,
    signing_key,
)
from cspr_desktop.core.records.records import Record, add_addendum
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.records.trust import OWN_KEY, TRUSTED_FOLDER, load_trust
from cspr_desktop.core.records.verification import Status, verify_record
from cspr_desktop.core.report.export_json import (
    LEGACY_SCHEMA_VERSION,
    ImportRefused,
    UnsignedRefused,
    export_json,
    import_into,
    read_export,
    require_genuine,
)
from cspr_desktop.core.report.render import render_html

SENT = datetime(2026, 3, 6, 9, 0)
NOW = datetime(2026, 3, 9, 11, 0)
CHANGED = "has been changed since it was exported and signed"


@pytest.fixture
def sender(tmp_path: Path) -> Path:
    return tmp_path / "sender"


@pytest.fixture
def record(sender: Path) -> Record:
    sender.mkdir()
    return full_record(sender)[0]


@pytest.fixture
def exported(record: Record, sender: Path) -> dict[str, Any]:
    return dict(json.loads(export_json(record, signing_key(sender), SENT)))


def receive(document: dict[str, Any] | str, receiver: Path | None = None,
            **options: bool) -> Any:
    text = document if isinstance(document, str) else dumps(document)
    trust = load_trust(receiver) if receiver is not None else None
    return read_export(text, "record.json", NOW, trust, **options)


def test_a_signed_record_seals_every_part_in_a_chain(record: Record) -> None:
    """Completion, the meeting's sign-off and the addendum each carry a signature, each
    sealing what the record held then, and each naming its signer."""
    steps = [(s.step, s.addenda, s.meeting, s.signer_name) for s in record.signatures]
    assert steps == [("completion", 0, False, "Dana Whitfield"),
                     ("meeting_sign_off", 0, True, "Priya Raman"),
                     ("addendum", 1, True, "Dana Whitfield")]
    verification = verify_record(record)
    assert verification.status == Status.SIGNED
    assert len({s.seal for s in record.signatures}) == 3


@pytest.mark.parametrize("edit", [
    lambda r: r["meeting"].update(s47_decision="not_met"),
    lambda r: r["meeting"].update(s47_rationale="No concerns."),
    lambda r: r["meeting"]["signed_off"].update(chair_name="Someone Else"),
    lambda r: r["meeting"]["actions"].pop(),
    lambda r: r["addenda"][0].update(text="Bruise gone; case closed."),
    lambda r: r["addenda"][0].update(written_at="2026-03-04T09:40:00"),
    lambda r: r["answer_times"].update(age_months="2026-03-01T09:00:00"),
    lambda r: r["answers"].update(age_months=9),
    lambda r: r["completion"].update(practitioner_name="Someone Else"),
    lambda r: r["signatures"][1].update(signer_name="Someone Else"),
    lambda r: r["signatures"][0].update(signed_at="2026-03-02T09:00:00"),
    lambda r: r.update(body_map_svg="<svg/>"),
    lambda r: r.update(child_ref="another child"),
    lambda r: r.update(updated_at="2027-01-01T00:00:00"),
], ids=["meeting-decision", "meeting-reasons", "chair", "meeting-action", "addendum-text",
        "addendum-time", "answer-time", "answer", "completion-signer", "signature-signer",
        "signature-time", "body-map", "child", "updated-at"])
@pytest.mark.parametrize("forger", ["edit only", "every hash recomputed"])
def test_an_edited_export_is_refused(exported: dict[str, Any], tmp_path: Path, edit: Any,
                                     forger: str) -> None:
    """Each edit is refused as it is, and with every plain hash recomputed (no key)."""
    edit(exported["record"])
    document = rehash(exported) if forger == "every hash recomputed" else exported
    store = Store(tmp_path / "receiver" / "records.sqlite")
    with pytest.raises(ImportRefused, match=CHANGED) as caught:
        import_into(store, receive(document).record)
    assert "Nothing was imported" in str(caught.value)
    assert store.summaries() == []


def test_removing_the_last_addendum_and_its_signature_is_refused(
        exported: dict[str, Any]) -> None:
    """The chain up to the meeting is still valid, but the export's seal covers the file."""
    exported["record"]["addenda"].pop()
    exported["record"]["signatures"].pop()
    with pytest.raises(ImportRefused, match=CHANGED):
        receive(rehash(exported))


def test_reordered_signatures_are_refused(exported: dict[str, Any]) -> None:
    signatures = exported["record"]["signatures"]
    signatures[1], signatures[2] = signatures[2], signatures[1]
    with pytest.raises(ImportRefused, match=CHANGED):
        receive(rehash(exported))


def test_a_downgrade_to_an_unsigned_file_with_a_recomputed_hash_is_refused(
        exported: dict[str, Any]) -> None:
    """A forger who strips the signatures and writes an old-style file with a recomputed
    plain hash is refused; accepted only on request, and then shown as UNSIGNED."""
    record = exported["record"]
    record["meeting"]["s47_decision"] = "not_met"
    record["signatures"] = []
    legacy = rehash(exported)
    legacy_file = {"format": "cspr-record", "schema_version": LEGACY_SCHEMA_VERSION,
                   "marking": legacy["marking"],
                   "content_hash": legacy["record"]["completion"]["content_hash"],
                   "record": {k: v for k, v in legacy["record"].items() if k != "signatures"}}
    with pytest.raises(UnsignedRefused, match="UNSIGNED"):
        receive(legacy_file)
    accepted = receive(legacy_file, allow_unsigned=True)
    assert accepted.verification.status == Status.LEGACY
    assert accepted.verification.steps == ()
    assert any("UNSIGNED" in warning for warning in accepted.verification.warnings())


def test_a_forger_with_a_key_of_their_own_is_never_shown_as_trusted(
        exported: dict[str, Any], sender: Path, tmp_path: Path) -> None:
    """A file re-signed throughout with another key verifies (it is unchanged since *that*
    key signed it), so it is accepted only with a warning naming a key not trusted here,
    even on a machine that trusts the real sender."""
    receiver = tmp_path / "receiver"
    (receiver / TRUSTED_FOLDER).mkdir(parents=True)
    (receiver / TRUSTED_FOLDER / "northbridge-hv.pem").write_bytes(
        public_pem(signing_key(sender).public))
    exported["record"]["meeting"]["s47_decision"] = "not_met"
    forged = receive(resign(exported, SigningKey.generate()), receiver)
    assert forged.verification.status == Status.SIGNED
    assert all(step.trusted_as is None for step in forged.verification.steps)
    assert "NOT a key this machine trusts" in "\n".join(forged.verification.lines())


def test_an_unknown_key_is_accepted_with_a_warning_and_a_trusted_one_without(
        exported: dict[str, Any], sender: Path, tmp_path: Path) -> None:
    receiver = tmp_path / "receiver"
    unknown = receive(exported, receiver)
    lines = unknown.verification.lines()
    assert lines[0] == "Sealed and signed: the record is unchanged since it was signed."
    assert "Checklist completed and signed by Dana Whitfield, Health visitor" in lines[1]
    assert "Meeting signed off by Priya Raman, Chair" in lines[2]
    assert "Addendum 1 signed by Dana Whitfield" in lines[3]
    assert "File exported and countersigned" in lines[4]
    assert all("NOT a key this machine trusts" in line for line in lines[1:5])
    assert any("trusted-keys folder" in w for w in unknown.verification.warnings())
    (receiver / TRUSTED_FOLDER).mkdir(parents=True, exist_ok=True)
    (receiver / TRUSTED_FOLDER / "northbridge-hv.pem").write_bytes(
        public_pem(signing_key(sender).public))
    trusted = receive(exported, receiver)
    assert trusted.verification.warnings() == []
    assert {s.trusted_as for s in trusted.verification.steps} == {
        "trusted-keys/northbridge-hv.pem"}


def test_a_record_made_here_is_trusted_here(exported: dict[str, Any], sender: Path) -> None:
    checked = receive(exported, sender)
    assert {s.trusted_as for s in checked.verification.steps} == {OWN_KEY}
    assert checked.verification.warnings() == []


def legacy(record: Record) -> Record:
    """The record as the app made it before signing: the same content, no signatures."""
    return record.model_copy(update={"signatures": []})


def test_a_legacy_record_opens_exports_and_is_shown_unsigned(
        record: Record, sender: Path, tmp_path: Path) -> None:
    old = legacy(record)
    verification = verify_record(old)
    assert verification.status == Status.LEGACY
    assert verification.headline().startswith("Unsigned (legacy)")
    text = export_json(old, signing_key(sender), SENT)  # still exports
    with pytest.raises(UnsignedRefused):
        receive(text)
    accepted = receive(text, tmp_path / "receiver", allow_unsigned=True)
    assert accepted.verification.status == Status.LEGACY
    assert accepted.verification.exported is not None  # the sending installation is named
    later = add_addendum(old, author="Dana Whitfield", role="Health visitor",
                         text="Seen again after the upgrade.", written_at=SENT,
                         key=signing_key(sender))
    mixed = verify_record(later)
    assert mixed.status == Status.LEGACY
    assert [step.what for step in mixed.steps] == ["Addendum 2 signed"]


def test_a_version_1_file_from_an_older_app_still_imports_as_unsigned(record: Record) -> None:
    old = legacy(record)
    assert old.completion is not None
    document = {"format": "cspr-record", "schema_version": 1, "marking": "OFFICIAL-SENSITIVE",
                "content_hash": old.completion.content_hash,
                "record": old.model_dump(mode="json", exclude={"signatures"})}
    checked = receive(document, allow_unsigned=True)
    assert checked.record.model_copy(update={"imported": None}) == old
    assert checked.verification.status == Status.LEGACY
    document["record"]["meeting"]["s47_decision"] = "not_met"  # outside the old hash...
    assert receive(document, allow_unsigned=True).verification.status == Status.LEGACY
    document["record"]["answers"]["age_months"] = 9  # ...inside it
    with pytest.raises(ImportRefused, match="changed"):
        receive(document, allow_unsigned=True)


def test_a_record_edited_in_the_store_is_damaged_and_never_exported(
        record: Record, sender: Path) -> None:
    """As if its row had been edited inside the database file."""
    assert record.meeting is not None
    edited = record.model_copy(update={"meeting": record.meeting.model_copy(
        update={"s47_decision": "not_met"})})
    verification = verify_record(edited)
    assert verification.status == Status.DAMAGED
    assert "seal made when the meeting was signed off" in verification.problem
    with pytest.raises(ExportError, match="DAMAGED"):
        export_json(edited, signing_key(sender), SENT)
    with pytest.raises(ExportError, match="not exported or printed"):
        require_genuine(edited)


def test_the_key_is_made_once_and_readable_by_the_user_only(tmp_path: Path) -> None:
    first = installation_key(tmp_path)
    assert installation_key(tmp_path).fingerprint == first.fingerprint
    path = keys_folder(tmp_path) / INSTALLATION_KEY
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
        assert keys_folder(tmp_path).stat().st_mode & 0o077 == 0
    assert [p.name for p in keys_folder(tmp_path).iterdir()] == [INSTALLATION_KEY]


def test_a_file_in_the_trusted_keys_folder_that_is_not_a_key_is_reported(
        tmp_path: Path) -> None:
    folder = tmp_path / TRUSTED_FOLDER
    folder.mkdir()
    (folder / "notes.pem").write_text("not a key")
    (folder / "readme.txt").write_text("ignored: not a key file name")
    shutil.copy(Path(__file__), folder / "odd.pub")
    trust = load_trust(tmp_path)
    assert sorted(trust.problems) == ["notes.pem is not a public key file (PEM).",
                                      "odd.pub is not a public key file (PEM)."]
    assert list(trust.keys.values()) == [OWN_KEY]


def test_the_printed_record_names_the_signing_keys_or_says_it_is_unsigned(
        record: Record) -> None:
    """The PDF, HTML and Word record (one view) carry each step's key fingerprint."""
    fingerprint = short_fingerprint(record.signatures[0].key_fingerprint)
    page = render_html(record, None, None)
    assert "Signatures (Ed25519 key fingerprints)" in page
    assert f"checklist: {fingerprint}; meeting sign-off: {fingerprint}; addendum 1: " \
           f"{fingerprint}" in page
    assert "Unsigned (legacy): the checklist was completed before records were signed." in \
        render_html(legacy(record), None, None)
