"""A left-cheek mark clicked on the body map stays "left" on screen, in check your answers, in
the signed record and in every export (JSON, HTML, PDF, Word)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from ui_driver import (
    answer,
    answer_missing_required,
    click,
    make_window,
    open_section_of,
    start,
    type_into,
    when_dialog,
)

from cspr_desktop.core.bodymap.anchors import site_anchor
from cspr_desktop.core.bodymap.drawing import label_text
from cspr_desktop.core.records.records import verify
from cspr_desktop.ui.record_actions import EXPORT_FILTERS
from cspr_desktop.ui.section_page import BodyMapQuestion

FILTER_FOR = {kind: text for text, kind in EXPORT_FILTERS.items()}
MARK = {"site": "cheek", "side": "left", "size": "10 mm across", "colour": "blue-purple"}
WORDS = "Cheek — left (size: 10 mm across, colour: blue-purple)"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def docx_text(path: Path) -> str:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return squash(" ".join(parts))


def test_a_left_cheek_clicked_on_the_map_stays_left_everywhere(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "bruising-non-mobile")
    type_into(qtbot, checklist.child_ref, "NB-000777")
    answer(qtbot, checklist, "injury_types", ["bruise"])
    open_section_of(qtbot, checklist, "injury_sites")
    question = checklist.widgets["injury_sites"]
    assert isinstance(question, BodyMapQuestion) and question.isVisible()
    bodymap = question.map

    # On screen: a click on the child's left cheek (the viewer's right, in the face close-up).
    qtbot.mouseClick(bodymap.drawing, Qt.MouseButton.LeftButton,
                     pos=bodymap.drawing.from_svg(*site_anchor("cheek", "left")))
    assert bodymap.boxes["cheek-left"].isChecked() and not bodymap.boxes["cheek-right"].isChecked()
    for note in ("size", "colour"):
        edit = bodymap.details.fields[(("cheek", "left", ""), note)]
        type_into(qtbot, edit, MARK[note])
    assert checklist.session.record.answers["injury_sites"] == [MARK]
    assert label_text(bodymap.drawing.svg(), "cheek", "left") == "Cheek — left"
    answer_missing_required(qtbot, checklist)

    # Check your answers.
    click(qtbot, checklist.review_button)
    review = window.review
    assert review is not None and window.stack.currentWidget() is review
    shown = review.findChild(QLabel, "answer-injury_sites")
    assert shown is not None and shown.text() == WORDS

    def fill(dialog: QDialog) -> None:
        for field, text in (("practitioner-name", "Alex Example"),
                            ("practitioner-role", "Health visitor"),
                            ("practitioner-agency", "Northbridge Community Health")):
            edit = dialog.findChild(QWidget, field)
            assert edit is not None
            edit.setFocus()
            qtbot.keyClicks(edit, text)
        click(qtbot, dialog.findChild(QPushButton, "sign-button"))

    when_dialog(fill)
    click(qtbot, review.findChild(QPushButton, "complete-sign"))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    record = window.context.store.get(checklist.session.record.id)
    assert record.is_completed and verify(record)  # the side and notes are signed
    assert record.answers["injury_sites"] == [MARK]
    assert label_text(record.body_map_svg, "cheek", "left") == "Cheek — left"
    assert label_text(record.body_map_svg, "cheek", "right") is None
    assert window.review is not None
    signed = window.review.findChild(QLabel, "answer-injury_sites")
    assert signed is not None and signed.text() == WORDS

    # Every export.
    out: dict[str, Path] = {}
    for kind in ("json", "html", "pdf", "docx"):
        path = tmp_path / "exports" / f"record.{kind}"
        path.parent.mkdir(exist_ok=True)
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *a, p=path, k=kind, **kw: (str(p), FILTER_FOR[k]))
        window.export_action.trigger()
        qtbot.waitUntil(path.exists, timeout=60_000)  # the PDF is written by a worker process
        if kind == "pdf":
            qtbot.waitUntil(lambda p=path: p.read_bytes().rstrip().endswith(b"%%EOF"),
                            timeout=60_000)
        out[kind] = path
    data = json.loads(out["json"].read_text("utf-8"))
    assert data["record"]["answers"]["injury_sites"] == [MARK]
    html = out["html"].read_text("utf-8")
    assert WORDS in html
    assert "Injury sites marked: Cheek — left." in html  # the picture's words for a reader
    pdf = squash(" ".join(page.extract_text() for page in PdfReader(out["pdf"]).pages))
    assert WORDS in pdf and "Injury sites marked: Cheek — left." in pdf
    word = docx_text(out["docx"])
    assert WORDS in word and "Injury sites marked: Cheek — left." in word
    for text in (html, pdf, word):
        assert "Cheek — right" not in text


def test_a_record_made_before_sides_opens_verified_and_shows_its_plain_sites(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/data/record-before-sides.json was signed and exported by the app before marks had
    sides: it imports with its signatures checked, and shows its cheek as it always did."""
    old = Path(__file__).resolve().parents[1] / "data" / "record-before-sides.json"
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(old), "Record exports (*.json)"))
    window = make_window(qtbot, tmp_path)
    window.import_action.trigger()
    review = window.review
    assert review is not None and window.stack.currentWidget() is review
    seal = review.findChild(QLabel, "seal-status")
    assert seal is not None and seal.text().startswith("Sealed and signed")
    shown = review.findChild(QLabel, "answer-injury_sites")
    assert shown is not None and shown.text() == "Cheek"
    assert window.session is not None and window.session.read_only
    record = window.context.store.get(window.session.record.id)
    assert record.answers["injury_sites"] == ["cheek"] and verify(record)
    assert label_text(record.body_map_svg, "cheek") == "Cheek"  # its picture, as signed


def test_the_panels_why_follows_a_mark_moved_to_the_other_side(qtbot: QtBot,
                                                                tmp_path: Path) -> None:
    """The rules read sites, so moving a mark from the left cheek to the right changes no
    outcome; the guidance panel's Why? must still name the side the record now holds."""
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "bruising-non-mobile")
    answer(qtbot, checklist, "age_months", 3)
    answer(qtbot, checklist, "injury_types", ["bruise"])
    open_section_of(qtbot, checklist, "injury_sites")
    question = checklist.widgets["injury_sites"]
    assert isinstance(question, BodyMapQuestion)
    boxes = question.map.boxes

    def why_texts() -> str:
        return " ".join(card.why.text() for card in checklist.panel.cards.values()
                        if not card.isHidden())

    click(qtbot, boxes["cheek-left"])
    assert "Cheek — left" in why_texts()
    click(qtbot, boxes["cheek-right"])  # both cheeks: the rules still read one site, cheek
    click(qtbot, boxes["cheek-left"])
    assert checklist.session.record.answers["injury_sites"] == [
        {"site": "cheek", "side": "right"}]
    assert "Cheek — right" in why_texts() and "Cheek — left" not in why_texts()
