"""Checking a record's seals and signatures, and saying in words who signed and how far to trust it.

`verify_record` is the one check the app, the import and the exports use. It re-computes every
seal of the chain from the record's content and checks every signature, and it says for each
signer's key whether this machine trusts it (`core.trust`). Its answer is one of: signed
(every step sealed and signed), legacy (completed before signing existed: a plain hash that
anyone could recompute, shown as unsigned), damaged (the content no longer matches a seal or
signature; never exported as genuine) or draft (nothing signed yet).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from cspr_desktop.core.records.canonical import CanonicalError
from cspr_desktop.core.records.keys import KIND_WORDS, short_fingerprint
from cspr_desktop.core.records.records import Record, verify
from cspr_desktop.core.records.seal import (
    ExportSignature,
    Parts,
    Signature,
    step_seal,
    step_signature_valid,
)
from cspr_desktop.core.records.trust import Trust

UNTRUSTED_WHAT_TO_DO = (
    "The signatures are valid, so the record has not changed since those keys signed it, but "
    "this machine cannot confirm who holds {which}. Check the fingerprint with the sender by "
    "phone, or ask your IT team to add the sender's public key (from `cspr keys export`) to "
    "the trusted-keys folder{folder}.")
LEGACY_WARNING = (
    "This record is UNSIGNED (legacy): it was completed before records were signed, so its "
    "checklist carries only a plain hash that anyone could recompute. Nothing proves who made "
    "it or that it is unchanged; rely on it only as far as you trust how it reached you.")


class Status(StrEnum):
    SIGNED = "signed"
    LEGACY = "legacy"
    DAMAGED = "damaged"
    DRAFT = "draft"


@dataclass(frozen=True)
class SignedStep:
    """One signature, in the words and figures a person checks."""

    what: str
    signer: str
    signed_at: datetime
    key_kind: str
    fingerprint: str
    trusted_as: str | None

    def line(self) -> str:
        trust = (f"trusted here ({self.trusted_as})" if self.trusted_as
                 else "NOT a key this machine trusts")
        by = f" by {self.signer}" if self.signer else ""
        return (f"{self.what}{by}, {self.signed_at:%d %B %Y at %H:%M} — "
                f"{KIND_WORDS.get(self.key_kind, self.key_kind)} "
                f"{short_fingerprint(self.fingerprint)}: {trust}")


@dataclass(frozen=True)
class Verification:
    """What checking a record found."""

    status: Status
    steps: tuple[SignedStep, ...] = ()
    problem: str = ""
    exported: SignedStep | None = None
    trust_folder: str = ""

    @property
    def damaged(self) -> bool:
        return self.status == Status.DAMAGED

    def untrusted(self) -> list[SignedStep]:
        every = [*self.steps, *([self.exported] if self.exported else [])]
        return [step for step in every if step.trusted_as is None]

    def headline(self) -> str:
        if self.status == Status.SIGNED:
            return "Sealed and signed: the record is unchanged since it was signed."
        if self.status == Status.LEGACY:
            return "Unsigned (legacy) record: made before records were signed."
        if self.status == Status.DAMAGED:
            return f"DAMAGED: {self.problem}"
        return "Draft: nothing is signed yet."

    def warnings(self) -> list[str]:
        found = [LEGACY_WARNING] if self.status == Status.LEGACY else []
        untrusted = {step.fingerprint for step in self.untrusted()}
        if untrusted:
            which = "that key" if len(untrusted) == 1 else f"those {len(untrusted)} keys"
            folder = f" ({self.trust_folder})" if self.trust_folder else ""
            found.append(UNTRUSTED_WHAT_TO_DO.format(which=which, folder=folder))
        return found

    def lines(self) -> list[str]:
        """Headline, each signature, the export's countersignature, then the warnings."""
        found = [self.headline(), *(step.line() for step in self.steps)]
        if self.exported is not None:
            found.append(self.exported.line())
        return found + [f"Warning: {warning}" for warning in self.warnings()]


def _what(signature: Signature) -> str:
    if signature.step == "completion":
        return "Checklist completed and signed"
    if signature.step == "addendum":
        return f"Addendum {signature.addenda} signed"
    return "Meeting signed off"


def _when_made(signature: Signature) -> str:
    if signature.step == "completion":
        return "when the checklist was signed"
    if signature.step == "addendum":
        return f"when addendum {signature.addenda} was signed"
    return "when the meeting was signed off"


