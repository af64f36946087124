"""Records: one run of a checklist, from first answer to signed, immutable record.

A draft changes freely. Completing it freezes the answers and stores the evaluation at that
moment plus a content hash, so the record renders and can be verified even without its pack.
After completion only dated addenda (and, later, the meeting) may be added. Completion, the
meeting's sign-off and each addendum are sealed and signed when made (`core.seal`): each is
one more link in `signatures`. Records completed before signing existed have none (legacy).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from cspr_desktop.core.errors import RecordError
from cspr_desktop.core.records.keys import SigningKey
from cspr_desktop.core.records.meeting import Meeting
from cspr_desktop.core.records.record_status import RecordStatus
from cspr_desktop.core.records.responses import OutcomeResponse, at_signing
from cspr_desktop.core.records.seal import Signature, Step, sign_step
from cspr_desktop.core.rules.serialize import jsonable

RECORD_SCHEMA_VERSION: Literal[1] = 1
ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud and typed safely
MAX_CHILD_REF = 80


class Completion(BaseModel):
    """Who signed the record, when, and what the guidance said at that moment."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    practitioner_name: str = Field(min_length=1, max_length=200)
    role: str = Field(min_length=1, max_length=200)
    agency: str = Field(min_length=1, max_length=200)
    signed_at: datetime
    evaluation: dict[str, Any]
    content_hash: str = ""


class Addendum(BaseModel):
    """A later, dated addition to a completed record."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    author: str = Field(min_length=1, max_length=200)
    role: str = Field(default="", max_length=200)
    written_at: datetime
    text: str = Field(min_length=1, max_length=100_000)


class ImportInfo(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    imported_at: datetime
    source_file: str = ""


class Record(BaseModel):
    """The whole record, stored as JSON in the store and exported as JSON."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    schema_version: Literal[1] = RECORD_SCHEMA_VERSION
    id: str
    kind: Literal["real", "training"] = "real"
    status: RecordStatus = RecordStatus.DRAFT
    child_ref: str = Field(default="", max_length=MAX_CHILD_REF)
    pack_id: str
    pack_version: str
    pack_sha256: str
    answers: dict[str, Any] = Field(default_factory=dict)
    answer_times: dict[str, datetime] = Field(default_factory=dict)
    created_at: datetime
    updated_at: datetime
    completion: Completion | None = None
    body_map_svg: str = ""
    addenda: list[Addendum] = Field(default_factory=list)
    meeting: Meeting | None = None
    imported: ImportInfo | None = None
    scenario_id: str = ""
    signatures: list[Signature] = Field(default_factory=list)
    # The practitioner's response to each outcome, by outcome id (see core.responses).
    responses: dict[str, OutcomeResponse] = Field(default_factory=dict)

    @property
    def is_completed(self) -> bool:
        return self.status == RecordStatus.COMPLETED


def new_record_id(now: datetime, taken: Callable[[str], bool] | None = None) -> str:
    """A short id a chair can read out: CSPR-YYMMDD-XXXX, not one `taken` says is in use.

    Four characters give about a million ids a day, so a clash is rare but possible; the store
    is asked rather than trusted to luck (and refuses to overwrite a different record anyway).
    """
    while True:
        suffix = "".join(secrets.choice(ID_ALPHABET) for _ in range(4))
        candidate = f"CSPR-{now:%y%m%d}-{suffix}"
        if taken is None or not taken(candidate):
            return candidate


def new_record(pack_id: str, pack_version: str, pack_sha256: str, now: datetime,
               kind: Literal["real", "training"] = "real", child_ref: str = "",
               taken: Callable[[str], bool] | None = None) -> Record:
    """A new draft; pass the store's `exists` as `taken` so its id is not already in use."""
    return Record(id=new_record_id(now, taken), kind=kind, pack_id=pack_id,
                  pack_version=pack_version, pack_sha256=pack_sha256, created_at=now,
                  updated_at=now, child_ref=child_ref)


def set_answer(record: Record, question_id: str, value: Any, now: datetime) -> Record:
    """A copy of the draft with one answer changed (None clears it)."""
    _require_draft(record)
    answers = dict(record.answers)
    times = dict(record.answer_times)
    if value is None or value in ("", []):
        answers.pop(question_id, None)
        times.pop(question_id, None)
    else:
        answers[question_id] = jsonable(value)
        times[question_id] = now
    return record.model_copy(update={"answers": answers, "answer_times": times,
                                     "updated_at": now})


