"""Opening the home screen (the real MainWindow) with 10,000 and 1,000 records in the store.

The stores are made first, in temporary data folders, with `records.new_record` and
`Store.save` as the app makes them: drafts and completed records of every current pack over
about two years, some with answers. One opening is `MainWindow(context)` (which lists the
records), `show()`, and the pending events processed (layout and first paint), then the window
is closed and deleted. The empty store is the baseline of the 10,000 figure; the 1,000 figure is
the baseline of the growth ratio. The three are alternated, one warm-up each, at least five
rounds; medians.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks._common import entry, median

SIZES = (0, 1_000, 10_000)
NOW = datetime(2026, 3, 2, 10, 15)


def fill_store(folder: Path, count: int) -> None:
    """`count` records in a new store in `folder`, spread one every ~100 minutes back from now."""
    from cspr_desktop.core.paths import rules_dir
    from cspr_desktop.core.records.record_status import RecordStatus
    from cspr_desktop.core.records.records import new_record, set_answer
    from cspr_desktop.core.records.store import Store
    from cspr_desktop.core.rules.registry import load_registry

    packs = load_registry(rules_dir(), NOW.date()).current_packs()
    store = Store(folder / "records.sqlite")
    try:
        # Durability is the app's business, not this set-up's: one fsync per record would make
        # filling 10,000 records take minutes without changing what is measured.
        store._db.execute("PRAGMA synchronous=OFF")
        for index in range(count):
            loaded = packs[index % len(packs)]
            when = NOW - timedelta(minutes=100 * index)
            record = new_record(loaded.id, loaded.version, loaded.sha256, when,
                                kind="training" if index % 50 == 0 else "real",
                                child_ref=f"NB-{2024 + index % 3}-{index:05d}",
                                taken=store.exists)
            first = next(iter(loaded.compiled.questions))
            if index % 3:
                record = set_answer(record, first, "unknown", when + timedelta(minutes=5))
            if index % 4 == 0:
                record = record.model_copy(update={"status": RecordStatus.COMPLETED})
            store.save(record)
    finally:
        store.close()


def _open_once(context: Any) -> float:
    from PySide6.QtWidgets import QApplication

    from cspr_desktop.ui.main_window import MainWindow

    app = QApplication.instance()
    assert app is not None
    start = time.perf_counter()
    window = MainWindow(context)
    window.resize(1280, 820)
    window.show()
    app.processEvents()
    elapsed = time.perf_counter() - start
    window.close()
    window.deleteLater()
    app.processEvents()
    return elapsed


def _context(folder: Path) -> Any:
    from cspr_desktop.core.demo_record import demo_context

    return demo_context(folder, NOW, app_version="bench")


def run(repeats: int = 7) -> dict[str, Any]:
    from cspr_desktop.core.demo_record import draw_offscreen

    draw_offscreen()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841
    with tempfile.TemporaryDirectory(prefix="cspr-bench-home-") as tmp:
        contexts = {}
        fill_started = time.perf_counter()
        for count in SIZES:
            folder = Path(tmp) / str(count)
            fill_store(folder, count)
            contexts[count] = _context(folder)
        fill_s = time.perf_counter() - fill_started
        times: dict[int, list[float]] = {count: [] for count in SIZES}
        for count in SIZES:
            _open_once(contexts[count])  # warm-up
        for _ in range(max(repeats, 5)):
            for count in SIZES:
                times[count].append(_open_once(contexts[count]))
        listed = len(contexts[10_000].store.summaries())
        for context in contexts.values():
            context.store.close()
    ms = {count: median(t) * 1000 for count, t in times.items()}
    growth = ms[10_000] / ms[1_000]
    return {
        "home_open_ms_10k": entry(round(ms[10_000], 1), "ms", round(ms[0], 1),
                                  round(ms[10_000] / ms[0], 2), records=listed,
                                  baseline_is="the same window on an empty store (ms)",
                                  runs=max(repeats, 5), fill_seconds=round(fill_s, 1)),
        "home_growth_1k_to_10k": entry(round(growth, 2), "ratio", round(ms[1_000], 1),
                                       round(growth, 2),
                                       baseline_is="opening with 1,000 records (ms)"),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
