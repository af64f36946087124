"""Fixtures shared by the screen tests."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from ui_driver import Heard

from cspr_desktop.ui import announcing


@pytest.fixture
def heard(monkeypatch: pytest.MonkeyPatch) -> Heard:
    """What the app announces to screen readers, recorded; Qt's own announce still runs."""
    said: Heard = []
    real = announcing.announce

    def record(widget: QWidget, message: str, urgent: bool = False) -> None:
        said.append((widget, message, urgent))
        real(widget, message, urgent)

    monkeypatch.setattr(announcing, "announce", record)
    return said
