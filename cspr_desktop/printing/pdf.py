"""The discussion record on paper: PDF export and print preview, from the record's HTML.

The HTML (from `core.render`) is laid out by QTextDocument in the bundled DejaVu Sans, so the
PDF looks the same on every machine. We paginate it ourselves so that every page carries a
header band (the protective marking and the record id), a footer ("Page x of y" and the pack
version) and, for training records, a watermark. The same painting serves the PDF writer and
the print-preview dialog.

QTextDocument lets a table row break across pages, and ignores `page-break-inside: avoid`;
before painting, `pagination.keep_together` moves such rows (and stranded headings) on, and
`page_text` keeps each line in one page's text only. Qt then writes the title, author and XMP
metadata; `core.pdf_finish` adds the language, subject, the record's dates and bookmarks.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from cspr_desktop.core.exports import ExportError, write_with
from cspr_desktop.core.paths import resources_dir
from cspr_desktop.core.report.doc_properties import (
    APP_NAME,
    LANGUAGE,
    DocumentProperties,
    xmp_packet,
)
from cspr_desktop.core.report.export_pipeline import PaperRecord
from cspr_desktop.core.report.pdf_finish import Bookmark, finish_pdf
from cspr_desktop.core.report.plain_text import MARKING, TRAINING_MARK, clean_text
from cspr_desktop.printing.page_text import Heading, headings, page_clip, split_at_page_breaks
from cspr_desktop.printing.pagination import keep_together

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")
FALLBACK_FAMILY = "DejaVu Sans"
BODY_POINT_SIZE = 10
DPI = 300
MM_PER_INCH = 25.4
POINTS_PER_INCH = 72

# Page geometry in millimetres (A4 portrait).
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_X = 16.0
BODY_TOP = 25.0  # below the header band
BODY_BOTTOM = 20.0  # above the footer
HEADER_TOP = 8.0
FOOTER_BASE = 10.0  # footer text sits this far above the paper's bottom edge

PAGE_EDGE_PX = 8
KEEP_PASSES = 4
NO_LIGATURES = ("liga", "clig", "dlig")
TEXT_COLOUR = QColor("#0b0c0c")
RULE_COLOUR = QColor("#6f777b")
TRAINING_FILL = QColor("#f47738")
WATERMARK_COLOUR = QColor(177, 14, 30, 30)


@dataclass(frozen=True)
class PageDecor:
    """What every page says besides the record itself."""

    record_id: str
    pack_label: str
    training: bool
    properties: DocumentProperties | None = None  # title, author, language... (`core`)
    marking: str = MARKING
    training_mark: str = TRAINING_MARK

    @classmethod
    def of(cls, paper: PaperRecord) -> PageDecor:
        """The decor of a record's pages, from the facts its view gives them."""
        page = paper.page
        return cls(page.record_id, page.checklist, page.training, paper.properties,
                   page.marking, page.training_mark)


@functools.cache
def document_font_family() -> str:
    """Register the bundled fonts once; the family name every page uses."""
    family = ""
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / name))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = family or (families[0] if families else "")
    return family or FALLBACK_FAMILY


def _px(mm: float, dpi: float) -> float:
    return mm * dpi / MM_PER_INCH


def body_rect(dpi: float) -> QRectF:
    """Where the record's text goes on each page, in whole device pixels (the layout works in
    1/64ths of a pixel, so a fractional page height would drift from page to page)."""
    return QRectF(round(_px(MARGIN_X, dpi)), round(_px(BODY_TOP, dpi)),
                  math.floor(_px(PAGE_W - 2 * MARGIN_X, dpi)),
                  math.floor(_px(PAGE_H - BODY_TOP - BODY_BOTTOM, dpi)))


def build_document(html: str, device: QPagedPaintDevice, *, keep: bool = True) -> QTextDocument:
    """The HTML laid out for `device` in pages of the body's size, rows kept whole (unless
    `keep` is False, which tests use to show what Qt alone would do)."""
    doc = QTextDocument()
    doc.setUndoRedoEnabled(False)
    layout = doc.documentLayout()
    layout.setPaintDevice(device)
    doc.setDefaultFont(_font(BODY_POINT_SIZE))
    doc.setDocumentMargin(0)
    root = doc.rootFrame().frameFormat()
    root.setTopMargin(PAGE_EDGE_PX)  # Qt keeps these clear on every page, so a row that
    root.setBottomMargin(PAGE_EDGE_PX)  # ends at the foot of a page still shows its border
    doc.rootFrame().setFrameFormat(root)
    doc.setMetaInformation(QTextDocument.MetaInformation.CssMedia, "print")
    doc.setHtml(html)  # for paper (`export_pipeline.PaperRecord`): the pages carry the marking
    doc.setPageSize(body_rect(device.logicalDpiY()).size())
    if keep:
        # Splitting paragraphs at the breaks can nudge what follows down a little, so rows
        # are kept whole again after it, until neither has anything left to do.
        for _ in range(KEEP_PASSES):
            keep_together(doc)
            if not split_at_page_breaks(doc):
                break
    return doc


