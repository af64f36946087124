"""The TRAINING band across every training screen. Its own small module: the main window
makes one at start-up, before anything of training is loaded."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from cspr_desktop.core.report.plain_text import TRAINING_MARK

BAND_SCALE = 1.4  # the presenter's zoom keeps this proportion


def training_band() -> QLabel:
    """The band across every training screen: the words themselves, black on yellow between
    thick black rules, so it reads in any theme and on a washed-out projector."""
    band = QLabel(TRAINING_MARK)
    band.setObjectName("training-band")
    band.setProperty("role", "training-band")
    band.setAlignment(Qt.AlignmentFlag.AlignCenter)
    band.setAccessibleName(f"{TRAINING_MARK}: nothing here is a real child or family")
    font = QApplication.font()
    font.setPointSizeF(max(font.pointSizeF(), 8.0) * BAND_SCALE)
    font.setBold(True)
    band.setFont(font)
    return band
