"""JSON export and import: moving a completed record from one machine to another.

The file is `{"format": "cspr-record", "schema_version": 1, "marking": "OFFICIAL-SENSITIVE",
"content_hash": ..., "record": {...}}` (plus `"training": "TRAINING — FICTIONAL CASE"` for a
training record): the whole record, with the content hash it was signed with. An import
accepts only a completed record whose content still matches that hash (`records.verify`), so
a record cannot be changed on its way; it keeps its id and hash and is marked as imported.
Training records go only into the training store. A refusal is an `ImportRefused` whose
message says why and what to do, and the store is never touched by one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any

from pydantic import ValidationError

from cspr_desktop.core.errors import Code
from cspr_desktop.core.evaluation_view import StoredEvaluation
from cspr_desktop.core.exports import ExportError
from cspr_desktop.core.json_input import InputProblem, load_json
from cspr_desktop.core.record_ids import is_record_id
from cspr_desktop.core.records import ImportInfo, Record, verify
from cspr_desktop.core.store import Store
from cspr_desktop.core.view_model import MARKING, TRAINING_MARK

FORMAT = "cspr-record"
SCHEMA_VERSION = 1
MAX_IMPORT_BYTES = 50_000_000


class ImportRefused(Exception):
    """An import that was refused; the message is a headline and what to do. `code` is the
    problem code (core/errors.py) when the file holds a value nothing here can use."""

    def __init__(self, message: str, code: Code | None = None) -> None:
        super().__init__(message)
        self.code = code


def export_json(record: Record) -> str:
    """The completed record as JSON text (UTF-8, readable, stable key order)."""
    if record.completion is None:
        raise ExportError("Only a completed record can be exported as JSON. Complete and sign "
                          "the checklist first, then export it.")
    document: dict[str, Any] = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "marking": MARKING,
    }
    if record.kind == "training":
        document["training"] = TRAINING_MARK
    document["content_hash"] = record.completion.content_hash
    document["record"] = record.model_dump(mode="json")
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _refuse(headline: str, what_to_do: str) -> ImportRefused:
    return ImportRefused(f"{headline} {what_to_do}")


def _envelope(text: str, name: str) -> dict[str, Any]:
    try:
        document = load_json(text)
    except json.JSONDecodeError as exc:
        raise _refuse(f"{name} is not a record file: it is not JSON.",
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
    if version != SCHEMA_VERSION:
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


def _check_sealed(record: Record, document: dict[str, Any], name: str) -> None:
    completion = record.completion
    assert completion is not None
    hash_outside = document.get("content_hash", completion.content_hash)
    try:
        intact = verify(record)
    except (UnicodeError, ValueError):  # e.g. a lone surrogate no signed record can hold
        intact = False
    if hash_outside != completion.content_hash or not intact:
        raise _refuse(f"{name} has been changed since record {record.id} was signed: its "
                      "content no longer matches its hash.",
                      "Nothing was imported. Ask the sender to export the record again and "
                      "send the file unchanged.")
    try:
        StoredEvaluation.model_validate(completion.evaluation)
    except ValidationError as exc:
        raise _refuse(f"{name} holds record {record.id} with damaged guidance.",
                      "Export it again from the machine it came from.") from exc


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


def import_json(text: str, source_file: str, now: datetime) -> Record:
    """The record in an exported JSON text, checked, and marked as imported from that file."""
    name = PurePath(source_file).name or "The file"
    document = _envelope(text, name)
    record = _record(document, name)
    _check_sealed(record, document, name)
    return record.model_copy(update={"imported": ImportInfo(imported_at=now, source_file=name)})


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
