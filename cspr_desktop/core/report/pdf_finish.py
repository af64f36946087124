"""What Qt's PDF writer cannot add, added after it: language, subject, dates, bookmarks.

Qt writes the title, author, creator and XMP metadata, but has no way to set the document's
language (`/Lang`, which tells a screen reader how to pronounce it), its subject, the record's
own dates, or an outline, and it cannot tag the content (a structure tree): no Qt version can.
So once Qt has painted the file, an incremental update is appended (the PDF standard's way to
change a file: new versions of some objects and a cross-reference section after the original):
the catalogue with the language, the viewer's "show the title, open the bookmarks"
preferences and the outline, and the information dictionary. pypdf reads the original and
writes each object; the pages are neither read nor rewritten, so this costs a few
milliseconds even for 300 pages (pypdf's own incremental writer re-reads every object).

The PDF is still untagged; the HTML and Word exports carry real structure (headings, tables
with header rows, alt text), and the app offers them beside the PDF for screen-reader users.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import cast

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from cspr_desktop.core.report.doc_properties import DocumentProperties


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


class _Update:
    """New versions of some objects, appended after the file as an incremental update."""

    def __init__(self, next_number: int) -> None:
        self.objects: dict[int, PdfObject] = {}
        self.next_number = next_number

    def new(self) -> IndirectObject:
        number = self.next_number
        self.next_number += 1
        return IndirectObject(number, 0, None)

    def put(self, ref: IndirectObject, obj: PdfObject) -> None:
        self.objects[ref.idnum] = obj

    def bytes_after(self, original: bytes, trailer: DictionaryObject) -> bytes:
        """The update's bytes: the objects, a cross-reference section and a trailer that
        points back to the original's (`/Prev`)."""
        previous = int(original[original.rindex(b"startxref") + 9:].split()[0])
        out = io.BytesIO()
        out.write(b"\n" if original.endswith((b"\n", b"\r")) else b"\r\n")
        offsets = {}
        for number, obj in sorted(self.objects.items()):
            offsets[number] = len(original) + out.tell()
            out.write(f"{number} 0 obj\n".encode())
            obj.write_to_stream(out)
            out.write(b"\nendobj\n")
        xref = len(original) + out.tell()
        out.write(b"xref\n0 1\n0000000000 65535 f\r\n")  # the free list's head, as usual
        for number, offset in sorted(offsets.items()):  # one entry per subsection: simple
            out.write(f"{number} 1\n{offset:010d} 00000 n\r\n".encode())
        trailer[NameObject("/Size")] = NumberObject(self.next_number)
        trailer[NameObject("/Prev")] = NumberObject(previous)
        out.write(b"trailer\n")
        trailer.write_to_stream(out)
        out.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
        return out.getvalue()


def _add_outline(update: _Update, page_refs: list[IndirectObject],
                 bookmarks: Iterable[Bookmark]) -> IndirectObject | None:
    """The outline: each bookmark nested under the nearest heading above it of a higher
    level, opening its page at the heading. None when there are no bookmarks."""
    root_ref = update.new()
    root = DictionaryObject({NameObject("/Type"): NameObject("/Outlines")})
    nodes: dict[int, DictionaryObject] = {root_ref.idnum: root}
    children: dict[int, list[IndirectObject]] = {root_ref.idnum: []}
    parents: list[tuple[int, IndirectObject]] = []
    for mark in bookmarks:
        if not 0 <= mark.page < len(page_refs):
            continue
        while parents and parents[-1][0] >= mark.level:
            parents.pop()
        parent = parents[-1][1] if parents else root_ref
        ref = update.new()
        nodes[ref.idnum] = DictionaryObject({
            NameObject("/Title"): TextStringObject(mark.title),
            NameObject("/Parent"): parent,
            NameObject("/Dest"): ArrayObject([page_refs[mark.page], NameObject("/XYZ"),
                                              NumberObject(0), FloatObject(mark.top),
                                              NullObject()]),
        })
        children[ref.idnum] = []
        children[parent.idnum].append(ref)
        parents.append((mark.level, ref))
    if not children[root_ref.idnum]:
        return None
    for number, kids in children.items():
        node = nodes[number]
        if kids:
            node[NameObject("/First")], node[NameObject("/Last")] = kids[0], kids[-1]
            node[NameObject("/Count")] = NumberObject(len(kids))  # open: children show
        for before, after in itertools.pairwise(kids):
            nodes[before.idnum][NameObject("/Next")] = after
            nodes[after.idnum][NameObject("/Prev")] = before
        update.put(IndirectObject(number, 0, None), node)
    return root_ref


def finish_pdf(path: Path, properties: DocumentProperties,
               bookmarks: Iterable[Bookmark] = ()) -> None:
    """Add language, properties and bookmarks to the PDF at `path`, in place, as an
    incremental update (only the catalogue, the information and the outline are new)."""
    original = path.read_bytes()
    reader = PdfReader(io.BytesIO(original))
    update = _Update(int(cast(NumberObject, reader.trailer["/Size"])))
    old_info = reader.trailer.raw_get("/Info") if "/Info" in reader.trailer else None
    info = DictionaryObject(cast(DictionaryObject, old_info.get_object())
                            if old_info is not None else {})
    for key, value in (("/Title", properties.title), ("/Author", properties.author),
                       ("/Subject", properties.subject), ("/Keywords", properties.keywords),
                       ("/Creator", properties.creator),
                       ("/CreationDate", pdf_date(properties.created)),
                       ("/ModDate", pdf_date(properties.modified))):
        info[NameObject(key)] = TextStringObject(value)
    info_ref = old_info if isinstance(old_info, IndirectObject) else update.new()
    update.put(info_ref, info)
    root_ref = reader.trailer.raw_get("/Root")
    catalogue = DictionaryObject(cast(DictionaryObject, reader.trailer["/Root"]))
    catalogue[NameObject("/Lang")] = TextStringObject(properties.language)
    catalogue[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)})
    page_refs = [page.indirect_reference for page in reader.pages]
    outline = _add_outline(update, [r for r in page_refs if r is not None], bookmarks)
    if outline is not None:
        catalogue[NameObject("/Outlines")] = outline
        catalogue[NameObject("/PageMode")] = NameObject("/UseOutlines")
    update.put(root_ref, catalogue)
    trailer = DictionaryObject({NameObject("/Root"): root_ref, NameObject("/Info"): info_ref})
    if "/ID" in reader.trailer:
        trailer[NameObject("/ID")] = reader.trailer.raw_get("/ID")
    with path.open("ab") as out:
        out.write(update.bytes_after(original, trailer))
