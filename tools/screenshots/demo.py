"""A real main window on the bundled rules in a throw-away data folder, for screenshots.

Screenshots and benchmarks need the same set-up: offscreen Qt, the app style, a store in a
temporary folder, a fixed clock and the Northbridge example overlay. One place builds it.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from cspr_desktop.core.demo_record import demo_context, draw_offscreen
from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.theme import STYLE_SHEET

SIZE = (1366, 860)


@contextmanager
def demo_window(now: datetime, overlay: str = "example-partnership") -> Iterator[MainWindow]:
    """A shown MainWindow at a fixed time, its store in a temporary folder removed afterwards."""
    draw_offscreen()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyleSheet(STYLE_SHEET)
    with tempfile.TemporaryDirectory() as tmp:
        context = demo_context(Path(tmp), now, app_version="screens")
        context.choose_overlay(overlay)
        window = MainWindow(context)
        window.resize(*SIZE)
        window.show()
        try:
            yield window
        finally:
            window.close()
            context.store.close()


def save_png(widget: QWidget, path: Path) -> None:
    """Grab the widget once deferred layout and deletions have settled, as the event loop would."""
    for _ in range(3):
        QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path))
    print(f"wrote {path}")
