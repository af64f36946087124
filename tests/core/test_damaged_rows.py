"""A damaged row in the records file: a clear message, no content quoted, the others still fine.

Each damage is made with SQLite directly, as a disk fault, a sync tool or a hand edit would.
The damaged row still lists; opening it is refused with a message naming its id and what to
do, which never quotes what the row holds (a child's details), and neither does the log; the
other record lists and opens as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from cspr_desktop.core.records.records import new_record, set_answer
from cspr_desktop.core.records.store import DamagedRecordError, Store, StoreError
from cspr_desktop.core.records.store_crypto import (
    sqlite3,  # the app's own SQLite: two in one process lose each other's locks
)
from cspr_desktop.core.rules.pack_head import LoadedPack

NOW = datetime(2026, 3, 2, 10, 15)
SECRET = "Amara Okonkwo-Fictional"  # stands for a child's details inside the damaged row

Damage = Callable[[sqlite3.Connection, str], None]


def _set(sql: str, *values: object) -> Damage:
    return lambda db, record_id: db.execute(sql, (*values, record_id)).connection.commit()


def _edit_json(old: str, new: str) -> Damage:
    def damage(db: sqlite3.Connection, record_id: str) -> None:
        data = db.execute("SELECT data FROM records WHERE id=?", (record_id,)).fetchone()[0]
        assert old in data
        db.execute("UPDATE records SET data=? WHERE id=?", (data.replace(old, new), record_id))
        db.commit()
    return damage


DAMAGES: dict[str, Damage] = {
    "data is not JSON": _set("UPDATE records SET data=? WHERE id=?",
                             '{"id": "x", "answers": {"note": "' + SECRET),
    "data is JSON of the wrong shape": _set("UPDATE records SET data=? WHERE id=?",
                                            f'["{SECRET}"]'),
    "answers are a list": _edit_json('"answers":{', '"answers":["' + SECRET + '",{'),
    "a key is missing": _edit_json('"pack_id":"mini-bruise",', ""),
    "a wrong status": _edit_json('"status":"draft"', '"status":"' + SECRET + '"'),
    "a date that is no date": _edit_json('"created_at":"', '"created_at":"' + SECRET),
    "data is bytes": _set("UPDATE records SET data=? WHERE id=?", SECRET.encode() + b"\xff"),
    "data is not UTF-8": _set("UPDATE records SET data=CAST(? AS TEXT) WHERE id=?",
                              b'{"note": "' + SECRET.encode() + b'\xff\xfe"}'),
    "data is a number": _set("UPDATE records SET data=? WHERE id=?", 42),
    "the row and its content disagree": _set("UPDATE records SET kind=? WHERE id=?", "training"),
    "summary columns not UTF-8": _set("UPDATE records SET child_ref=CAST(? AS TEXT), "
                                      "updated_at=CAST(? AS TEXT) WHERE id=?",
                                      b"\xff\xfe", b"\xfe"),
    "summary columns of other types": _set("UPDATE records SET child_ref=?, status=?, "
                                           "updated_at=? WHERE id=?", b"\x00\x01", 7, 3.5),
    "revision is text": _set("UPDATE records SET revision=? WHERE id=?", SECRET),
}


def two_records(path: Path, mini: LoadedPack) -> tuple[str, str]:
    store = Store(path)
    damaged = set_answer(new_record(mini.id, mini.version, mini.sha256, NOW,
                                    child_ref="NB-2026-0001"), "age_months", 2, NOW)
    healthy = set_answer(new_record(mini.id, mini.version, mini.sha256, NOW,
                                    child_ref="NB-2026-0002", taken=store.exists),
                         "age_months", 5, NOW)
    store.save(damaged)
    store.save(healthy)
    store.close()
    return damaged.id, healthy.id


@pytest.mark.parametrize("name", list(DAMAGES))
def test_a_damaged_row_is_reported_and_the_others_still_open(
        tmp_path: Path, mini: LoadedPack, name: str, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "records.sqlite"
    damaged, healthy = two_records(path, mini)
    db = sqlite3.connect(path)
    DAMAGES[name](db, damaged)
    db.close()
    caplog.set_level(logging.DEBUG)

    store = Store(path)
    listed = {s.id: s for s in store.summaries()}
    assert set(listed) == {damaged, healthy}  # both still list
    assert {s.id for s in store.summaries_of([damaged, healthy])} == {damaged, healthy}
    assert store.get(healthy).answers == {"age_months": 5}  # the other opens

    if name.startswith("summary columns"):
        assert store.get(damaged).answers == {"age_months": 2}  # its content is intact
        return
    with pytest.raises(DamagedRecordError) as caught:
        store.get(damaged)
    message = str(caught.value)
    assert damaged in message and "damaged" in message and "other records" in message
    assert SECRET not in message
    assert caught.value.__cause__ is None  # no chained error carries the row into a log
    assert SECRET not in caplog.text
    assert damaged in caplog.text  # the log says which record, never what it holds


def test_every_summary_column_is_text_whatever_the_row_holds(tmp_path: Path,
                                                            mini: LoadedPack) -> None:
    path = tmp_path / "records.sqlite"
    damaged, _ = two_records(path, mini)
    db = sqlite3.connect(path)
    DAMAGES["summary columns of other types"](db, damaged)
    DAMAGES["summary columns not UTF-8"](db, damaged)
    db.close()
    for summary in Store(path).summaries():
        assert all(isinstance(getattr(summary, f), str) for f in summary.__dataclass_fields__)


def test_a_table_missing_a_column_is_a_clear_message(tmp_path: Path, mini: LoadedPack) -> None:
    path = tmp_path / "records.sqlite"
    two_records(path, mini)
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE records DROP COLUMN child_ref")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="damaged: its table of records has no child_ref"):
        Store(path)


def test_a_record_that_would_not_read_back_is_not_saved(tmp_path: Path,
                                                        mini: LoadedPack) -> None:
    """A copy made with changes is not checked by the model; the store checks it, so a text
    over a field's limit is refused with the field named, never saved unreadable."""
    from cspr_desktop.core.records.meeting import Meeting

    store = Store(tmp_path / "records.sqlite")
    record = new_record(mini.id, mini.version, mini.sha256, NOW)
    store.save(record)
    too_long = record.model_copy(update={"meeting": Meeting().model_copy(
        update={"risk_analysis": SECRET * 10_000})})
    with pytest.raises(StoreError, match="meeting → risk analysis") as caught:
        store.save(too_long)
    assert SECRET not in str(caught.value)
    assert store.get(record.id) == record
