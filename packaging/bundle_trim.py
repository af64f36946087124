"""What the frozen app leaves out, shared by build.spec and the frozen-app benchmark.

PyInstaller's PySide6 hooks collect, for the Qt modules an app imports, every plugin kind and
translation those modules might want: all platform plugins (Wayland, EGLFS, VNC, framebuffer),
all image formats, TLS back-ends and network information, the GTK theme (which drags in cairo,
pango and friends), OpenGL integrations, the virtual keyboard (which drags in QML and Quick) and
the translations of Qt's own strings in ~30 languages. The app uses QtCore, QtGui, QtWidgets,
QtSvg and QtPrintSupport, paints with the raster engine, reads PNG (built in) and SVG, and speaks
English. `trim()` keeps exactly that, then drops every shared library that nothing kept still
links to. The same function serves every platform: names are compared without their `lib`
prefix and `.so` / `.dll` / `.dylib` suffix.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

# The Qt Python modules the app imports; every other PySide6 module is excluded outright.
QT_MODULES_USED = frozenset({"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtPrintSupport"})

# Plugin kind -> the plugins kept (None: all of that kind). Kinds not named are left out.
QT_PLUGINS_KEPT: dict[str, frozenset[str] | None] = {
    # X11 on Linux desktops (Wayland sessions run it through XWayland); offscreen for the
    # self-test and CI; the native ones on Windows and macOS.
    "platforms": frozenset({"qxcb", "qoffscreen", "qwindows", "qcocoa"}),
    # Native file dialogs on Linux desktops through the XDG portal (D-Bus, no GTK loaded).
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    # Dead keys / compose sequences and IBus input methods when typing.
    "platforminputcontexts": frozenset({"composeplatforminputcontextplugin",
                                        "ibusplatforminputcontextplugin"}),
    # SVG: the body map drawing and the app icon. PNG is built into QtGui.
    "imageformats": frozenset({"qsvg"}),
    "iconengines": frozenset({"qsvgicon"}),
    # Printing the discussion record (CUPS on Linux; the Windows/macOS back-ends elsewhere).
    "printsupport": None,
    # Native widget styles on Windows and macOS.
    "styles": None,
}

# Translations of Qt's own strings: English only (the app's own text is English).
QT_TRANSLATIONS_KEPT = re.compile(r"^qt(base)?_en\.qm$")

# Python modules no code path of the app imports. The app is offline: no TLS (`ssl`) and no
# OpenSSL hashing (`hashlib` falls back to Python's own SHA-256), so OpenSSL stays out. The
# pydantic hook collects its mypy plugin and hypothesis glue, which would pull in mypy and
# hypothesis; python-docx reads and writes with lxml.etree only; every file the app reads or
# writes is UTF-8, so the legacy East Asian codecs are not needed. The stores use SQLCipher's
# own build of SQLite (sqlcipher3), so Python's sqlite3 and its libsqlite3 are not needed either.
PYTHON_EXCLUDES = ("tkinter", "_tkinter", "unittest", "pydoc", "doctest", "lib2to3", "idlelib",
                   "ensurepip", "venv", "distutils", "test", "xmlrpc", "ssl", "_ssl", "_hashlib",
                   "readline", "curses", "_curses", "mypy", "hypothesis", "pydantic.mypy",
                   "lxml.objectify", "lxml.html", "lxml.isoschematron", "lxml.sax",
                   "_codecs_cn", "_codecs_hk", "_codecs_iso2022", "_codecs_jp", "_codecs_kr",
                   "_codecs_tw", "sqlite3", "_sqlite3")

# Shared libraries taken from the host rather than the bundle: the CUPS client library must
# match the machine's print system (and brings gnutls, kerberos and avahi with it); without it
# printing lists no printers, while PDF export, which does not need it, still works.
HOST_LIBRARIES = frozenset({"cups"})

TocEntry = tuple[str, str, str]
Log = Callable[[str], None]


def _stem(filename: str) -> str:
    """'libqxcb.so' / 'qxcb.dll' / 'libqxcb.dylib' -> 'qxcb'; 'libQt6Core.so.6' -> 'qt6core'."""
    name = filename.lower()
    name = re.sub(r"(\.(so|dll|dylib|pyd))(\.[\d.]+)?$", "", name)
    return name[3:] if name.startswith("lib") else name


def excluded_modules() -> list[str]:
    """Every PySide6 module but the used ones, plus the unused standard-library parts."""
    spec = importlib.util.find_spec("PySide6")
    names: set[str] = set()
    if spec and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            for path in Path(folder).iterdir():
                match = re.match(r"^(Qt\w+)\.(abi3\.so|pyd|pyi|.*\.so)$", path.name)
                if match:
                    names.add(match.group(1))
    return sorted(f"PySide6.{n}" for n in names - QT_MODULES_USED) + list(PYTHON_EXCLUDES)


def _plugin(dest: str) -> tuple[str, str] | None:
    """(kind, stem) when `dest` is a Qt plugin inside the PySide6 package."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if parts and parts[0] == "PySide6" and "plugins" in parts:
        rest = parts[parts.index("plugins") + 1:]
        if len(rest) == 2:
            return rest[0], _stem(rest[1])
    return None


