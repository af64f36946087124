"""A record with a megabyte of text exports to PDF without freezing the window.

File → Export is driven in the real window. While the PDF is written (by a worker process),
the window's event loop keeps running: a 10 ms timer on it fires while the worker is still
writing. How long the longest pause is lives in
`python -m benchmarks.pdf_long` (a figure, not an assert: this machine's load varies).
Cancel stops the export and leaves no file behind.
"""

from __future__ import annotations

import itertools
import re
import time
from pathlib import Path

import pytest
from longrecord import MEGABYTE, characters, megabyte_record
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QPushButton,
)
from pytestqt.qtbot import QtBot
from ui_driver import make_window

from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.record_actions import EXPORT_FILTERS

PDF_FILTER = next(text for text, kind in EXPORT_FILTERS.items() if kind == "pdf")
# Before the worker, the window froze for the whole export (1.3–7 s for a megabyte). Now the
# click renders the HTML (about 0.1 s) and the window then never stops for long; the bounds
# leave room for a busy test machine.


def open_long_record(qtbot: QtBot, tmp_path: Path, words: bool = True) -> MainWindow:
    record = megabyte_record(tmp_path / "built", words)
    assert characters(record) >= MEGABYTE
    window = make_window(qtbot, tmp_path / "data")
    window.context.store.save(record)
    window.open_record(record.id)
    assert window.session is not None and window.export_action.isEnabled()
    qtbot.wait(1000)  # the record's own screen lays out its megabyte first
    return window


def export_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), PDF_FILTER))
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, title, text, *_: shown.append((title, text)))
    return shown


def test_a_megabyte_record_exports_while_the_window_keeps_running(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_long_record(qtbot, tmp_path)
    out = tmp_path / "long.pdf"
    shown = export_to(monkeypatch, out)
    ticks: list[float] = []
    running_ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.start()
    started = time.perf_counter()
    window.export_action.trigger()  # renders the HTML here, then hands it to the worker
    returned = time.perf_counter()
    job = window.record_actions.job
    assert job is not None and job.state == "running"

    def tick() -> None:
        ticks.append(time.perf_counter())
        if job.state == "running":
            running_ticks.append(ticks[-1])

    timer.timeout.connect(tick)
    qtbot.waitUntil(lambda: len(running_ticks) >= 3 or job.state != "running", timeout=120_000)
    assert job.state == "running", "the window's loop did not run while the PDF was written"
    qtbot.waitUntil(lambda: job.state != "running", timeout=120_000)
    qtbot.wait(200)  # and a moment after it: reporting the result does not freeze either
    timer.stop()
    during = [b - a for a, b in itertools.pairwise(ticks) if a >= returned]
    print(f"\nPDF of {characters(window.session.record):,} characters: "  # type: ignore[union-attr]
          f"{job.seconds:.2f} s in the worker; the click took {returned - started:.3f} s; then "
          f"{len(during)} ticks, longest gap {max(during) * 1000:.0f} ms")
    assert shown == [] and job.state == "done"
    pages = PdfReader(out).pages
    assert len(pages) > 150
    assert f"Page 1 of {len(pages)}" in " ".join((pages[0].extract_text() or "").split())
    assert f"Exported record {window.session.record.id}" in (  # type: ignore[union-attr]
        window.statusBar().currentMessage())


def test_cancel_stops_the_export_and_leaves_no_file(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_long_record(qtbot, tmp_path, words=False)  # the slowest text to lay out
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "long.pdf"
    shown = export_to(monkeypatch, out)
    window.export_action.trigger()

    def progress() -> QProgressDialog | None:
        found = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QProgressDialog) and w.objectName() == "pdf-progress"]
        return found[0] if found and found[0].isVisible() else None

    qtbot.waitUntil(lambda: progress() is not None, timeout=10_000)
    dialog = progress()
    assert dialog is not None and "Exporting record" in dialog.windowTitle()
    assert re.fullmatch(r"Preparing the PDF…|Laying out the pages…|Writing page \d+ of \d+…",
                        dialog.labelText())
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    job = window.record_actions.job
    assert job is not None
    qtbot.waitUntil(lambda: job.state == "cancelled", timeout=5000)
    qtbot.wait(200)
    assert list(folder.iterdir()) == []  # no PDF, no half-written temporary file
    assert shown == []
    assert "cancelled; nothing was written" in window.statusBar().currentMessage()
    assert job.process.state().name == "NotRunning"


def test_if_the_worker_cannot_start_the_export_still_happens(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken installation without the worker still exports (in the app, as before)."""
    from cspr_desktop.printing import pdf_job

    monkeypatch.setattr(pdf_job, "worker_command",
                        lambda: (str(tmp_path / "no-such-program"), []))
    window = make_window(qtbot, tmp_path / "data")
    from ui_driver import complete_record

    complete_record(qtbot, window)
    out = tmp_path / "record.pdf"
    shown = export_to(monkeypatch, out)
    window.export_action.trigger()
    qtbot.waitUntil(out.exists, timeout=30_000)
    assert shown == [] and out.read_bytes().startswith(b"%PDF-")
