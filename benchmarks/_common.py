"""Helpers shared by the benchmark modules: child processes timed to READY, sizes, entries."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "dist" / "cspr-desktop"
PACKAGING = REPO / "packaging"
READY_TIMEOUT = 60.0

# A bare PySide6 main window: shown, one event-loop turn, READY, quit. The same program serves
# the source baseline and, frozen, the bundle's baseline.
BARE = (
    "import sys\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication(sys.argv[:1])\n"
    "w = QMainWindow(); w.resize(1280, 820); w.show()\n"
    "QTimer.singleShot(0, lambda: (print('READY', flush=True), app.quit()))\n"
    "app.exec()\n"
)


# What any app with this home screen pays before its own logic: the bare window plus the Qt
# namespace, a style sheet, three cards, a filter box, a table with a model, a status bar and
# an SQLite file in WAL mode, with none of cspr-desktop's modules. Beside the bare window it
# shows how much of the gap is the screen itself.
HOME_FLOOR = """\
import sys, sqlite3
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QFrame, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QMainWindow, QPushButton, QStackedWidget, QTableView, QVBoxLayout, QWidget)
COLUMNS = ["Child", "Checklist", "Status", "Changed", "Id"]
DISPLAY, HORIZONTAL = Qt.ItemDataRole.DisplayRole, Qt.Orientation.Horizontal
class Records(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()): return 0
    def columnCount(self, parent=QModelIndex()): return len(COLUMNS)
    def data(self, index, role=DISPLAY): return None
    def headerData(self, section, orientation, role=DISPLAY):
        return COLUMNS[section] if role == DISPLAY and orientation == HORIZONTAL else None
app = QApplication(sys.argv[:1])
app.setStyleSheet("QWidget { color: #0b0c0c; } QPushButton { padding: 6px 12px; } "
                  "QFrame[role='card'] { border: 1px solid #b1b4b6; background: #ffffff; }")
window = QMainWindow(); window.resize(1280, 820)
home = QWidget(); column = QVBoxLayout(home)
column.addWidget(QLabel("Safeguarding checklists"))
cards = QHBoxLayout()
for title in ("Bruising", "Safer sleep", "Harm outside the home"):
    card = QFrame(); card.setProperty("role", "card"); inside = QVBoxLayout(card)
    summary = QLabel("One line about the checklist."); summary.setWordWrap(True)
    for widget in (QLabel(title), QLabel("Version 1.1.0"), summary):
        inside.addWidget(widget)
    inside.addWidget(QPushButton("Start"), alignment=Qt.AlignmentFlag.AlignLeft)
    cards.addWidget(card, 1)
column.addLayout(cards)
column.addWidget(QLineEdit())
table = QTableView(); table.setModel(Records())
table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
column.addWidget(table, 1)
stack = QStackedWidget(); stack.addWidget(home); window.setCentralWidget(stack)
window.statusBar()
db = sqlite3.connect(sys.argv[1] + "/floor.sqlite"); db.execute("PRAGMA journal_mode=WAL")
window.show()
QTimer.singleShot(0, lambda: (print("READY", flush=True), app.quit()))
app.exec()
"""

# Runs a command and prints its own peak RSS (KiB) as the line MAXRSS n once it has finished.
# Memory is measured through this small process because a child forked from the benchmark
# process itself would count the benchmark's pages in its peak until it execs.
MAXRSS_LAUNCHER = (
    "import os, sys\n"
    "pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ)\n"
    "_pid, status, usage = os.wait4(pid, 0)\n"
    "print(f'MAXRSS {usage.ru_maxrss}', flush=True)\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def offscreen_env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def run_to_ready(command: Sequence[str], env: dict[str, str]) -> float:
    """Start `command`, time it to the line READY, let it finish; the seconds to READY."""
    return _run(list(command), env)[0]


def run_to_done(command: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds to READY (the home screen interactive) and to DONE (menus and everything
    else built too; the app's --quit-when-ready prints it in the next event-loop turn). A
    program that prints no DONE is done when ready."""
    ready, _rss, done = _run(list(command), env, want_done=True)
    return ready, done or ready


def peak_rss(command: Sequence[str], env: dict[str, str]) -> int:
    """Run `command` to its end (it must print READY); its own peak RSS in KiB."""
    return _run([sys.executable, "-c", MAXRSS_LAUNCHER, *command], env)[1]


def _run(command: list[str], env: dict[str, str],
         want_done: bool = False) -> tuple[float, int, float | None]:
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, env=env)
    watchdog = threading.Timer(READY_TIMEOUT, proc.kill)
    watchdog.start()
    elapsed, rss, done = None, 0, None
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if elapsed is None and line.strip() == "READY":
                elapsed = time.perf_counter() - start
            elif want_done and line.strip() == "DONE":
                done = time.perf_counter() - start
            elif line.startswith("MAXRSS "):
                rss = int(line.split()[1])
        proc.wait()
    finally:
        watchdog.cancel()
    if elapsed is None or proc.returncode != 0:
        raise RuntimeError(f"{command} never became ready (exit {proc.returncode})")
    return elapsed, rss, done


def alternate(measure: Callable[[Sequence[str], dict[str, str]], T],
              commands: dict[str, Sequence[str]], env: dict[str, str],
              runs: int) -> dict[str, list[T]]:
    """One warm-up each, then `runs` rounds, the commands alternated within each round."""
    for command in commands.values():
        measure(command, env)
    out: dict[str, list[T]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            out[name].append(measure(command, env))
    return out


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under `folder`, symbolic links not followed or counted."""
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            if not path.is_symlink():
                total += path.stat().st_size
    return total


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def entry(value: float, unit: str, baseline: float | None, ratio: float | None,
          **extra: Any) -> dict[str, Any]:
    """One figure as results.json holds it; the goal is filled in by benchmarks.__main__."""
    return {"value": value, "unit": unit, "baseline": baseline, "ratio": ratio, "goal": None,
            **extra}
