"""Accessibility: names on every input, contrast, words beside colour, text that scales."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_driver import make_window, start

from cspr_desktop.ui.theme import (
    ERROR_COLOUR,
    LEVEL_STYLES,
    LINK_COLOUR,
    SECONDARY_TEXT,
    TEXT_COLOUR,
)
from cspr_desktop.ui.widgets import text_label

PACKS = ("bruising-non-mobile", "safer-sleep", "extra-familial-harm")
WINDOW_BACKGROUNDS = ("#ffffff", "#efefef")


def luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    q = QColor(colour)
    r, g, b = (channel(v) for v in (q.redF(), q.greenF(), q.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_input_has_an_accessible_name(qtbot: QtBot, tmp_path: Path, pack_id: str) -> None:
    """Screen readers announce every input of every question by name, with its help."""
    window = make_window(qtbot, tmp_path)
    page = start(qtbot, window, pack_id)
    unnamed = []
    for qid, widget in page.widgets.items():
        for control in widget.focus_widgets():
            if not control.accessibleName().strip():
                unnamed.append(f"{qid}:{control.objectName()}")
        if widget.question.help:
            assert widget.focus_widgets()[0].accessibleDescription()
    assert not unnamed
    assert page.child_ref.accessibleName()
    assert page.navigator.accessibleName()


def test_level_colours_meet_contrast_and_never_stand_alone() -> None:
    """Each level has words, a short tag and an icon, and 4.5:1 text contrast on its colour."""
    words = set()
    for name, style in LEVEL_STYLES.items():
        assert contrast(style.foreground, style.background) >= 4.5, name
        assert style.words and style.short
        words.add(style.words)
    assert len(words) == len(LEVEL_STYLES)


def test_text_colours_meet_contrast_on_the_window() -> None:
    """Body text, secondary text, errors and links keep 4.5:1 on the window backgrounds."""
    for background in WINDOW_BACKGROUNDS:
        for colour in (TEXT_COLOUR, SECONDARY_TEXT, ERROR_COLOUR, LINK_COLOUR):
            assert contrast(colour, background) >= 4.5, (colour, background)


def test_headings_follow_the_system_font_size(qtbot: QtBot) -> None:
    """A larger system font makes headings larger too: nothing is fixed in pixels."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.font()
    try:
        small = QFont(original)
        small.setPointSizeF(9)
        app.setFont(small)
        h1_small = text_label("Heading", "h1").font().pointSizeF()
        large = QFont(original)
        large.setPointSizeF(18)
        app.setFont(large)
        h1_large = text_label("Heading", "h1").font().pointSizeF()
    finally:
        app.setFont(original)
    assert h1_large == pytest.approx(2 * h1_small)
    assert h1_small > 9


def test_emergency_is_announced_and_shown_in_words(qtbot: QtBot, tmp_path: Path) -> None:
    """An emergency outcome puts EMERGENCY in words across the page, not only red colour."""
    from ui_driver import answer

    window = make_window(qtbot, tmp_path)
    page = start(qtbot, window, "safer-sleep")
    answer(qtbot, page, "observed_unsafe_now", "yes")
    assert page.emergency.isVisible()
    assert page.emergency.text().startswith("EMERGENCY")
    assert "EMERGENCY" in page.emergency.accessibleName()
    assert "999" in page.panel.banner.words.text()
