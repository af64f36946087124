"""Colours, level badges and the application style sheet.

Every level is shown in words and with an icon as well as a colour, and every text colour
here has at least 4.5:1 contrast on its background. Heading fonts are derived from the
system font (ui.widgets), so text follows the system font size.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from cspr_desktop.core.report.level_words import live_level_words


@dataclass(frozen=True)
class LevelStyle:
    words: str
    short: str
    background: str
    foreground: str
    icon: QStyle.StandardPixmap


LEVEL_STYLES: dict[str, LevelStyle] = {
    "emergency": LevelStyle(live_level_words("emergency"), "EMERGENCY",
                            "#b10e1e", "#ffffff", QStyle.StandardPixmap.SP_MessageBoxCritical),
    "same_day": LevelStyle(live_level_words("same_day"), "SAME DAY", "#f47738", "#0b0c0c",
                           QStyle.StandardPixmap.SP_MessageBoxWarning),
    "prompt": LevelStyle(live_level_words("prompt"), "PROMPT", "#ffdd00", "#0b0c0c",
                         QStyle.StandardPixmap.SP_MessageBoxWarning),
    "routine": LevelStyle(live_level_words("routine"), "ROUTINE", "#00703c", "#ffffff",
                          QStyle.StandardPixmap.SP_MessageBoxInformation),
    "too_early": LevelStyle(live_level_words("too_early"),
                            "NOT YET", "#505a5f", "#ffffff",
                            QStyle.StandardPixmap.SP_MessageBoxQuestion),
    "none": LevelStyle(live_level_words("none"), "NONE YET", "#505a5f",
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
QFrame[role="question"] {{ border: 0px solid transparent; border-left: 4px solid transparent;
    padding-left: 6px; }}
QFrame[role="question"][error="true"] {{ border: 0px solid transparent;
    border-left: 4px solid {ERROR_COLOUR}; }}
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
QLabel[role="link-text"] {{ color: {LINK_COLOUR}; text-decoration: underline; }}
QLabel[role="changed"] {{ background: {FOCUS_COLOUR}; color: #0b0c0c; font-weight: bold;
    border: 2px solid #0b0c0c; padding: 2px 6px; }}
QLabel[role="training-band"] {{ background: {FOCUS_COLOUR}; color: #0b0c0c; font-weight: bold;
    border-top: 6px solid #0b0c0c; border-bottom: 6px solid #0b0c0c; padding: 6px; }}
"""

# High contrast for a projector: white on black, yellow for links, focus and marks. Widgets
# that set their own colours (level banners, outcome tags, the emergency banner) keep them:
# each already pairs its words with a colour at 4.5:1 or better.
HC_TEXT, HC_BACK, HC_ACCENT = "#ffffff", "#000000", "#ffdd00"
HIGH_CONTRAST_STYLE_SHEET = STYLE_SHEET + f"""
QWidget {{ color: {HC_TEXT}; }}
QLabel[role="secondary"] {{ color: {HC_TEXT}; }}
QLabel[role="error"] {{ color: {HC_ACCENT}; }}
QFrame[role="card"] {{ border: 2px solid {HC_TEXT}; background: {HC_BACK}; }}
QFrame[role="banner"] {{ border: 2px solid {HC_TEXT}; }}
QPushButton {{ background: {HC_BACK}; color: {HC_TEXT}; border: 2px solid {HC_TEXT}; }}
QPushButton[role="primary"] {{ background: {HC_TEXT}; color: {HC_BACK}; }}
QPushButton[role="link"] {{ color: {HC_ACCENT}; background: transparent; border: none; }}
QLineEdit, QPlainTextEdit, QListWidget, QTreeWidget, QTableView {{ background: {HC_BACK};
    color: {HC_TEXT}; border: 2px solid {HC_TEXT}; }}
QListWidget::item:selected, QTreeWidget::item:selected {{ background: {HC_ACCENT};
    color: {HC_BACK}; }}
QMenuBar, QMenu, QStatusBar {{ background: {HC_BACK}; color: {HC_TEXT}; }}
QMenuBar::item:selected, QMenu::item:selected {{ background: {HC_ACCENT}; color: {HC_BACK}; }}
QLabel[role="changed"], QLabel[role="training-band"] {{ color: {HC_BACK}; }}
QLabel[role="link-text"] {{ color: {HC_ACCENT}; }}
QAbstractScrollArea, QAbstractScrollArea > QWidget > QWidget {{ background: {HC_BACK}; }}
QCheckBox:focus, QRadioButton:focus {{ color: {HC_BACK}; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: 14px; height: 14px;
    border: 2px solid {HC_TEXT}; background: {HC_BACK}; }}
QRadioButton::indicator {{ border-radius: 9px; }}
QCheckBox::indicator:checked, QRadioButton::indicator:checked {{ background: {HC_ACCENT};
    border: 4px solid {HC_TEXT}; width: 10px; height: 10px; }}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{ border-style: dotted; }}
QScrollBar {{ background: {HC_BACK}; border: 1px solid {HC_TEXT}; }}
QScrollBar::handle {{ background: {HC_TEXT}; min-height: 24px; min-width: 24px; }}
"""


def high_contrast_palette() -> QPalette:
    """White on black with yellow highlights, for everything the style sheet leaves alone."""
    palette = QPalette()
    black, white, yellow = QColor(HC_BACK), QColor(HC_TEXT), QColor(HC_ACCENT)
    roles = QPalette.ColorRole
    for role in (roles.Window, roles.Base, roles.AlternateBase, roles.Button, roles.ToolTipBase):
        palette.setColor(role, black)
    for role in (roles.WindowText, roles.Text, roles.ButtonText, roles.ToolTipText,
                 roles.BrightText, roles.PlaceholderText):
        palette.setColor(role, white)
    palette.setColor(roles.Highlight, yellow)
    palette.setColor(roles.HighlightedText, black)
    palette.setColor(roles.Link, yellow)
    return palette


_USUAL: list[QPalette] = []  # the app's palette before high contrast first replaced it


def usual_palette() -> QPalette:
    """The palette the app had before high contrast (the system's, not Qt's built-in one)."""
    if _USUAL:
        return QPalette(_USUAL[0])
    app = QApplication.instance()
    return app.style().standardPalette() if isinstance(app, QApplication) else QPalette()


def apply_theme(high_contrast: bool, extra: str = "") -> None:
    """Switch the whole app between the usual theme and high contrast; `extra` rules (the
    presenter's font sizes) go last so they win.

    The palette changes before the style sheet: polishing under a style sheet fixes each
    widget's palette from the application's palette of the moment, so the other order left
    widgets black on the way back from high contrast."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if not _USUAL and app.palette().color(QPalette.ColorRole.Window) != QColor(HC_BACK):
        _USUAL.append(QPalette(app.palette()))
    app.setPalette(high_contrast_palette() if high_contrast else usual_palette())
    app.setStyleSheet((HIGH_CONTRAST_STYLE_SHEET if high_contrast else STYLE_SHEET) + extra)
