"""The discussion record as a Word document, for chairs who edit minutes.

Built from the same view as the HTML (`render.record_view`), so both say the same things in
the same order: the meeting first, the guidance in brief, then the appendix. Real Heading
1/2/3 styles, tables with a header row that repeats on each page
and rows that never split, the protective marking in the page header (with the training mark
for training records) and the record id, pack version and page number in the footer.

Word cannot show the SVG body map without a bitmap copy; pass `body_map_png` (the UI renders
one with Qt) to include the picture, with alt text listing the marks, otherwise the record says
where to find it. Properties, language and heading colours: `core.docx_access`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from cspr_desktop.core.exports import write_atomic
from cspr_desktop.core.records.records import Record
from cspr_desktop.core.report.doc_properties import document_properties
from cspr_desktop.core.report.docx_access import describe_picture, set_properties, style_headings
from cspr_desktop.core.report.plain_text import MARKING, TRAINING_MARK
from cspr_desktop.core.report.render import pack_label, record_view
from cspr_desktop.core.report.view_model import (
    BriefView,
    Entry,
    GuidanceView,
    MeetingPart,
    MeetingView,
    RecordView,
    Table,
)
from cspr_desktop.core.rules.overlay import Overlay
from cspr_desktop.core.rules.pack_head import LoadedPack

BODY_WIDTH_MM = 178.0
FONT = "Arial"
GREY = RGBColor(0x48, 0x49, 0x49)


def write_docx(record: Record, path: Path, pack: LoadedPack | None = None,
               overlay: Overlay | None = None, *, app_version: str | None = None,
               body_map_png: bytes | None = None) -> None:
    """Write the .docx to `path` all at once, or not at all (raises ExportError)."""
    write_atomic(path, export_docx(record, pack, overlay, app_version=app_version,
                                   body_map_png=body_map_png))


def export_docx(record: Record, pack: LoadedPack | None = None, overlay: Overlay | None = None,
               *, app_version: str | None = None, body_map_png: bytes | None = None) -> bytes:
    """The discussion record as the bytes of a .docx file (write it with
    `exports.write_atomic`)."""
    view = record_view(record, pack, overlay, app_version=app_version)
    doc = Document()
    set_properties(doc, document_properties(record, pack, app_version or ""))
    _page_setup(doc, view, pack_label(record, pack))
    _header_part(doc, view)
    _meeting_summary_part(doc, view)
    _brief_part(doc, view.brief)
    if view.meeting is not None:
        _meeting_rest_part(doc, view.meeting)
    _signoffs_part(doc, view)
    _answers_part(doc, view)
    _guidance_part(doc, view.guidance)
    _contacts_part(doc, view)
    _body_map_part(doc, view, body_map_png)
    _footer_part(doc, view)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------------- page furniture


def _page_setup(doc: DocxDocument, view: RecordView, label: str) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    style_headings(doc, FONT)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(16)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run(MARKING).bold = True
    if view.header.training:
        training = section.header.add_paragraph()
        training.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = training.add_run(TRAINING_MARK)
        run.bold = True
        run.font.color.rgb = RGBColor(0xB1, 0x0E, 0x1E)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(MARKING).bold = True
    details = section.footer.add_paragraph()
    details.alignment = WD_ALIGN_PARAGRAPH.CENTER
    small = details.add_run(f"Record {view.header.record_id} · {label} · Page ")
    small.font.size = Pt(8)
    _field(details, "PAGE")
    details.add_run(" of ").font.size = Pt(8)
    _field(details, "NUMPAGES")


def _field(paragraph: Paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the pages out."""
    run = paragraph.add_run()
    run.font.size = Pt(8)
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


# ------------------------------------------------------------------------------- helpers


def _para(doc: DocxDocument, text: str, *, bold: bool = False, grey: bool = False,
          size: float | None = None) -> Paragraph:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    if grey:
        run.font.color.rgb = GREY
    if size:
        run.font.size = Pt(size)
    return paragraph


def _mark_row(row_element: object, tag: str) -> None:
    properties = row_element.get_or_add_trPr()  # type: ignore[attr-defined]
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _table(doc: DocxDocument, columns: Iterable[str], rows: Iterable[Iterable[str]],
           widths: Iterable[int], *, header: bool = True) -> DocxTable:
    """A bordered table; its header row repeats on each page and no row splits."""
    column_list = list(columns)
    width_list = list(widths)
    all_rows = ([column_list] if header else []) + [list(r) for r in rows]
    table: DocxTable = doc.add_table(rows=len(all_rows), cols=len(width_list))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for index, (row, values) in enumerate(zip(table.rows, all_rows, strict=True)):
        for cell, value, width in zip(row.cells, values, width_list, strict=True):
            cell.width = Mm(BODY_WIDTH_MM * width / 100)
            run = cell.paragraphs[0].add_run(value)
            run.bold = header and index == 0
        _mark_row(row._tr, "w:cantSplit")
        if header and index == 0:
            _mark_row(row._tr, "w:tblHeader")
    return table


def _grid(doc: DocxDocument, table: Table) -> None:
    if table.rows:
        _table(doc, table.columns, table.rows, table.widths)
    else:
        _para(doc, table.empty, grey=True)


def _facts(doc: DocxDocument, entries: Iterable[Entry]) -> None:
    table = _table(doc, (), ((e.label, e.value) for e in entries), (30, 70), header=False)
    for row in table.rows:
        for run in row.cells[0].paragraphs[0].runs:
            run.bold = True


# ---------------------------------------------------------------------------------- parts


