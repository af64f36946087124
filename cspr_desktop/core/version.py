"""The app's name and version, read from the one place they live: pyproject.toml."""

from __future__ import annotations

import re
from importlib import metadata

from cspr_desktop.core.paths import PACKAGE_DIR

DIST_NAME = "cspr-desktop"


def app_version() -> str:
    """Installed metadata first (wheel, editable, frozen with metadata), else pyproject.toml."""
    try:
        return metadata.version(DIST_NAME)
    except metadata.PackageNotFoundError:
        pass
    pyproject = PACKAGE_DIR.parent / "pyproject.toml"
    if pyproject.is_file():
        match = re.search(r'^version\s*=\s*"([^"]+)"', pyproject.read_text("utf-8"), re.M)
        if match:
            return match.group(1)
    return "unknown"
