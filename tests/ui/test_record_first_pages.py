"""The printed record leads with the meeting: the people at the table find the decision, the
chair, who took part and the actions on the first two pages of the PDF the app exports.

The record is opened in the real window and exported with File → Export as PDF (the worker
process the app uses); the PDF is read back with pypdf.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from recordkit import DECISION, full_meeting, full_record
from ui_driver import export_pdf_in_app, make_window


def no_space(text: str) -> str:
    """Text without whitespace: a PDF line may break anywhere in a long sentence."""
    return re.sub(r"\s+", "", text)


def test_the_first_two_pages_hold_the_meeting(qtbot: QtBot, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    record, _, _ = full_record(tmp_path / "built")
    window = make_window(qtbot, tmp_path / "data")
    window.context.store.save(record)
    out = tmp_path / "record.pdf"
    export_pdf_in_app(qtbot, window, record.id, out, monkeypatch)

    pages = PdfReader(out).pages
    assert len(pages) > 2  # the appendix follows
    first_two = no_space(" ".join(page.extract_text() or "" for page in pages[:2]))
    meeting = full_meeting()
    for expected in (
        "Decision on section 47", "Section 47 criteria met: enquiries to start", DECISION,
        "Chair", meeting.chair, "2 March 2026 at 15:30",
        "Who took part", *(a.name for a in meeting.attendees),
        *(a.action for a in meeting.actions), *(a.owner for a in meeting.actions),
        "Next step", "Overall level: Same day: act today",
    ):
        assert no_space(expected) in first_two, expected
    # The answers and the detailed why are the appendix, after the meeting summary.
    assert no_space("Appendix A: the checklist answers") not in first_two
