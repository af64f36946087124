"""The guidance panel's outcome cards follow the answers: shown, hidden, shown again in order."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from ui_driver import answer, make_window, start

from cspr_desktop.ui.widgets import FittingScrollArea


def test_an_outcome_that_comes_back_reuses_its_card_in_its_place(qtbot: QtBot,
                                                                 tmp_path: Path) -> None:
    """Ticking a red flag brings the emergency card to the top; unticking hides it; ticking
    again shows the very same card at the top, not a second one."""
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "bruising-non-mobile")
    panel = checklist.panel
    answer(qtbot, checklist, "red_flags", ["none"])
    calm = panel.shown_outcomes()
    answer(qtbot, checklist, "red_flags", ["drowsy_or_floppy"])
    shown = panel.shown_outcomes()
    assert panel.level == "emergency"
    assert shown[0] not in calm
    card = panel.cards[shown[0]]
    assert card.isVisible()

    answer(qtbot, checklist, "red_flags", ["none"])
    assert panel.shown_outcomes() == calm
    assert not card.isVisible()

    answer(qtbot, checklist, "red_flags", ["drowsy_or_floppy"])
    assert panel.shown_outcomes() == shown
    assert panel.cards[shown[0]] is card
    assert card.isVisible()


def test_a_page_does_not_jump_sideways_when_its_content_outgrows_the_view(qtbot: QtBot) -> None:
    """When an answer makes a page taller than its view (an outcome card, a shown question),
    the text keeps its width: no scroll bar comes in and re-wraps every line."""
    area = FittingScrollArea()
    content = QWidget()
    column = QVBoxLayout(content)
    grower = QLabel("A fictional line of guidance.")
    column.addWidget(grower)
    area.setWidget(content)
    qtbot.addWidget(area)
    area.resize(400, 300)
    area.show()
    qtbot.waitExposed(area)
    width = area.viewport().width()
    for height in (50, 900, 50):
        grower.setFixedHeight(height)
        QApplication.processEvents()
        assert area.viewport().width() == width