# ------------------------------------------------------------------------------ painting


def _font(point_size: float, bold: bool = False) -> QFont:
    """The bundled font without ligatures, so 'ff' in a hash copies out of the PDF as 'ff'."""
    font = QFont(document_font_family())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    for tag in NO_LIGATURES:
        font.setFeature(QFont.Tag(tag), 0)
    return font


def _paint_header(painter: QPainter, dpi: float, decor: PageDecor) -> None:
    left, right = _px(MARGIN_X, dpi), _px(PAGE_W - MARGIN_X, dpi)
    band = QRectF(left, _px(HEADER_TOP, dpi), right - left, _px(6, dpi))
    painter.setPen(TEXT_COLOUR)
    painter.setFont(_font(10, bold=True))
    painter.drawText(band, int(Qt.AlignmentFlag.AlignCenter), decor.marking)
    painter.setFont(_font(8))
    painter.drawText(band, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                     f"Record {decor.record_id}")
    if decor.training:
        strip = QRectF(left, _px(HEADER_TOP + 7, dpi), right - left, _px(5, dpi))
        painter.fillRect(strip, TRAINING_FILL)
        painter.setFont(_font(9, bold=True))
        painter.drawText(strip, int(Qt.AlignmentFlag.AlignCenter), decor.training_mark)
    line_y = _px(BODY_TOP - 2.5, dpi)
    painter.setPen(QPen(RULE_COLOUR, _px(0.3, dpi)))
    painter.drawLine(QPointF(left, line_y), QPointF(right, line_y))


def _paint_footer(painter: QPainter, dpi: float, decor: PageDecor, page: int,
                  pages: int) -> None:
    left, right = _px(MARGIN_X, dpi), _px(PAGE_W - MARGIN_X, dpi)
    line_y = _px(PAGE_H - BODY_BOTTOM + 3, dpi)
    painter.setPen(QPen(RULE_COLOUR, _px(0.3, dpi)))
    painter.drawLine(QPointF(left, line_y), QPointF(right, line_y))
    band = QRectF(left, _px(PAGE_H - FOOTER_BASE - 5, dpi), right - left, _px(5, dpi))
    painter.setPen(TEXT_COLOUR)
    painter.setFont(_font(8))
    middle = int(Qt.AlignmentFlag.AlignVCenter)
    painter.drawText(band, int(Qt.AlignmentFlag.AlignRight) | middle, f"Page {page} of {pages}")
    # The checklist's title is long: it gets its own line under the marking, never under it.
    below = QRectF(left, _px(PAGE_H - FOOTER_BASE, dpi), right - left, _px(4, dpi))
    painter.drawText(below, int(Qt.AlignmentFlag.AlignLeft) | middle, decor.pack_label)
    painter.setFont(_font(10, bold=True))
    painter.drawText(band, int(Qt.AlignmentFlag.AlignCenter), decor.marking)


def _paint_watermark(painter: QPainter, dpi: float, decor: PageDecor) -> None:
    """The diagonal training mark, drawn as outlines rather than text: it crosses the body,
    and as text its letters would land among the record's words when they are copied."""
    font = _font(40, bold=True)
    font.setPixelSize(round(_px(40 * MM_PER_INCH / 72, dpi)))  # 40pt on the page at any dpi
    path = QPainterPath()
    path.addText(0, 0, font, decor.training_mark)
    box = path.boundingRect()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(_px(PAGE_W / 2, dpi), _px(PAGE_H / 2, dpi))
    painter.rotate(-45)
    painter.translate(-box.center())
    painter.fillPath(path, WATERMARK_COLOUR)
    painter.restore()


def _paint_body(painter: QPainter, doc: QTextDocument, body: QRectF, index: int) -> None:
    """Page `index` of the laid-out record, each line on one page only (`ui.page_text`)."""
    painter.save()
    painter.translate(body.left(), body.top() - index * body.height())
    painter.setClipRect(QRectF(0, index * body.height(), body.width(), body.height()))
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = page_clip(index, body)
    doc.documentLayout().draw(painter, context)
    painter.restore()


Progress = Callable[[int, int], None]  # (pages painted, pages), (0, 0) while laying out


