"""Peak memory (RSS) of the app with a pack open, beside a bare PySide6 window.

Each is its own process, started through a small launcher that reaps it with wait4, so that
its own peak resident set is read:

- ours: the app's real window, built as `cspr-desktop` builds it (style sheet, bundled rules
  with the rule cache in the data folder, a records store in a temporary folder), with the
  largest current pack (by file size) opened as a checklist, then one event-loop turn; the
  warm-up run writes the rule cache, as the app's first start does;
- home (recorded beside it): `cspr-desktop --quit-when-ready`, the app started to its home
  screen with the menus built, no checklist open;
- home floor (recorded beside it): the same home screen built from PySide6 alone
  (`_common.HOME_FLOOR`);
- baseline: the bare PySide6 QMainWindow program of the start-up benchmark.

One warm-up each, then at least five alternated rounds; medians.
"""

from __future__ import annotations

import sys
import tempfile
from typing import Any

from benchmarks._common import (
    BARE,
    HOME_FLOOR,
    REPO,
    alternate,
    entry,
    median,
    offscreen_env,
    peak_rss,
)

PACK_OPEN = """\
import sys
from datetime import datetime
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from cspr_desktop.core.context import AppContext
from cspr_desktop.core.paths import rules_dir
from cspr_desktop.core.rules.registry import load_registry
from cspr_desktop.core.records.store import Store
from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.theme import STYLE_SHEET

app = QApplication(sys.argv[:1])
app.setStyleSheet(STYLE_SHEET)
data = Path(sys.argv[1])
registry = load_registry(rules_dir(), cache_dir=data)
pack = max(registry.current_packs(), key=lambda p: Path(p.path).stat().st_size)
store = Store(data / "records.sqlite")
context = AppContext(registry, store, datetime.now, data, data / "log.txt", "bench")
window = MainWindow(context)
window.resize(1280, 820)
window.show()
window.start_checklist(pack.id)
QTimer.singleShot(0, lambda: (print("READY", flush=True), app.quit()))
app.exec()
"""


def run(repeats: int = 5) -> dict[str, Any]:
    env = offscreen_env()
    env["PYTHONPATH"] = str(REPO)
    with tempfile.TemporaryDirectory(prefix="cspr-bench-rss-") as tmp:
        commands = {"ours": [sys.executable, "-c", PACK_OPEN, tmp],
                    "home": [sys.executable, "-m", "cspr_desktop.app", "--data-dir", tmp,
                             "--quit-when-ready"],
                    "floor": [sys.executable, "-c", HOME_FLOOR, tmp],
                    "bare": [sys.executable, "-c", BARE]}
        results = alternate(peak_rss, commands, env, max(repeats, 5))
    ours_mb = median(results["ours"]) / 1024
    home_mb = median(results["home"]) / 1024
    floor_mb = median(results["floor"]) / 1024
    bare_mb = median(results["bare"]) / 1024
    ratio = ours_mb / bare_mb
    return {"rss_ratio": entry(round(ratio, 3), "ratio", round(bare_mb, 1), round(ratio, 3),
                               ours_mb=round(ours_mb, 1), home_mb=round(home_mb, 1),
                               home_ratio=round(home_mb / bare_mb, 3),
                               home_floor_mb=round(floor_mb, 1),
                               baseline_is="bare PySide6 window, peak RSS (MB)",
                               runs=max(repeats, 5))}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
