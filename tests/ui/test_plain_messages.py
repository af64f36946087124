"""What the checklist says about an answer that does not fit is plain English: what is wrong
and what to type instead, never "expected a number"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from ui_driver import answer, click, make_window, start

TECHNICAL = re.compile(r"\bexpected\b|\bgot\b|\bint\b|\bfloat\b|\bstr\b|\bNaN\b|"
                       r"validation error|pydantic", re.IGNORECASE)


@pytest.mark.parametrize(("typed", "says"), [
    ("four", "'four' is not a number. Type it in digits, for example 4 or 4.5."),
    ("4,5", "Use a full stop for a decimal point and no commas, for example 4.5"),
    ("60", "60 months is outside 0–48 months. Check the number, and enter one from 0 to 48."),
    ("3.25", "3.25 has too many figures after the decimal point. Enter at most 1 figure after "
             "the point."),
])
def test_a_number_that_does_not_fit_is_explained_in_plain_words(
        qtbot: QtBot, tmp_path: Path, typed: str, says: str) -> None:
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "bruising-non-mobile")
    answer(qtbot, checklist, "age_months", typed)
    widget = checklist.widgets["age_months"]
    assert widget.error_label.isVisible()
    assert says in widget.error_label.text()
    assert checklist.session.record.answers["age_months"] is not None  # what was typed is kept

    page = checklist.pages[checklist.section_of["age_months"]]
    click(qtbot, page.forward)  # the summary at the top of the section says the same
    summary = " ".join(label.text() for label in page.summary.findChildren(QLabel))
    summary += " ".join(button.text() for button in page.summary.links)
    assert says in summary
    shown = [label.text() for label in checklist.findChildren(QLabel)
             if label.isVisible() and label.property("role") == "error"]
    assert shown
    assert not [text for text in shown if TECHNICAL.search(text)]
