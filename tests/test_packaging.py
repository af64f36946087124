"""Packaging smoke tests: `cspr-desktop --self-test` from source, and what the bundle leaves out.

The frozen bundle's own self-test runs in CI (.ci/run) after `make dist`; these tests keep the
source self-test and the trimming rules honest without building anything.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent
CHECKS = ("version", "rules", "scenarios", "resources", "exports", "encryption")


def self_test(*args: str,
              env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # it sets its own
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "cspr_desktop.app", "--self-test", *args],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
                          check=False)


def test_self_test_passes_from_source_without_a_display() -> None:
    result = self_test(env_extra={"DISPLAY": "", "WAYLAND_DISPLAY": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for name in CHECKS:
        assert any(line.startswith(f"ok   {name} ") for line in lines), result.stdout
    assert lines[-1].startswith("self-test passed (source, 6 checks")
    assert "PDF (" in result.stdout and "pages)" in result.stdout


def test_self_test_leaves_the_user_data_folder_alone() -> None:
    data = Path(os.environ["CSPR_DATA_DIR"])
    result = self_test()
    assert result.returncode == 0, result.stdout + result.stderr
    assert not data.exists()


def test_self_test_fails_naming_what_failed(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules)
    pack = rules / "safer-sleep" / "1.0.0.yaml"
    pack.write_text(pack.read_text("utf-8").replace("\ntitle:", "\ntitel:", 1), "utf-8")
    scenarios = rules / "bruising-non-mobile" / "scenarios"
    scenario = scenarios / "bnm-documented-birthmark-confirmed.yaml"
    text = scenario.read_text("utf-8")
    broken = text.replace("  level: routine", "  level: emergency")
    assert broken != text, "the scenario chosen to break must expect a routine level"
    scenario.write_text(broken, "utf-8")
    result = self_test("--rules", str(rules))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL rules" in result.stdout and "titel" in result.stdout
    assert "FAIL scenarios" in result.stdout and scenario.stem in result.stdout
    assert result.stdout.splitlines()[-1].startswith("self-test FAILED")
    assert result.stdout.splitlines()[-1].endswith("rules, scenarios")


@pytest.fixture(scope="module")
def bundle_trim() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bundle_trim",
                                                  REPO / "packaging" / "bundle_trim.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/plugins/platforms/qwindows.dll", True),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
    ("PySide6/Qt/lib/libQt6Core.so.6", True),  # libraries go by what links to them
    ("lxml/etree.cpython-311-x86_64-linux-gnu.so", True),
])
def test_unused_qt_plugins_are_left_out(bundle_trim: ModuleType, dest: str, kept: bool) -> None:
    assert bundle_trim.keep_binary(dest) is kept


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/translations/qtbase_en.qm", True),
    ("PySide6/Qt/translations/qt_en.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/translations/qt_fr.qm", False),
    ("resources/templates/discussion_record.html.j2", True),
    ("rules/local/example-partnership.yaml", True),
])
def test_only_english_qt_translations_are_kept(bundle_trim: ModuleType, dest: str,
                                               kept: bool) -> None:
    assert bundle_trim.keep_data(dest) is kept


def test_only_the_qt_modules_the_app_imports_are_bundled(bundle_trim: ModuleType) -> None:
    excluded = set(bundle_trim.excluded_modules())
    used = {f"PySide6.{m}" for m in bundle_trim.QT_MODULES_USED}
    assert not used & excluded
    assert {"PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtNetwork"} <= excluded
    imported = subprocess.run(
        ["grep", "-rhoE", r"from PySide6\.Qt\w+", str(REPO / "cspr_desktop")],
        capture_output=True, text=True, check=True).stdout.split()
    used_now = {line.split(".")[-1] for line in imported if line.startswith("PySide6")}
    assert used_now <= set(bundle_trim.QT_MODULES_USED), (
        f"the app now imports {sorted(used_now - bundle_trim.QT_MODULES_USED)}: add them to "
        "QT_MODULES_USED in packaging/bundle_trim.py, or the bundle will lack them")
