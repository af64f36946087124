"""File → Export record…, Print… and Import record…: records leaving and entering the app.

A small controller beside the main window. It asks for file paths with QFileDialog, calls the
export and import functions, and reports through the window: a short message that says what
to do when something fails (nothing is lost: the record stays as it was), the path in the
status bar when it worked. The export modules (jinja2, python-docx, Qt's PDF writer) are
imported when first used, so they cost nothing at start-up. The PDF is written by a worker
process with a progress dialog and Cancel (`ui.pdf_job`), so a long record never freezes the
window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QStandardPaths, Qt
from PySide6.QtGui import QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QFileDialog

from cspr_desktop.core.exports import ExportError, write_atomic
from cspr_desktop.core.record_ids import export_file_name
from cspr_desktop.core.records.keys import KeyProblem
from cspr_desktop.core.records.records import Record
from cspr_desktop.core.records.store import StoreError

if TYPE_CHECKING:
    from cspr_desktop.core.report.doc_properties import DocumentProperties
    from cspr_desktop.printing.pdf_job import PdfJob
    from cspr_desktop.ui.main_window import MainWindow

# The file dialog's filters, each with the format it writes and the file suffix. Qt cannot tag
# a PDF's structure for screen readers (core/pdf_finish.py), so the tagged formats say so.
EXPORT_FILTERS: dict[str, str] = {
    "PDF document (*.pdf)": "pdf",
    "Web page, HTML: accessible, best with a screen reader (*.html)": "html",
    "Word document, DOCX: accessible, with headings and alt text (*.docx)": "docx",
    "JSON, to move the record to another computer (*.json)": "json",
}
ACCESSIBLE_TOO = ("For a screen reader, export it as HTML or Word as well: they carry the "
                  "headings and structure a PDF from this app does not.")
IMPORT_FILTER = "Record exports (*.json);;All files (*)"
NOT_READY = "Complete and sign the record to export or print it."


def documents_folder() -> Path:
    """Where the file dialogs start: the user's Documents folder (or home)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def export_format(path: Path, chosen_filter: str) -> tuple[str, Path]:
    """The format to write and the final path: the typed suffix wins, else the filter's."""
    by_suffix = {suffix: suffix for suffix in EXPORT_FILTERS.values()}
    typed = path.suffix.lower().lstrip(".")
    if typed in by_suffix:
        return typed, path
    kind = EXPORT_FILTERS.get(chosen_filter, "pdf")
    return kind, path.with_name(f"{path.name}.{kind}")


