"""The exported PDF tells a reader what it is: title, author, subject, language, the record's
own dates and a bookmark for each heading. Read back from real files with pypdf, exported the
way the app does it (through the worker process) and the way `cspr export` does."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from recordkit import full_record
from ui_driver import export_pdf_in_app, make_window

from cspr_desktop.core.records.records import Record
from cspr_desktop.ui.record_actions import ACCESSIBLE_TOO, EXPORT_FILTERS

TOP_HEADINGS = ("Strategy discussion", "The concern and the guidance in brief",
                "Strategy discussion: the full record", "Sign-offs", "Addenda",
                "Appendix A: the checklist answers",
                "Appendix B: the guidance at completion, in detail",
                "Appendix C: local contacts", "Appendix D: body map")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def export_in_app(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  record: Record) -> tuple[Any, Path]:
    window = make_window(qtbot, tmp_path / "data")
    window.context.store.save(record)
    out = tmp_path / "record.pdf"
    export_pdf_in_app(qtbot, window, record.id, out, monkeypatch)
    return window, out


@pytest.fixture
def exported(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
             ) -> tuple[Record, Any, PdfReader]:
    record, _, _ = full_record(tmp_path / "built")
    window, out = export_in_app(qtbot, tmp_path, monkeypatch, record)
    return record, window, PdfReader(out)


def test_the_pdf_has_title_author_subject_language_and_the_records_dates(
        exported: tuple[Record, Any, PdfReader]) -> None:
    record, _, reader = exported
    info = reader.metadata
    assert info is not None
    assert info.title == f"Strategy discussion record {record.id}"
    assert record.completion is not None
    assert info.author == "Dana Whitfield, Northbridge Community Health"
    assert info.subject == ("Safeguarding discussion record: Bruising or injury in a baby who "
                            "is not independently mobile")
    assert info["/Creator"].startswith("cspr-desktop")
    # The record's own dates, not the moment of export.
    assert info.creation_date == record.created_at.astimezone()
    assert info.modification_date == record.updated_at.astimezone()
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<rdf:li>en-GB</rdf:li>" in xmp
    assert f"Strategy discussion record {record.id}</rdf:li>" in xmp
    assert f"<xmp:CreateDate>{record.created_at.isoformat(timespec='seconds')}" in xmp


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page from 0) of every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item)
                assert page is not None
                found.append((depth, str(item.title), page))

    walk(reader.outline, 0)
    return found


def test_the_pdf_has_a_bookmark_for_each_part_that_opens_its_page(
        exported: tuple[Record, Any, PdfReader]) -> None:
    _, _, reader = exported
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    marks = outline(reader)
    assert marks[0] == (0, "Strategy discussion record", 0)
    top = [title for depth, title, _ in marks if depth == 1]
    assert top == list(TOP_HEADINGS)
    subs = {title: page for depth, title, page in marks if depth == 2}
    assert {"Who took part", "Decision on section 47", "Actions", "Next step"} <= set(subs)
    assert subs["Decision on section 47"] <= 1  # the meeting leads the record
    for _, title, page in marks:  # each bookmark leads to the page its heading is on
        assert title in squash(reader.pages[page].extract_text()), title


def test_after_a_pdf_export_the_app_points_to_the_accessible_formats(
        exported: tuple[Record, Any, PdfReader]) -> None:
    """The PDF is not tagged (Qt cannot), so the export dialog names HTML and Word as the
    accessible formats beside it, and the message after a PDF export says so."""
    _, window, _ = exported
    assert ACCESSIBLE_TOO in window.statusBar().currentMessage()
    accessible = [text for text, kind in EXPORT_FILTERS.items() if "accessible" in text]
    assert [EXPORT_FILTERS[text] for text in accessible] == ["html", "docx"]


def test_a_training_pdf_says_so_in_its_title(qtbot: QtBot, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    record, _, _ = full_record(tmp_path / "built", kind="training")
    _, out = export_in_app(qtbot, tmp_path, monkeypatch, record)
    info = PdfReader(out).metadata
    assert info is not None and info.title is not None
    assert info.title.startswith("TRAINING — FICTIONAL CASE: ")
