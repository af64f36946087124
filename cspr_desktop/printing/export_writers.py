"""The Qt halves of the export pipeline (`core.export_pipeline`) for callers without a window.

The command line and the self-test paint the PDF in their own process and render the body
map's bitmap for Word with Qt, as the app does; Qt is started headless for the call when no
application is running yet (and offscreen when there is no display), and is imported only
when a PDF or a body-map picture is actually wanted, so HTML and JSON exports never load it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from cspr_desktop.core.records.keys import SigningKey
from cspr_desktop.core.report.export_pipeline import Exporter, PaperRecord
from cspr_desktop.core.rules.overlay import Overlay
from cspr_desktop.core.rules.pack_head import LoadedPack


def use_offscreen_without_display() -> None:
    """On Linux with no display, draw offscreen (a headless server, CI): Qt would refuse."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@contextmanager
def _qt() -> Iterator[None]:
    """A QGuiApplication for the call (fonts, layout, SVG), unless one is running already;
    one started here is shut down afterwards, so the caller may start its own kind later."""
    use_offscreen_without_display()
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        yield
        return
    app = QGuiApplication(["cspr"])
    try:
        yield
    finally:
        app.shutdown()


def pdf_here(paper: PaperRecord, path: Path) -> None:
    """The PDF painted in this process (no worker, no window)."""
    with _qt():
        from cspr_desktop.printing.pdf import write_paper

        write_paper(paper, path)


def body_map_png_here(svg: str) -> bytes | None:
    """The body map as PNG bytes for Word; None when there is none (Qt is not started)."""
    if not svg:
        return None
    with _qt():
        from cspr_desktop.printing.body_map_png import svg_to_png

        return svg_to_png(svg)


def exporter_here(loaded_pack: LoadedPack | None, overlay: Overlay | None,
                  signing_key: Callable[[], SigningKey], now: Callable[[], datetime],
                  app_version: str = "") -> Exporter:
    """The pipeline with its Qt writers working in this process."""
    return Exporter(loaded_pack, overlay, signing_key, now, pdf_here, body_map_png_here,
                    app_version)
