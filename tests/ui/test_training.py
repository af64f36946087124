"""Training mode in the real window, by clicks and keys: the library, a live what-if, reset,
training records kept apart from real ones, and clearing them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from ui_driver import REPO, answer, click, complete_record, make_window, when_dialog

from cspr_desktop.core.report.plain_text import TRAINING_MARK
from cspr_desktop.core.training.cases import SETTING_SCENARIO_FOLDER
from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.training_case import CHANGED, TrainingCasePage
from cspr_desktop.ui.training_library import PATH_ROLE, TrainingLibraryPage
from cspr_desktop.ui.training_mode import TrainingMode
from cspr_desktop.ui.training_presenter import reset_look

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ROLLS_ONLY = "bnm-six-months-rolls-only"
SCENARIO_MOTOR = ["lifts_head", "rolls", "sits"]


@pytest.fixture(autouse=True)
def _usual_look() -> Iterator[None]:
    """Every test leaves the app at normal size and theme, whatever it pressed."""
    yield
    reset_look()


def training(window: MainWindow) -> TrainingMode:
    mode = window.training
    assert isinstance(mode, TrainingMode)
    return mode


def open_library(qtbot: QtBot, window: MainWindow) -> TrainingLibraryPage:
    """Training → Scenario library, by its shortcut Ctrl+Shift+L."""
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL | SHIFT)
    page = training(window).library_page
    assert page is not None and window.stack.currentWidget() is page
    return page


def choose(qtbot: QtBot, page: TrainingLibraryPage, stem: str) -> None:
    """Click a scenario's row in the library's tree."""
    item = next(i for i in page.items() if Path(i.data(0, PATH_ROLE)).stem == stem)
    page.tree.scrollToItem(item)
    rect = page.tree.visualItemRect(item)
    qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.current_path() is not None and page.current_path().stem == stem


def open_scenario(qtbot: QtBot, window: MainWindow, stem: str = ROLLS_ONLY) -> TrainingCasePage:
    """From the library: click the scenario, then 'Open as a training record'."""
    page = open_library(qtbot, window)
    choose(qtbot, page, stem)
    click(qtbot, page.details.open_button)
    case = training(window).case
    assert case is not None and window.stack.currentWidget() is case
    return case


def note(case: TrainingCasePage, qid: str) -> str:
    label = case.checklist.notes.get(qid)
    return label.text() if label is not None and not label.isHidden() else ""


def test_the_library_lists_scenarios_by_checklist_with_their_marks(qtbot: QtBot,
                                                                   tmp_path: Path) -> None:
    """Every pack is a group; a chosen scenario shows its narrative and its mark in words."""
    window = make_window(qtbot, tmp_path)
    page = open_library(qtbot, window)
    groups = [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]
    assert len(groups) == 3 and any(g.startswith("Bruising or injury") for g in groups)
    assert {i.text(1) for i in page.items()} == {"As expected"}
    choose(qtbot, page, ROLLS_ONLY)
    assert page.details.narrative.text().startswith("Priya turned 6.0 months")
    assert page.details.mark_words.text() == "Gives its expected outcomes under the current rules"
    assert not page.details.mark_icon.pixmap().isNull()
    assert TRAINING_MARK in window.windowTitle()


def test_a_what_if_changes_the_guidance_and_the_comparison_lists_it(qtbot: QtBot,
                                                                   tmp_path: Path) -> None:
    """Open a scenario, tick 'crawls': the same-day outcomes go, the answer is marked changed
    and the comparison lists what was lost and the level change; Reset puts it all back."""
    window = make_window(qtbot, tmp_path)
    case = open_scenario(qtbot, window)
    checklist = case.checklist
    assert case.session.record.kind == "training"
    assert "refer_csc_today" in checklist.panel.shown_outcomes()
    assert case.box.summary.text().startswith("No answer changed")
    assert not case.box.reset.isEnabled()

    answer(qtbot, checklist, "motor_skills", [*SCENARIO_MOTOR, "crawls"])
    assert "refer_csc_today" not in checklist.panel.shown_outcomes()
    assert checklist.panel.level == "routine"
    assert note(case, "motor_skills").startswith(CHANGED)
    assert "Sits without support" in note(case, "motor_skills")
    lines = case.box.texts()
    assert lines[0] == "1 answer changed. The guidance changed:"
    assert "Overall level: Same day: act today → Routine: advise and record" in lines
    assert "− SAME DAY: Contact the children's social care front door today" in lines
    assert any(t.endswith("added Crawls or commando-crawls") for t in lines)

    click(qtbot, case.box.reset)
    assert case.session.record.answers["motor_skills"] == SCENARIO_MOTOR
    assert note(case, "motor_skills") == ""
    assert not checklist.widgets["motor_skills"].boxes["crawls"].isChecked()
    assert "refer_csc_today" in checklist.panel.shown_outcomes()
    assert case.box.summary.text().startswith("No answer changed")
    stored = window.context.training_store().get(case.session.record.id)
    assert stored.answers["motor_skills"] == SCENARIO_MOTOR


def test_a_training_record_never_shows_in_the_real_list(qtbot: QtBot, tmp_path: Path) -> None:
    """The training record is saved in the training store only; home lists nothing, also
    after the app is started again; the title says TRAINING only on training screens."""
    window = make_window(qtbot, tmp_path)
    case = open_scenario(qtbot, window)
    answer(qtbot, case.checklist, "motor_skills", [*SCENARIO_MOTOR, "crawls"])
    click(qtbot, case.findChild(QPushButton, "back-to-library"))
    library = training(window).library_page
    assert library is not None and "1 training record" in library.count.text()
    click(qtbot, library.findChild(QPushButton, "training-home"))
    assert window.stack.currentWidget() is window.home
    assert "TRAINING" not in window.windowTitle()
    assert window.home.model.rowCount() == 0 and window.context.store.summaries() == []
    kept = window.context.training_store().summaries()
    assert [s.kind for s in kept] == ["training"]
    window.close()
    again = make_window(qtbot, tmp_path)
    assert again.home.model.rowCount() == 0


def test_clearing_training_records_leaves_real_ones(qtbot: QtBot, tmp_path: Path) -> None:
    """Clear training records (after Yes) empties the training store; the real record stays."""
    window = make_window(qtbot, tmp_path)
    real_id = complete_record(qtbot, window)
    window.go_home()
    open_scenario(qtbot, window)
    open_scenario(qtbot, window, "bnm-six-months-crawling")
    library = open_library(qtbot, window)
    assert "2 training records" in library.count.text()

    def yes(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox)
        click(qtbot, dialog.button(QMessageBox.StandardButton.Yes))

    when_dialog(yes)
    click(qtbot, library.clear_button)
    assert window.context.training_store().summaries() == []
    assert "0 training records" in library.count.text()
    assert [s.id for s in window.context.store.summaries()] == [real_id]
    assert "Real records were not touched" in window.statusBar().currentMessage()
    window.go_home()
    assert window.home.model.rowCount() == 1


def test_no_leaves_training_records_in_place(qtbot: QtBot, tmp_path: Path) -> None:
    """Answering No to the question clears nothing."""
    window = make_window(qtbot, tmp_path)
    open_scenario(qtbot, window)
    library = open_library(qtbot, window)

    def no(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox)
        click(qtbot, dialog.button(QMessageBox.StandardButton.No))

    when_dialog(no)
    click(qtbot, library.clear_button)
    assert len(window.context.training_store().summaries()) == 1


def test_an_own_folder_is_remembered_and_its_problems_shown(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    """Typing a missing folder says so; a folder with a stale scenario lists it as 'Outcomes
    differ' with the author's E505 line; the choice is a real-store setting."""
    window = make_window(qtbot, tmp_path / "data")
    page = open_library(qtbot, window)
    missing = tmp_path / "nowhere"
    click(qtbot, page.folder)
    qtbot.keyClicks(page.folder, str(missing))
    qtbot.keyClick(page.folder, Qt.Key.Key_Return)
    assert "does not exist" in page.folder_problems.text() and page.folder_problems.isVisible()

    mine = tmp_path / "mine"
    mine.mkdir()
    data = yaml.safe_load((REPO / "rules" / "bruising-non-mobile" / "scenarios" /
                           f"{ROLLS_ONLY}.yaml").read_text("utf-8"))
    data.update(id="stale-case", title="A case whose rules moved on",
                expect={"outcomes": ["record_decision"], "level": "routine"})
    (mine / "stale.yaml").write_text(yaml.safe_dump(data), "utf-8")
    page.folder.selectAll()
    qtbot.keyClicks(page.folder, str(mine))
    click(qtbot, page.use_folder)
    assert page.folder_problems.isHidden()
    assert window.context.store.setting(SETTING_SCENARIO_FOLDER) == str(mine)
    choose(qtbot, page, "stale")
    row = page.tree.currentItem()
    assert row is not None and row.text(1) == "Outcomes differ"
    assert "E505" in page.details.problems.text()
    assert page.details.open_button.isEnabled()


def test_zoom_keys_scale_text_and_are_remembered(qtbot: QtBot, tmp_path: Path) -> None:
    """Ctrl+Plus twice and Ctrl+Minus once: text (headings too) is larger, and stays so when
    the app starts again; Ctrl+0 goes back to the usual size."""
    window = make_window(qtbot, tmp_path)
    base = QApplication.font().pointSizeF()
    heading = next(w for w in window.home.findChildren(QLabel) if w.property("role") == "h1")
    heading_size = heading.font().pointSizeF()
    for key in (Qt.Key.Key_Plus, Qt.Key.Key_Plus, Qt.Key.Key_Minus):
        qtbot.keyClick(window, key, CTRL)
    assert training(window).presenter.percent == 115
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.15, abs=0.1)
    assert heading.font().pointSizeF() == pytest.approx(heading_size * 1.15, abs=0.2)
    body = window.home.filter  # plain text follows too, not only headings
    assert body.font().pointSizeF() == pytest.approx(base * 1.15, abs=0.1)
    window.close()
    reset_look()  # as a fresh start of the app would be
    again = make_window(qtbot, tmp_path)
    assert training(again).presenter.percent == 115
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.15, abs=0.1)
    qtbot.keyClick(again, Qt.Key.Key_0, CTRL)
    assert QApplication.font().pointSizeF() == pytest.approx(base, abs=0.05)
    assert again.context.store.setting("presenter_zoom_percent") == "100"


def test_high_contrast_is_a_remembered_toggle(qtbot: QtBot, tmp_path: Path) -> None:
    """Ctrl+Shift+H turns high contrast on (remembered next start) and off again."""
    window = make_window(qtbot, tmp_path)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL | SHIFT)
    assert training(window).contrast_action.isChecked()
    assert "#000000" in app.styleSheet()
    window.close()
    again = make_window(qtbot, tmp_path)  # make_window sets the usual sheet; the app re-applies
    assert training(again).contrast_action.isChecked() and "#000000" in app.styleSheet()
    qtbot.keyClick(again, Qt.Key.Key_H, CTRL | SHIFT)
    assert "#000000" not in app.styleSheet()