def _header_part(doc: DocxDocument, view: RecordView) -> None:
    header = view.header
    if header.training:
        _para(doc, f"{TRAINING_MARK}: not a real child or family", bold=True)
    if header.draft:
        _para(doc, "Draft: this record has not been signed", bold=True)
    doc.add_heading(header.title, level=1)
    _para(doc, header.subtitle, grey=True, size=12)
    _facts(doc, header.facts)


def _meeting_summary_part(doc: DocxDocument, view: RecordView) -> None:
    """What the people at the table need first, or a line saying there has been no meeting."""
    if view.meeting is None:
        _para(doc, view.no_meeting, bold=True)
        return
    doc.add_heading(view.meeting.title, level=2)
    _facts(doc, view.meeting.details)
    _meeting_parts(doc, view.meeting.summary)


def _brief_part(doc: DocxDocument, brief: BriefView) -> None:
    doc.add_heading("The concern and the guidance in brief", level=2)
    if brief.concern:
        doc.add_heading("Reason for the discussion", level=3)
        _para(doc, brief.concern)
    _para(doc, f"Overall level: {brief.level_words}", bold=True, size=12)
    for line in brief.attention:
        _para(doc, line, bold=True)
    _grid(doc, brief.outcomes)


def _answers_part(doc: DocxDocument, view: RecordView) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading("Appendix A: the checklist answers", level=2)
    if not view.answers:
        _para(doc, "No answers are recorded.", grey=True)
    for section in view.answers:
        doc.add_heading(section.title, level=3)
        _grid(doc, section.table)


def _guidance_part(doc: DocxDocument, guidance: GuidanceView) -> None:
    doc.add_heading("Appendix B: the guidance at completion, in detail", level=2)
    _para(doc, f"Overall level: {guidance.level_words}", bold=True, size=12)
    for line in guidance.attention:
        _para(doc, line, bold=True)
    _para(doc, guidance.intro)
    if guidance.outcomes:
        rows = [(o.level_words, "", o.by_when) for o in guidance.outcomes]
        table = _table(doc, ("Level", "Outcome and what to do", "By when"), rows, (20, 58, 22))
        for row, outcome in zip(table.rows[1:], guidance.outcomes, strict=True):
            cell = row.cells[1].paragraphs[0]
            cell.add_run(outcome.title).bold = True
            rest = f"\n{outcome.what_to_do}"
            if outcome.local_note:
                rest += f"\n\nLocal note: {outcome.local_note}"
            cell.add_run(rest)
    if guidance.reasons:
        doc.add_heading("Why the guidance says this", level=3)
        for reason in guidance.reasons:
            paragraph = doc.add_paragraph()
            paragraph.add_run(reason.rationale).bold = True
            paragraph.add_run(f"\nLeads to: {reason.leads_to}")
            if reason.because:
                paragraph.add_run("\nBecause: ")
                for index, item in enumerate(reason.because):
                    paragraph.add_run(f"{item.label} ")
                    paragraph.add_run(item.value).bold = True
                    if index < len(reason.because) - 1:
                        paragraph.add_run("; ")
            source = paragraph.add_run(f"\nSource: {reason.source}")
            source.font.color.rgb = GREY
    doc.add_heading("Sources", level=3)
    _grid(doc, guidance.sources)


def _contacts_part(doc: DocxDocument, view: RecordView) -> None:
    doc.add_heading("Appendix C: local contacts", level=2)
    _para(doc, view.contacts.intro)
    if view.contacts.table is not None:
        _grid(doc, view.contacts.table)


def _body_map_part(doc: DocxDocument, view: RecordView, png: bytes | None) -> None:
    if not view.body_map_data_uri:
        return
    doc.add_heading("Appendix D: body map", level=2)
    if png:
        picture = doc.add_picture(io.BytesIO(png), width=Mm(150))
        describe_picture(picture, "Body map", view.body_map_caption)
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        _para(doc, "The body map picture is in the PDF and HTML copies of this record.",
              grey=True)
    _para(doc, view.body_map_caption, grey=True)


def _meeting_parts(doc: DocxDocument, parts: Iterable[MeetingPart]) -> None:
    for part in parts:
        doc.add_heading(part.heading, level=3)
        if part.kind == "table" and part.table is not None:
            _grid(doc, part.table)
        elif part.kind == "decision":
            box = _table(doc, (), [("",)], (100,), header=False)
            cell = box.rows[0].cells[0].paragraphs[0]
            for index, entry in enumerate(part.fields):
                cell.add_run(("\n\n" if index else "") + f"{entry.label}:\n").bold = True
                cell.add_run(entry.value)
        else:
            _para(doc, part.text)


def _meeting_rest_part(doc: DocxDocument, meeting: MeetingView) -> None:
    doc.add_heading(f"{meeting.title}: the full record", level=2)
    _meeting_parts(doc, meeting.parts)


def _signoffs_part(doc: DocxDocument, view: RecordView) -> None:
    doc.add_heading("Sign-offs", level=2)
    _facts(doc, view.signoffs)
    doc.add_heading("Addenda", level=2)
    if not view.addenda:
        _para(doc, "No addenda.", grey=True)
    for addendum in view.addenda:
        doc.add_heading(addendum.heading, level=3)
        _para(doc, addendum.text)


def _footer_part(doc: DocxDocument, view: RecordView) -> None:
    for line in view.footer.lines:
        _para(doc, line, grey=True, size=8.5)
    _para(doc, view.footer.disclaimer, bold=True, size=8.5)
