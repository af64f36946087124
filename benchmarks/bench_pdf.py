"""Time to export the PDF of a full discussion record, beside Qt printing the same HTML alone.

- ours: `ui.pdf.write_paper`, as the command line and the self-test export it — lay out, keep
  rows and headings together, paint every page with its header, footer and marking, and write
  the file beside the target then rename it.
- baseline: `QTextDocument.print_` of the same HTML to a `QPdfWriter` (A4, 300 dpi), with no
  custom painting.

The record is the bruising scenario `bnm-cheek-bruise-3-months`, signed, with a full fictional
strategy discussion and an addendum (`tests/recordkit.py`). The two are alternated in one run;
each figure is the median of the runs.

`python -m benchmarks.bench_pdf --sample OUT.pdf` writes that record's PDF (for screenshots).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RUNS = 5


def _sample() -> Any:
    """The full record as the PDF writer is given it (`export_pipeline.PaperRecord`)."""
    sys.path.insert(0, str(REPO / "tests"))
    from recordkit import full_record  # type: ignore[import-not-found]

    from cspr_desktop.core.report.export_pipeline import paper_record
    from cspr_desktop.core.version import app_version

    folder = Path(tempfile.mkdtemp(prefix="cspr-bench-"))
    record, loaded, overlay = full_record(folder)
    return paper_record(record, loaded, overlay, app_version())


def _app() -> Any:
    from cspr_desktop.core.demo_record import draw_offscreen

    draw_offscreen()
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["bench"])


def _ours(paper: Any, path: Path) -> float:
    from cspr_desktop.printing.pdf import write_paper

    start = time.perf_counter()
    write_paper(paper, path)
    return time.perf_counter() - start


def _qt_alone(html: str, path: Path) -> float:
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    start = time.perf_counter()
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    doc = QTextDocument()
    doc.setHtml(html)
    doc.print_(writer)
    del writer
    return time.perf_counter() - start


def run(runs: int = RUNS) -> dict[str, Any]:
    app = _app()
    from pypdf import PdfReader

    from cspr_desktop.printing.pdf import document_font_family

    document_font_family()  # registering the fonts is a one-off per process
    paper = _sample()
    ours, alone = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for index in range(runs + 1):  # the first round warms caches and is dropped
            mine = _ours(paper, Path(tmp) / "ours.pdf")
            base = _qt_alone(paper.html, Path(tmp) / "qt.pdf")
            if index:
                ours.append(mine)
                alone.append(base)
        pages = len(PdfReader(Path(tmp) / "ours.pdf").pages)
        qt_pages = len(PdfReader(Path(tmp) / "qt.pdf").pages)
    del app
    ours_ms = statistics.median(ours) * 1000
    alone_ms = statistics.median(alone) * 1000
    return {
        "pdf_export_ratio": {
            "value": round(ours_ms / alone_ms, 2),
            "unit": "ratio",
            "baseline": round(alone_ms, 1),
            "ratio": round(ours_ms / alone_ms, 2),
            "goal": None,
            "ours_ms": round(ours_ms, 1),
            "qt_print_ms": round(alone_ms, 1),
            "pages": pages,
            "qt_pages": qt_pages,
            "runs": runs,
        }
    }


def write_sample(out: Path) -> None:
    """Write the benchmark's record as a PDF, e.g. for the screenshots in docs/."""
    app = _app()
    from cspr_desktop.printing.pdf import write_paper

    write_paper(_sample(), out)
    del app


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--sample":
        write_sample(Path(sys.argv[2]))
    else:
        print(run())
