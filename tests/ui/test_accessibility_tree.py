"""Every screen, as a screen reader walks it through Qt's accessibility interfaces: no
interactive control without a name; section titles are headings; a question's help is
described once."""

from __future__ import annotations

from pathlib import Path

import pytest
from a11y_tree import nameless, tree
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from ui_driver import complete_record, make_window, open_meeting, start

from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.training_presenter import reset_look

PACKS = ("bruising-non-mobile", "safer-sleep", "extra-familial-harm")
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def settled() -> None:
    for _ in range(3):
        QApplication.processEvents()


def assert_all_named(window: MainWindow, screen: str) -> None:
    settled()
    missing = nameless(window)
    assert not missing, f"{screen}: nameless controls {missing}"
    # the walk reaches the screen's own controls, not just the menus
    reached = {id(i.object()) for i in tree(window)}
    current = window.stack.currentWidget()
    shown = [b for b in current.findChildren(QAbstractButton) if b.isVisible()]
    assert shown and all(id(b) in reached for b in shown), screen


def test_home_has_no_nameless_control(qtbot: QtBot, tmp_path: Path) -> None:
    assert_all_named(make_window(qtbot, tmp_path), "home")


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_checklist_section_has_no_nameless_control(qtbot: QtBot, tmp_path: Path,
                                                         pack_id: str) -> None:
    window = make_window(qtbot, tmp_path)
    page = start(qtbot, window, pack_id)
    for index in range(len(page.pages)):
        page.go_to_section(index)
        assert_all_named(window, f"{pack_id} section {index + 1}")


def test_review_and_meeting_have_no_nameless_control(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    complete_record(qtbot, window)
    assert window.review is not None and window.stack.currentWidget() is window.review
    assert_all_named(window, "check your answers / record")
    open_meeting(qtbot, window)
    assert_all_named(window, "meeting")


def test_training_library_has_no_nameless_control(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    try:
        qtbot.keyClick(window, Qt.Key.Key_L, CTRL_SHIFT)  # Training → Scenario library
        assert window.stack.currentWidget() is window.training.library_page
        assert_all_named(window, "training library")
    finally:
        reset_look()


def test_section_titles_are_headings(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    page = start(qtbot, window, "bruising-non-mobile")
    settled()
    headings = {i.text(QAccessible.Text.Name): i.text(QAccessible.Text.Description)
                for i in tree(window) if i.role() in (QAccessible.Role.Heading,
                                                      QAccessible.Role.StaticText)}
    assert headings[page.pages[0].section.title] == "Heading level 1"
    assert headings["Guidance"] == "Heading level 2"
    banner_words = page.panel.banner.words.text()
    assert headings[banner_words] == ""  # the level's words are not a heading
    for index in range(1, len(page.pages)):  # each section's title, once Continue shows it
        page.go_to_section(index)
        settled()
        titles = {i.text(QAccessible.Text.Name): i.text(QAccessible.Text.Description)
                  for i in tree(window)}
        assert titles[page.pages[index].section.title] == "Heading level 1"


def test_a_questions_help_is_described_once(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    page = start(qtbot, window, "bruising-non-mobile")
    settled()
    helped = [w for w in page.widgets.values() if w.question.help]
    assert helped
    for widget in helped:
        described = [c for c in widget.focus_widgets()
                     if widget.question.help in c.accessibleDescription()]
        assert len(described) == 1, widget.question.id


def test_the_walk_catches_a_nameless_button(qtbot: QtBot) -> None:
    """The check itself: an icon-only button without a name is reported, a named one not."""
    box = QWidget()
    layout = QVBoxLayout(box)
    bare, named = QPushButton(), QPushButton()
    bare.setObjectName("bare")
    named.setAccessibleName("Zoom in")
    layout.addWidget(bare)
    layout.addWidget(named)
    qtbot.addWidget(box)
    box.show()
    settled()
    found = nameless(box)
    assert len(found) == 1 and ":bare:" in found[0]
