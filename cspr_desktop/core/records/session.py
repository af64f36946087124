"""A checklist being filled in: the record, its pack, the overlay and the live evaluation.

The window talks to this object only; it decides nothing itself. Every answer re-evaluates at
once (it is cheap) and marks the record for saving; the window decides when to flush (at once
for clicks, after a short pause for typing, and always on close).

A session opens only a record whose pack is the very content it was made with (`pins`), and
saves name the store revision the session last read or wrote, so a save from a stale copy is
refused (`StaleRecordError`) with the changes still here; `keep_mine_on_latest` and
`save_as_new_draft` then keep them (see `conflicts`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from cspr_desktop.core.errors import RecordError
from cspr_desktop.core.records.conflicts import as_new_draft, reapply
from cspr_desktop.core.records.keys import SigningKey, signing_key
from cspr_desktop.core.records.meeting import Meeting
from cspr_desktop.core.records.records import (
    Record,
    add_addendum,
    complete,
    set_answer,
    set_meeting,
    set_response,
)
from cspr_desktop.core.records.responses import OutcomeResponse, missing
from cspr_desktop.core.records.store import StaleRecordError, Store
from cspr_desktop.core.rules.compare import OutcomeChange, compare_outcomes
from cspr_desktop.core.rules.engine import Evaluation, evaluate
from cspr_desktop.core.rules.outcome_text import fill
from cspr_desktop.core.rules.overlay import Overlay
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.pins import check_record_pin
from cspr_desktop.core.rules.serialize import evaluation_to_dict

Clock = Callable[[], datetime]


class ChecklistSession:
    """One record open for work, with autosave and the evaluation kept current."""

    def __init__(self, store: Store, loaded: LoadedPack, record: Record,
                 overlay: Overlay | None, clock: Clock, revision: int = 0,
                 key: SigningKey | None = None, *, unsaved: bool = False) -> None:
        """`revision` is the store revision `record` was read at (0 for a new record);
        `unsaved` says the record is not in the store yet (a new record or training case).
        Raises `pins.PackPinError` if `loaded` is not the content the record was made with."""
        check_record_pin(record, loaded)
        self.store = store
        self._key = key
        self.loaded = loaded
        self.record = record
        self.overlay = overlay
        self.clock = clock
        self.dirty = unsaved
        self.stale = False  # a save was refused: another copy saved first (see save)
        self.revision = revision
        self.saved = record  # the record as last read or written: what the store holds
        self.evaluation = self._evaluate()

    @property
    def parameters(self) -> Mapping[str, Any]:
        return self.overlay.parameters_for(self.loaded.id) if self.overlay else {}

    @property
    def key(self) -> SigningKey:
        """The key this record's steps are signed with: by default that of the data folder
        the store is in (raises keys.KeyProblem when it cannot be read or made)."""
        if self._key is None:
            self._key = signing_key(self.store.path.parent)
        return self._key

    @property
    def read_only(self) -> bool:
        return self.record.is_completed

    def _evaluate(self) -> Evaluation:
        return evaluate(self.loaded.compiled, self.record.answers, self.parameters)

    def answer(self, question_id: str, value: Any) -> Evaluation:
        """Record one answer (None clears it) and return the new evaluation."""
        self.record = set_answer(self.record, question_id, value, self.clock())
        self.dirty = True
        self.evaluation = self._evaluate()
        return self.evaluation

    def respond(self, outcome_id: str, response: OutcomeResponse | None) -> None:
        """Record the practitioner's response to one outcome (None clears it)."""
        self.record = set_response(self.record, outcome_id, response, self.clock())
        self.dirty = True

    def missing_responses(self) -> list[tuple[str, str, str]]:
        """(outcome id, title, what is missing) for each outcome shown now that lacks a
        complete response."""
        params = self.evaluation.parameters
        return missing(((o.id, fill(o.title, params)) for o in self.evaluation.outcomes),
                       self.record.responses)

    def set_child_ref(self, child_ref: str) -> None:
        self.record = self.record.model_copy(
            update={"child_ref": child_ref[:80], "updated_at": self.clock()})
        self.dirty = True

    def save(self) -> None:
        """Write the record if it changed; raises StoreError with a user message on failure
        (StaleRecordError when another copy saved first: the changes stay here, unsaved)."""
        if self.dirty:
            self._write(self.record)

    def _write(self, record: Record) -> None:
        try:
            self.revision = self.store.save(record, self.revision)
        except StaleRecordError:
            self.stale = True
            raise
        self.record = self.saved = record
        self.dirty = self.stale = False

    def keep_mine_on_latest(self) -> Record:
        """After a refused save: make this copy's unsaved changes on the version saved
        elsewhere, and save that. RecordError when they cannot be combined (see conflicts)."""
        latest = self.store.read(self.record.id)
        merged = reapply(self.saved, self.record, latest.record, self.clock())
        self.revision = latest.revision
        self._write(merged)
        self.evaluation = self._evaluate()
        return merged

    def save_as_new_draft(self) -> Record:
        """After a refused save: keep this draft's answers as a new draft (new id)."""
        copy = as_new_draft(self.record, self.clock(), self.store.exists)
        self.revision = 0
        self._write(copy)
        return copy

    def body_map_svg(self) -> str:
        """The body map picture for a pack that has one, with the marks answered so far."""
        # The drawing is large and needed only here.
        from cspr_desktop.core.bodymap.drawing import record_svg, shown_answers

        return record_svg(self.loaded.pack, shown_answers(self.record.answers, self.evaluation))

    def complete(self, name: str, role: str, agency: str, no_response_reason: str = "") -> Record:
        """Sign the record with the evaluation shown now, and keep the body map picture; an
        outcome without a response is signed as having none, with `no_response_reason`."""
        check_record_pin(self.record, self.loaded)
        self.save()
        body_map_svg = self.body_map_svg()
        signed = complete(self.record, practitioner_name=name, role=role, agency=agency,
                          signed_at=self.clock(), body_map_svg=body_map_svg,
                          evaluation=evaluation_to_dict(self.evaluation), key=self.key,
                          no_response_reason=no_response_reason)
        self._write(signed)  # until it is saved, the record stays the unsigned draft
        return self.record

    def set_meeting(self, meeting: Meeting) -> None:
        """The meeting as the chair has it on screen, into the record (saved by autosave);
        RecordError if the record cannot take it (e.g. its meeting is signed off)."""
        self.record = set_meeting(self.record, meeting, self.clock())
        self.dirty = True

    def sign_off_meeting(self, signed: Meeting, now: datetime) -> Record:
        """Seal, sign and save the chair's sign-off at once. If anything fails the record is
        as it was before (the meeting stays on screen, unsigned) and the error is raised."""
        before = self.record
        try:
            self.record = set_meeting(before, signed, now, self.key)
            self.dirty = True
            self.save()
        except BaseException:
            self.record = before
            raise
        return self.record

    def discard_changes(self) -> None:
        """Forget this copy's unsaved changes (the user chose the version saved elsewhere)."""
        self.dirty = self.stale = False

    def add_addendum(self, author: str, role: str, text: str) -> Record:
        """Add and save an addendum; if the save is refused it stays here, unsaved, to keep."""
        self.record = add_addendum(self.record, author=author, role=role, text=text,
                                   written_at=self.clock(), key=self.key)
        self.dirty = True
        self.save()
        return self.record

    def preview_pack(self, newer: LoadedPack) -> OutcomeChange:
        """What re-evaluating under another pack version would change."""
        after = evaluate(newer.compiled, self.record.answers, self.overlay.parameters_for(
            newer.id) if self.overlay else {})
        return compare_outcomes(self.evaluation, after)

    def switch_pack(self, newer: LoadedPack) -> Evaluation:
        """Re-evaluate this draft under another version of its pack (ids are stable)."""
        if self.read_only:
            raise RecordError("A completed record keeps the version it was signed under.")
        self.loaded = newer
        self.record = self.record.model_copy(update={
            "pack_version": newer.version, "pack_sha256": newer.sha256,
            "updated_at": self.clock()})
        self.dirty = True
        self.evaluation = self._evaluate()
        return self.evaluation