def set_response(record: Record, outcome_id: str, response: OutcomeResponse | None,
                 now: datetime) -> Record:
    """A copy of the draft with one outcome's response changed (None clears it)."""
    _require_draft(record)
    responses = dict(record.responses)
    if response is None:
        responses.pop(outcome_id, None)
    else:
        responses[outcome_id] = response
    return record.model_copy(update={"responses": responses, "updated_at": now})


def _require_draft(record: Record) -> None:
    if record.is_completed:
        raise RecordError("This record is completed and signed, so it cannot be changed. "
                          "Add an addendum instead.")


def content_hash(record: Record) -> str:
    """SHA-256 over everything the signature covers: identity, answers, evaluation, signer."""
    if record.completion is None:
        raise RecordError("Only a completed record has a content hash.")
    signed = record.completion.model_dump(mode="json", exclude={"content_hash"})
    payload = {
        "id": record.id,
        "kind": record.kind,
        "child_ref": record.child_ref,
        "pack": [record.pack_id, record.pack_version, record.pack_sha256],
        "answers": record.answers,
        "body_map_svg": record.body_map_svg,
        "completion": signed,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _signed(record: Record, step: Step, name: str, role: str, when: datetime,
            key: SigningKey) -> Record:
    """The record with one more signed step sealing everything it holds now."""
    previous = record.signatures[-1] if record.signatures else None
    signature = sign_step(record.model_dump(mode="json"), previous, step=step,
                          signer_name=name, signer_role=role, signed_at=when, key=key)
    return record.model_copy(update={"signatures": [*record.signatures, signature]})


def complete(record: Record, *, practitioner_name: str, role: str, agency: str,
             signed_at: datetime, evaluation: dict[str, Any], key: SigningKey,
             body_map_svg: str = "", no_response_reason: str = "") -> Record:
    """Sign the draft: freeze answers, keep the evaluation and a response to each of its
    outcomes (one left without says so, with `no_response_reason`), seal with a content hash,
    and sign the seal with `key`."""
    _require_draft(record)
    shown = [str(o["id"]) for o in evaluation.get("outcomes") or ()]
    record = record.model_copy(update={
        "responses": at_signing(shown, record.responses, no_response_reason)})
    completion = Completion(practitioner_name=practitioner_name.strip(), role=role.strip(),
                            agency=agency.strip(), signed_at=signed_at, evaluation=evaluation)
    done = record.model_copy(update={"status": RecordStatus.COMPLETED, "completion": completion,
                                     "body_map_svg": body_map_svg, "updated_at": signed_at})
    sealed = completion.model_copy(update={"content_hash": content_hash(done)})
    done = done.model_copy(update={"completion": sealed})
    return _signed(done, "completion", sealed.practitioner_name, sealed.role, signed_at, key)


def verify(record: Record) -> bool:
    """True when a completed record's content still matches its hash."""
    if record.completion is None:
        return False
    return content_hash(record) == record.completion.content_hash


def set_meeting(record: Record, meeting: Meeting, now: datetime,
                key: SigningKey | None = None) -> Record:
    """A copy of the completed record with the meeting replaced (until the chair signs off).

    A meeting that comes signed off is sealed and signed with `key` at once."""
    if not record.is_completed:
        raise RecordError("Complete and sign the checklist before recording the meeting.")
    if record.meeting is not None and record.meeting.is_signed_off:
        raise RecordError("The chair has signed off this meeting, so it cannot be changed. "
                          "Add an addendum instead.")
    updated = record.model_copy(update={"meeting": meeting, "updated_at": now})
    if meeting.signed_off is None:
        return updated
    if key is None:
        raise RecordError("The meeting could not be signed off: this installation's signing "
                          "key is not available.")
    sign_off = meeting.signed_off
    return _signed(updated, "meeting_sign_off", sign_off.chair_name, "Chair",
                   sign_off.signed_at, key)


def add_addendum(record: Record, *, author: str, role: str, text: str,
                 written_at: datetime, key: SigningKey) -> Record:
    """A copy of the completed record with one more dated addendum, sealed and signed."""
    if not record.is_completed:
        raise RecordError("Addenda are for completed records; edit the draft instead.")
    addendum = Addendum(author=author.strip(), role=role.strip(), text=text,
                        written_at=written_at)
    added = record.model_copy(update={"addenda": [*record.addenda, addendum],
                                      "updated_at": written_at})
    return _signed(added, "addendum", addendum.author, addendum.role, written_at, key)
