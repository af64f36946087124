"""The home list's table model: a thin adapter over the store's record summaries."""

from __future__ import annotations

from collections.abc import Mapping
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

    def set_rows(self, rows: list[RecordSummary]) -> None:
        self.beginResetModel()
        self.rows = rows
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
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            return row.updated_at
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


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%d %b %Y %H:%M")
    except ValueError:
        return iso


class RecordsFilter(QSortFilterProxyModel):
    """Filter as you type across every column; sort by the raw timestamp for 'Last changed'."""

    def __init__(self) -> None:
        super().__init__()
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(Qt.ItemDataRole.DisplayRole)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        if left.column() == COL_CHANGED:
            model = self.sourceModel()
            role = Qt.ItemDataRole.InitialSortOrderRole
            return str(model.data(left, role)) < str(model.data(right, role))
        return super().lessThan(left, right)
