"""The record store: one SQLite file, WAL, durable writes, nothing lost on a crash.

Every save is its own committed transaction with `synchronous=FULL`, so a draft saved a moment
before a power cut is on disk. Completed records are immutable here too, not only in the UI:
a save may add addenda or the meeting, never change what was signed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from cspr_desktop.core.records import Record, RecordStatus
from cspr_desktop.core.store_crypto import connect, sqlite3

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS records(
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        child_ref TEXT NOT NULL,
        pack_id TEXT NOT NULL,
        pack_version TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        data TEXT NOT NULL)""",
    # The home list reads every id newest first from this index alone (no record rows), and
    # counts the drafts in the status index, so opening it stays cheap with many records.
    # records_newest supersedes the earlier records_updated(updated_at).
    "CREATE INDEX IF NOT EXISTS records_newest ON records(updated_at, id)",
    "DROP INDEX IF EXISTS records_updated",
    "CREATE INDEX IF NOT EXISTS records_status ON records(status)",
    "CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)
STORE_SCHEMA_VERSION = 1
SUMMARY_COLUMNS = "id, kind, status, child_ref, pack_id, pack_version, updated_at"
NEWEST_FIRST = "ORDER BY updated_at DESC, id DESC"  # the id makes the order total
ID_CHUNK = 500  # ids per query: under SQLite's oldest limit of 999 parameters


class StoreError(Exception):
    """An expected store failure; the message says what happened and what to do."""


@dataclass(frozen=True, slots=True)
class RecordSummary:
    """What the home list shows, read without parsing the record's JSON."""

    id: str
    kind: str
    status: str
    child_ref: str
    pack_id: str
    pack_version: str
    updated_at: str


def _explain(exc: sqlite3.Error, path: Path) -> StoreError:
    text = str(exc).lower()
    if "full" in text:
        return StoreError("The disk is full, so the last change could not be saved. It is "
                          "still on screen: free some space and it will save again.")
    if "not a database" in text or "malformed" in text:
        return StoreError(f"The records file {path} is damaged and cannot be read. Nothing "
                          "has been changed: keep a copy of the file, restore it from a backup, "
                          "or start the app with another data folder (--data-dir).")
    if "readonly" in text or "unable to open" in text or "permission" in text:
        return StoreError(f"The records file {path} cannot be written. Check the folder's "
                          "permissions, or start the app with another data folder.")
    return StoreError(f"The records file {path} could not be used ({exc}).")


