"""The home list's table model: a thin adapter over the store's record summaries."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from cspr_desktop.core.store import RecordSummary

COL_CHILD, COL_CHECKLIST, COL_STATUS, COL_CHANGED = range(4)
HEADERS = ("Child reference", "Checklist", "Status", "Last changed")
STATUS_WORDS = {"draft": "Draft", "completed": "Completed"}
AnyIndex = QModelIndex | QPersistentModelIndex


class RecordsModel(QAbstractTableModel):
    """One row per record summary; the summaries list is the only copy of the state."""

    def __init__(self, pack_titles: Mapping[str, str]) -> None:
        super().__init__()
        self.pack_titles = pack_titles
        self.rows: list[RecordSummary] = []
        self.order = (COL_CHANGED, Qt.SortOrder.DescendingOrder)

    def set_rows(self, rows: list[RecordSummary]) -> None:
        """Show these summaries (the store gives them newest first), in the chosen order."""
        self.beginResetModel()
        self.rows = rows
        if self.order != (COL_CHANGED, Qt.SortOrder.DescendingOrder):
            self.rows.sort(key=self._key(self.order[0]),
                           reverse=self.order[1] == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

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
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _text(self, row: RecordSummary, column: int) -> str:
        if column == COL_CHILD:
            return row.child_ref or "(no reference)"
        if column == COL_CHECKLIST:
            return f"{self.pack_titles.get(row.pack_id, row.pack_id)} {row.pack_version}"
        if column == COL_STATUS:
            return STATUS_WORDS.get(row.status, row.status)
        return _when(row.updated_at)

    def summary(self, row: int) -> RecordSummary:
        return self.rows[row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the summaries in Python in one pass: far faster than the proxy comparing rows
        through data() one pair at a time, which made 10,000 records slow to open."""
        self.order = (column, order)
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=self._key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def _key(self, column: int) -> Callable[[RecordSummary], str]:
        if column == COL_CHANGED:
            return lambda row: row.updated_at
        return lambda row: self._text(row, column).lower()


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%d %b %Y %H:%M")
    except ValueError:
        return iso


class RecordsFilter(QSortFilterProxyModel):
    """Filter as you type across every column; sorting is passed to the source model."""

    def __init__(self) -> None:
        super().__init__()
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None and column >= 0:
            source.sort(column, order)
