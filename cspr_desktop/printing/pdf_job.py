"""A PDF export that never freezes the window: a worker process, progress, and Cancel.

Laying out a long record (a megabyte of text is some 300 pages) takes seconds, and Qt's layout
holds Python's lock throughout, so the work runs in another process (`ui.pdf_worker`) and the
window only reads its progress. The PDF is painted into a temporary file beside the target and
moved into place only when complete: a cancelled or failed export leaves no file behind and
never replaces an earlier one. Should the worker not start at all (a broken installation), the
export runs here instead, as before, so it still works.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from cspr_desktop.core.exports import (
    ExportError,
    discard,
    move_into_place,
    new_temporary_beside,
)
from cspr_desktop.core.paths import PACKAGE_DIR
from cspr_desktop.printing.pdf import PageDecor, write_pdf

log = logging.getLogger("cspr_desktop.pdf")


def worker_command() -> tuple[str, list[str]]:
    """How to start the worker: the frozen app runs itself, a source install its module."""
    if getattr(sys, "frozen", False):
        return sys.executable, ["--pdf-worker"]
    return sys.executable, ["-m", "cspr_desktop.printing.pdf_worker"]


class PdfJob(QObject):
    """One PDF export in a worker process."""

    progressed = Signal(int, int)  # pages painted, pages; (0, 0) while laying out
    finished = Signal(str)  # "" once the PDF is in place, else what went wrong, in words

    def __init__(self, html: str, path: Path, decor: PageDecor,
                 parent: QObject | None = None, fallback: bool = True) -> None:
        """`fallback`: if the worker cannot run, export here instead (the self-test says no,
        to check the worker itself)."""
        super().__init__(parent)
        self.html, self.path, self.decor = html, path, decor
        self.fallback = fallback
        self.temp: Path | None = None
        self.seconds = 0.0  # how long the export took, once finished
        self.state = "new"  # new, running, done, failed, cancelled
        self._started = 0.0
        self._buffer = b""
        self._error = ""
        self._done = False
        self.process = QProcess(self)
        self.process.readyReadStandardOutput.connect(self._on_output)
        self.process.finished.connect(self._on_finished)
        self.process.errorOccurred.connect(self._on_error)

    def start(self) -> None:
        """Start the export; ExportError at once if the target cannot be written."""
        self.temp = new_temporary_beside(self.path)
        self._started = time.perf_counter()
        self.state = "running"
        program, arguments = worker_command()
        environment = QProcessEnvironment.systemEnvironment()
        if not getattr(sys, "frozen", False):  # the worker imports this very copy of the app
            paths = [str(PACKAGE_DIR.parent), environment.value("PYTHONPATH")]
            environment.insert("PYTHONPATH", os.pathsep.join(p for p in paths if p))
        self.process.setProcessEnvironment(environment)
        self.process.start(program, arguments)
        properties = self.decor.properties
        header = {"out": str(self.temp), "record_id": self.decor.record_id,
                  "pack_label": self.decor.pack_label, "training": self.decor.training,
                  "marking": self.decor.marking, "training_mark": self.decor.training_mark,
                  "properties": properties.to_json() if properties is not None else None}
        self.process.write(json.dumps(header).encode("utf-8") + b"\n"
                           + self.html.encode("utf-8"))
        self.process.closeWriteChannel()

    def cancel(self) -> None:
        """Stop the worker and remove its unfinished file; the target is left as it was."""
        if self.state != "running":
            return
        self.state = "cancelled"
        self.process.kill()
        self.process.waitForFinished(3000)
        self._discard()

    # -- the worker's messages ---------------------------------------------------------------
    def _on_output(self) -> None:
        self._buffer += bytes(self.process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for raw in lines:
            line = raw.decode("utf-8", "replace").strip()
            if line == "layout":
                self.progressed.emit(0, 0)
            elif line.startswith("page "):
                done, _, pages = line[5:].partition(" ")
                if done.isdigit() and pages.isdigit():
                    self.progressed.emit(int(done), int(pages))
            elif line == "done":
                self._done = True
            elif line.startswith("error "):
                self._error = line[6:]

    def _on_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        if self.state != "running":
            return
        self._on_output()
        if self._done and code == 0 and status == QProcess.ExitStatus.NormalExit:
            self._finish("")
        elif self._error:
            self._finish(self._error)
        else:
            log.warning("The PDF worker stopped (exit %s); exporting in the app instead", code)
            self._run_here()

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if self.state == "running" and error == QProcess.ProcessError.FailedToStart:
            log.warning("The PDF worker could not start; exporting in the app instead")
            self._run_here()

    def _run_here(self) -> None:
        """The fallback: the same export in this process (it blocks while it runs)."""
        assert self.temp is not None
        if not self.fallback:
            self._finish("The PDF worker did not run.")
            return
        try:
            write_pdf(self.html, self.temp, self.decor, self.progressed.emit)
        except ExportError as exc:
            self._finish(str(exc))
            return
        self._finish("")

    def _finish(self, problem: str) -> None:
        assert self.temp is not None
        if not problem:
            try:
                move_into_place(self.temp, self.path)
            except ExportError as exc:
                problem = str(exc)
        self._discard()
        self.state = "failed" if problem else "done"
        self.seconds = time.perf_counter() - self._started
        self.finished.emit(problem)

    def _discard(self) -> None:
        if self.temp is not None:
            discard(self.temp)


class ExportProgress(QProgressDialog):
    """'Writing the PDF': what is happening, how far it is, and Cancel."""

    def __init__(self, job: PdfJob, parent: QWidget) -> None:
        super().__init__("Preparing the PDF…", "Cancel", 0, 0, parent)
        self.setObjectName("pdf-progress")
        self.setWindowTitle(f"Exporting record {job.decor.record_id}")
        self.setWindowModality(Qt.WindowModality.NonModal)  # work can go on meanwhile
        # Taking the focus would repaint the whole window as inactive (slow for a long record)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(300)  # quick exports finish before it would flash up
        self.setMinimumWidth(420)
        self.job = job
        self.canceled.connect(job.cancel)
        job.progressed.connect(self._on_progress)
        job.finished.connect(self._on_finished)

    def _on_progress(self, done: int, pages: int) -> None:
        if pages == 0:
            self.setLabelText("Laying out the pages…")
            return
        self.setLabelText(f"Writing page {done} of {pages}…")
        self.setMaximum(pages)
        self.setValue(done)

    def _on_finished(self, _problem: str) -> None:
        self.canceled.disconnect(self.job.cancel)
        self.close()
