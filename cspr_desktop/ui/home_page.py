"""Home: start a checklist, and find, open or delete records."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.records.store import RecordSummary, Store
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.ui.records_model import COL_CHANGED, RecordsModel
from cspr_desktop.ui.widgets import text_label

INTRO = ("This app walks you through a checklist built from national safeguarding guidance "
         "and shows what the guidance says to do, by when and why. It supports your "
         "professional judgement and your local procedures; it never replaces them.")




class PackCard(QFrame):
    """One checklist to start: title, version, one-line summary and a Start button."""

    def __init__(self, loaded: LoadedPack, on_start: Callable[[], None]) -> None:
        super().__init__()
        self.setProperty("role", "card")
        self.setObjectName(f"card-{loaded.id}")
        layout = QVBoxLayout(self)
        pack = loaded.head  # what the card shows is known without compiling the pack
        layout.addWidget(text_label(pack.title, "h2"))
        layout.addWidget(text_label(f"Version {pack.version}", "secondary"))
        layout.addWidget(text_label(pack.summary.split(". ")[0].rstrip(".") + "."))
        self.start = QPushButton("Start")
        self.start.setObjectName(f"start-{loaded.id}")
        self.start.setProperty("role", "primary")
        self.start.setAccessibleName(f"Start: {pack.title}")
        self.start.clicked.connect(on_start)
        layout.addStretch(1)
        layout.addWidget(self.start, alignment=Qt.AlignmentFlag.AlignLeft)


class HomePage(QWidget):
    """The first screen: checklists to start, drafts to finish, records to open."""

    start_requested = Signal(str)
    open_requested = Signal(str)
    delete_requested = Signal(str)
    intro_dismissed = Signal()
    list_failed = Signal(str)  # rows could not be read from the store after it was listed

    def __init__(self, packs: list[LoadedPack], show_intro: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home-page")
        layout = QVBoxLayout(self)
        layout.addWidget(text_label("Safeguarding checklists", "h1"))
        self.intro = QFrame()
        self.intro.setProperty("role", "card")
        intro_layout = QHBoxLayout(self.intro)
        intro_layout.addWidget(text_label(INTRO), 1)
        got_it = QPushButton("Got it")
        got_it.clicked.connect(self._on_intro_dismissed)
        intro_layout.addWidget(got_it)
        self.intro.setVisible(show_intro)
        layout.addWidget(self.intro)
        layout.addWidget(text_label("Start a checklist", "h2"))
        cards = QHBoxLayout()
        self.cards = [PackCard(p, partial(self.start_requested.emit, p.id))
                      for p in packs]
        for card in self.cards:
            cards.addWidget(card, 1)
        if not packs:
            cards.addWidget(text_label("No checklist could be loaded. See View → Problems with "
                                   "rule files.", "error"))
        layout.addLayout(cards)
        self.drafts_notice = text_label("", "h3")
        layout.addWidget(self.drafts_notice)
        layout.addWidget(text_label("Records on this computer", "h2"))
        layout.addLayout(self._list_tools())
        self.model = RecordsModel({p.id: p.title for p in packs})
        # Queued: the model notices a failed read while the table paints, and whoever shows the
        # problem must not open a dialog in the middle of a paint.
        self.model.load_failed.connect(self.list_failed, Qt.ConnectionType.QueuedConnection)
        self.table = QTableView()
        self.table.setObjectName("records-table")
        self.table.setAccessibleName("Records")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_CHANGED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(lambda _: self._on_open())
        self.table.activated.connect(lambda _: self._on_open())
        layout.addWidget(self.table, 1)
        self.filter.textChanged.connect(self.model.set_filter)
        self.setTabOrder(self.filter, self.table)
        self.setTabOrder(self.table, self.open_button)
        self.setTabOrder(self.open_button, self.delete_button)

    def _list_tools(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setObjectName("records-filter")
        self.filter.setPlaceholderText("Filter by child reference, checklist or status")
        self.filter.setAccessibleName("Filter records")
        self.filter.setClearButtonEnabled(True)
        row.addWidget(self.filter, 1)
        self.open_button = QPushButton("&Open")
        self.open_button.setObjectName("open-record")
        self.open_button.clicked.connect(self._on_open)
        self.delete_button = QPushButton("&Delete draft")
        self.delete_button.setObjectName("delete-draft")
        self.delete_button.clicked.connect(self._on_delete)
        row.addWidget(self.open_button)
        row.addWidget(self.delete_button)
        return row

    def set_records(self, store: Store) -> None:
        """List the store's records and count its drafts (raises StoreError)."""
        self.model.set_store(store)
        drafts = store.draft_count()
        self.drafts_notice.setText(
            f"You have {drafts} draft{'s' if drafts != 1 else ''} in progress: open one below "
            "to carry on." if drafts else "")
        self.drafts_notice.setVisible(bool(drafts))

    def selected(self) -> RecordSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            current = self.table.currentIndex()
            if not current.isValid():
                return None
            rows = [current]
        return self.model.summary(rows[0].row())

    def select_record(self, record_id: str) -> None:
        """Select a record's row, if it is listed (the filter may hide it)."""
        row = self.model.row_of(record_id)
        if row is not None:
            self.table.selectRow(row)

    def _on_open(self) -> None:
        summary = self.selected()
        if summary:
            self.open_requested.emit(summary.id)

    def _on_delete(self) -> None:
        summary = self.selected()
        if summary:
            self.delete_requested.emit(summary.id)

    def _on_intro_dismissed(self) -> None:
        self.intro.setVisible(False)
        self.intro_dismissed.emit()
