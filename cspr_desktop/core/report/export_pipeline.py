"""One way a record leaves the app: HTML, Word, JSON or PDF, each from the same inputs.

The app's File → Export, the `cspr export` command and the self-test all export through
`Exporter.export`, so no format can be given an input in one place and miss it in another
(the command's Word file once had no body-map picture). Every export is refused for a record
whose content no longer matches its seal, and every file is written all at once or not at all
(`core.exports`).

Two things need Qt, which the core never imports, so the caller passes them in: the PDF
writer (the app's runs in a worker process with progress and Cancel; the command and the
self-test paint in their own process) and the body map's bitmap for Word. The PDF writer is
given a `PaperRecord`: the record's HTML for paper and, typed, the facts every page carries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cspr_desktop.core.exports import write_atomic
from cspr_desktop.core.records.keys import SigningKey
from cspr_desktop.core.records.records import Record
from cspr_desktop.core.report.doc_properties import DocumentProperties, document_properties
from cspr_desktop.core.report.export_docx import export_docx
from cspr_desktop.core.report.export_json import export_json, require_genuine
from cspr_desktop.core.report.render import record_view, view_html
from cspr_desktop.core.report.view_model import PageFacts
from cspr_desktop.core.rules.overlay import Overlay
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.version import app_version as installed_version

EXPORT_FORMATS = ("html", "pdf", "docx", "json")


@dataclass(frozen=True)
class PaperRecord:
    """What the PDF and the print preview paint: the HTML for paper (without the marking
    lines the painted pages carry), the facts of every page, and the file's properties."""

    html: str
    page: PageFacts
    properties: DocumentProperties


def paper_record(record: Record, loaded_pack: LoadedPack | None, overlay: Overlay | None,
                 app_version: str) -> PaperRecord:
    """The record as the PDF writer and the print preview are given it."""
    view = record_view(record, loaded_pack, overlay, app_version=app_version)
    return PaperRecord(view_html(view, paper=True), view.page,
                       document_properties(record, loaded_pack, app_version))


#: Writes the PDF at the path, all at once or not at all (it may finish later, in a worker).
PdfWriter = Callable[[PaperRecord, Path], None]
#: The body map's SVG as PNG bytes for Word, which cannot show SVG; None when there is none.
PngMaker = Callable[[str], bytes | None]


@dataclass(frozen=True)
class Exporter:
    """Everything an export needs besides the record: its pack and overlay, the installation's
    key and the time (for the JSON countersignature), the version, and the Qt writers."""

    loaded_pack: LoadedPack | None
    overlay: Overlay | None
    signing_key: Callable[[], SigningKey]  # asked only for JSON: the key file is made lazily
    now: Callable[[], datetime]
    pdf_writer: PdfWriter
    body_map_png: PngMaker
    app_version: str = ""

    def version(self) -> str:
        return self.app_version or installed_version()

    def paper(self, record: Record) -> PaperRecord:
        """The record for the PDF writer or the print preview."""
        return paper_record(record, self.loaded_pack, self.overlay, self.version())

    def html(self, record: Record) -> str:
        return view_html(record_view(record, self.loaded_pack, self.overlay,
                                     app_version=self.version()))

    def export(self, record: Record, fmt: str, path: Path) -> None:
        """Write `record` as `fmt` at `path`; ExportError (or KeyProblem, for JSON) with what
        to do when it cannot, and for a record that is not genuine."""
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {fmt!r}")
        require_genuine(record)
        if fmt == "pdf":
            self.pdf_writer(self.paper(record), path)
        elif fmt == "html":
            write_atomic(path, self.html(record).encode("utf-8"))
        elif fmt == "docx":
            write_atomic(path, export_docx(record, self.loaded_pack, self.overlay,
                                           app_version=self.version(),
                                           body_map_png=self.body_map_png(record.body_map_svg)))
        else:
            write_atomic(path, export_json(record, self.signing_key(), self.now()).encode("utf-8"))

