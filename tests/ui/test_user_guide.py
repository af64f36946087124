"""F1 away from a question opens a short user guide with headed sections (not the About
box); F1 on a question still shows that question's own help."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from ui_driver import click, make_window, open_section_of, start, when_dialog

from cspr_desktop.ui.dialogs import AboutDialog
from cspr_desktop.ui.user_guide import UserGuide

HEADINGS = ["Starting a checklist", "Answering \"Not known\"",
            "Checking your answers and signing", "The meeting", "Exporting and printing",
            "Locking"]


def press_f1_and_read(qtbot: QtBot, target: QWidget) -> dict[str, object]:
    """Press F1 on `target`; what opened: its type, its headings, its text."""
    seen: dict[str, object] = {}

    def read(dialog: QDialog) -> None:
        seen["dialog"] = type(dialog)
        if isinstance(dialog, UserGuide):
            document = dialog.text.document()
            block = document.begin()
            headings = []
            while block.isValid():
                if block.blockFormat().headingLevel() == 2:
                    headings.append(block.text())
                block = block.next()
            seen["headings"] = headings
            seen["text"] = document.toPlainText()
            seen["focus"] = dialog.focusWidget() is dialog.text
            seen["fits"] = dialog.frameGeometry().height() <= dialog.screen().availableGeometry(
            ).height()
        dialog.reject()

    when_dialog(read)
    qtbot.keyClick(target, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: "dialog" in seen, timeout=3000)
    return seen


def test_f1_on_the_home_screen_opens_the_user_guide(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    seen = press_f1_and_read(qtbot, window.home)
    assert seen["dialog"] is UserGuide
    assert seen["dialog"] is not AboutDialog
    assert seen["headings"] == HEADINGS
    text = str(seen["text"])
    assert "Not known\" never counts as reassurance" in text
    assert "DD/MM/YYYY" in text and "Ctrl+L" in text and "Complete and sign" in text
    assert seen["focus"], "the guide opens with its text focused"
    assert seen["fits"], "the guide fits the screen"


def test_f1_on_the_checklist_away_from_a_question_opens_the_guide(qtbot: QtBot,
                                                                  tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "bruising-non-mobile")
    click(qtbot, checklist.child_ref)
    seen = press_f1_and_read(qtbot, checklist.child_ref)
    assert seen["dialog"] is UserGuide


def test_f1_on_a_question_still_shows_its_own_help(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "bruising-non-mobile")
    open_section_of(qtbot, checklist, "age_months")
    widget = checklist.widgets["age_months"]
    click(qtbot, widget.edit)  # type: ignore[attr-defined]
    assert not widget.help_label.isVisible()
    qtbot.keyClick(widget.edit, Qt.Key.Key_F1)  # type: ignore[attr-defined]
    assert widget.help_label.isVisible()
    assert QApplication.activeModalWidget() is None  # no guide, no About box