def _step(signature: Signature, trust: Trust) -> SignedStep:
    signer = ", ".join(part for part in (signature.signer_name, signature.signer_role) if part)
    return SignedStep(_what(signature), signer, signature.signed_at, signature.key_kind,
                      signature.key_fingerprint, trust.label(signature.key_fingerprint))


def export_step(export: ExportSignature, trust: Trust) -> SignedStep:
    return SignedStep("File exported and countersigned", "", export.exported_at,
                      export.key_kind, export.key_fingerprint, trust.label(export.key_fingerprint))


def _who(record: Record, signature: Signature) -> tuple[str, str, datetime] | None:
    """Who the record itself says made this step, to match against the signature."""
    if signature.step == "completion" and record.completion is not None:
        done = record.completion
        return done.practitioner_name, done.role, done.signed_at
    if signature.step == "addendum" and 0 < signature.addenda <= len(record.addenda):
        addendum = record.addenda[signature.addenda - 1]
        return addendum.author, addendum.role, addendum.written_at
    meeting = record.meeting
    if signature.step == "meeting_sign_off" and meeting and meeting.signed_off:
        return meeting.signed_off.chair_name, "Chair", meeting.signed_off.signed_at
    return None


def _order_problem(record: Record) -> str:
    """Whether the chain covers each signed part exactly once, in the order made."""
    chain = record.signatures
    signed_off = record.meeting is not None and record.meeting.is_signed_off
    for index, signature in enumerate(chain):
        if signature.addenda > len(record.addenda) or (signature.meeting and not signed_off):
            return "a signed part of it is missing"
        if index == 0:
            first_ok = {"completion": signature.addenda == 0 and not signature.meeting,
                        "addendum": signature.addenda > 0,
                        "meeting_sign_off": signature.meeting}
            if not first_ok[signature.step]:
                return "its signatures do not match its parts"
            continue
        before = chain[index - 1]
        grew = (signature.addenda - before.addenda, int(signature.meeting) - int(before.meeting))
        if grew != {"addendum": (1, 0), "meeting_sign_off": (0, 1)}.get(signature.step):
            return "its signatures do not match its parts, or are out of order"
    last = chain[-1] if chain else None
    if last is not None and last.addenda != len(record.addenda):
        return "an addendum in it is not signed"
    if last is not None and last.meeting != signed_off:
        return "its meeting sign-off is not signed"
    return ""


def _chain_problem(record: Record) -> str:
    problem = _order_problem(record)
    if problem:
        return problem
    parts = Parts.of(record.model_dump(mode="json"))
    previous: str | None = None
    for signature in record.signatures:
        when = _when_made(signature)
        if _who(record, signature) != (signature.signer_name, signature.signer_role,
                                       signature.signed_at):
            return f"the signer named in the signature made {when} is not the one in the record"
        if step_seal(parts, signature.meta(), previous) != signature.seal:
            return f"its content no longer matches the seal made {when}"
        if not step_signature_valid(signature):
            return f"the signature made {when} is not valid"
        previous = signature.signature
    return ""


def verify_record(record: Record, trust: Trust | None = None) -> Verification:
    """Re-check every seal and signature of a record, and how far this machine trusts them."""
    trust = trust or Trust()
    folder = str(trust.folder) if trust.folder else ""
    if record.completion is None or not record.is_completed:
        if record.signatures or record.completion is not None:
            return Verification(Status.DAMAGED, problem=f"record {record.id} is a draft that "
                                "carries signatures", trust_folder=folder)
        return Verification(Status.DRAFT, trust_folder=folder)
    try:
        intact = verify(record)
        problem = _chain_problem(record) if intact else (
            "the signed checklist no longer matches its content hash")
    except (CanonicalError, ValueError, RecursionError):  # e.g. a lone surrogate
        problem = "it holds text no signed record can hold"
    if problem:
        return Verification(Status.DAMAGED, problem=f"record {record.id} has been changed since "
                            f"it was signed: {problem}.", trust_folder=folder)
    steps = tuple(_step(signature, trust) for signature in record.signatures)
    first = record.signatures[0].step if record.signatures else None
    status = Status.SIGNED if first == "completion" else Status.LEGACY
    return Verification(status, steps, trust_folder=folder)
