"""The practitioner's response to each outcome, in the real window: marked under each outcome
card by clicks and keys, listed in check your answers, asked for when an urgent record is
signed without them, and carried into every export (HTML, PDF, Word and JSON)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest
from a11y_tree import nameless
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from recordkit import scenario_answers
from ui_driver import (
    answer_all,
    answer_missing_required,
    click,
    make_window,
    sign,
    start,
    when_dialog,
)

from cspr_desktop.core.records.verification import Status, verify_record
from cspr_desktop.core.report.export_json import read_export
from cspr_desktop.ui.checklist_page import ChecklistPage
from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.record_actions import EXPORT_FILTERS
from cspr_desktop.ui.response_box import ResponseBox

OLD_FILE = Path(__file__).resolve().parents[1] / "data" / "signed-before-responses.cspr.json"
COMMENT = "Paediatric review already booked for 14:00 today"
JUDGEMENT = "Mother is staying with grandmother; safety plan agreed"


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def urgent_checklist(qtbot: QtBot, window: MainWindow) -> ChecklistPage:
    """The bruising scenario (same day) answered by clicking, with every required answer."""
    checklist = start(qtbot, window, "bruising-non-mobile")
    answer_all(qtbot, checklist, scenario_answers())
    answer_missing_required(qtbot, checklist)
    assert checklist.panel.level == "same_day"
    return checklist


def box(checklist: ChecklistPage, outcome_id: str) -> ResponseBox:
    card = checklist.panel.cards[outcome_id]
    checklist.panel.ensureWidgetVisible(card.response)
    return card.response


def respond(qtbot: QtBot, checklist: ChecklistPage, outcome_id: str, status: str) -> ResponseBox:
    response = box(checklist, outcome_id)
    click(qtbot, response.buttons[status])
    assert response.buttons[status].isChecked()
    return response


def export(qtbot: QtBot, window: MainWindow, out: Path, kind: str,
           monkeypatch: pytest.MonkeyPatch) -> None:
    """File → Export, choosing `out` and the filter for `kind`, as a person would."""
    chosen = next(text for text, k in EXPORT_FILTERS.items() if k == kind)
    shown: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), chosen))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *_: shown.append(text))
    window.export_action.trigger()
    if kind == "pdf":
        job = window.record_actions.job
        assert job is not None
        qtbot.waitUntil(lambda: job.state != "running", timeout=120_000)
        assert job.state == "done"
    assert shown == [] and out.exists()


def test_responses_marked_on_screen_reach_every_export(qtbot: QtBot, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(qtbot, tmp_path)
    checklist = urgent_checklist(qtbot, window)
    outcomes = checklist.panel.shown_outcomes()
    assert len(outcomes) >= 4
    first, second, third, fourth, *rest = outcomes
    respond(qtbot, checklist, first, "done")
    respond(qtbot, checklist, second, "will_do")
    # Not followed, with the reason chosen from the list by keyboard and a comment typed.
    third_box = respond(qtbot, checklist, third, "not_followed")
    assert third_box.reason.isVisible() and third_box.gap.isVisible()
    third_box.reason.setFocus()
    qtbot.keyClick(third_box.reason, Qt.Key.Key_Down)  # Professional judgement (say why)
    qtbot.keyClick(third_box.reason, Qt.Key.Key_Down)  # Already in place
    assert third_box.reason.currentData() == "already_in_place"
    click(qtbot, third_box.comment)
    qtbot.keyClicks(third_box.comment, COMMENT)
    assert not third_box.gap.isVisible()
    fourth_box = respond(qtbot, checklist, fourth, "not_followed")
    fourth_box.reason.setFocus()
    qtbot.keyClick(fourth_box.reason, Qt.Key.Key_Down)
    assert fourth_box.reason.currentData() == "professional_judgement"
    assert "Still needed: a comment saying why" in fourth_box.gap.text()
    click(qtbot, fourth_box.comment)
    qtbot.keyClicks(fourth_box.comment, JUDGEMENT)
    for outcome_id in rest:
        respond(qtbot, checklist, outcome_id, "done")
    checklist.flush()
    saved = window.context.store.get(checklist.session.record.id)
    assert saved.responses[third].reason == "already_in_place"
    assert saved.responses[third].comment == COMMENT
    assert saved.responses[fourth].comment == JUDGEMENT

    # Check your answers lists each response, with a Change link back to it.
    click(qtbot, checklist.review_button)
    review = window.review
    assert review is not None
    words = {o: review.findChild(QLabel, f"review-response-{o}").text() for o in outcomes}
    assert words[first] == "Done" and words[second] == "Will do"
    assert words[third] == f"Not followed — Already in place: {COMMENT}"
    assert words[fourth] == f"Not followed — Professional judgement: {JUDGEMENT}"
    click(qtbot, review.findChild(QPushButton, f"change-response-{second}"))
    assert window.stack.currentWidget() is checklist
    assert box(checklist, second).isAncestorOf(checklist.focusWidget())

    sign(qtbot, window)  # every outcome has a response: signing asks nothing more
    record = window.context.store.get(checklist.session.record.id)
    assert record.is_completed and verify_record(record).status == Status.SIGNED
    assert {o: r.status for o, r in record.responses.items()}[third] == "not_followed"
    assert window.checklist is not None  # the signed record's page, read-only
    signed_box = window.checklist.panel.cards[third].response
    assert signed_box.editor.isHidden() and not signed_box.signed.isHidden()
    assert signed_box.signed.text() == words[third]

    expected = [words[third], words[fourth], "Will do"]
    export(qtbot, window, tmp_path / "record.html", "html", monkeypatch)
    html = (tmp_path / "record.html").read_text(encoding="utf-8")
    brief = html[html.index("The concern and the guidance in brief"):html.index("Sign-offs")]
    for text in expected:
        assert text in brief, text
    export(qtbot, window, tmp_path / "record.docx", "docx", monkeypatch)
    document = docx.Document(str(tmp_path / "record.docx"))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert set(expected) <= cells
    export(qtbot, window, tmp_path / "record.json", "json", monkeypatch)
    text = (tmp_path / "record.json").read_text(encoding="utf-8")
    assert json.loads(text)["record"]["responses"][fourth] == {
        "status": "not_followed", "reason": "professional_judgement", "comment": JUDGEMENT}
    assert read_export(text, "record.json", record.updated_at).record.responses == \
        record.responses
    export(qtbot, window, tmp_path / "record.pdf", "pdf", monkeypatch)
    pages = PdfReader(tmp_path / "record.pdf").pages
    pdf_text = no_space(" ".join(page.extract_text() or "" for page in pages))
    for text in expected:
        assert no_space(text) in pdf_text, text


def _sign_dialog(qtbot: QtBot, window: MainWindow, action: object) -> None:
    click(qtbot, window.checklist.review_button)  # type: ignore[union-attr]
    assert window.review is not None
    when_dialog(action)  # type: ignore[arg-type]
    click(qtbot, window.review.findChild(QPushButton, "complete-sign"))


def test_signing_an_urgent_record_without_responses_asks_and_records_it(
        qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    checklist = urgent_checklist(qtbot, window)
    outcomes = checklist.panel.shown_outcomes()
    respond(qtbot, checklist, outcomes[0], "done")
    titles = {o: checklist.panel.cards[o].response.title for o in outcomes}
    seen: dict[str, str] = {}

    def go_back(dialog: QDialog) -> None:
        listing = dialog.findChild(QLabel, "missing-responses-list")
        assert listing is not None
        seen["list"] = listing.text()
        seen["heading"] = dialog.findChild(QLabel, "missing-responses-heading").text()
        seen["focus"] = dialog.focusWidget().objectName()
        seen["nameless"] = ", ".join(nameless(dialog))
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # the default: go back

    _sign_dialog(qtbot, window, go_back)
    assert f"{len(outcomes) - 1} outcomes have no response yet" in seen["heading"]
    assert "Same day" in seen["heading"]
    for outcome_id in outcomes[1:]:
        assert titles[outcome_id] in seen["list"]
    assert titles[outcomes[0]] not in seen["list"]
    assert seen["focus"] == "respond-first"
    assert seen["nameless"] == ""  # every control in the dialog has a name
    assert not checklist.session.record.is_completed
    assert window.stack.currentWidget() is checklist
    assert box(checklist, outcomes[1]).isAncestorOf(checklist.focusWidget())

    def sign_anyway(dialog: QDialog) -> None:
        for field, text in (("practitioner-name", "Alex Example"),
                            ("practitioner-role", "Health visitor"),
                            ("practitioner-agency", "Northbridge Community Health"),
                            ("no-response-reason", "Referral made by phone; will update.")):
            edit = dialog.findChild(QWidget, field)
            assert edit is not None
            click(qtbot, edit)
            qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClicks(edit, text)
        button = dialog.findChild(QPushButton, "sign-button")
        assert button.text() == "Sign without the responses"
        click(qtbot, button)

    _sign_dialog(qtbot, window, sign_anyway)
    record = window.context.store.get(checklist.session.record.id)
    assert record.is_completed and verify_record(record).status == Status.SIGNED
    assert record.responses[outcomes[0]].status == "done"
    for outcome_id in outcomes[1:]:
        assert record.responses[outcome_id].status == "none_given"
        assert record.responses[outcome_id].comment == "Referral made by phone; will update."
    review = window.review
    assert review is not None
    assert review.findChild(QLabel, f"review-response-{outcomes[1]}").text() == (
        "No response given at signing. Reason given: Referral made by phone; will update.")


def test_a_routine_record_signs_without_asking(qtbot: QtBot, tmp_path: Path) -> None:
    """Only same-day and emergency records ask; others sign straight away."""
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "safer-sleep")
    answer_missing_required(qtbot, checklist)
    assert checklist.panel.level not in ("same_day", "emergency")
    sign(qtbot, window)
    assert window.context.store.get(checklist.session.record.id).is_completed


def test_an_old_signed_record_without_responses_opens_and_verifies(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(qtbot, tmp_path)
    record = read_export(OLD_FILE.read_text(encoding="utf-8"), OLD_FILE.name,
                         window.context.clock()).record
    window.context.store.save(record)
    window.open_record(record.id)
    review = window.review
    assert review is not None and window.stack.currentWidget() is review
    status = review.findChild(QLabel, "seal-status")
    assert status.text().startswith("Sealed and signed")
    outcome = record.completion.evaluation["outcomes"][0]["id"]  # type: ignore[union-attr]
    assert review.findChild(QLabel, f"review-response-{outcome}").text() == (
        "No response recorded")
    assert review.findChild(QPushButton, f"change-response-{outcome}") is None
    export(qtbot, window, tmp_path / "old.html", "html", monkeypatch)
    assert "No response recorded" in (tmp_path / "old.html").read_text(encoding="utf-8")