def keep_binary(dest: str) -> bool:
    """False for a Qt plugin the app does not use."""
    plugin = _plugin(dest)
    if plugin is None:
        return True
    kind, stem = plugin
    if kind not in QT_PLUGINS_KEPT:
        return False
    kept = QT_PLUGINS_KEPT[kind]
    return kept is None or stem in kept


def keep_data(dest: str) -> bool:
    """False for a Qt translation other than English."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if parts and parts[0] == "PySide6" and "translations" in parts:
        return bool(QT_TRANSLATIONS_KEPT.match(parts[-1]))
    return True


def _name(dest: str) -> str:
    return PurePosixPath(dest.replace("\\", "/")).name


def _is_root(entry: TocEntry) -> bool:
    """What is loaded by name at run time: Python extensions, Qt plugins, libpython."""
    dest, _src, kind = entry
    return kind == "EXTENSION" or _plugin(dest) is not None or _stem(_name(dest)).startswith(
        "python")


def _direct_imports(path: str) -> list[str]:
    """The names of the libraries a binary links to directly."""
    if sys.platform.startswith("linux"):
        out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True,
                             check=False).stdout
        return re.findall(r"^\s*NEEDED\s+(\S+)", out, re.M)
    from PyInstaller.depend import bindepend  # pefile on Windows, otool on macOS: direct

    return [name for name, _path in bindepend.get_imports(path)]


def _needed(roots: Iterable[TocEntry], candidates: Iterable[TocEntry]) -> set[str]:
    """Stems of every library the roots link to, directly or through another, not following
    the links of libraries left to the host."""
    by_stem = {_stem(_name(d)): s for d, s, _k in candidates}
    todo = [src for _d, src, _k in roots]
    seen: set[str] = set()
    while todo:
        for name in _direct_imports(todo.pop()):
            stem = _stem(_name(name))
            if stem not in seen:
                seen.add(stem)
                if stem in by_stem and stem not in HOST_LIBRARIES:
                    todo.append(by_stem[stem])
    return seen


def trim(binaries: list[TocEntry], datas: list[TocEntry],
         log: Log = print) -> tuple[list[TocEntry], list[TocEntry]]:
    """The binaries and datas the app needs: unused plugins and translations out, then every
    library no kept binary links to, and the symbolic links to what is gone."""
    files = [e for e in binaries if e[2] != "SYMLINK" and keep_binary(e[0])]
    roots = [e for e in files if _is_root(e)]
    needed = _needed(roots, files) - HOST_LIBRARIES
    kept = [e for e in files if _is_root(e) or _stem(_name(e[0])) in needed]
    kept_datas = [e for e in datas if e[2] != "SYMLINK" and keep_data(e[0])]
    present = {PurePosixPath(e[0].replace("\\", "/")) for e in kept + kept_datas}

    def link_kept(entry: TocEntry) -> bool:
        dest, target = PurePosixPath(entry[0]), PurePosixPath(entry[1])
        return PurePosixPath(os.path.normpath(dest.parent / target)) in present

    kept += [e for e in binaries if e[2] == "SYMLINK" and link_kept(e)]
    kept_datas += [e for e in datas if e[2] == "SYMLINK" and link_kept(e)]
    left_out = [e for e in binaries + datas if e not in kept and e not in kept_datas]
    log(f"bundle_trim: left out {len(left_out)} files")
    for dest, _src, _kind in sorted(left_out):
        log(f"bundle_trim:   - {dest}")
    return kept, kept_datas
