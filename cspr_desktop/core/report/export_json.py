"""JSON export and import: moving a completed record from one machine to another.

The file is `{"format": "cspr-record", "schema_version": 2, "marking": "OFFICIAL-SENSITIVE",
"record": {...}, "export": {...}}` (plus `"training": "TRAINING — FICTIONAL CASE"` for a
training record): the whole record with its chain of signatures, and the sending
installation's countersignature over the whole file (`core.seal`). An import reads the file
strictly (`canonical.loads_strict`) and checks the countersignature over the file as read, then
every seal and signature of the chain over the record as the app reads it
(`verification.verify_record`), so what is shown and kept is exactly what its signers signed.
It keeps the record's id and chain and marks it as imported.
Version 1 files (a plain content hash) are unsigned: imported only when the user says so, and
shown as legacy. Training records go only into the training store. A refusal is an
`ImportRefused` whose message says why and what to do, and the store is never touched by one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any

from pydantic import ValidationError

from cspr_desktop.core.errors import Code
from cspr_desktop.core.exports import ExportError
from cspr_desktop.core.record_ids import is_record_id
from cspr_desktop.core.records.canonical import CanonicalError, loads_strict
from cspr_desktop.core.records.keys import SigningKey
from cspr_desktop.core.records.records import ImportInfo, Record
from cspr_desktop.core.records.seal import EXPORT_FIELD, ExportSignature, export_intact, sign_export
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.records.trust import Trust
from cspr_desktop.core.records.verification import Status, Verification, export_step, verify_record
from cspr_desktop.core.report.evaluation_view import StoredEvaluation
from cspr_desktop.core.report.plain_text import MARKING, TRAINING_MARK
from cspr_desktop.core.rules.json_input import InputProblem, load_json

FORMAT = "cspr-record"
SCHEMA_VERSION = 2
LEGACY_SCHEMA_VERSION = 1  # a plain content hash, unsigned: read, never written
MAX_IMPORT_BYTES = 50_000_000


class ImportRefused(Exception):
    """An import that was refused; the message is a headline and what to do. `code` is the
    problem code (core/errors.py) when the file holds a value nothing here can use."""

    def __init__(self, message: str, code: Code | None = None) -> None:
        super().__init__(message)
        self.code = code


class UnsignedRefused(ImportRefused):
    """A legacy (unsigned) record, refused because the user did not choose to accept one."""


def require_genuine(record: Record, trust: Trust | None = None) -> Verification:
    """The record's verification, or ExportError when its content no longer matches its seal:
    a damaged record is never exported (in any format) as if it were genuine."""
    verification = verify_record(record, trust)
    if verification.damaged:
        raise ExportError(f"{verification.headline()} It was not exported or printed, because "
                          "a copy would not be the genuine record. Keep the records file as it "
                          "is and ask your IT team to restore the record from a backup.")
    return verification


def export_json(record: Record, key: SigningKey, now: datetime) -> str:
    """The completed record as JSON text (UTF-8, readable), countersigned with `key`."""
    if record.completion is None:
        raise ExportError("Only a completed record can be exported as JSON. Complete and sign "
                          "the checklist first, then export it.")
    require_genuine(record)
    document: dict[str, Any] = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "marking": MARKING,
    }
    if record.kind == "training":
        document["training"] = TRAINING_MARK
    document["record"] = record.model_dump(mode="json")
    document[EXPORT_FIELD] = sign_export(document, key, now).model_dump(mode="json")
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _refuse(headline: str, what_to_do: str) -> ImportRefused:
    return ImportRefused(f"{headline} {what_to_do}")


def _changed(name: str, why: str) -> ImportRefused:
    return _refuse(f"{name} has been changed since it was exported and signed: {why}.",
                   "Nothing was imported. Ask the sender to export the record again and send "
                   "the file unchanged.")


def _envelope(text: str, name: str) -> dict[str, Any]:
    try:
        document = load_json(text)
        loads_strict(text)  # repeated keys too: readers disagree on which one counts
    except json.JSONDecodeError as exc:
        raise _refuse(f"{name} is not a record file: it is not JSON.",
                      "Choose a file exported from cspr-desktop with Export → JSON.") from exc
    except CanonicalError as exc:
        raise _refuse(f"{name} is not a record file: {exc}.",
                      "Choose a file exported from cspr-desktop with Export → JSON.") from exc
    except InputProblem as exc:
        problem = exc.problem
        raise ImportRefused(f"{name} cannot be imported: {problem.code.value} "
                            f"{problem.message} Nothing was imported. Export it again from the "
                            "machine it came from, and send the file unchanged.",
                            problem.code) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _refuse(f"{name} is not a cspr-desktop record.",
                      "Choose a file exported from cspr-desktop with Export → JSON.")
    version = document.get("schema_version")
    if type(version) is not int or version not in (SCHEMA_VERSION, LEGACY_SCHEMA_VERSION):
        raise _refuse(f"{name} uses record format version {version!r}, which this version of "
                      "the app does not know.",
                      "Update cspr-desktop on this machine, or export the record again from "
                      "the machine it came from.")
    return document


def _record(document: dict[str, Any], name: str) -> Record:
    try:
        record = Record.model_validate(document.get("record"))
    except ValidationError as exc:
        raise _refuse(f"{name} holds a record this app cannot read ({exc.error_count()} "
                      "problems).", "Export it again from the machine it came from.") from exc
    if not is_record_id(record.id):
        raise _refuse(f"{name} holds a record with an invalid id.",
                      "Export it again from the machine it came from.")
    if record.completion is None or not record.is_completed:
        raise _refuse(f"{name} holds a draft, not a completed record.",
                      "Complete and sign the checklist on the machine it was made on, then "
                      "export it again.")
    return record


def _check_countersigned(document: dict[str, Any], record: Record,
                         name: str) -> ExportSignature | None:
    """A version 2 file carries a valid countersignature over all of it; a version 1 file
    carries its legacy hash beside the record (and no signatures)."""
    if document["schema_version"] == LEGACY_SCHEMA_VERSION:
        assert record.completion is not None
        outside = document.get("content_hash", record.completion.content_hash)
        if outside != record.completion.content_hash or record.signatures:
            raise _changed(name, "its content no longer matches its hash")
        return None
    try:
        export = ExportSignature.model_validate(document.get(EXPORT_FIELD))
    except ValidationError as exc:
        raise _changed(name, "its export signature is missing or damaged") from exc
    try:
        intact = export_intact(document, export)
    except CanonicalError as exc:
        raise _changed(name, str(exc)) from exc
    if not intact:
        raise _changed(name, "it no longer matches the signature it was exported with")
    return export


def read_import_file(path: Path) -> str:
    """The text of a file to import, or ImportRefused saying why it cannot be read."""
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise _refuse(f"{path.name} is too large to be a record file.",
                          "Choose a file exported from cspr-desktop with Export → JSON.")
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(f"{path.name} is not a record file: it is not text.",
                      "Choose a file exported from cspr-desktop with Export → JSON.") from exc
    except OSError as exc:
        raise _refuse(f"{path.name} could not be read ({exc.strerror or exc}).",
                      "Check that the file exists and that you may open it.") from exc


@dataclass(frozen=True)
class Imported:
    """A record read from an export file, with what checking its signatures found."""

    record: Record
    verification: Verification


def read_export(text: str, source_file: str, now: datetime, trust: Trust | None = None, *,
                allow_unsigned: bool = False) -> Imported:
    """The record in an exported JSON text, checked whole, and marked as imported from that
    file; ImportRefused (UnsignedRefused for a legacy record unless `allow_unsigned`)."""
    trust = trust or Trust()
    name = PurePath(source_file).name or "The file"
    document = _envelope(text, name)
    record = _record(document, name)
    export = _check_countersigned(document, record, name)
    verification = verify_record(record, trust)
    if verification.damaged:
        raise _changed(name, verification.problem.removeprefix(f"record {record.id} "))
    if verification.status == Status.LEGACY and not allow_unsigned:
        raise UnsignedRefused(
            f"{name} holds record {record.id}, which is UNSIGNED (legacy): it was completed "
            "before records were signed, so nothing proves who made it or that it is "
            "unchanged. Nothing was imported. Ask the sender to export it again from an "
            "up-to-date app, or import it as unsigned (the app asks; `cspr import` needs "
            "--allow-unsigned) only if you trust how it reached you.")
    try:
        StoredEvaluation.model_validate(record.completion.evaluation if record.completion
                                        else None)
    except ValidationError as exc:
        raise _refuse(f"{name} holds record {record.id} with damaged guidance.",
                      "Export it again from the machine it came from.") from exc
    if export is not None:
        verification = replace(verification, exported=export_step(export, trust))
    imported = record.model_copy(update={"imported": ImportInfo(imported_at=now,
                                                                source_file=name)})
    return Imported(imported, verification)


def import_json(text: str, source_file: str, now: datetime, trust: Trust | None = None, *,
                allow_unsigned: bool = False) -> Record:
    """The record in an exported JSON text, checked, and marked as imported from that file."""
    return read_export(text, source_file, now, trust, allow_unsigned=allow_unsigned).record


@dataclass(frozen=True)
class ImportResult:
    """What an import into the store did, in words for the user."""

    record: Record
    added: bool
    message: str


def _same_content(a: Record, b: Record) -> bool:
    ignore = {"imported", "updated_at"}
    return a.model_dump(mode="json", exclude=ignore) == b.model_dump(mode="json", exclude=ignore)


def import_into(store: Store, record: Record, *, training_store: bool = False) -> ImportResult:
    """Add an imported record to the store, unless a different record has its id.

    The same record already in the store is left as it is (and the result says so); a
    different one with the same id is refused with `ImportRefused`, and nothing changes.
    Training records go only into the training store, and real records never do.
    """
    if (record.kind == "training") != training_store:
        if training_store:
            raise _refuse(f"Record {record.id} is a real record, not a training case.",
                          "Nothing was imported. Import it outside training mode.")
        raise _refuse(f"Record {record.id} is a training record (a fictional case), so it "
                      "is not added to your real records.",
                      "Nothing was imported: training cases are kept apart from real "
                      "records.")
    if store.exists(record.id):
        existing = store.get(record.id)
        if _same_content(existing, record):
            return ImportResult(existing, False, f"Record {record.id} is already here; "
                                "nothing was changed.")
        raise _refuse(f"A different record with the id {record.id} is already here.",
                      "Nothing was imported or changed. If the file holds a newer copy (for "
                      "example with the meeting added), open the record here and compare "
                      "them before deciding which to keep.")
    store.save(record, revision=0)  # new here: refused if another copy added it meanwhile
    return ImportResult(record, True, f"Record {record.id} was imported.")
