"""A draft reopens at the section it was left on, without that place touching the record."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from ui_driver import answer, click, complete_record, make_window, open_section_of, start

from cspr_desktop.core.records import draft_place
from cspr_desktop.core.records.store import Store


def reopen(qtbot: QtBot, tmp_path: Path, row: int = 0):  # type: ignore[no-untyped-def]
    window = make_window(qtbot, tmp_path)
    window.home.table.selectRow(row)
    click(qtbot, window.home.open_button)
    assert window.checklist is not None
    return window


def test_a_draft_reopens_at_the_section_it_was_left_on(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "bruising-non-mobile")
    answer(qtbot, checklist, "age_months", 3)
    open_section_of(qtbot, checklist, "injury_types")  # section 3, "The mark or injury"
    left_on = checklist.stack.currentIndex()
    assert left_on == 2
    checklist.flush()
    revision = window.context.store.read(checklist.session.record.id).revision
    window.close()
    window.context.store.close()

    again = reopen(qtbot, tmp_path)
    page = again.checklist
    assert page is not None
    assert page.stack.currentIndex() == left_on
    assert page.navigator.currentRow() == left_on
    assert page.widgets["injury_types"].isVisible()
    # moving between sections is not an edit: the record's revision is unchanged
    assert again.context.store.read(page.session.record.id).revision == revision
    assert "injury_types" not in page.session.record.answers


def test_a_new_draft_starts_at_the_first_section_and_a_signed_record_forgets(
        qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    record_id = complete_record(qtbot, window)  # answering moves through the sections
    window.open_record(record_id)  # opened signed: there is no draft place to go back to
    assert draft_place.recall(window.context.store, record_id) is None
    store = Store(tmp_path / "records.sqlite")
    try:
        assert record_id not in store.setting(draft_place.SETTING, "{}")
    finally:
        store.close()
    checklist = start(qtbot, window, "bruising-non-mobile")  # another draft starts at the top
    assert checklist.stack.currentIndex() == 0