def paint_document(device: QPagedPaintDevice, html: str, decor: PageDecor,
                   progress: Progress | None = None,
                   found_headings: list[Heading] | None = None) -> int:
    """Lay out and paint every page on `device` (a PDF writer or printer); returns pages.
    `progress` hears (0, 0) before the layout, then (i, pages) after each page;
    `found_headings`, if given, receives the headings and their pages (for bookmarks)."""
    if progress is not None:
        progress(0, 0)
    doc = build_document(html, device)
    if found_headings is not None:
        found_headings.extend(headings(doc))
    dpi = device.logicalDpiY()
    body = body_rect(dpi)
    pages = doc.pageCount()
    painter = QPainter()
    if not painter.begin(device):
        raise ExportError("The PDF could not be started. Check the folder, then export again.")
    try:
        for index in range(pages):
            if index:
                device.newPage()
            _paint_body(painter, doc, body, index)
            _paint_header(painter, dpi, decor)
            _paint_footer(painter, dpi, decor, index + 1, pages)
            if decor.training:
                _paint_watermark(painter, dpi, decor)
            if progress is not None:
                progress(index + 1, pages)
    finally:
        painter.end()
    return pages


def _a4_writer(path: Path, title: str, properties: DocumentProperties | None = None
               ) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(properties.title if properties else title)
    writer.setCreator(properties.creator if properties else APP_NAME)
    if properties is not None:
        writer.setAuthor(properties.author)
        writer.setDocumentXmpMetadata(xmp_packet(properties))
    return writer


def _properties(decor: PageDecor) -> DocumentProperties:
    """The record's own properties, or (for callers without a record) what the page says."""
    if decor.properties is not None:
        return decor.properties
    now = datetime.now().astimezone()
    return DocumentProperties(title=f"Discussion record {decor.record_id}", author=APP_NAME,
                              subject=decor.pack_label, keywords=f"record {decor.record_id}",
                              language=LANGUAGE, created=now, modified=now)


def _bookmark(heading: Heading) -> Bookmark:
    """A heading's bookmark opens the page a little above the heading."""
    body_mm = PAGE_H - BODY_TOP - BODY_BOTTOM
    from_foot_mm = PAGE_H - BODY_TOP - heading.down * body_mm
    return Bookmark(heading.level, heading.title, heading.page,
                    round(from_foot_mm * POINTS_PER_INCH / MM_PER_INCH + 6, 1))


def export_pdf(html: str, path: Path, *, record_id: str, pack_label: str,
               training: bool, properties: DocumentProperties | None = None) -> None:
    """Write the record as an A4 PDF at `path`, all at once or not at all (ExportError).

    This runs where it is called; the app runs it in a worker process (`ui.pdf_job`) so that a
    long record never freezes the window."""
    _write_whole(html, path,
                 PageDecor(clean_text(record_id), clean_text(pack_label), training, properties))


def write_paper(paper: PaperRecord, path: Path) -> None:
    """The in-process PDF writer of the export pipeline (the command line and the self-test):
    the PDF at `path`, all at once or not at all (ExportError)."""
    _write_whole(paper.html, path, PageDecor.of(paper))


def _write_whole(html: str, path: Path, decor: PageDecor) -> None:
    def write(temp: Path) -> None:
        write_pdf(html, temp, decor)

    write_with(path, write)


def write_pdf(html: str, path: Path, decor: PageDecor, progress: Progress | None = None
              ) -> int:
    """Paint the PDF straight into `path` (a temporary file the caller moves into place)."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("export_pdf needs a QGuiApplication (fonts and layout come from it)")
    properties = _properties(decor)
    writer = _a4_writer(path, properties.title, properties)
    found: list[Heading] = []
    pages = paint_document(writer, html, decor, progress, found)
    del writer  # closes the file before pypdf adds what Qt cannot
    finish_pdf(path, properties, [_bookmark(heading) for heading in found])
    return pages


def print_preview_dialog(html: str, parent: QWidget | None, *, record_id: str,
                         pack_label: str, training: bool, marking: str = MARKING,
                         training_mark: str = TRAINING_MARK) -> QPrintPreviewDialog:
    """A print-preview dialog whose pages are painted exactly as the PDF's are."""
    decor = PageDecor(clean_text(record_id), clean_text(pack_label), training, None, marking,
                      training_mark)
    dialog = QPrintPreviewDialog(parent)
    dialog.setWindowTitle(f"Print discussion record {decor.record_id}")
    printer = dialog.printer()
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)
    printer.setResolution(DPI)  # laid out as the PDF is, so its pages break in the same places
    printer.setDocName(f"Discussion record {decor.record_id}")

    def paint(device: QPrinter) -> None:
        paint_document(device, html, decor)

    dialog.paintRequested.connect(paint)
    return dialog


def print_preview(html: str, parent: QWidget | None, *, record_id: str, pack_label: str,
                  training: bool, marking: str = MARKING, training_mark: str = TRAINING_MARK
                  ) -> bool:
    """Show the print preview; True if the user printed."""
    dialog = print_preview_dialog(html, parent, record_id=record_id, pack_label=pack_label,
                                  training=training, marking=marking,
                                  training_mark=training_mark)
    return dialog.exec() == QDialog.DialogCode.Accepted


__all__ = ["ExportError", "PageDecor", "build_document", "export_pdf", "paint_document",
           "print_preview", "print_preview_dialog", "write_paper"]
