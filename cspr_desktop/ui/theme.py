"""Colours, level badges and the application style sheet.

Every level is shown in words and with an icon as well as a colour, and every text colour
here has at least 4.5:1 contrast on its background. Heading fonts are derived from the
system font (ui.widgets), so text follows the system font size.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QStyle


@dataclass(frozen=True)
class LevelStyle:
    words: str
    short: str
    background: str
    foreground: str
    icon: QStyle.StandardPixmap


LEVEL_STYLES: dict[str, LevelStyle] = {
    "emergency": LevelStyle("Emergency: immediate danger — call 999 now", "EMERGENCY",
                            "#b10e1e", "#ffffff", QStyle.StandardPixmap.SP_MessageBoxCritical),
    "same_day": LevelStyle("Same day: act today", "SAME DAY", "#f47738", "#0b0c0c",
                           QStyle.StandardPixmap.SP_MessageBoxWarning),
    "prompt": LevelStyle("Prompt: act within days", "PROMPT", "#ffdd00", "#0b0c0c",
                         QStyle.StandardPixmap.SP_MessageBoxWarning),
    "routine": LevelStyle("Routine: advise and record", "ROUTINE", "#00703c", "#ffffff",
                          QStyle.StandardPixmap.SP_MessageBoxInformation),
    "none": LevelStyle("No guidance yet: answer the questions", "NONE YET", "#505a5f",
                       "#ffffff", QStyle.StandardPixmap.SP_MessageBoxQuestion),
}

ERROR_COLOUR = "#b10e1e"
LINK_COLOUR = "#1a5f9e"
FOCUS_COLOUR = "#ffdd00"
TEXT_COLOUR = "#0b0c0c"
SECONDARY_TEXT = "#484949"


def level_style(level: str | None) -> LevelStyle:
    return LEVEL_STYLES.get(level or "none", LEVEL_STYLES["none"])


_ICONS: dict[tuple[str, int], QPixmap] = {}


def level_icon(level: str | None) -> QIcon:
    return QApplication.style().standardIcon(level_style(level).icon)


def level_pixmap(level: str | None, size: int) -> QPixmap:
    """The level's icon at a size, made once: cards are rebuilt often while answering."""
    key = (level or "none", size)
    if key not in _ICONS:
        _ICONS[key] = level_icon(level).pixmap(size, size)
    return _ICONS[key]


STYLE_SHEET = f"""
QWidget {{ color: {TEXT_COLOUR}; }}
QLabel[role="secondary"] {{ color: {SECONDARY_TEXT}; }}
QLabel[role="error"] {{ color: {ERROR_COLOUR}; font-weight: bold; }}
QFrame[role="card"] {{ border: 1px solid #b1b4b6; border-radius: 4px; background: #ffffff; }}
QFrame[role="question"] {{ border-left: 4px solid transparent; padding-left: 6px; }}
QFrame[role="question"][error="true"] {{ border-left: 4px solid {ERROR_COLOUR}; }}
QFrame[role="error-summary"] {{ border: 3px solid {ERROR_COLOUR}; background: #ffffff; }}
QFrame[role="banner"] {{ border: 2px solid #0b0c0c; }}
QPushButton {{ padding: 6px 12px; }}
QPushButton[role="primary"] {{ background: #00703c; color: #ffffff; font-weight: bold;
    border: none; border-radius: 2px; padding: 8px 16px; }}
QPushButton[role="link"] {{ color: {LINK_COLOUR}; text-decoration: underline; border: none;
    background: transparent; padding: 2px; text-align: left; }}
QPushButton:focus {{ background: {FOCUS_COLOUR}; color: #0b0c0c; border: 3px solid #0b0c0c;
    padding: 3px 9px; }}
QPushButton[role="primary"]:focus {{ padding: 5px 13px; }}
QPushButton[role="link"]:focus {{ border: none; padding: 2px; background: {FOCUS_COLOUR};
    color: #0b0c0c; }}
QRadioButton:focus, QCheckBox:focus {{ background: {FOCUS_COLOUR}; }}
QLineEdit:focus, QPlainTextEdit:focus, QListWidget:focus, QTableView:focus,
QTreeWidget:focus {{ border: 3px solid #0b0c0c; }}
QFrame[role="error-summary"]:focus {{ border: 4px solid #0b0c0c; }}
"""
