"""The record store: one SQLite file, WAL, durable writes, nothing lost on a crash.

Every save is its own committed transaction with `synchronous=FULL`, so a draft saved a moment
before a power cut is on disk. Completed records are immutable here too, not only in the UI:
a save may add addenda or the meeting, never change what was signed.

Every row carries a revision, raised by one at each save. A save names the revision its copy
was read at, and is refused (`StaleRecordError`) if the row has moved on since — another window
or another process on the same data folder saved first — so nothing is silently overwritten.
A row that cannot be read back (not JSON, wrong types, text that is not UTF-8) is reported as
damaged, without quoting any of its content; the other rows still list and open.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cspr_desktop.core.record_ids import is_record_id, shown_id
from cspr_desktop.core.records.record_status import RecordStatus
from cspr_desktop.core.records.store_crypto import connect, sqlite3
from cspr_desktop.core.records.store_rows import (
    DoesNotFit,
    Undecodable,
    UnstorableText,
    checked_json,
    field_places,
    summary_texts,
    tolerant_text,
)

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
        data TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1)""",
    # The home list reads every id newest first from this index alone (no record rows), and
    # counts the drafts in the status index, so opening it stays cheap with many records.
    # records_newest supersedes the earlier records_updated(updated_at).
    "CREATE INDEX IF NOT EXISTS records_newest ON records(updated_at, id)",
    "DROP INDEX IF EXISTS records_updated",
    "CREATE INDEX IF NOT EXISTS records_status ON records(status)",
    "CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)
STORE_SCHEMA_VERSION = 2  # 2: the revision column
COLUMNS = ("id", "kind", "status", "child_ref", "pack_id", "pack_version", "created_at",
           "updated_at", "data", "revision")
SUMMARY_COLUMNS = "id, kind, status, child_ref, pack_id, pack_version, updated_at"
NEWEST_FIRST = "ORDER BY updated_at DESC, id DESC"  # the id makes the order total
ID_CHUNK = 500  # ids per query: under SQLite's oldest limit of 999 parameters
# The record models (pydantic) load at the first read or save, not to list the records.
if TYPE_CHECKING:
    from cspr_desktop.core.records.records import Record

log = logging.getLogger("cspr_desktop.store")


class StoreError(Exception):
    """An expected store failure; the message says what happened and what to do."""


class StaleRecordError(StoreError):
    """A save from a copy older than the stored record: refused, and nothing overwritten.

    `deleted` when the record was deleted elsewhere (a draft deleted in another window).
    """

    def __init__(self, record_id: str, deleted: bool = False) -> None:
        self.record_id = record_id
        self.deleted = deleted
        if deleted:
            text = (f"Record {record_id} was deleted in another window or by another copy of "
                    "cspr-desktop after you opened it here. Your changes are still on screen: "
                    "save them as a new draft to keep them.")
        else:
            text = (f"Record {record_id} was changed in another window or by another copy of "
                    "cspr-desktop after you opened it here, so this save was refused. Nothing "
                    "saved there has been overwritten, and your changes are still on screen.")
        super().__init__(text)


