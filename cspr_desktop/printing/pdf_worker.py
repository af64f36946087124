"""The PDF export's worker process: lays out and paints a record's PDF away from the window.

Qt's text layout holds Python's global lock for the whole of each call, and one call can lay
out hundreds of pages, so a thread would still freeze the window; a process cannot. The window
(`ui.pdf_job`) starts this with `python -m cspr_desktop.printing.pdf_worker` (the frozen app:
`cspr-desktop --pdf-worker`) and talks to it through pipes only, so the record's text is never
written anywhere but the PDF itself:

- stdin: one line of JSON (`out`: the temporary file to paint into, `record_id`, `pack_label`,
  `training`, `marking`, `training_mark`, `properties`: the file's title, author and dates, or
  null), then the record's HTML for paper, UTF-8, to the end;
- stdout: `layout`, then `page I N` after each page, then `done`; or `error MESSAGE`, exit 1.

Cancel is the window ending this process; it then removes the temporary file.
"""

from __future__ import annotations

import json
import os
import sys
from typing import BinaryIO

from cspr_desktop.core.exports import ExportError
from cspr_desktop.core.report.doc_properties import DocumentProperties

EXIT_BAD_INPUT = 2


def _streams() -> tuple[BinaryIO, BinaryIO]:
    """Standard input and output as bytes (a windowed app may have no sys.stdin objects)."""
    stdin = sys.stdin.buffer if sys.stdin is not None else os.fdopen(0, "rb", closefd=False)
    stdout = sys.stdout.buffer if sys.stdout is not None else os.fdopen(1, "wb", closefd=False)
    return stdin, stdout


def main() -> int:
    stdin, stdout = _streams()

    def say(line: str) -> None:
        stdout.write(line.encode("utf-8") + b"\n")
        stdout.flush()

    try:
        header = json.loads(stdin.readline().decode("utf-8"))
        html = stdin.read().decode("utf-8")
        out, record_id, label = header["out"], header["record_id"], header["pack_label"]
        training = bool(header["training"])
        marking, training_mark = str(header["marking"]), str(header["training_mark"])
        given = header.get("properties")
        properties = DocumentProperties.from_json(given) if given is not None else None
    except (ValueError, KeyError, TypeError, AttributeError):
        say("error The export could not be started. Try again; if it keeps failing, restart "
            "the app.")
        return EXIT_BAD_INPUT
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # nothing is shown: no display, no dock icon
    from pathlib import Path

    from PySide6.QtGui import QGuiApplication

    from cspr_desktop.core.report.plain_text import clean_text
    from cspr_desktop.printing.pdf import PageDecor, write_pdf

    app = QGuiApplication(["cspr-pdf"])  # noqa: F841 - fonts and layout need it
    decor = PageDecor(clean_text(record_id), clean_text(label), training, properties,
                      clean_text(marking), clean_text(training_mark))

    def progress(done: int, pages: int) -> None:
        say(f"page {done} {pages}" if pages else "layout")

    try:
        write_pdf(html, Path(out), decor, progress)
    except ExportError as exc:
        say(f"error {' '.join(str(exc).split())}")
        return 1
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
