"""Small shared widget helpers: labels that are plain text and sized relative to the system font.

Qt style sheets cannot scale fonts relative to the system size, so headings get a font derived
from the application font instead: text follows the user's font-size setting.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

ROLE_SCALE = {"h1": 1.6, "h2": 1.3, "h3": 1.05}
# Qt gives a label no heading role (a custom accessible interface would be needed), so a
# heading says so in its accessible description, which screen readers read after its words.
HEADING_LEVELS = {"h1": 1, "h2": 2}


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
    if role in HEADING_LEVELS:
        label.setAccessibleDescription(f"Heading level {HEADING_LEVELS[role]}")
    return label


class FittingScrollArea(QScrollArea):
    """A scroll area whose content grows to the height its wrapped text needs at this width.

    QScrollArea squeezes content to the viewport when text wraps (height-for-width is not
    used after the first layout), which makes long outcome text overlap. Fitting the content's
    minimum height on every layout change and resize keeps every line readable.

    The vertical scroll bar is always there: appearing and going as an answer changes the
    content's height, it moved the splitter by its width and made the page re-wrap every
    line and jump sideways under the reader's eyes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        content = self.widget()
        if content is None:
            return
        layout = content.layout()
        width = self.viewport().width()
        if layout is not None and layout.hasHeightForWidth() and width > 0:
            content.setMinimumHeight(layout.totalHeightForWidth(width))


class LinkButton(QPushButton):
    """A link-styled button whose text wraps, for long question texts in lists of links.

    A plain QPushButton never wraps, so one long question would widen the whole panel. The
    text lives in a wrapped, mouse-transparent label; the button keeps focus, Space/Enter,
    clicks and its accessible name.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "link")
        self.setAccessibleName(text)
        self.label = text_label(text, "link-text")  # colour from the theme's style sheet
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.inner = QVBoxLayout(self)
        self.inner.setContentsMargins(2, 2, 2, 2)
        self.inner.addWidget(self.label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:
        return self.label.text()

    def sizeHint(self) -> QSize:
        return self.inner.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.inner.minimumSize()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.inner.totalHeightForWidth(width)


def press_focused_button(window: QWidget, event: QKeyEvent) -> bool:
    """Enter presses the focused button, as it does in dialogs: outside a dialog Qt's buttons
    pass Enter up to the window unless they are auto-default. True if it did."""
    focused = QApplication.focusWidget()
    if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and isinstance(focused, QPushButton) and focused.isEnabled()
            and focused.window() is window):
        event.accept()
        focused.click()
        return True
    return False
