"""The store never silently overwrites: a save from a stale copy is refused and loses nothing.

Two copies of one record are open at once: two windows, or two processes on one data folder.
Each save names the store revision its copy last read or wrote; a save after the other copy
saved is refused, the refused changes stay in their session, and they can then be added to
the version saved elsewhere or kept as a new draft.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cspr_desktop.core.errors import RecordError
from cspr_desktop.core.records.conflicts import as_new_draft, reapply
from cspr_desktop.core.records.keys import signing_key
from cspr_desktop.core.records.meeting import Meeting, MeetingSignOff
from cspr_desktop.core.records.records import Record, new_record, set_answer, set_meeting
from cspr_desktop.core.records.session import ChecklistSession
from cspr_desktop.core.records.store import StaleRecordError, Store
from cspr_desktop.core.records.store_crypto import (
    sqlite3,  # the app's own SQLite: two in one process lose each other's locks
)
from cspr_desktop.core.report.export_json import import_into
from cspr_desktop.core.rules.registry import load_registry

REPO = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).resolve().parent / "stale_child.py"
NOW = datetime(2026, 3, 2, 10, 15)
PACK = "safer-sleep"


def clock() -> datetime:
    return NOW


def open_session(store: Store, record_id: str) -> ChecklistSession:
    """The record opened as the app opens it: its revision, its pinned pack."""
    stored = store.read(record_id)
    loaded = load_registry(REPO / "rules").for_record(stored.record)
    return ChecklistSession(store, loaded, stored.record, None, clock, stored.revision)


def new_draft(data: Path) -> str:
    """A saved safer-sleep draft with one answer; its id."""
    loaded = load_registry(REPO / "rules").current(PACK)
    assert loaded is not None
    store = Store(data / "records.sqlite")
    session = ChecklistSession(store, loaded, new_record(
        loaded.id, loaded.version, loaded.sha256, NOW, child_ref="NB-2026-0042"), None, clock)
    session.answer("stage", "born")
    session.save()
    store.close()
    return session.record.id


def start_child(data: Path, record_id: str, qid: str, value: str, choice: str
                ) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(data), record_id, qid, value, choice],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "READY", child.stderr.read() if child.stderr else ""
    return child


def finish(child: subprocess.Popen[str]) -> list[dict[str, object]]:
    out, err = child.communicate("go\n", timeout=60)
    assert child.returncode == 0, err
    assert "Traceback" not in err
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.mark.parametrize("choice", ["keep", "copy"])
def test_a_second_process_saving_a_stale_copy_is_refused_and_loses_nothing(
        tmp_path: Path, choice: str) -> None:
    """Both copies open the draft; this one saves first; the second process's save is refused
    with a message, this copy's answer is on disk untouched, and the refused answer is still
    in the second process, which then keeps it (on the saved version, or as a new draft)."""
    record_id = new_draft(tmp_path)
    child = start_child(tmp_path, record_id, "sleep_position", "front", choice)
    store = Store(tmp_path / "records.sqlite")
    first = open_session(store, record_id)
    first.answer("feeding", "breast")
    first.save()  # this copy saves while the other has the record open
    refused, resolved = finish(child)

    assert refused["refused"] is True and refused["stale"] is True
    assert "changed in another window or by another copy" in str(refused["message"])
    assert "your changes are still on screen" in str(refused["message"])
    assert refused["mine"] == {"stage": "born", "sleep_position": "front"}  # kept, unsaved
    assert refused["stored"] == {"stage": "born", "feeding": "breast"}  # not overwritten

    if choice == "keep":
        assert resolved["id"] == record_id
        assert store.get(record_id).answers == {"stage": "born", "feeding": "breast",
                                                "sleep_position": "front"}
    else:
        assert resolved["id"] != record_id
        assert store.get(record_id).answers == {"stage": "born", "feeding": "breast"}
        assert store.get(str(resolved["id"])).answers == {"stage": "born",
                                                          "sleep_position": "front"}
        assert store.get(str(resolved["id"])).child_ref == "NB-2026-0042"


def test_a_stale_copy_in_the_same_process_is_refused_too(tmp_path: Path) -> None:
    """Two windows in one process (two store connections) behave the same way."""
    record_id = new_draft(tmp_path)
    one = open_session(Store(tmp_path / "records.sqlite"), record_id)
    two = open_session(Store(tmp_path / "records.sqlite"), record_id)
    one.answer("feeding", "breast")
    one.save()
    two.answer("feeding", "formula")
    with pytest.raises(StaleRecordError):
        two.save()
    assert two.stale and two.dirty
    assert two.record.answers["feeding"] == "formula"
    two.keep_mine_on_latest()  # both changed the same answer: the one on screen wins
    assert not two.stale and not two.dirty
    assert one.store.get(record_id).answers["feeding"] == "formula"
    one.answer("sleep_position", "back")
    with pytest.raises(StaleRecordError):  # now the first copy is the stale one
        one.save()


def test_a_draft_deleted_elsewhere_is_reported_and_kept_as_a_new_draft(tmp_path: Path) -> None:
    record_id = new_draft(tmp_path)
    store = Store(tmp_path / "records.sqlite")
    session = open_session(store, record_id)
    store.delete_draft(record_id)
    session.answer("feeding", "breast")
    with pytest.raises(StaleRecordError, match="was deleted") as caught:
        session.save()
    assert caught.value.deleted
    copy = session.save_as_new_draft()
    assert store.get(copy.id).answers == {"stage": "born", "feeding": "breast"}


def test_signing_a_stale_copy_is_refused_and_the_draft_stays_unsigned(tmp_path: Path) -> None:
    record_id = new_draft(tmp_path)
    one = open_session(Store(tmp_path / "records.sqlite"), record_id)
    two = open_session(Store(tmp_path / "records.sqlite"), record_id)
    one.answer("feeding", "breast")
    one.save()
    with pytest.raises(StaleRecordError):
        two.complete("Alex Example", "Health visitor", "Northbridge Community Health")
    assert not two.record.is_completed
    assert not one.store.get(record_id).is_completed


def test_revisions_count_saves_and_a_new_record_must_not_exist(tmp_path: Path) -> None:
    record_id = new_draft(tmp_path)
    store = Store(tmp_path / "records.sqlite")
    stored = store.read(record_id)
    assert stored.revision == 1
    changed = set_answer(stored.record, "feeding", "breast", NOW)
    assert store.save(changed, stored.revision) == 2
    with pytest.raises(StaleRecordError):
        store.save(changed, 1)
    with pytest.raises(StaleRecordError):  # 0: "not stored yet", but it is
        store.save(changed, 0)


def test_an_import_racing_another_copy_does_not_overwrite_it(tmp_path: Path) -> None:
    """import_into saves as a new record: if the same id arrived meanwhile it is refused."""
    from recordkit import signed_record

    record, _, _ = signed_record(tmp_path / "signer")
    store = Store(tmp_path / "records.sqlite")
    store.save(record.model_copy(update={"child_ref": "someone else's copy"}), 0)
    with pytest.raises(Exception, match="already here"):
        import_into(store, record)
    assert store.get(record.id).child_ref == "someone else's copy"


def test_a_store_made_before_revisions_opens_and_saves(tmp_path: Path) -> None:
    """A records file without the revision column gets it, each row at revision 1."""
    record_id = new_draft(tmp_path)
    path = tmp_path / "records.sqlite"
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE records DROP COLUMN revision")
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    store = Store(path)
    assert store.read(record_id).revision == 1
    session = open_session(store, record_id)
    session.answer("feeding", "breast")
    session.save()
    assert store.read(record_id).revision == 2


# -- combining the two copies ----------------------------------------------------------------

def _draft() -> Record:
    loaded = load_registry(REPO / "rules").current(PACK)
    assert loaded is not None
    record = new_record(loaded.id, loaded.version, loaded.sha256, NOW)
    return set_answer(record, "stage", "born", NOW)


def test_reapply_keeps_both_copies_changes() -> None:
    base = _draft()
    mine = set_answer(set_answer(base, "feeding", "breast", NOW + timedelta(minutes=2)),
                      "stage", None, NOW)
    latest = set_answer(base, "sleep_position", "back", NOW + timedelta(minutes=1))
    merged = reapply(base, mine, latest, NOW + timedelta(minutes=3))
    assert merged.answers == {"feeding": "breast", "sleep_position": "back"}
    assert merged.answer_times["feeding"] == NOW + timedelta(minutes=2)  # when it was given


def test_reapply_refuses_when_the_other_copy_signed() -> None:
    base = _draft()
    latest = base.model_copy(update={"status": "completed"})
    with pytest.raises(RecordError, match="new draft"):
        reapply(base, set_answer(base, "feeding", "breast", NOW), latest, NOW)


def test_reapply_merges_meeting_fields_but_never_a_sign_off(tmp_path: Path) -> None:
    key = signing_key(tmp_path)
    base = _draft().model_copy(update={"status": "completed", "meeting": Meeting(chair="A")})
    mine = set_meeting(base, Meeting(chair="A", reason="Mine", signed_off=MeetingSignOff(
        chair_name="A", signed_at=NOW)), NOW, key=key)
    latest = set_meeting(base, Meeting(chair="A", risk_analysis="Theirs"), NOW)
    merged = reapply(base, mine, latest, NOW)
    assert merged.meeting is not None
    assert (merged.meeting.reason, merged.meeting.risk_analysis) == ("Mine", "Theirs")
    assert merged.meeting.signed_off is None
    signed = set_meeting(base, Meeting(chair="A", signed_off=MeetingSignOff(
        chair_name="A", signed_at=NOW)), NOW, key=key)
    with pytest.raises(RecordError, match="signed the meeting off"):
        reapply(base, mine, signed, NOW)


def test_a_completed_record_is_never_copied() -> None:
    done = _draft().model_copy(update={"status": "completed"})
    with pytest.raises(RecordError):
        as_new_draft(done, NOW, lambda _id: False)
