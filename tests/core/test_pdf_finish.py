"""Adding what Qt cannot to a PDF: an incremental update that leaves the original bytes alone
and that any reader takes, whatever the text of the properties."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from recordkit import HOSTILE_TEXT

from cspr_desktop.core.report.doc_properties import DocumentProperties, xmp_packet
from cspr_desktop.core.report.pdf_finish import Bookmark, finish_pdf, pdf_date
from cspr_desktop.core.report.plain_text import clean_text

LONDON_SUMMER = timezone(timedelta(hours=1))
PROPERTIES = DocumentProperties(  # text made safe as `document_properties` makes it
    title=f"Strategy discussion record {clean_text(HOSTILE_TEXT)}",
    author="Dana Whitfield & Co <NHS>",
    subject="Safeguarding discussion record: bruising", keywords="safeguarding; record X",
    language="en-GB", created=datetime(2026, 6, 2, 9, 15, tzinfo=LONDON_SUMMER),
    modified=datetime(2026, 6, 5, 9, 40, tzinfo=LONDON_SUMMER))


def blank_pdf(path: Path, pages: int = 3) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def test_the_update_is_appended_and_read_back_exactly(tmp_path: Path) -> None:
    path = tmp_path / "record.pdf"
    original = blank_pdf(path)
    finish_pdf(path, PROPERTIES, [Bookmark(1, "Record", 0, 800), Bookmark(2, "Meeting", 0, 600),
                                  Bookmark(3, "Actions", 1, 700), Bookmark(2, "Appendix", 2, 800),
                                  Bookmark(2, "Beyond the last page", 9, 800)])
    data = path.read_bytes()
    assert data.startswith(original)  # nothing Qt wrote is rewritten
    reader = PdfReader(path, strict=True)
    assert len(reader.pages) == 3
    info = reader.metadata
    assert info is not None
    assert info.title == PROPERTIES.title and info.author == PROPERTIES.author
    assert info.subject == PROPERTIES.subject
    assert info.creation_date == PROPERTIES.created
    assert info.modification_date == PROPERTIES.modified
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"

    def shape(items: list[object]) -> list[object]:
        return [shape(i) if isinstance(i, list) else (i.title,  # type: ignore[attr-defined]
                                                      reader.get_destination_page_number(i))
                for i in items]

    assert shape(reader.outline) == [("Record", 0), [("Meeting", 0), [("Actions", 1)],
                                                     ("Appendix", 2)]]


def test_pdf_dates_carry_the_offset() -> None:
    assert pdf_date(PROPERTIES.created) == "D:20260602091500+01'00'"
    assert pdf_date(datetime(2026, 1, 2, 3, 4, 5)) == "D:20260102030405"


def test_the_xmp_is_well_formed_with_any_text() -> None:
    root = ET.fromstring(xmp_packet(PROPERTIES).decode("utf-8").split("?>", 1)[1]
                         .rsplit("<?xpacket", 1)[0])
    namespaces = {"dc": "http://purl.org/dc/elements/1.1/",
                  "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
    creator = root.find(".//dc:creator/rdf:Seq/rdf:li", namespaces)
    title = root.find(".//dc:title/rdf:Alt/rdf:li", namespaces)
    assert creator is not None and creator.text == PROPERTIES.author
    assert title is not None and title.text == PROPERTIES.title
