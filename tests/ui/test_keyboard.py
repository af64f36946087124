"""Keyboard alone completes the bruising checklist: Tab, Space, typing and Enter, no mouse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from ui_driver import REPO, checkboxes, default_answer, make_window, when_dialog

from cspr_desktop.core.records.records import verify
from cspr_desktop.ui.checklist_page import ChecklistPage
from cspr_desktop.ui.question_widgets import ChoiceWidget, DateWidget
from cspr_desktop.ui.typed_questions import LineWidget, TextWidget

SCENARIO = REPO / "rules" / "bruising-non-mobile" / "scenarios" / "bnm-cheek-bruise-3-months.yaml"


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def tab_to(qtbot: QtBot, target: QWidget, limit: int = 300) -> None:
    """Press Tab until `target` has focus, as a keyboard user would."""
    for _ in range(limit):
        if focused() is target:
            return
        qtbot.keyClick(focused() or target.window(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName() or target}")


def tab_into_group(qtbot: QtBot, widget: ChoiceWidget, value: str) -> None:
    """Tab into a radio group, then arrow keys to the wanted choice, then Space."""
    buttons = list(widget.buttons.values())
    for _ in range(300):
        if focused() in buttons:
            break
        qtbot.keyClick(focused() or widget.window(), Qt.Key.Key_Tab)
    target = widget.buttons[value]
    key = Qt.Key.Key_Right if widget.question.type.value == "yesno" else Qt.Key.Key_Down
    for _ in range(len(buttons) * 2):
        if focused() is target:
            break
        qtbot.keyClick(focused(), key)
    assert focused() is target
    qtbot.keyClick(target, Qt.Key.Key_Space)
    assert target.isChecked()


def key_answer(qtbot: QtBot, page: ChecklistPage, qid: str, value: Any) -> None:
    widget = page.widgets[qid]
    if isinstance(widget, ChoiceWidget):
        tab_into_group(qtbot, widget, str(value))
    elif isinstance(widget, LineWidget | DateWidget | TextWidget):
        tab_to(qtbot, widget.edit)
        qtbot.keyClicks(widget.edit, str(value))
    else:
        boxes = checkboxes(widget)
        for cid in value:
            tab_to(qtbot, boxes[cid])
            qtbot.keyClick(boxes[cid], Qt.Key.Key_Space)
            assert boxes[cid].isChecked()


def respond_by_keys(qtbot: QtBot, window: Any, page: ChecklistPage) -> None:
    """From check your answers, each outcome's Change link, then the response by keys: Done
    for all but the last; the last not followed, its reason chosen and a comment typed."""
    outcomes = page.panel.shown_outcomes()
    for outcome_id in outcomes:
        change = window.review.findChild(QPushButton, f"change-response-{outcome_id}")
        tab_to(qtbot, change)
        qtbot.keyClick(change, Qt.Key.Key_Space)
        box = page.panel.cards[outcome_id].response
        assert focused() is box.buttons["done"]
        qtbot.keyClick(box.buttons["done"], Qt.Key.Key_Space)
        if outcome_id == outcomes[-1]:
            for _ in range(2):
                qtbot.keyClick(focused(), Qt.Key.Key_Right)
            assert box.buttons["not_followed"].isChecked()
            tab_to(qtbot, box.reason)
            for _ in range(2):
                qtbot.keyClick(box.reason, Qt.Key.Key_Down)
            tab_to(qtbot, box.comment)
            qtbot.keyClicks(box.comment, "Seen by the paediatrician this morning.")
        tab_to(qtbot, page.review_button)
        qtbot.keyClick(page.review_button, Qt.Key.Key_Space)
    assert page.session.missing_responses() == []
    last = page.session.record.responses[outcomes[-1]]
    assert (last.status, last.reason) == ("not_followed", "already_in_place")


def test_keyboard_alone_completes_the_bruising_checklist(qtbot: QtBot, tmp_path: Path) -> None:
    """From Home to a signed record with Tab, arrows, Space and typing only."""
    from cspr_desktop.core.rules.yamlsource import read_file

    answers = read_file(SCENARIO).data["answers"]
    window = make_window(qtbot, tmp_path)
    start = window.home.findChild(QPushButton, "start-bruising-non-mobile")
    tab_to(qtbot, start)
    qtbot.keyClick(start, Qt.Key.Key_Space)
    page = window.checklist
    assert page is not None
    qtbot.keyClicks(page.child_ref, "NB-4471")
    for index, section_page in enumerate(page.pages):
        assert page.stack.currentIndex() == index
        for question in section_page.section.questions:
            qid = question.id
            if qid in answers and page.widgets[qid].isVisible():
                key_answer(qtbot, page, qid, answers[qid])
        for qid in page.session.evaluation.missing_required:
            if page.section_of[qid] == index:
                key_answer(qtbot, page, qid, default_answer(page.widgets[qid]))
        tab_to(qtbot, section_page.forward)
        qtbot.keyClick(section_page.forward, Qt.Key.Key_Space)
    review = window.review
    assert review is not None and window.stack.currentWidget() is review
    assert not page.session.evaluation.missing_required
    respond_by_keys(qtbot, window, page)
    review = window.review
    assert review is not None and window.stack.currentWidget() is review

    def sign_by_keys(dialog: QDialog) -> None:
        dialog.activateWindow()
        assert dialog.focusWidget() is not None
        qtbot.keyClicks(dialog.focusWidget(), "Robin Example")
        for text in ("Health visitor", "Northbridge Community Health"):
            qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
            qtbot.keyClicks(dialog.focusWidget(), text)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    when_dialog(sign_by_keys)
    sign = review.findChild(QPushButton, "complete-sign")
    tab_to(qtbot, sign)
    qtbot.keyClick(sign, Qt.Key.Key_Space)
    record = window.context.store.get(page.session.record.id)
    assert record.is_completed and verify(record)
    assert record.child_ref == "NB-4471"
    assert record.completion is not None
    assert record.completion.practitioner_name == "Robin Example"
    marked = record.answers["injury_sites"]
    assert set(answers["injury_sites"]) <= {m if isinstance(m, str) else m["site"] for m in marked}
    assert {"site": "cheek", "side": "left"} in marked  # the keyboard marks the child's left
