"""Find bundled rules and resources from a source checkout, an installed wheel or a frozen app."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _base_candidates() -> list[Path]:
    frozen = getattr(sys, "_MEIPASS", None)
    bases = []
    if frozen:
        bases.append(Path(frozen))
    bases.append(PACKAGE_DIR.parent)  # source checkout: the repository root
    bases.append(PACKAGE_DIR / "_bundled")  # installed wheel
    return bases


def _find(name: str) -> Path:
    for base in _base_candidates():
        candidate = base / name
        if candidate.is_dir():
            return candidate
    return _base_candidates()[0] / name


def rules_dir() -> Path:
    """The rules folder: $CSPR_RULES_DIR if set, else the bundled one."""
    override = os.environ.get("CSPR_RULES_DIR")
    return Path(override) if override else _find("rules")


def resources_dir() -> Path:
    """The folder of templates, drawings, fonts and icons."""
    return _find("resources")


def bundled_file(name: str) -> Path:
    """A file shipped at the top of the app (LICENSE, THIRD-PARTY-NOTICES.txt)."""
    for base in _base_candidates():
        if (base / name).is_file():
            return base / name
    return _base_candidates()[0] / name


APP_NAME = "cspr-desktop"


def data_dir(override: Path | None = None) -> Path:
    """Where records live: --data-dir, else $CSPR_DATA_DIR, else the user's data folder."""
    if override is not None:
        return override
    env = os.environ.get("CSPR_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir(data: Path | None = None) -> Path:
    """Where the log goes: beside an overridden data folder, else the user's log folder."""
    if data is not None or os.environ.get("CSPR_DATA_DIR"):
        return data_dir(data) / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