class RecordActions:
    """Export, print and import for the main window's open record."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.job: PdfJob | None = None  # the PDF export running, if any

    # -- what is open ------------------------------------------------------------------------
    def completed_record(self) -> Record | None:
        """The record showing, saved first, if it is completed; exports are of signed records.

        Only a record whose own screen is showing: never one left open behind another screen
        (a training case, the training library)."""
        session = self.window.session
        if session is None or not session.record.is_completed or not (
                self.window.showing_record()):
            return None
        if not self.window.flush():
            return None
        return session.record

    def html(self, record: Record) -> str:
        from cspr_desktop.core.report.render import render_html

        session = self.window.session
        loaded = session.loaded if session is not None else None
        overlay = session.overlay if session is not None else None
        return render_html(record, loaded, overlay, app_version=self.window.context.app_version)

    def properties(self, record: Record) -> DocumentProperties:
        """Title, author, language and dates for the exported file, from the record."""
        from cspr_desktop.core.report.doc_properties import document_properties

        session = self.window.session
        return document_properties(record, session.loaded if session is not None else None,
                                   self.window.context.app_version)

    # -- export and print --------------------------------------------------------------------
    def export_record(self) -> None:
        """Ask where and in which format, then write the export; report either way."""
        record = self.completed_record()
        if record is None:
            self.window.show_problem("Nothing to export", NOT_READY)
            return
        start = documents_folder() / export_file_name(record.id, "pdf")
        filters = list(EXPORT_FILTERS)
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self.window, "Export record", str(start), ";;".join(filters), filters[0])
        if not chosen:
            return
        kind, path = export_format(Path(chosen), chosen_filter)
        if kind == "pdf":
            self.export_pdf(record, path)
            return
        try:
            self.write(kind, record, path)
        except (ExportError, KeyProblem) as exc:
            self.window.show_problem("The record was not exported", str(exc))
            return
        self.window.statusBar().showMessage(f"Exported record {record.id} to {path}", 15000)

    def export_pdf(self, record: Record, path: Path) -> None:
        """Start the PDF export in its worker, with a progress dialog and Cancel."""
        from cspr_desktop.core.report.render import pack_label
        from cspr_desktop.core.report.view_model import clean_text
        from cspr_desktop.printing.pdf import PageDecor
        from cspr_desktop.printing.pdf_job import ExportProgress, PdfJob

        if self.job is not None and self.job.state == "running":
            self.window.show_problem("An export is already running", "Wait for it to finish, "
                                     "or cancel it, then export again.")
            return
        decor = PageDecor(clean_text(record.id), clean_text(pack_label(record)),
                          record.kind == "training", self.properties(record))
        job = PdfJob(self.html(record), path, decor, self.window)
        progress = ExportProgress(job, self.window)
        job.finished.connect(lambda problem: self._pdf_finished(job, problem))
        progress.canceled.connect(lambda: self.window.statusBar().showMessage(
            f"Export of record {record.id} cancelled; nothing was written.", 10000))
        try:
            job.start()
        except ExportError as exc:
            progress.canceled.disconnect()
            progress.close()
            self.window.show_problem("The record was not exported", str(exc))
            return
        self.job = job

    def cancel_export(self) -> None:
        """Stop a PDF export still running (the window is closing); nothing is left behind."""
        if self.job is not None:
            self.job.cancel()

    def _pdf_finished(self, job: PdfJob, problem: str) -> None:
        if problem:
            self.window.show_problem("The record was not exported", problem)
            return
        self.window.statusBar().showMessage(
            f"Exported record {job.decor.record_id} to {job.path}. {ACCESSIBLE_TOO}", 20000)

    def write(self, kind: str, record: Record, path: Path) -> None:
        """Write one format; raises ExportError with what to do when it cannot, and for a
        record whose content no longer matches its seal (never exported as genuine)."""
        from cspr_desktop.core.report.export_json import require_genuine
        from cspr_desktop.core.report.render import pack_label

        require_genuine(record)
        training = record.kind == "training"
        if kind == "pdf":
            from cspr_desktop.printing.pdf import export_pdf

            export_pdf(self.html(record), path, record_id=record.id,
                       pack_label=pack_label(record), training=training,
                       properties=self.properties(record))
        elif kind == "html":
            write_atomic(path, self.html(record).encode("utf-8"))
        elif kind == "docx":
            from cspr_desktop.core.report.export_docx import export_docx

            session = self.window.session
            write_atomic(path, export_docx(
                record, pack=session.loaded if session else None,
                overlay=session.overlay if session else None,
                app_version=self.window.context.app_version,
                body_map_png=svg_to_png(record.body_map_svg)))
        else:
            from cspr_desktop.core.report.export_json import export_json

            context = self.window.context
            write_atomic(path, export_json(record, context.signing_key(),
                                           context.clock()).encode("utf-8"))

    def print_record(self) -> None:
        """The print preview of the discussion record, painted as the PDF is."""
        from cspr_desktop.core.report.export_json import require_genuine
        from cspr_desktop.core.report.render import pack_label
        from cspr_desktop.printing.pdf import print_preview

        record = self.completed_record()
        if record is None:
            self.window.show_problem("Nothing to print", NOT_READY)
            return
        try:
            require_genuine(record)
            printed = print_preview(self.html(record), self.window, record_id=record.id,
                                    pack_label=pack_label(record),
                                    training=record.kind == "training")
        except ExportError as exc:
            self.window.show_problem("The record was not printed", str(exc))
            return
        if printed:
            self.window.statusBar().showMessage(f"Sent record {record.id} to the printer.",
                                                10000)

    # -- import ------------------------------------------------------------------------------
    def import_record(self) -> None:
        """Ask for a JSON export, check its seals and signatures, store it, open it and say
        who signed it with which key; a refusal changes nothing."""
        from cspr_desktop.core.report.export_json import (
            ImportRefused,
            UnsignedRefused,
            import_into,
            read_export,
            read_import_file,
        )
        from cspr_desktop.ui.import_report import ImportReportDialog, ask_import_unsigned

        chosen, _ = QFileDialog.getOpenFileName(self.window, "Import a record",
                                                str(documents_folder()), IMPORT_FILTER)
        if not chosen:
            return
        context = self.window.context
        try:
            text = read_import_file(Path(chosen))
            trust = context.trust()
            try:
                checked = read_export(text, chosen, context.clock(), trust)
            except UnsignedRefused as exc:
                if not ask_import_unsigned(self.window, str(exc)):
                    return
                checked = read_export(text, chosen, context.clock(), trust,
                                      allow_unsigned=True)
            result = import_into(context.store, checked.record)
        except (ImportRefused, StoreError) as exc:
            self.window.show_problem("The record was not imported", str(exc))
            return
        self.window.refresh_home()
        self.window.select_in_home(result.record.id)
        self.window.open_record(result.record.id)
        self.window.statusBar().showMessage(f"{result.message} File: {chosen}", 15000)
        report = ImportReportDialog(result.message, checked.verification, self.window)
        report.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        report.open()  # window-modal, over the record it describes


def svg_to_png(svg: str, width: int = 1200) -> bytes | None:
    """A bitmap of the body map for Word, which cannot show SVG; None when there is none."""
    if not svg:
        return None
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        return None
    size = renderer.defaultSize()
    height = round(width * size.height() / size.width()) if size.width() > 0 else width
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QImageWriter(buffer, QByteArray(b"png")).write(image)
    return bytes(data.data())
