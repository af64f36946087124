"""The store's listing reads for the home list: ids in order from an index, summaries by id."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from cspr_desktop.core.records.record_status import RecordStatus
from cspr_desktop.core.records.records import new_record
from cspr_desktop.core.records.store import ID_CHUNK, NEWEST_FIRST, Store
from cspr_desktop.core.records.store_crypto import (
    sqlite3,  # the app's own SQLite: two in one process lose each other's locks
)
from cspr_desktop.core.rules.pack_head import LoadedPack

NOW = datetime(2026, 3, 2, 10, 15)


def _fill(store: Store, pack: LoadedPack, count: int, same_time: int = 0) -> None:
    """`count` records a day apart (so their ids cannot clash), every third one completed;
    the first `same_time` of them share one moment, to check the order of ties."""
    for n in range(count):
        when = NOW if n < same_time else NOW - timedelta(days=n)
        record = new_record(pack.id, pack.version, pack.sha256, when, child_ref=f"TEST-{n:04d}")
        if n % 3 == 0:
            record = record.model_copy(update={"status": RecordStatus.COMPLETED})
        store.save(record)


def test_ids_come_in_the_order_of_the_summaries(tmp_path: Path, mini: LoadedPack) -> None:
    """Newest change first, and records changed at the same moment in one fixed order."""
    store = Store(tmp_path / "records.sqlite")
    _fill(store, mini, 12, same_time=4)
    summaries = store.summaries()
    assert store.summary_ids() == [s.id for s in summaries]
    assert [s.child_ref for s in summaries][4:] == [f"TEST-{n:04d}" for n in range(4, 12)]
    tied = [s.id for s in summaries[:4]]
    assert tied == sorted(tied, reverse=True)


def test_summaries_of_given_ids(tmp_path: Path, mini: LoadedPack) -> None:
    """More ids than one query takes are all read; an id no longer stored is left out."""
    store = Store(tmp_path / "records.sqlite")
    _fill(store, mini, ID_CHUNK + 30)
    everything = store.summaries()
    wanted = [s.id for s in everything] + ["CSPR-990101-GONE"]
    found = store.summaries_of(wanted)
    assert sorted(found, key=lambda s: s.id) == sorted(everything, key=lambda s: s.id)
    assert store.summaries_of([]) == []


def test_draft_count(tmp_path: Path, mini: LoadedPack) -> None:
    store = Store(tmp_path / "records.sqlite")
    assert store.draft_count() == 0
    _fill(store, mini, 10)
    drafts = [s for s in store.summaries() if s.status == RecordStatus.DRAFT]
    assert store.draft_count() == 6 == len(drafts)


def test_listing_reads_the_index_alone(tmp_path: Path) -> None:
    """The ids are read without touching the records' rows, which hold their JSON: this is
    what keeps the home list quick to open with thousands of records."""
    store = Store(tmp_path / "records.sqlite")
    plan = store._db.execute(f"EXPLAIN QUERY PLAN SELECT id FROM records {NEWEST_FIRST}")
    steps = " ".join(str(row[-1]) for row in plan)
    assert "COVERING INDEX records_newest" in steps and "TEMP B-TREE" not in steps


def test_an_older_store_gets_the_new_indexes(tmp_path: Path, mini: LoadedPack) -> None:
    """A store made before the listing indexes gets them on opening, keeping its records."""
    path = tmp_path / "records.sqlite"
    store = Store(path)
    _fill(store, mini, 3)
    store.close()
    db = sqlite3.connect(path)
    db.execute("DROP INDEX records_newest")
    db.execute("DROP INDEX records_status")
    db.execute("CREATE INDEX records_updated ON records(updated_at)")
    db.close()
    store = Store(path)
    names = {row[0] for row in store._db.execute("SELECT name FROM sqlite_master "
                                                 "WHERE type='index' AND tbl_name='records'")}
    assert {"records_newest", "records_status"} <= names and "records_updated" not in names
    assert len(store.summary_ids()) == 3 and store.draft_count() == 2
