"""Write THIRD-PARTY-NOTICES.txt: the licence of every library the app bundles, read from the
installed packages, with Qt's LGPL terms and where Qt's and PySide6's source can be had.

    .venv/bin/python packaging/third_party_notices.py      (after changing dependencies; commit it)

The libraries are the runtime dependencies in pyproject.toml and everything they require in
turn (extras and markers that do not apply here left out): what PyInstaller bundles.
Python, OpenSSL (inside cryptography) and the DejaVu fonts are added by hand. A test checks
that every dependency is named in the file and that build.spec ships it.
"""

from __future__ import annotations

import re
import sys
import sysconfig
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "THIRD-PARTY-NOTICES.txt"
COMMON_LICENCES = Path("/usr/share/common-licenses")
NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
RULE = "=" * 78

QT_NOTICE = """\
Qt 6 and Qt for Python (PySide6, shiboken6) — {version}
Copyright (C) The Qt Company Ltd. and other contributors.
Used under the GNU Lesser General Public License version 3 (LGPL-3.0-only); the full text of the
LGPL-3.0 and of the GPL-3.0 it builds on is at the end of this file.

The app uses Qt through PySide6 as shared libraries that sit unmodified beside the app in its
folder (or app bundle): you may replace them with your own build of the same Qt / PySide6
version. The source code of Qt and of Qt for Python is at https://download.qt.io/official_releases/
(qt/6.x/<version>/submodules and QtForPython/pyside6), https://code.qt.io/ and, for the exact
version bundled, on PyPI as the PySide6-Essentials / shiboken6 source distributions
(https://pypi.org/project/PySide6-Essentials/{version}/#files).
"""

OPENSSL_NOTICE = """\
OpenSSL 3 (statically linked inside the cryptography package's Rust extension)
Copyright (c) 1998-2025 The OpenSSL Project Authors. Licensed under the Apache License 2.0 (the
text is in the cryptography section below, LICENSE.APACHE). https://www.openssl.org/source/
"""


def _requirements(name: str) -> list[str]:
    found = []
    for requirement in metadata.requires(name) or []:
        spec, _, marker = requirement.partition(";")
        if "extra" in marker:
            continue
        if marker.strip() and not _marker_applies(marker):
            continue
        match = NAME.match(spec)
        if match:
            found.append(match.group(1))
    return found


def _marker_applies(marker: str) -> bool:
    """Enough of PEP 508 for the markers our dependencies use (implementation, version)."""
    marker = marker.strip()
    if "platform_python_implementation" in marker or "implementation_name" in marker:
        return "PyPy" not in marker or "!=" in marker
    if "python_full_version" in marker or "python_version" in marker:
        return False  # only ever "< 3.11" back-ports here; the app needs 3.11
    if "platform_system" in marker or "sys_platform" in marker:
        return sys.platform.startswith("win") == ("Windows" in marker or "win32" in marker)
    return True


def bundled_distributions() -> list[str]:
    """pyproject.toml's runtime dependencies and what they require, sorted by name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    pending = [m.group(1) for d in project["dependencies"] if (m := NAME.match(d))]
    seen: dict[str, str] = {}
    while pending:
        name = pending.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        dist = metadata.distribution(name)
        seen[key] = dist.metadata["Name"]
        pending += _requirements(name)
    return sorted(seen.values(), key=str.lower)


def _licence_texts(name: str) -> list[tuple[str, str]]:
    dist = metadata.distribution(name)
    texts = []
    for file in dist.files or []:
        base = Path(str(file)).name.upper()
        if ".dist-info" in str(file) and base.startswith(("LICENSE", "LICENCE", "COPYING")):
            texts.append((Path(str(file)).name, file.read_text(encoding="utf-8")))
    return texts


def _licence_words(name: str) -> str:
    meta = metadata.metadata(name)
    if meta.get("License-Expression"):
        return str(meta["License-Expression"])
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    short = (meta.get("License") or "").splitlines()[0] if meta.get("License") else ""
    return short if short and len(short) < 80 else ", ".join(classifiers) or "see below"


def notices() -> str:
    distributions = bundled_distributions()
    qt_version = metadata.version("PySide6-Essentials")
    parts = ["Third-party software in cspr-desktop", RULE,
             "cspr-desktop itself is under the MIT licence (LICENSE). The installable bundle",
             "also holds the software below, each under its own licence, reproduced here.",
             "", "Contents:"]
    parts += [f"  - {name} {metadata.version(name)} ({_licence_words(name)})"
              for name in distributions]
    parts += [f"  - Python {sys.version.split()[0]} (PSF-2.0)", "  - OpenSSL (Apache-2.0)",
              "  - DejaVu Sans fonts (Bitstream Vera / public domain)", "",
              RULE, QT_NOTICE.format(version=qt_version), RULE, OPENSSL_NOTICE]
    for name in distributions:
        if re.sub(r"[-_.]+", "-", name).lower() in ("pyside6-essentials", "shiboken6"):
            continue
        parts += [RULE, f"{name} {metadata.version(name)} — {_licence_words(name)}",
                  metadata.metadata(name).get("Home-page") or "", ""]
        for file_name, text in _licence_texts(name):
            parts += [f"--- {file_name} ---", text.rstrip(), ""]
    python_licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    parts += [RULE, f"Python {sys.version.split()[0]} — PSF License Agreement", "",
              python_licence.read_text("utf-8").rstrip() if python_licence.exists()
              else "See https://docs.python.org/3/license.html", ""]
    parts += [RULE, "DejaVu Sans fonts (resources/fonts)", "",
              (ROOT / "resources" / "fonts" / "LICENSE-DejaVu.txt").read_text("utf-8").rstrip(),
              ""]
    for licence in ("LGPL-3", "GPL-3"):
        parts += [RULE, f"The full text of the {licence}.0 (for Qt and PySide6)", "",
                  (COMMON_LICENCES / licence).read_text("utf-8").rstrip(), ""]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    OUT.write_text(notices(), "utf-8")
    print(f"Wrote {OUT.relative_to(ROOT)} ({len(bundled_distributions())} libraries)")
