"""The home list: newest first, and sorted by any column with a click on its header."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot
from ui_driver import click, make_window, start

from cspr_desktop.ui.records_model import COL_CHILD


def _refs(window: object) -> list[str]:
    model = window.home.model  # type: ignore[attr-defined]
    return [model.index(r, COL_CHILD).data() for r in range(model.rowCount())]


def test_clicking_a_header_sorts_the_records(qtbot: QtBot, tmp_path: Path) -> None:
    """Click 'Child reference' to sort A to Z, again for Z to A; the filter keeps the order."""
    window = make_window(qtbot, tmp_path)
    for ref in ("NB-2002", "NB-1001", "NB-3003"):
        checklist = start(qtbot, window, "safer-sleep")
        click(qtbot, checklist.child_ref)
        qtbot.keyClicks(checklist.child_ref, ref)
        window.close_record()
    header = window.home.table.horizontalHeader()
    centre = QPoint(header.sectionViewportPosition(COL_CHILD) + 20, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    first = _refs(window)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    second = _refs(window)
    assert {tuple(first), tuple(second)} == {("NB-1001", "NB-2002", "NB-3003"),
                                            ("NB-3003", "NB-2002", "NB-1001")}
    qtbot.keyClicks(window.home.filter, "NB-")
    assert _refs(window) == second
    window.refresh_home()
    assert _refs(window) == second
