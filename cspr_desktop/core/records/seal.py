"""Seals and signatures: each signed step of a record, chained, and each export countersigned.

A record is signed at completion, at the meeting's sign-off and at each addendum. Each step's
seal is a SHA-256 over canonical JSON (RFC 8785) of everything the record holds at that
moment — identity, answers and their times, evaluation, the practitioner's response to each
outcome, body map, completion, the addenda so far, the signed-off meeting (each part sealed on
its own first, see `Parts`) — with the step's own signer and key and the previous step's
signature, so the steps form a chain. Only
`updated_at`, `imported` (local bookkeeping) and a meeting still in draft are outside; an
export's countersignature covers those too, and the whole file, so nothing can be dropped from
the end of the chain on the way either.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from cspr_desktop.core.records.canonical import digest
from cspr_desktop.core.records.keys import KeyKind, SigningKey, fingerprint, verify_signature

Step = Literal["completion", "meeting_sign_off", "addendum"]
HEX64 = r"^[0-9a-f]{64}$"
# Record fields outside a step's field seals: the meeting and addenda (sealed part by part,
# see `Parts`), the chain itself, and local bookkeeping that changes after signing. Every other
# field, including any added later, is sealed; a new field that changes after signing must be
# named here, or every record signed before would then read as damaged.
UNSEALED = frozenset({"meeting", "addenda", "signatures", "imported", "updated_at"})
# Fields added after records were first signed: sealed whenever they hold anything, and left
# out of the seal while empty, so a record signed before they existed still verifies (and one
# signed with them cannot lose them, or gain them later, unnoticed).
SEALED_WHEN_SET = frozenset({"responses"})
STEP_PREFIX = b"cspr-desktop record seal v1\n"
EXPORT_PREFIX = b"cspr-desktop export seal v1\n"
EXPORT_FIELD = "export"


class _Signed(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key_kind: KeyKind
    key_fingerprint: str = Field(pattern=HEX64)
    public_key: str = Field(max_length=64)
    seal: str = Field(pattern=HEX64)
    signature: str = Field(max_length=128)

    def meta(self) -> dict[str, Any]:
        """What the seal covers about the step itself: everything but the seal and signature."""
        return self.model_dump(mode="json", exclude={"seal", "signature"})

    def key_is_named_right(self) -> bool:
        """The fingerprint is that of the public key carried (so it names the key that signed)."""
        try:
            raw = base64.b64decode(self.public_key, validate=True)
        except ValueError:  # binascii.Error is one
            return False
        return fingerprint(raw) == self.key_fingerprint


class Signature(_Signed):
    """One signed step: who, when, with which key, and how much of the record it seals."""

    step: Step
    addenda: int = Field(ge=0, le=100_000)  # how many addenda the seal covers
    meeting: bool  # whether it covers the signed-off meeting
    signer_name: str = Field(max_length=200)
    signer_role: str = Field(max_length=200)
    signed_at: datetime


class ExportSignature(_Signed):
    """The sending installation's countersignature over the whole exported file."""

    exported_at: datetime


def _signed_off(record_json: dict[str, Any]) -> bool:
    meeting = record_json.get("meeting")
    return isinstance(meeting, dict) and meeting.get("signed_off") is not None


@dataclass(frozen=True)
class Parts:
    """The seal of each part of a record, each the SHA-256 of the part's RFC 8785 form: the
    sealed fields one by one, each addendum, and the meeting. A step's seal is taken over
    these (a two-level hash tree), so each part is canonicalised once however many steps
    cover it."""

    fields: dict[str, str]
    addenda: list[str]
    meeting: str | None

    @staticmethod
    def of(record_json: dict[str, Any]) -> Parts:
        """Raises CanonicalError for a value JSON cannot carry exactly."""
        meeting = record_json.get("meeting")
        return Parts({key: digest(value) for key, value in record_json.items()
                      if key not in UNSEALED and (value or key not in SEALED_WHEN_SET)},
                     [digest(addendum) for addendum in record_json.get("addenda") or []],
                     digest(meeting) if meeting is not None else None)


def step_seal(parts: Parts, meta: dict[str, Any], previous: str | None) -> str:
    """The seal of one step: the record's fields, the first `addenda` addenda, the meeting
    if the step covers its sign-off, the step itself and the previous step's signature."""
    content = {"fields": parts.fields, "addenda": parts.addenda[:int(meta["addenda"])],
               "meeting": parts.meeting if meta["meeting"] else None}
    return digest({"cspr_seal": 1, "content": content, "step": meta, "previous": previous})


def sign_step(record_json: dict[str, Any], previous: Signature | None, *, step: Step,
              signer_name: str, signer_role: str, signed_at: datetime,
              key: SigningKey) -> Signature:
    """Seal everything the record holds now (less a draft meeting) and sign the seal."""
    draft = Signature(step=step, addenda=len(record_json.get("addenda") or []),
                      meeting=_signed_off(record_json), signer_name=signer_name,
                      signer_role=signer_role, signed_at=signed_at, key_kind=key.kind,
                      key_fingerprint=key.fingerprint, public_key=key.public_b64,
                      seal="0" * 64, signature="")
    seal = step_seal(Parts.of(record_json), draft.meta(),
                     previous.signature if previous else None)
    return draft.model_copy(update={"seal": seal,
                                    "signature": key.sign(STEP_PREFIX + seal.encode())})


def step_signature_valid(signature: Signature) -> bool:
    """The signature is the named key's, over this seal (the seal itself is checked apart)."""
    return signature.key_is_named_right() and verify_signature(
        signature.public_key, signature.signature, STEP_PREFIX + signature.seal.encode())


def export_seal(document: dict[str, Any], meta: dict[str, Any]) -> str:
    """The seal of a whole export file: every field but the countersignature's own."""
    body = {key: value for key, value in document.items() if key != EXPORT_FIELD}
    return digest({"cspr_export": 1, "document": body, "export": meta})


def sign_export(document: dict[str, Any], key: SigningKey,
                exported_at: datetime) -> ExportSignature:
    draft = ExportSignature(exported_at=exported_at, key_kind=key.kind,
                            key_fingerprint=key.fingerprint, public_key=key.public_b64,
                            seal="0" * 64, signature="")
    seal = export_seal(document, draft.meta())
    return draft.model_copy(update={"seal": seal,
                                    "signature": key.sign(EXPORT_PREFIX + seal.encode())})


def export_intact(document: dict[str, Any], export: ExportSignature) -> bool:
    """The file is exactly what the named key countersigned."""
    return (export_seal(document, export.meta()) == export.seal
            and export.key_is_named_right()
            and verify_signature(export.public_key, export.signature,
                                 EXPORT_PREFIX + export.seal.encode()))
