"""The home list with more records than it reads at once (it reads the rows on screen, a page
at a time): every record is still listed, reached by scrolling, sorted, filtered and opened."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot
from ui_driver import FIXED_NOW, LEFT, REPO, make_window

from cspr_desktop.core.records.record_status import RecordStatus
from cspr_desktop.core.records.records import new_record
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.rules.registry import load_registry
from cspr_desktop.ui.home_page import HomePage
from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.records_model import COL_CHECKLIST, COL_CHILD, COL_STATUS, PAGE

COUNT = 2 * PAGE + 20
OLDEST = "AA-1001"  # the oldest record, far below the first page; first from A to Z


def _fill(data_dir: Path) -> tuple[str, int]:
    """COUNT records a day apart, newest NB-0000; every third one completed. The oldest is the
    draft OLDEST. Returns its id and the number of drafts."""
    loaded = load_registry(REPO / "rules", FIXED_NOW.date()).current_packs()[0]
    store = Store(data_dir / "records.sqlite")
    drafts = 0
    for n in range(COUNT):
        oldest = n == COUNT - 1
        record = new_record(loaded.id, loaded.version, loaded.sha256,
                            FIXED_NOW - timedelta(days=n), child_ref=OLDEST if oldest
                            else f"NB-{n:04d}")
        if n % 3 == 0 and not oldest:
            record = record.model_copy(update={"status": RecordStatus.COMPLETED})
        drafts += record.status == RecordStatus.DRAFT
        store.save(record)
    store.close()
    return record.id, drafts


def _refs(table: QTableView) -> list[str]:
    model = table.model()
    return [model.index(row, COL_CHILD).data() for row in range(model.rowCount())]


def _click_row(qtbot: QtBot, table: QTableView, row: int) -> None:
    table.scrollTo(table.model().index(row, COL_CHILD))
    rect = table.visualRect(table.model().index(row, COL_CHILD))
    qtbot.mouseClick(table.viewport(), LEFT, pos=rect.center())


def _click_header(qtbot: QtBot, table: QTableView, column: int) -> None:
    header = table.horizontalHeader()
    centre = QPoint(header.sectionViewportPosition(column) + 20, header.height() // 2)
    qtbot.mouseClick(header.viewport(), LEFT, pos=centre)


def _window(qtbot: QtBot, tmp_path: Path) -> tuple[MainWindow, str, int]:
    oldest_id, drafts = _fill(tmp_path)
    return make_window(qtbot, tmp_path), oldest_id, drafts


def test_every_record_is_listed_and_the_last_is_reached(qtbot: QtBot, tmp_path: Path) -> None:
    """All records count from the start; Ctrl+End goes to the oldest; the drafts are counted."""
    window, _, drafts = _window(qtbot, tmp_path)
    table = window.home.table
    assert table.model().rowCount() == COUNT
    assert window.home.drafts_notice.text().startswith(f"You have {drafts} drafts in progress")
    _click_row(qtbot, table, 0)
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert table.currentIndex().row() == COUNT - 1
    assert table.currentIndex().siblingAtColumn(COL_CHILD).data() == OLDEST
    refs = _refs(table)
    assert refs[:2] == ["NB-0000", "NB-0001"] and refs[-1] == OLDEST
    assert len(set(refs)) == COUNT


def test_sorting_orders_every_record(qtbot: QtBot, tmp_path: Path) -> None:
    """A to Z puts the oldest record first although it was never on screen; Z to A reverses."""
    window, _, _ = _window(qtbot, tmp_path)
    table = window.home.table
    _click_header(qtbot, table, COL_CHILD)
    first = _refs(table)
    _click_header(qtbot, table, COL_CHILD)
    second = _refs(table)
    ascending = sorted(first)
    assert {tuple(first), tuple(second)} == {tuple(ascending), tuple(reversed(ascending))}
    assert ascending[0] == OLDEST


def test_filter_finds_a_record_never_read_and_opens_it(qtbot: QtBot, tmp_path: Path) -> None:
    """Typing the oldest record's reference lists it alone; Enter on its row opens it."""
    window, oldest_id, _ = _window(qtbot, tmp_path)
    table = window.home.table
    qtbot.keyClicks(window.home.filter, OLDEST.lower())
    assert _refs(table) == [OLDEST]
    _click_row(qtbot, table, 0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.session is not None and window.session.record.id == oldest_id
    assert window.stack.currentWidget() is window.checklist


def test_the_selection_follows_its_record(qtbot: QtBot, tmp_path: Path) -> None:
    """A selected record stays selected when the list is sorted or filtered around it."""
    window, _, _ = _window(qtbot, tmp_path)
    home, table = window.home, window.home.table
    _click_row(qtbot, table, 2)
    chosen = home.selected()
    assert chosen is not None and chosen.child_ref == "NB-0002"
    _click_header(qtbot, table, COL_CHILD)
    assert home.selected() == chosen
    assert table.selectionModel().selectedRows()[0].row() == _refs(table).index("NB-0002")
    qtbot.keyClicks(home.filter, "NB-000")
    assert home.selected() == chosen
    qtbot.keyClicks(home.filter, "1")
    assert home.selected() is None


def test_a_failed_read_is_reported_once(qtbot: QtBot, tmp_path: Path) -> None:
    """If the store cannot be read once listed, the page says so once, then stops reading."""
    _fill(tmp_path)
    home = HomePage(load_registry(REPO / "rules", FIXED_NOW.date()).current_packs(), False)
    qtbot.addWidget(home)
    home.show()
    store = Store(tmp_path / "records.sqlite")
    home.set_records(store)
    store.close()
    with qtbot.waitSignal(home.list_failed) as failed:
        home.table.scrollToBottom()
        home.table.viewport().repaint()
    assert "could not be used" in str(failed.args[0])
    with qtbot.assertNotEmitted(home.list_failed, wait=100):
        home.table.viewport().repaint()
        home.table.scrollToTop()
        home.table.viewport().repaint()


def test_a_sort_keeps_ties_in_the_order_shown(qtbot: QtBot, tmp_path: Path) -> None:
    """Sorted by Status, then by Checklist (one checklist, so every row ties): the records
    stay grouped by status, as a stable sort of the list on screen leaves them."""
    window, _, _ = _window(qtbot, tmp_path)
    table = window.home.table
    _click_header(qtbot, table, COL_STATUS)
    by_status = _refs(table)
    assert by_status != _refs_newest_first(tmp_path)
    _click_header(qtbot, table, COL_CHECKLIST)
    assert _refs(table) == by_status


def _refs_newest_first(data_dir: Path) -> list[str]:
    store = Store(data_dir / "records.sqlite")
    try:
        return [s.child_ref for s in store.summaries()]
    finally:
        store.close()