class DamagedRecordError(StoreError):
    """A stored row that cannot be read back as a record. The message quotes no content."""

    def __init__(self, record_id: str, path: Path) -> None:
        self.record_id = record_id
        super().__init__(
            f"Record {shown_id(record_id)} is damaged in the records file and cannot be "
            "opened. It has been left as it is, and your other records are not affected. Keep "
            f"a copy of the records file ({path}) for your IT support, and restore the record "
            "from a backup or from a JSON export if you have one.")


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """A record as read from the store, with the revision a later save must name."""

    record: Record
    revision: int


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
            self._db.text_factory = tolerant_text  # a damaged row must not fail every read
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > STORE_SCHEMA_VERSION:
                raise StoreError(f"The records file {path} was made by a newer version of the "
                                 "app. Update the app to open it; nothing has been changed.")
            for statement in SCHEMA:
                self._db.execute(statement)
            self._upgrade()
            self._db.execute(f"PRAGMA user_version={STORE_SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            raise _explain(exc, path) from exc
        except OSError as exc:
            raise StoreError(f"The data folder {path.parent} cannot be used ({exc.strerror}). "
                             "Start the app with another data folder (--data-dir).") from exc

    def _upgrade(self) -> None:
        """Add the revision column to a file made before it; refuse a table missing others."""
        have = {row[1] for row in self._db.execute("PRAGMA table_info(records)")}
        if "revision" not in have:
            self._db.execute("ALTER TABLE records ADD COLUMN revision INTEGER NOT NULL "
                             "DEFAULT 1")
            have.add("revision")
        missing = [c for c in COLUMNS if c not in have]
        if missing:
            raise StoreError(f"The records file {self.path} is damaged: its table of records "
                             f"has no {', '.join(missing)} column. Nothing has been changed: "
                             "keep a copy of the file, restore it from a backup, or start the "
                             "app with another data folder (--data-dir).")

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

    def save(self, record: Record, revision: int | None = None) -> int:
        """Insert or update, and return the row's new revision.

        `revision` is the one this copy was read at (0 for a record not stored yet): if the
        row has moved on, or gone, the save is refused with `StaleRecordError`. None skips that
        check (tools and tests; the app always names one). Also refused: an invalid id, a
        record that could not be read back, a change to the signed content of a completed
        record, and overwriting a different record (another kind, checklist or creation time)
        that happens to share the id.
        """
        if not is_record_id(record.id):
            raise StoreError(f"'{shown_id(record.id)}' is not a valid record id, so the record "
                             "was not saved. Start a new record; its id will be valid.")
        data = _readable_json(record)
        with self._write() as db:
            existing = db.execute("SELECT status, data, kind, pack_id, created_at, revision "
                                  "FROM records WHERE id=?", (record.id,)).fetchone()
            if existing is None and revision:
                raise StaleRecordError(record.id, deleted=True)
            if existing and tuple(existing[2:5]) != (record.kind, record.pack_id,
                                                     _iso(record.created_at)):
                raise StoreError(
                    f"Another record already has the id {record.id}, so this one was not saved "
                    "and the other was left as it is. Start a new record; its id will differ.")
            if existing and revision is not None and existing[5] != revision:
                raise StaleRecordError(record.id)
            if existing and existing[0] == RecordStatus.COMPLETED:
                _check_only_additions(self._parse(record.id, existing[1]), record)
            new_revision = (existing[5] if existing and isinstance(existing[5], int) else 0) + 1
            db.execute(
                "INSERT INTO records(id, kind, status, child_ref, pack_id, pack_version, "
                "created_at, updated_at, data, revision) VALUES(?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(id) DO UPDATE SET status=excluded.status, "
                "child_ref=excluded.child_ref, pack_version=excluded.pack_version, "
                "updated_at=excluded.updated_at, data=excluded.data, "
                "revision=excluded.revision",
                (record.id, record.kind, record.status.value, record.child_ref, record.pack_id,
                 record.pack_version, _iso(record.created_at), _iso(record.updated_at), data,
                 new_revision),
            )
        return new_revision

    def read(self, record_id: str) -> StoredRecord:
        """The record and its revision; StoreError (DamagedRecordError for a row that cannot
        be read back) with what to do."""
        if not is_record_id(record_id):
            raise StoreError(f"'{shown_id(record_id)}' is not a record id, so there is no such "
                             "record.")
        row = self._query("SELECT data, revision, kind, pack_id FROM records WHERE id=?",
                          (record_id,)).fetchone()
        if row is None:
            raise StoreError(f"Record {record_id} is not in this store; it may have been deleted.")
        record = self._parse(record_id, row[0])
        if (record.id, record.kind, record.pack_id) != (record_id, row[2], row[3]) or not (
                isinstance(row[1], int)):
            log.warning("Record %s is damaged: its row and its content disagree", record_id)
            raise DamagedRecordError(record_id, self.path)
        return StoredRecord(record, row[1])

    def get(self, record_id: str) -> Record:
        return self.read(record_id).record

    def _parse(self, record_id: str, data: object) -> Record:
        """The record in a row's data, or DamagedRecordError; the log gets where, never what."""
        if not isinstance(data, str | bytes) or isinstance(data, Undecodable):
            log.warning("Record %s is damaged: its data is not text", record_id)
            raise DamagedRecordError(record_id, self.path)
        from pydantic import ValidationError

        from cspr_desktop.core.records.records import Record

        try:
            return Record.model_validate_json(data)
        except ValidationError as exc:
            log.warning("Record %s is damaged: %s", record_id, field_places(exc))
            raise DamagedRecordError(record_id, self.path) from None
        except ValueError:
            log.warning("Record %s is damaged: its data is not readable", record_id)
            raise DamagedRecordError(record_id, self.path) from None

    def exists(self, record_id: str) -> bool:
        return self._query("SELECT 1 FROM records WHERE id=?", (record_id,)).fetchone() is not None

    def summaries(self) -> list[RecordSummary]:
        """Every record, newest change first, without reading the records' JSON."""
        rows = self._query(f"SELECT {SUMMARY_COLUMNS} FROM records {NEWEST_FIRST}", ()).fetchall()
        return [RecordSummary(*summary_texts(row)) for row in rows]

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
            found.extend(RecordSummary(*summary_texts(row)) for row in rows)
        return found

    def draft_count(self) -> int:
        """How many drafts are in progress, counted in the status index."""
        row = self._query("SELECT COUNT(*) FROM records WHERE status=?",
                          (RecordStatus.DRAFT.value,)).fetchone()
        return int(row[0])

    def delete_draft(self, record_id: str) -> None:
        if not is_record_id(record_id):
            raise StoreError(f"'{shown_id(record_id)}' is not a record id; nothing was deleted.")
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


def _readable_json(record: Record) -> str:
    """The record as stored JSON, checked to read back, or StoreError saying what to fix.

    The model does not check a copy made with changes (`model_copy`), so without this a
    meeting text over its limit would be saved and the record could then not be opened.
    """
    try:
        return checked_json(record)
    except UnstorableText:
        raise StoreError("This record holds text that cannot be stored (a broken character, "
                         "perhaps pasted from another program), so the last change was not "
                         "saved. It is still on screen: retype the text you pasted last.") from None
    except DoesNotFit as exc:
        raise StoreError(f"The last change was not saved: part of this record does not fit "
                         f"what a record can hold ({exc}). It is still on screen: shorten it "
                         "and it will save.") from None


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
