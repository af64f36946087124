"""The PDF export of the longest records, and whether the window keeps running meanwhile.

    python -m benchmarks.pdf_long        (QT_QPA_PLATFORM=offscreen without a display)

For each record of `tests/longrecord.py` (a megabyte of text; every free-text field at its
limit), as prose and as unbroken runs (the slowest text to lay out), it prints:

- worker: the export as the app runs it (`ui.pdf_job`, a worker process), start to file in
  place, and the longest gap between two ticks of a 10 ms timer on this event loop meanwhile;
- in-process: the same export on the UI thread (`ui.pdf.write_paper`), as before the worker:
  the window would be frozen for all of it.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _in_worker(html: str, path: Path, decor: object) -> tuple[float, float, int]:
    """(seconds, longest gap between 10 ms ticks in seconds, pages) of the app's export."""
    from PySide6.QtCore import QEventLoop, QTimer

    from cspr_desktop.printing.pdf_job import PdfJob

    job = PdfJob(html, path, decor)  # type: ignore[arg-type]
    pages = [0]
    job.progressed.connect(lambda _done, total: pages.__setitem__(0, total or pages[0]))
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    job.finished.connect(lambda _problem: loop.quit())
    timer.start()
    job.start()
    loop.exec()
    timer.stop()
    return job.seconds, max(b - a for a, b in itertools.pairwise(ticks)), pages[0]


def main() -> None:
    from cspr_desktop.core.demo_record import draw_offscreen

    draw_offscreen()
    sys.path.insert(0, str(REPO / "tests"))
    from longrecord import (  # type: ignore[import-not-found]
        characters,
        maximum_record,
        megabyte_record,
    )
    from PySide6.QtWidgets import QApplication

    from cspr_desktop.core.report.export_pipeline import paper_record
    from cspr_desktop.core.rules.registry import load_registry
    from cspr_desktop.printing.pdf import PageDecor, write_paper

    app = QApplication.instance() or QApplication(["bench"])  # noqa: F841 - Qt needs it
    registry = load_registry(REPO / "rules")
    folder = Path(tempfile.mkdtemp(prefix="cspr-pdf-long-"))
    for name, build in (("megabyte", megabyte_record), ("maximum", maximum_record)):
        for words in (True, False):
            record = build(folder / f"{name}-{words}", words)
            paper = paper_record(record, registry.for_record(record), None, "bench")
            seconds, gap, pages = _in_worker(paper.html, folder / f"{name}-{words}.pdf",
                                             PageDecor.of(paper))
            started = time.perf_counter()
            write_paper(paper, folder / f"{name}-{words}-here.pdf")
            here = time.perf_counter() - started
            text = "prose" if words else "unbroken"
            print(f"{name:8} {text:8} {characters(record):>9,} characters {pages:>4} pages: "
                  f"worker {seconds:5.2f} s, longest gap {gap * 1000:4.0f} ms; "
                  f"in-process {here:5.2f} s frozen")


if __name__ == "__main__":
    main()
