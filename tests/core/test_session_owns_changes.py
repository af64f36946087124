"""Every change to a record goes through its session: the meeting typed, its sign-off and a
discard after a conflict. A sign-off that cannot be saved leaves the record as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from recordkit import Clock, full_meeting, registry, signed_record

from cspr_desktop.core.records.session import ChecklistSession
from cspr_desktop.core.records.store import StaleRecordError, Store


def open_signed(tmp_path: Path) -> tuple[ChecklistSession, Store]:
    record, _, overlay = signed_record(tmp_path)
    store = Store(tmp_path / "records.sqlite")
    stored = store.read(record.id)
    return ChecklistSession(store, registry().for_record(record), stored.record, overlay,
                            Clock(), stored.revision), store


def test_a_meeting_typed_is_kept_and_saved_by_the_session(tmp_path: Path) -> None:
    session, store = open_signed(tmp_path)
    meeting = full_meeting(signed_off=False)
    session.set_meeting(meeting)
    assert session.dirty
    session.save()
    assert not session.dirty
    assert store.read(session.record.id).record.meeting == meeting


def test_a_sign_off_refused_as_stale_leaves_the_record_unsigned(tmp_path: Path) -> None:
    session, store = open_signed(tmp_path)
    unsigned = full_meeting(signed_off=False)
    session.set_meeting(unsigned)
    session.save()
    stored = store.read(session.record.id)  # another window has it open and saves first
    other = ChecklistSession(store, session.loaded, stored.record, session.overlay, Clock(),
                             stored.revision)
    other.set_meeting(full_meeting("Typed in the other window.", signed_off=False))
    other.save()
    signed = full_meeting(signed_off=True)
    with pytest.raises(StaleRecordError):
        session.sign_off_meeting(signed, signed.signed_off.signed_at)  # type: ignore[union-attr]
    assert session.record.meeting == unsigned  # as on screen before, unsigned, to keep
    assert session.stale
    session.discard_changes()
    assert not session.dirty and not session.stale


def test_a_new_record_is_unsaved_until_saved(tmp_path: Path) -> None:
    from cspr_desktop.core.records.records import new_record

    loaded = registry().current("bruising-non-mobile")
    assert loaded is not None
    record = new_record(loaded.id, loaded.version, loaded.sha256, Clock()())
    store = Store(tmp_path / "records.sqlite")
    session = ChecklistSession(store, loaded, record, None, Clock(), unsaved=True)
    assert session.dirty
    session.save()
    assert store.exists(record.id) and not session.dirty
