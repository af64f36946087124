"""File → Export record…, Print… and Import record…: records leaving and entering the app.

A small controller beside the main window. It asks for file paths with QFileDialog, exports
through the one pipeline the command line and the self-test use too (`core.export_pipeline`),
imports, and reports through the window: a short message that says what to do when something
fails (nothing is lost: the record stays as it was), the path in the status bar when it worked.
The export modules (jinja2, python-docx, Qt's PDF writer) are imported when first used, so they
cost nothing at start-up. The PDF is written by a worker process with a progress dialog and
Cancel (`ui.pdf_job`), so a long record never freezes the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cspr_desktop.core.errors import KeyProblem
from cspr_desktop.core.exports import ExportError
from cspr_desktop.core.record_ids import export_file_name
from cspr_desktop.core.records import draft_place
from cspr_desktop.core.records.store import StoreError

if TYPE_CHECKING:
    from cspr_desktop.core.records.records import Record
    from cspr_desktop.core.report.export_pipeline import Exporter, PaperRecord
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
DAMAGED_NOT_EXPORTED = ("This record is damaged: it cannot be exported or printed as if it were "
                        "genuine. Keep the records file as it is and ask your IT team to restore "
                        "it from a backup.")


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

    def update_enabled(self) -> None:
        """Export and Print work on the completed record showing; say why when they are off."""
        window = self.window
        ready = window.showing_record() and window.session is not None and (
            window.session.record.is_completed)
        verification = window.verification() if ready else None
        damaged = verification is not None and verification.damaged
        for action in (window.export_action, window.print_action):
            action.setEnabled(ready and not damaged)
            action.setStatusTip(DAMAGED_NOT_EXPORTED if damaged else "" if ready else NOT_READY)

    def delete_draft(self, record_id: str) -> None:
        """Delete a draft from the home list, once the user has said yes."""
        window = self.window
        answer = QMessageBox.question(
            window, "Delete this draft?", "The draft and its answers will be deleted for good. "
            "Completed records cannot be deleted.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        store = window.context.store
        try:
            store.delete_draft(record_id)
            draft_place.forget(store, record_id)
        except StoreError as exc:
            window.show_problem("The record was not deleted", str(exc))
        window.refresh_home()

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

    def exporter(self) -> Exporter:
        """The export pipeline for the open record's pack and overlay, its PDF written by the
        worker process (`ui.pdf_job`) with a progress dialog and Cancel."""
        from cspr_desktop.core.report.export_pipeline import Exporter
        from cspr_desktop.printing.body_map_png import svg_to_png

        session, context = self.window.session, self.window.context
        return Exporter(session.loaded if session is not None else None,
                        session.overlay if session is not None else None,
                        context.signing_key, context.clock, self._start_pdf_job, svg_to_png,
                        context.app_version)

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
        if kind == "pdf" and self.job is not None and self.job.state == "running":
            self.window.show_problem("An export is already running", "Wait for it to finish, "
                                     "or cancel it, then export again.")
            return
        try:
            self.exporter().export(record, kind, path)
        except (ExportError, KeyProblem) as exc:
            self.window.show_problem("The record was not exported", str(exc))
            return
        if kind != "pdf":  # the PDF's worker reports when it has finished
            self.window.statusBar().showMessage(f"Exported record {record.id} to {path}",
                                                15000)

    def _start_pdf_job(self, paper: PaperRecord, path: Path) -> None:
        """The app's PDF writer: the worker process, with a progress dialog and Cancel;
        ExportError at once if the target cannot be written."""
        from cspr_desktop.printing.pdf import PageDecor
        from cspr_desktop.printing.pdf_job import ExportProgress, PdfJob

        job = PdfJob(paper.html, path, PageDecor.of(paper), self.window)
        progress = ExportProgress(job, self.window)
        job.finished.connect(lambda problem: self._pdf_finished(job, problem))
        progress.canceled.connect(lambda: self.window.statusBar().showMessage(
            f"Export of record {paper.page.record_id} cancelled; nothing was written.", 10000))
        try:
            job.start()
        except ExportError:
            progress.canceled.disconnect()
            progress.close()
            raise
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

    def print_record(self) -> None:
        """The print preview of the discussion record, painted as the PDF is."""
        from cspr_desktop.core.report.export_json import require_genuine
        from cspr_desktop.printing.pdf import print_preview

        record = self.completed_record()
        if record is None:
            self.window.show_problem("Nothing to print", NOT_READY)
            return
        try:
            require_genuine(record)
            paper = self.exporter().paper(record)
            page = paper.page
            printed = print_preview(paper.html, self.window, record_id=page.record_id,
                                    pack_label=page.checklist, training=page.training,
                                    marking=page.marking, training_mark=page.training_mark)
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

