"""When two copies of one record were changed at once: keep both changes, or keep both records.

A save from a stale copy is refused by the store (`StaleRecordError`). The person whose save was
refused still has their changes on screen, and chooses what happens to them:

- `reapply`: take the version saved elsewhere and make on it the changes made here since this
  copy was last read or saved — the answers changed here (with the times they were given), the
  child reference, the responses to outcomes, the meeting fields changed here, new addenda.
  What the other copy changed and this one did not is kept; where both changed the same
  answer, this copy's answer wins, because it is the one its author is looking at and chose
  to keep.
- `as_new_draft`: keep this copy's answers as a new draft with a new id, leaving the other as
  it is (only for drafts: a signed record is never duplicated).

Both refuse (`RecordError`, saying what to do instead) where combining would change what
someone signed, e.g. the other copy signed the checklist or the meeting in the meantime.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from cspr_desktop.core.errors import RecordError
from cspr_desktop.core.records.meeting import Meeting
from cspr_desktop.core.records.records import Record, new_record_id, set_answer

SIGNED_ELSEWHERE = ("The record was completed and signed in the other copy, so your changes "
                    "cannot be added to it. Keep them as a new draft instead.")
OTHER_VERSION = ("The other copy moved the draft to another version of the checklist, so your "
                 "answers cannot be added to it. Keep them as a new draft instead.")
MEETING_SIGNED_ELSEWHERE = ("The chair signed the meeting off in the other copy, so your "
                            "changes to the meeting cannot be added. Add what is missing as an "
                            "addendum.")


def reapply(base: Record, mine: Record, latest: Record, now: datetime) -> Record:
    """`latest` with the changes `mine` made since `base` (this copy as last read or saved)."""
    if mine.is_completed != base.is_completed:
        raise RecordError(SIGNED_ELSEWHERE)
    if not mine.is_completed:
        return _reapply_draft(base, mine, latest, now)
    merged = latest
    if mine.meeting != base.meeting:
        merged = merged.model_copy(update={"meeting": _merged_meeting(base, mine, latest)})
    added = mine.addenda[len(base.addenda):]
    if added:
        merged = merged.model_copy(update={"addenda": [*merged.addenda, *added]})
    return merged.model_copy(update={"updated_at": now})


def _reapply_draft(base: Record, mine: Record, latest: Record, now: datetime) -> Record:
    if latest.is_completed:
        raise RecordError(SIGNED_ELSEWHERE)
    pack = (mine.pack_id, mine.pack_version, mine.pack_sha256)
    if pack != (latest.pack_id, latest.pack_version, latest.pack_sha256):
        raise RecordError(OTHER_VERSION)
    merged = latest
    for qid in sorted(set(base.answers) | set(mine.answers)):
        value = mine.answers.get(qid)
        if value != base.answers.get(qid):
            merged = set_answer(merged, qid, value, mine.answer_times.get(qid, now))
    if mine.child_ref != base.child_ref:
        merged = merged.model_copy(update={"child_ref": mine.child_ref})
    responses = dict(merged.responses)
    for outcome_id in set(base.responses) | set(mine.responses):
        if mine.responses.get(outcome_id) != base.responses.get(outcome_id):
            responses.pop(outcome_id, None)
            if outcome_id in mine.responses:
                responses[outcome_id] = mine.responses[outcome_id]
    if responses != merged.responses:
        merged = merged.model_copy(update={"responses": responses})
    return merged.model_copy(update={"updated_at": now})


def _merged_meeting(base: Record, mine: Record, latest: Record) -> Meeting:
    """The other copy's meeting with the fields changed here set as they are here."""
    if latest.meeting is not None and latest.meeting.is_signed_off:
        raise RecordError(MEETING_SIGNED_ELSEWHERE)
    before = base.meeting or Meeting()
    after = mine.meeting or Meeting()
    merged = latest.meeting or Meeting()
    # A sign-off covers the meeting its chair saw, so it is never carried onto another one.
    changed = {name: getattr(after, name) for name in Meeting.model_fields
               if name != "signed_off" and getattr(after, name) != getattr(before, name)}
    return merged.model_copy(update=changed)


def as_new_draft(mine: Record, now: datetime, taken: Callable[[str], bool]) -> Record:
    """This copy's draft under a new id, created now; `taken` says which ids are in use."""
    if mine.is_completed:
        raise RecordError("A completed record is not copied: it is the record of what was "
                          "signed. Add your changes to the saved version instead.")
    return mine.model_copy(update={"id": new_record_id(now, taken), "created_at": now,
                                   "updated_at": now, "imported": None})
