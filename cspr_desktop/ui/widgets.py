"""Small shared widget helpers: labels that are plain text and sized relative to the system font.

Qt style sheets cannot scale fonts relative to the system size, so headings get a font derived
from the application font instead: text follows the user's font-size setting.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

ROLE_SCALE = {"h1": 1.6, "h2": 1.3, "h3": 1.05}


def apply_role(widget: QWidget, role: str) -> None:
    """Tag a widget for the style sheet and, for headings, scale its font from the app font."""
    widget.setProperty("role", role)
    scale = ROLE_SCALE.get(role)
    if scale:
        font = QApplication.font()
        size = font.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * scale)
        font.setBold(True)
        widget.setFont(font)


def text_label(text: str, role: str = "", selectable: bool = False, wrap: bool = True) -> QLabel:
    """A label that shows text as text (never markup), optionally selectable by mouse."""
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        apply_role(label, role)
    return label
