"""The core never imports PySide6: it must run headless, from the CLI and in CI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import cspr_desktop.core

CHECK = """
import importlib, sys
names = sys.argv[1:]
for name in names:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m == "PySide6" or m.startswith(("PySide6.", "shiboken6")))
print("\\n".join(loaded))
"""


def _core_modules() -> list[str]:
    root = Path(cspr_desktop.core.__file__).parent
    found = pkgutil.walk_packages([str(root)], prefix="cspr_desktop.core.")
    return sorted(info.name for info in found)


def test_core_modules_are_discovered() -> None:
    """The module list covers the core (a guard against the check passing on nothing)."""
    names = _core_modules()
    for expected in ("rules.engine", "rules.loader", "rules.conditions", "rules.registry",
                     "records.store", "report.render", "bodymap.drawing", "training.cases"):
        assert f"cspr_desktop.core.{expected}" in names


def test_core_imports_no_pyside6() -> None:
    """Importing every core module in a fresh interpreter loads no PySide6 module."""
    names = ["cspr_desktop.core", *_core_modules()]
    result = subprocess.run([sys.executable, "-c", CHECK, *names], capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"PySide6 loaded by the core: {result.stdout}"
