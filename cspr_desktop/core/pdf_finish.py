"""What Qt's PDF writer cannot add, added after it: language, subject, dates, bookmarks.

Qt writes the title, author, creator and XMP metadata, but has no way to set the document's
language (`/Lang`, which tells a screen reader how to pronounce it), its subject, the record's
own dates, or an outline, and it cannot tag the content (a structure tree): no Qt version can.
So once Qt has painted the file, pypdf appends an incremental update with the language, the
information dictionary, the viewer's "show the title, open the bookmarks" preferences and one
bookmark per heading. Pages are not rewritten, so this costs little even for 300 pages.

The PDF is still untagged; the HTML and Word exports carry real structure (headings, tables
with header rows, alt text), and the app offers them beside the PDF for screen-reader users.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import (
    BooleanObject,
    DictionaryObject,
    Fit,
    IndirectObject,
    NameObject,
    TextStringObject,
)

from cspr_desktop.core.doc_properties import DocumentProperties


@dataclass(frozen=True)
class Bookmark:
    """A heading as a bookmark: level (1 is the record's title), words, page (from 0) and the
    height on the page, in points from the page's foot, to open it at."""

    level: int
    title: str
    page: int
    top: float


def pdf_date(moment: datetime) -> str:
    """A PDF date string: D:YYYYMMDDHHmmSS, with the offset when the time carries one."""
    text = moment.strftime("D:%Y%m%d%H%M%S")
    offset = moment.utcoffset()
    if offset is not None:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        text += f"{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
    return text


def _add_outline(writer: PdfWriter, bookmarks: Iterable[Bookmark], pages: int) -> None:
    """Nest each bookmark under the nearest heading above it of a higher level."""
    parents: list[tuple[int, IndirectObject]] = []
    for mark in bookmarks:
        if not 0 <= mark.page < pages:
            continue
        while parents and parents[-1][0] >= mark.level:
            parents.pop()
        item = writer.add_outline_item(mark.title, mark.page,
                                       parent=parents[-1][1] if parents else None,
                                       fit=Fit.xyz(left=0, top=mark.top))
        parents.append((mark.level, item))


def finish_pdf(path: Path, properties: DocumentProperties,
               bookmarks: Iterable[Bookmark] = ()) -> None:
    """Add language, properties and bookmarks to the PDF at `path`, in place."""
    original = path.read_bytes()
    writer = PdfWriter(io.BytesIO(original), incremental=True)
    writer.add_metadata({
        "/Title": properties.title,
        "/Author": properties.author,
        "/Subject": properties.subject,
        "/Keywords": properties.keywords,
        "/Creator": properties.creator,
        "/CreationDate": pdf_date(properties.created),
        "/ModDate": pdf_date(properties.modified),
    })
    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject(properties.language)
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)})
    bookmarks = list(bookmarks)
    if bookmarks:
        _add_outline(writer, bookmarks, len(writer.pages))
        root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())
