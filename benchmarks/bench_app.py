"""Start-up and answer-to-guidance timings of the real window, each beside its baseline.

- startup: process start to an interactive main window (the first event-loop turn after
  show: READY), for the app on its bundled rules and for a bare PySide6 QMainWindow,
  alternated in the same run so both see the same machine. The app paints its home screen
  first and makes its menus' items, locking and training and loads its signing key in the
  turn after that paint; the time to all of that (DONE) is recorded beside it as
  `complete_ms`: the moment the window is whole. Also beside it, `home_floor_ms`: the same
  home screen built from PySide6 alone (`_common.HOME_FLOOR`), what any app showing it pays
  before its own logic.
- answer_to_panel: one answer clicked or typed in the real window until the guidance panel has
  been refreshed and pending events (layout, deferred deletes) processed.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._common import (
    BARE,
    HOME_FLOOR,
    alternate,
    entry,
    median,
    offscreen_env,
    run_to_done,
)

STARTUP_RUNS = 15  # process start-up varies by tens of ms on a shared machine: many rounds


def startup(runs: int = STARTUP_RUNS) -> dict[str, Any]:
    """Source start-up to an interactive window, beside a bare QMainWindow, alternated."""
    env = offscreen_env()
    with tempfile.TemporaryDirectory() as tmp:
        commands = {
            "ours": [sys.executable, "-m", "cspr_desktop.app", "--data-dir", tmp,
                     "--quit-when-ready"],
            "floor": [sys.executable, "-c", HOME_FLOOR, tmp],
            "bare": [sys.executable, "-c", BARE],
        }
        times = alternate(run_to_done, commands, env, runs)
    ours_ms = median([ready for ready, _done in times["ours"]]) * 1000
    done_ms = median([done for _ready, done in times["ours"]]) * 1000
    floor_ms = median([ready for ready, _done in times["floor"]]) * 1000
    bare_ms = median([ready for ready, _done in times["bare"]]) * 1000
    ratio = round(ours_ms / bare_ms, 3)
    return {"startup_ratio": entry(ratio, "ratio", round(bare_ms, 1), ratio,
                                   ours_ms=round(ours_ms, 1),
                                   complete_ms=round(done_ms, 1),
                                   complete_ratio=round(done_ms / bare_ms, 3),
                                   home_floor_ms=round(floor_ms, 1),
                                   home_floor_ratio=round(floor_ms / bare_ms, 3))}


def answer_to_panel(answers: int = 300) -> dict[str, Any]:
    from datetime import datetime

    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from cspr_desktop.core.context import AppContext
    from cspr_desktop.core.demo_record import draw_offscreen
    from cspr_desktop.core.paths import rules_dir
    from cspr_desktop.core.records.store import Store
    from cspr_desktop.core.rules.registry import load_registry
    from cspr_desktop.ui.main_window import MainWindow
    from cspr_desktop.ui.theme import STYLE_SHEET

    draw_offscreen()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyleSheet(STYLE_SHEET)  # as the app does: styled widgets lay out differently
    now = datetime(2026, 3, 2, 10, 15)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        store = Store(data / "records.sqlite")
        context = AppContext(load_registry(rules_dir(), now.date()), store, lambda: now, data,
                             data / "log.txt", "bench")
        window = MainWindow(context)
        window.resize(1280, 820)
        window.show()
        window.start_checklist("bruising-non-mobile")
        page = window.checklist
        assert page is not None
        red_flags = page.widgets["red_flags"]
        boxes = red_flags.boxes  # type: ignore[attr-defined]
        age = page.widgets["age_months"].edit  # type: ignore[attr-defined]
        page.focus_question("age_months")
        times = []
        for i in range(answers):
            start = time.perf_counter()
            if i % 2:
                box = boxes["drowsy_or_floppy"] if i % 4 == 1 else boxes["none"]
                QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
            else:
                QTest.keyClick(age, Qt.Key.Key_Backspace)
                QTest.keyClicks(age, str(i % 9 + 1))
            app.processEvents()
            times.append((time.perf_counter() - start) * 1000)
        window.close()
        store.close()
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    return {"answer_to_panel_ms_p95": {"value": round(p95, 2), "unit": "ms", "baseline": None,
                                       "ratio": None, "goal": "<= 16",
                                       "median_ms": round(statistics.median(times), 2)}}


def run(repeats: int = 5) -> dict[str, Any]:
    results = startup(max(repeats, STARTUP_RUNS))
    results.update(answer_to_panel())
    return results


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
