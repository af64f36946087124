"""What the guidance panel says is what the paper says: the level, and each outcome's title,
what to do and by when, read from the live panel, are found word for word in the PDF of the
same record (one source of level words, one view for screen and paper)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from ui_driver import answer, answer_all, answer_missing_required, make_window, start

from cspr_desktop.core.paths import rules_dir
from cspr_desktop.core.rules.yamlsource import read_file
from cspr_desktop.printing.pdf import write_paper
from cspr_desktop.ui.guidance_panel import OutcomeCard

CASES = {
    "safer-sleep": "ss-emergency-sofa-carer-cannot-be-woken",
    "bruising-non-mobile": "bnm-cheek-bruise-3-months",
}


def squash(text: str) -> str:
    """Without whitespace: a PDF line may break anywhere in a sentence."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("pack_id", list(CASES))
def test_the_panel_and_the_pdf_say_the_same(qtbot: QtBot, tmp_path: Path, pack_id: str) -> None:
    window = make_window(qtbot, tmp_path / "data")
    checklist = start(qtbot, window, pack_id)
    scenario = read_file(rules_dir() / pack_id / "scenarios" / f"{CASES[pack_id]}.yaml").data
    answer_all(qtbot, checklist, scenario["answers"])
    answer_missing_required(qtbot, checklist)
    panel = checklist.panel
    level = panel.banner.words.text()
    cards = [card for card in panel.findChildren(OutcomeCard) if card.isVisibleTo(panel)]
    assert level and cards
    said = [level]
    for card in cards:  # the guidance's own words (the practitioner's response box aside)
        mine = set(card.response.findChildren(type(panel.banner.words)))
        said += [label.text() for label in card.findChildren(type(panel.banner.words))
                 if label not in mine and label.isVisibleTo(card) and len(label.text()) > 12]

    record = checklist.session.record
    out = tmp_path / "record.pdf"
    paper = window.record_actions.exporter().paper(record)  # as File → Export gives the PDF
    write_paper(paper, out)
    printed = squash(" ".join(page.extract_text() or "" for page in PdfReader(out).pages))
    missing = [text for text in said if squash(text.removeprefix("By when: ")) not in printed]
    assert missing == [], f"on screen but not on paper: {missing}"
    assert squash(f"Overall level: {level}") in printed


def test_check_your_answers_gives_the_panels_level_while_too_early(qtbot: QtBot,
                                                                   tmp_path: Path) -> None:
    """With the deciding answers still open, check your answers says what the panel says
    ("Not enough answers yet"), never the routine level the answers so far would give."""
    window = make_window(qtbot, tmp_path / "data", today=datetime(2026, 12, 6, 10, 0))  # 1.1.0
    checklist = start(qtbot, window, "bruising-non-mobile")
    answer(qtbot, checklist, "age_months", 3)
    assert checklist.session.evaluation.too_early
    panel_words = checklist.panel.banner.words.text()
    assert panel_words.startswith("Not enough answers yet")
    window.show_review()
    assert window.review is not None
    levels = [label.text() for label in window.review.findChildren(QLabel)
              if label.text().startswith("Overall level:")]
    assert levels == [f"Overall level: {panel_words}"]
