"""Render the app icon's PNG, ICO (Windows) and ICNS (macOS) from its SVG, with Qt alone.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py

The SVG (resources/icons/cspr-desktop.svg) is the source. The PNG sits beside it (the window
and the Linux desktop entry use it); the ICO and ICNS, needed only to build the Windows and macOS
executables, sit here in packaging/. All are committed, so a build needs nothing but PyInstaller.
Run this again after changing the drawing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
ICONS = HERE.parent / "resources" / "icons"
NAME = "cspr-desktop"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage writers need the app
    renderer = QSvgRenderer(str(ICONS / f"{NAME}.svg"))
    if not renderer.isValid():
        print("the SVG icon could not be read", file=sys.stderr)
        return 1
    ok = render(renderer, 256).save(str(ICONS / f"{NAME}.png"))
    ok &= render(renderer, 256).save(str(HERE / f"{NAME}.ico"), "ICO")
    ok &= render(renderer, 512).save(str(HERE / f"{NAME}.icns"), "ICNS")
    print("written" if ok else "some icon files could not be written")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
