"""The home list's table model: every record in the store, read a page at a time.

Opening the list reads only the record ids (newest first, from an index) and then the summaries
of the rows on screen, so it stays quick with thousands of records. Sorting by another column
or filtering needs every row's shown text, so then every summary is read once and kept until
the list is next refreshed. Sort and filter are done here, over every record, not by a proxy
that would only see the rows read so far.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    Signal,
)

from cspr_desktop.core.records.store import RecordSummary, Store, StoreError

COL_CHILD, COL_CHECKLIST, COL_STATUS, COL_CHANGED = range(4)
HEADERS = ("Child reference", "Checklist", "Status", "Last changed")
STATUS_WORDS = {"draft": "Draft", "completed": "Completed"}
STORE_ORDER = (COL_CHANGED, Qt.SortOrder.DescendingOrder)  # the store's: newest change first
PAGE = 128  # summaries read at once as rows come into view
TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
AnyIndex = QModelIndex | QPersistentModelIndex


class RecordsModel(QAbstractTableModel):
    """One row per listed record id, in order; summaries are a cache filled page by page."""

    load_failed = Signal(str)  # the store could not be read after the list was opened

    def __init__(self, pack_titles: Mapping[str, str]) -> None:
        super().__init__()
        self.pack_titles = pack_titles
        self.order = STORE_ORDER
        self.needle = ""  # the filter text
        self._store: Store | None = None
        self._ids: list[str] = []
        self._cache: dict[str, RecordSummary] = {}
        self._everything: list[RecordSummary] | None = None  # every summary, sorted, once read
        self._failed = False

    def set_store(self, store: Store) -> None:
        """List this store's records in the chosen order and filter (raises StoreError)."""
        self.beginResetModel()
        try:
            self._store = store
            self._ids, self._cache, self._everything, self._failed = [], {}, None, False
            self._ids = self._listed_ids()
        finally:
            self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        if role not in TEXT_ROLES:
            return None  # before reading anything: views ask for many roles
        row = self.summary(index.row())
        return None if row is None else self._text(row, index.column())

    def summary(self, row: int) -> RecordSummary | None:
        """The summary on this row, reading its page from the store the first time; None if
        the record has gone from the store since the list was made."""
        record_id = self._ids[row]
        if record_id not in self._cache:
            self._read_page(row)
        return self._cache.get(record_id)

    def row_of(self, record_id: str) -> int | None:
        """The row listing this record, or None if it is not listed (e.g. filtered out)."""
        try:
            return self._ids.index(record_id)
        except ValueError:
            return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order every record by a column's shown text (by time for Last changed). A stable
        sort of the list as it was: ties keep their order, newest change first after a
        refresh."""
        self.order = (column, order)
        if self._everything is not None:
            self._sort(self._everything)
        self._relist()

    def set_filter(self, text: str) -> None:
        """List only records showing `text` in any column, ignoring case: a fixed-string match
        like a QSortFilterProxyModel's, but over every record, read or not."""
        self.needle = text
        self._relist()

    def _relist(self) -> None:
        """Apply a new order or filter in place, so the selection follows its records."""
        if self._store is None or self._failed:
            return
        try:
            ids = self._listed_ids()
        except StoreError as exc:
            self._fail(exc)
            return
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        kept_ids = [self._ids[index.row()] for index in kept]
        self._ids = ids
        rows = {record_id: row for row, record_id in enumerate(ids)} if kept else {}
        moved = [self.index(rows[record_id], index.column()) if record_id in rows
                 else QModelIndex() for record_id, index in zip(kept_ids, kept, strict=True)]
        self.changePersistentIndexList(kept, moved)
        self.layoutChanged.emit()

    def _listed_ids(self) -> list[str]:
        assert self._store is not None
        if self.order == STORE_ORDER and not self.needle and self._everything is None:
            return self._store.summary_ids()
        rows = self._all_summaries()
        if self.needle:
            matches = _matcher(self.needle)
            rows = [row for row in rows
                    if any(matches(self._text(row, column)) for column in range(len(HEADERS)))]
        return [row.id for row in rows]

    def _all_summaries(self) -> list[RecordSummary]:
        """Every summary in the chosen order, read on first need and kept till a refresh."""
        if self._everything is None:
            assert self._store is not None
            self._everything = self._store.summaries()
            self._cache = {row.id: row for row in self._everything}
            if self.order != STORE_ORDER:
                self._sort(self._everything)
        return self._everything

    def _sort(self, rows: list[RecordSummary]) -> None:
        column, order = self.order
        rows.sort(key=self._key(column), reverse=order == Qt.SortOrder.DescendingOrder)

    def _read_page(self, row: int) -> None:
        if self._store is None or self._failed:
            return
        start = row - row % PAGE
        wanted = [i for i in self._ids[start:start + PAGE] if i not in self._cache]
        try:
            found = self._store.summaries_of(wanted)
        except StoreError as exc:
            self._fail(exc)
            return
        self._cache.update((summary.id, summary) for summary in found)

    def _fail(self, exc: StoreError) -> None:
        """Stop reading (views ask again on every paint) and say so once."""
        self._failed = True
        self.load_failed.emit(str(exc))

    def _text(self, row: RecordSummary, column: int) -> str:
        if column == COL_CHILD:
            return row.child_ref or "(no reference)"
        if column == COL_CHECKLIST:
            return f"{self.pack_titles.get(row.pack_id, row.pack_id)} {row.pack_version}"
        if column == COL_STATUS:
            return STATUS_WORDS.get(row.status, row.status)
        return _when(row.updated_at)

    def _key(self, column: int) -> Callable[[RecordSummary], str]:
        if column == COL_CHANGED:
            return lambda row: row.updated_at
        return lambda row: self._text(row, column).lower()


def _matcher(text: str) -> Callable[[str], bool]:
    """Qt's own case-insensitive fixed-string test, as the filter proxy used to apply."""
    pattern = QRegularExpression(QRegularExpression.escape(text),
                                 QRegularExpression.PatternOption.CaseInsensitiveOption)
    return lambda shown: pattern.match(shown).hasMatch()


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%d %b %Y %H:%M")
    except ValueError:
        return iso
