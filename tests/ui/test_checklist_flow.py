"""A practitioner's path through each checklist in the real window, by clicks and keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from ui_driver import (
    FIXED_NOW,
    REPO,
    answer,
    answer_all,
    answer_missing_required,
    click,
    make_window,
    sign,
    start,
    when_dialog,
)

from cspr_desktop.core.records.records import verify
from cspr_desktop.core.rules.registry import load_registry
from cspr_desktop.core.rules.scenarios import version_matches
from cspr_desktop.core.rules.yamlsource import read_file

PACKS = ("bruising-non-mobile", "safer-sleep", "extra-familial-harm")
CURRENT = {p.id: p.version for p in load_registry(REPO / "rules", FIXED_NOW.date()).current_packs()}


def _runs_here(data: dict) -> bool:
    """The scenario applies to the pack version these tests run (the one current then)."""
    return version_matches(CURRENT[data["pack"]], str(data.get("pack_version", "")))


def scenario(pack_id: str, predicate: object = None) -> dict:
    """The non-emergency scenario of a pack with the most expected outcomes (no overlay)."""
    found = []
    for path in sorted((REPO / "rules" / pack_id / "scenarios").glob("*.yaml")):
        data = read_file(path).data
        if data.get("overlay") or data["expect"].get("level") == "emergency" or not _runs_here(
                data):
            continue
        found.append(data)
    return max(found, key=lambda d: len(d["expect"].get("outcomes", [])))


def emergency_scenario(pack_id: str) -> dict:
    for path in sorted((REPO / "rules" / pack_id / "scenarios").glob("*.yaml")):
        data = read_file(path).data
        if data["expect"].get("level") == "emergency" and not data.get("overlay") and _runs_here(
                data):
            return data
    raise AssertionError(f"{pack_id} has no emergency scenario")


def test_home_offers_each_checklist_and_explains_the_app(qtbot: QtBot, tmp_path: Path) -> None:
    """Home shows a Start card per current pack and, on first run, what the app is and is not."""
    window = make_window(qtbot, tmp_path)
    for pack_id in PACKS:
        assert window.home.findChild(QPushButton, f"start-{pack_id}") is not None
    assert window.home.intro.isVisible()
    assert "never replaces" in window.home.intro.findChildren(type(window.home.drafts_notice))[
        0].text()


@pytest.mark.parametrize("pack_id", PACKS)
def test_each_checklist_to_a_signed_record(qtbot: QtBot, tmp_path: Path, pack_id: str) -> None:
    """Answer a scenario by clicking and typing, see its guidance, then complete and sign."""
    case = scenario(pack_id)
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, pack_id)
    answer_all(qtbot, checklist, case["answers"])
    shown = set(checklist.panel.outcome_ids)
    assert set(case["expect"].get("outcomes", [])) <= shown, case["id"]
    assert not set(case["expect"].get("not_outcomes", [])) & shown, case["id"]
    assert checklist.panel.level == case["expect"]["level"]
    answer_missing_required(qtbot, checklist)
    sign(qtbot, window)
    record = window.context.store.get(checklist.session.record.id)
    assert record.is_completed
    assert verify(record)
    assert record.completion is not None
    assert record.completion.practitioner_name == "Alex Example"
    assert record.completion.evaluation["pack"]["version"] == "1.0.0"


def test_guidance_follows_the_answers(qtbot: QtBot, tmp_path: Path) -> None:
    """An emergency answer raises an unmissable banner; clearing it takes the banner away."""
    case = emergency_scenario("bruising-non-mobile")
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "bruising-non-mobile")
    assert checklist.panel.level is None
    answer_all(qtbot, checklist, case["answers"])
    assert checklist.panel.level == "emergency"
    assert checklist.emergency.isVisible()
    assert "EMERGENCY" in checklist.emergency.text()
    assert "Emergency" in checklist.panel.banner.words.text()
    answer(qtbot, checklist, "red_flags", ["none"])
    assert not checklist.emergency.isVisible()
    assert checklist.panel.level != "emergency"


def test_draft_survives_closing_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    """Answers typed before the window closes are there when a new window opens the store."""
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "bruising-non-mobile")
    answer(qtbot, checklist, "age_months", 3.5)
    answer(qtbot, checklist, "injury_types", ["bruise"])
    window.close()
    window.context.store.close()
    again = make_window(qtbot, tmp_path)
    assert again.home.drafts_notice.isVisible()
    assert again.home.model.rowCount() == 1
    again.home.table.selectRow(0)
    click(qtbot, again.home.open_button)
    reopened = again.checklist
    assert reopened is not None
    assert reopened.widgets["age_months"].edit.text() == "3.5"
    assert reopened.session.record.answers["injury_types"] == ["bruise"]


def test_completed_record_cannot_be_edited(qtbot: QtBot, tmp_path: Path) -> None:
    """After signing, inputs are read-only, the store refuses changes, and addenda are dated."""
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "safer-sleep")
    answer_missing_required(qtbot, checklist)
    sign(qtbot, window)
    assert window.review is not None
    assert window.review.findChild(QPushButton, "complete-sign") is None
    assert not window.review.findChildren(QPushButton, "change-stage")
    completed = window.checklist
    assert completed is not None and completed.session.read_only
    radio = next(iter(completed.widgets["stage"].focus_widgets()))
    assert not radio.isEnabled()

    def write(dialog: object) -> None:
        dialog.text.setFocus()  # type: ignore[attr-defined]
        qtbot.keyClicks(dialog.text, "Father seen on 3 March; advice repeated.")  # type: ignore[attr-defined]
        dialog.accept()  # type: ignore[attr-defined]

    when_dialog(write)
    click(qtbot, window.review.findChild(QPushButton, "add-addendum"))
    record = window.context.store.get(completed.session.record.id)
    assert [a.text for a in record.addenda] == ["Father seen on 3 March; advice repeated."]
    assert verify(record)


def test_signing_is_refused_while_required_answers_are_missing(qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    """The error summary lists what is missing, and its links take focus to the question."""
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "extra-familial-harm")
    click(qtbot, checklist.review_button)
    review = window.review
    assert review is not None
    click(qtbot, review.findChild(QPushButton, "complete-sign"))
    assert review.summary.isVisible()
    assert review.summary.has_errors()
    first = review.summary.links[0]
    qid = first.objectName().removeprefix("error-link-")
    click(qtbot, first)
    assert window.stack.currentWidget() is checklist
    assert checklist.widgets[qid].isAncestorOf(checklist.focusWidget())


def test_continue_shows_inline_errors_for_the_section(qtbot: QtBot, tmp_path: Path) -> None:
    """Continue with required answers missing: inline errors and the summary, no moving on."""
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "bruising-non-mobile")
    first_page = checklist.pages[0]
    click(qtbot, first_page.forward)
    assert checklist.stack.currentIndex() == 0
    assert first_page.summary.isVisible()
    required = [q.id for q in first_page.section.questions if q.required]
    assert any(checklist.widgets[q].error_label.isVisible() for q in required)


def test_delete_draft_asks_first(qtbot: QtBot, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Deleting a draft asks for confirmation; No keeps it, Yes removes it."""
    window = make_window(qtbot, tmp_path)
    start(qtbot, window, "safer-sleep")
    window.close_record()
    window.home.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    click(qtbot, window.home.delete_button)
    assert window.home.model.rowCount() == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.home.table.selectRow(0)
    click(qtbot, window.home.delete_button)
    assert window.home.model.rowCount() == 0


def test_records_filter_as_you_type(qtbot: QtBot, tmp_path: Path) -> None:
    """Typing in the filter narrows the list to matching child references."""
    window = make_window(qtbot, tmp_path)
    for ref in ("NB-1001", "NB-2002"):
        checklist = start(qtbot, window, "safer-sleep")
        click(qtbot, checklist.child_ref)
        qtbot.keyClicks(checklist.child_ref, ref)
        window.close_record()
    assert window.home.model.rowCount() == 2
    qtbot.keyClicks(window.home.filter, "2002")
    assert window.home.model.rowCount() == 1
    assert window.home.model.index(0, 0).data() == "NB-2002"
