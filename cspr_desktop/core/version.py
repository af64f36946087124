"""The app's name and version, read from the one place they live: pyproject.toml."""

from __future__ import annotations

import re
from functools import cache

from cspr_desktop.core.paths import PACKAGE_DIR

DIST_NAME = "cspr-desktop"


@cache
def app_version() -> str:
    """pyproject.toml beside the package (a source checkout, where it is the truth even before
    a reinstall), else the installed metadata (wheel, frozen with metadata). The metadata
    machinery loads only then: it costs start-up time."""
    pyproject = PACKAGE_DIR.parent / "pyproject.toml"
    if pyproject.is_file():
        match = re.search(r'^name\s*=\s*"cspr-desktop"\s*$.*?^version\s*=\s*"([^"]+)"',
                          pyproject.read_text("utf-8"), re.M | re.S)
        if match:
            return match.group(1)
    from importlib import metadata

    try:
        return metadata.version(DIST_NAME)
    except metadata.PackageNotFoundError:
        return "unknown"