class Store:
    """Records and settings in one SQLite file."""

    def __init__(self, path: Path, key: bytes | None = None) -> None:
        """Open (or create) the store; `key` for an encrypted one (see store_crypto)."""
        self.path = path
        self._open(key)

    def reopen(self, key: bytes | None) -> None:
        """Open the file again after `close`, e.g. on unlocking: holders keep this object."""
        self._open(key)

    def _open(self, key: bytes | None) -> None:
        path = self.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = connect(path, key)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > STORE_SCHEMA_VERSION:
                raise StoreError(f"The records file {path} was made by a newer version of the "
                                 "app. Update the app to open it; nothing has been changed.")
            for statement in SCHEMA:
                self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version={STORE_SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            raise _explain(exc, path) from exc
        except OSError as exc:
            raise StoreError(f"The data folder {path.parent} cannot be used ({exc.strerror}). "
                             "Start the app with another data folder (--data-dir).") from exc

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise _explain(exc, self.path) from exc

    def save(self, record: Record) -> None:
        """Insert or update; refuses to change the signed content of a completed record, and
        to overwrite a different record (another kind, checklist or creation time) that happens
        to share the id."""
        data = record.model_dump_json()
        with self._write() as db:
            row = db.execute("SELECT status, data, kind, pack_id, created_at FROM records "
                             "WHERE id=?", (record.id,))
            existing = row.fetchone()
            if existing and tuple(existing[2:]) != (record.kind, record.pack_id,
                                                    _iso(record.created_at)):
                raise StoreError(
                    f"Another record already has the id {record.id}, so this one was not saved "
                    "and the other was left as it is. Start a new record; its id will differ.")
            if existing and existing[0] == RecordStatus.COMPLETED:
                _check_only_additions(Record.model_validate_json(existing[1]), record)
            db.execute(
                "INSERT INTO records(id, kind, status, child_ref, pack_id, pack_version, "
                "created_at, updated_at, data) VALUES(?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(id) DO UPDATE SET status=excluded.status, "
                "child_ref=excluded.child_ref, pack_version=excluded.pack_version, "
                "updated_at=excluded.updated_at, data=excluded.data",
                (record.id, record.kind, record.status.value, record.child_ref, record.pack_id,
                 record.pack_version, _iso(record.created_at), _iso(record.updated_at), data),
            )

    def get(self, record_id: str) -> Record:
        row = self._query("SELECT data FROM records WHERE id=?", (record_id,)).fetchone()
        if row is None:
            raise StoreError(f"Record {record_id} is not in this store; it may have been deleted.")
        try:
            return Record.model_validate_json(row[0])
        except (ValidationError, ValueError) as exc:
            raise StoreError(f"Record {record_id} is damaged and cannot be opened. It has been "
                             "left as it is; export the store file for support.") from exc

    def exists(self, record_id: str) -> bool:
        return self._query("SELECT 1 FROM records WHERE id=?", (record_id,)).fetchone() is not None

    def summaries(self) -> list[RecordSummary]:
        """Every record, newest change first, without reading the records' JSON."""
        rows = self._query(f"SELECT {SUMMARY_COLUMNS} FROM records {NEWEST_FIRST}", ()).fetchall()
        return [RecordSummary(*row) for row in rows]

    def summary_ids(self) -> list[str]:
        """Every record's id in the order of `summaries`, read from an index alone: a list
        can show its length and first rows without reading every summary."""
        rows = self._query(f"SELECT id FROM records {NEWEST_FIRST}", ()).fetchall()
        return [row[0] for row in rows]

    def summaries_of(self, ids: Sequence[str]) -> list[RecordSummary]:
        """The summaries of these records, in no particular order; unknown ids are skipped."""
        found: list[RecordSummary] = []
        for start in range(0, len(ids), ID_CHUNK):
            chunk = tuple(ids[start:start + ID_CHUNK])
            marks = ",".join("?" * len(chunk))
            rows = self._query(f"SELECT {SUMMARY_COLUMNS} FROM records WHERE id IN ({marks})",
                               chunk).fetchall()
            found.extend(RecordSummary(*row) for row in rows)
        return found

    def draft_count(self) -> int:
        """How many drafts are in progress, counted in the status index."""
        row = self._query("SELECT COUNT(*) FROM records WHERE status=?",
                          (RecordStatus.DRAFT.value,)).fetchone()
        return int(row[0])

    def delete_draft(self, record_id: str) -> None:
        with self._write() as db:
            row = db.execute("SELECT status FROM records WHERE id=?", (record_id,)).fetchone()
            if row and row[0] == RecordStatus.COMPLETED:
                raise StoreError("A completed record cannot be deleted: it is the record of "
                                 "what was seen and decided.")
            db.execute("DELETE FROM records WHERE id=?", (record_id,))

    def clear_all(self) -> int:
        """Delete every record (used only for the separate training store)."""
        with self._write() as db:
            return db.execute("DELETE FROM records").rowcount

    def setting(self, key: str, default: str = "") -> str:
        row = self._query("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute("INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) "
                       "DO UPDATE SET value=excluded.value", (key, value))

    def _query(self, sql: str, params: tuple[object, ...]) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise _explain(exc, self.path) from exc


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def _check_only_additions(stored: Record, new: Record) -> None:
    frozen = ("status", "answers", "completion", "pack_id", "pack_version", "pack_sha256",
              "child_ref", "body_map_svg", "kind")
    for name in frozen:
        if getattr(stored, name) != getattr(new, name):
            raise StoreError("This record is completed and signed, so its content cannot be "
                             "changed. Add an addendum instead.")
    signed_off = stored.meeting is not None and stored.meeting.is_signed_off
    if signed_off and new.meeting != stored.meeting:
        raise StoreError("The chair has signed off this meeting, so it cannot be changed.")
    if new.addenda[: len(stored.addenda)] != stored.addenda:
        raise StoreError("Addenda of a completed record cannot be changed or removed.")
