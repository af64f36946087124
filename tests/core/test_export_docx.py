"""The Word copy: real headings and tables, the marking on every page, the same content."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from docx.document import Document
from recordkit import DECISION, HOSTILE, HOSTILE_TEXT, LONG, full_record, signed_record

from cspr_desktop.core.exports import ExportError
from cspr_desktop.core.records.records import Record
from cspr_desktop.core.report.export_docx import export_docx, write_docx
from cspr_desktop.core.report.plain_text import MARKING, TRAINING_MARK
from cspr_desktop.core.report.render import pack_label, record_view, view_strings
from cspr_desktop.core.report.view_model import DISCLAIMER

# A 1x1 white PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
    "9c63f8ffff3f0005fe02fea7d6a4a30000000049454e44ae426082")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def all_text(document: Document) -> str:
    """Every paragraph and every table cell, in order."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return squash(" ".join(parts))


def headings(document: Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs
            if p.style is not None and p.style.name.startswith("Heading")]


@pytest.fixture
def full(tmp_path: Path) -> tuple[Record, Document]:
    record, loaded, overlay = full_record(tmp_path)
    return record, read(export_docx(record, loaded, overlay, app_version="9.8.7"))


def test_the_document_has_real_headings(full: tuple[Record, Document]) -> None:
    """Heading 1 for the title, Heading 2 for parts, Heading 3 within them."""
    found = headings(full[1])
    assert ("Heading 1", "Strategy discussion record") in found
    for title in ("Strategy discussion", "The concern and the guidance in brief",
                  "Strategy discussion: the full record", "Sign-offs", "Addenda",
                  "Appendix A: the checklist answers",
                  "Appendix B: the guidance at completion, in detail",
                  "Appendix C: local contacts", "Appendix D: body map"):
        assert ("Heading 2", title) in found
    for title in ("The mark or injury", "Why the guidance says this", "Who took part",
                  "Decision on section 47", "Actions"):
        assert ("Heading 3", title) in found


def test_tables_have_header_rows_that_repeat_and_rows_that_never_split(
        full: tuple[Record, Document]) -> None:
    """Answers, outcomes, attendees, information shared and actions are tables."""
    document = full[1]
    headers = {tuple(c.text for c in t.rows[0].cells) for t in document.tables}
    assert ("Question", "Answer") in headers
    assert ("Level", "Outcome and what to do", "By when") in headers
    assert ("Name", "Role", "Agency", "Took part") in headers
    assert ("Agency", "Information shared") in headers
    assert ("Action", "Owner", "Agency", "Due", "Done") in headers
    for table in document.tables:
        xml = table._tbl.xml
        assert "w:cantSplit" in xml
    actions = next(t for t in document.tables if t.rows[0].cells[0].text == "Action")
    assert "w:tblHeader" in actions.rows[0]._tr.xml
    assert [c.text for c in actions.rows[3].cells][:3] == [
        "Police checks on all adults in the household", "DC Tom Hale", "Northbridge Police"]


def test_marking_in_the_header_and_record_in_the_footer(full: tuple[Record, Document]) -> None:
    """Every page of the Word copy carries the marking, the record id and the pack version."""
    record, document = full
    section = document.sections[0]
    assert MARKING in section.header.paragraphs[0].text
    footer = " ".join(p.text for p in section.footer.paragraphs)
    assert MARKING in footer
    assert record.id in footer
    assert f"{pack_label(record)}" in footer
    assert "independently mobile, version 1.0.0" in footer
    assert "NUMPAGES" in section.footer._element.xml
    assert TRAINING_MARK not in section.header.paragraphs[0].text


def test_the_decision_and_the_disclaimer_are_in_the_text(full: tuple[Record, Document]) -> None:
    text = all_text(full[1])
    assert squash(DECISION) in text
    assert "Section 47 criteria met: enquiries to start" in text
    assert DISCLAIMER in text


def test_training_records_say_so_in_every_page_header(tmp_path: Path) -> None:
    record, loaded, overlay = full_record(tmp_path, kind="training")
    document = read(export_docx(record, loaded, overlay))
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert TRAINING_MARK in header


def test_the_same_content_as_the_html(tmp_path: Path) -> None:
    """Everything the shared view holds is in the Word copy too."""
    record, loaded, overlay = full_record(tmp_path)
    text = all_text(read(export_docx(record, loaded, overlay, app_version="9.8.7")))
    view = record_view(record, loaded, overlay, app_version="9.8.7")
    missing = [s for s in view_strings(view) if s.strip() and squash(s) not in text]
    assert missing == []


def test_hostile_text_is_kept_as_text(tmp_path: Path) -> None:
    """Markup stays literal; overrides and controls become U+FFFD; emoji and long text stay."""
    record, loaded, overlay = full_record(tmp_path, text=HOSTILE_TEXT, long_text=LONG)
    data = export_docx(record, loaded, overlay)
    text = all_text(read(data))
    for literal in (HOSTILE["script"], HOSTILE["bold"], HOSTILE["amp"], HOSTILE["emoji"], LONG):
        assert literal in text
    assert "left \ufffdright-to-left override" in text
    assert "bell\ufffd\ufffd\ufffdend" in text
    assert "\u202e" not in text
    assert not any(c in text for c in "\x00\x07\x1b")


def test_the_body_map_picture_goes_in_when_given(tmp_path: Path) -> None:
    """Word cannot show SVG, so the UI passes a PNG; without one the record says where to look."""
    record, loaded, overlay = full_record(tmp_path)
    with_png = read(export_docx(record, loaded, overlay, body_map_png=PNG))
    assert len(with_png.inline_shapes) == 1
    without = read(export_docx(record, loaded, overlay))
    assert len(without.inline_shapes) == 0
    assert "The body map picture is in the PDF and HTML copies" in all_text(without)


def test_write_docx_writes_the_file_or_explains(tmp_path: Path) -> None:
    record, loaded, overlay = full_record(tmp_path)
    target = tmp_path / "minutes.docx"
    write_docx(record, target, loaded, overlay)
    assert read(target.read_bytes()).paragraphs
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError):
        write_docx(record, blocker / "minutes.docx", loaded, overlay)


def test_the_meeting_comes_first_and_the_answers_last(full: tuple[Record, Document]) -> None:
    """Word follows the printed order: the meeting summary, the guidance in brief, the rest
    of the meeting, then the appendix."""
    titles = [text for _, text in headings(full[1])]
    order = ["Strategy discussion record", "Strategy discussion", "Who took part",
             "Decision on section 47", "Actions", "Next step",
             "The concern and the guidance in brief", "Strategy discussion: the full record",
             "Sign-offs", "Appendix A: the checklist answers",
             "Appendix B: the guidance at completion, in detail", "Appendix D: body map"]
    places = [titles.index(title) for title in order]
    assert places == sorted(places)


def test_a_record_without_a_meeting_says_so_first(tmp_path: Path) -> None:
    record, loaded, overlay = signed_record(tmp_path)
    document = read(export_docx(record, loaded, overlay))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    note = next(i for i, t in enumerate(texts) if t.startswith("No meeting has been recorded"))
    assert note < texts.index("The concern and the guidance in brief") \
        < texts.index("Appendix A: the checklist answers")
