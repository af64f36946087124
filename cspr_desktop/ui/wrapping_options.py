"""Radio buttons and checkboxes whose words wrap, so a long option never widens the page.

Qt draws an option's text on one line, so a long option ("Permanently excluded, moved to
alternative provision...") set the width of the whole section: at 150% text it ran off the
side, and the page scrolled sideways. Here the words are a wrapped, mouse-transparent label
beside the indicator: the whole option stays one button (one tab stop, Space toggles, a click
anywhere on it counts) with its accessible name, and it takes the height its lines need.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QHBoxLayout,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QWidget,
)

from cspr_desktop.ui.widgets import text_label


def _wrap(button: QAbstractButton, text: str, indicator: QStyle.PixelMetric,
          spacing: QStyle.PixelMetric) -> QHBoxLayout:
    """Move the button's words into a wrapped label laid out beside its indicator."""
    button.setText("")
    label = text_label(text)
    label.setObjectName("option-text")
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    label.setAccessibleName(text)
    style = button.style()
    inset = style.pixelMetric(indicator, None, button) + style.pixelMetric(spacing, None, button)
    layout = QHBoxLayout(button)
    layout.setContentsMargins(inset + 2, 1, 0, 1)
    layout.addWidget(label)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    button.setSizePolicy(policy)
    button.setProperty("wrapped_text", text)
    return layout


class WrappingRadioButton(QRadioButton):
    """A radio button whose words wrap (see the module's docstring)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inner = _wrap(self, text, QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
                           QStyle.PixelMetric.PM_RadioButtonLabelSpacing)

    def text(self) -> str:
        return str(self.property("wrapped_text"))

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)

    def sizeHint(self) -> QSize:
        return self.inner.sizeHint().expandedTo(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self.inner.minimumSize().expandedTo(super().minimumSizeHint())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.inner.totalHeightForWidth(width), super().sizeHint().height())


class WrappingCheckBox(QCheckBox):
    """A checkbox whose words wrap (see the module's docstring)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inner = _wrap(self, text, QStyle.PixelMetric.PM_IndicatorWidth,
                           QStyle.PixelMetric.PM_CheckBoxLabelSpacing)

    def text(self) -> str:
        return str(self.property("wrapped_text"))

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)

    def sizeHint(self) -> QSize:
        return self.inner.sizeHint().expandedTo(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self.inner.minimumSize().expandedTo(super().minimumSizeHint())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.inner.totalHeightForWidth(width), super().sizeHint().height())
