"""Unexpected errors: a dialog with details to copy, the full log, and no answers in it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cspr_desktop.ui import app as app_module
from cspr_desktop.ui.dialogs import CrashDialog


def test_unexpected_exception_is_logged_and_shown(qtbot: QtBot, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The crash handler writes the traceback to the log and opens the details dialog."""
    log_file = app_module.setup_logging(tmp_path / "logs")
    shown: list[str] = []
    monkeypatch.setattr(CrashDialog, "exec",
                        lambda self: shown.append(self.details.toPlainText()) or 0)
    previous = sys.excepthook
    try:
        app_module.install_crash_handler(log_file)
        try:
            raise RuntimeError("boom in a test")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    for handler in app_module.log.handlers:
        handler.flush()
    logged = log_file.read_text("utf-8")
    assert "RuntimeError: boom in a test" in logged
    assert shown and "boom in a test" in shown[0]


def test_copy_details_puts_them_on_the_clipboard(qtbot: QtBot) -> None:
    """Copy Details copies the whole text for the IT team."""
    dialog = CrashDialog("Traceback: details here", "log.txt")
    qtbot.addWidget(dialog)
    dialog.copy.click()
    assert QApplication.clipboard().text() == "Traceback: details here"
    assert dialog.copy.text() == "Copied"
