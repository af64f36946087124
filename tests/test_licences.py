"""The app's licence and the third-party notices: present, complete, shipped, and reachable
from Help → About."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from cspr_desktop.core.paths import bundled_file
from cspr_desktop.ui.dialogs import AboutDialog, LicencesDialog, licences_text

REPO = Path(__file__).resolve().parent.parent
NOTICES = REPO / "THIRD-PARTY-NOTICES.txt"


def notices_module() -> object:
    spec = importlib.util.spec_from_file_location(
        "third_party_notices", REPO / "packaging" / "third_party_notices.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_licence_is_mit_as_pyproject_says() -> None:
    text = (REPO / "LICENSE").read_text("utf-8")
    assert text.startswith("MIT License")
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["license"] == {"text": "MIT"}


def test_the_notices_name_every_bundled_library_with_its_licence() -> None:
    """Every runtime dependency and what it requires, so a new dependency without notices
    fails here (regenerate with packaging/third_party_notices.py)."""
    text = NOTICES.read_text("utf-8")
    names = notices_module().bundled_distributions()  # type: ignore[attr-defined]
    assert {"cryptography", "rfc8785", "pydantic", "Jinja2", "PyYAML", "lxml"} <= set(names)
    for name in names:
        assert re.search(rf"^  - {re.escape(name)} \S+ \(", text, re.M), name
    for needed in ("GNU LESSER GENERAL PUBLIC LICENSE", "Version 3, 29 June 2007",
                   "https://download.qt.io/official_releases/", "DejaVu", "OpenSSL",
                   "PSF"):
        assert needed in text, needed


def test_the_bundle_and_the_wheel_ship_them() -> None:
    spec = (REPO / "build.spec").read_text("utf-8")
    assert '(str(ROOT / "LICENSE"), ".")' in spec
    assert '(str(ROOT / "THIRD-PARTY-NOTICES.txt"), ".")' in spec
    wheel = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["hatch"][
        "build"]["targets"]["wheel"]["force-include"]
    assert wheel["LICENSE"] == "cspr_desktop/_bundled/LICENSE"
    assert bundled_file("THIRD-PARTY-NOTICES.txt") == NOTICES


def test_help_about_opens_the_licences(qtbot: QtBot, tmp_path: Path) -> None:
    about = AboutDialog("0.1.0", [], str(tmp_path), str(tmp_path / "log"), "")
    qtbot.addWidget(about)
    assert "signed with this installation key" in about.text.toPlainText()
    button = about.findChild(QPushButton, "show-licences")
    assert button is not None and button.text() == "&Licences…"
    licences = LicencesDialog(about)
    qtbot.addWidget(licences)
    shown = licences.text.toPlainText()
    assert shown == licences_text()
    assert shown.startswith("MIT License")
    assert "Qt 6 and Qt for Python (PySide6, shiboken6)" in shown
