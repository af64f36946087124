"""Time to export the PDF of a full discussion record, beside Qt printing the same HTML alone.

- ours: `ui.pdf.export_pdf` — lay out, keep rows and headings together, paint every page
  with its header, footer and marking, and write the file beside the target then rename it.
- baseline: `QTextDocument.print_` of the same HTML to a `QPdfWriter` (A4, 300 dpi), with no
  custom painting.

The record is the bruising scenario `bnm-cheek-bruise-3-months`, signed, with a full fictional
strategy discussion and an addendum (`tests/recordkit.py`). The two are alternated in one run;
each figure is the median of the runs.

`python -m benchmarks.bench_pdf --sample OUT.pdf` writes that record's PDF (for screenshots).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RUNS = 5


def _sample() -> tuple[Any, str]:
    """The full record and its HTML."""
    sys.path.insert(0, str(REPO / "tests"))
    from recordkit import full_record  # type: ignore[import-not-found]

    from cspr_desktop.core.report.render import render_html

    folder = Path(tempfile.mkdtemp(prefix="cspr-bench-"))
    record, loaded, overlay = full_record(folder)
    return record, render_html(record, loaded, overlay)


def _app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["bench"])


def _ours(record: Any, html: str, path: Path) -> float:
    from cspr_desktop.core.report.render import pack_label
    from cspr_desktop.printing.pdf import export_pdf

    start = time.perf_counter()
    export_pdf(html, path, record_id=record.id, pack_label=pack_label(record),
               training=record.kind == "training")
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
    record, html = _sample()
    ours, alone = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for index in range(runs + 1):  # the first round warms caches and is dropped
            mine = _ours(record, html, Path(tmp) / "ours.pdf")
            base = _qt_alone(html, Path(tmp) / "qt.pdf")
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
    record, html = _sample()
    from cspr_desktop.core.report.render import pack_label
    from cspr_desktop.printing.pdf import export_pdf

    export_pdf(html, out, record_id=record.id, pack_label=pack_label(record), training=False)
    del app


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--sample":
        write_sample(Path(sys.argv[2]))
    else:
        print(run())
