"""Run every benchmark module (bench_*.py), write benchmarks/results.json, print a table.

The goals are the issue's, kept here in one place (GOALS) and written into every figure with
whether it is met. The table also goes to benchmarks/results.md and into README.md between the
`<!-- bench:start -->` and `<!-- bench:end -->` lines of its "Performance" section.

A module that fails is reported on stderr and the others still run; the exit status is then 1.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import platform
import re
import sys
import time
import traceback
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
TABLE = HERE / "results.md"
README = HERE.parent / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
COLUMNS = ("name", "value", "unit", "baseline", "baseline_is", "ratio", "goal", "met")
HEADINGS = {"baseline_is": "baseline is"}

# The goals, one per figure: (comparison, bound).
GOALS: dict[str, tuple[str, float]] = {
    "startup_ratio": ("<=", 1.5),
    "frozen_startup_ratio": ("<=", 1.5),
    "eval_per_s": (">=", 50_000),
    "eval_varied_per_s": (">=", 50_000),
    "answer_to_panel_ms_p95": ("<=", 16),
    "pdf_export_ratio": ("<=", 1.3),
    "home_open_ms_10k": ("<=", 200),
    "home_growth_1k_to_10k": ("<=", 2),
    "bundle_size_ratio": ("<=", 0.8),
    "rss_ratio": ("<=", 1.5),
    "scale_answer_ratio": ("<=", 10),
}


# What each baseline is, for figures whose module does not say.
BASELINE_IS = {
    "startup_ratio": "bare PySide6 QMainWindow from source (ms)",
    "pdf_export_ratio": "Qt printing the same HTML alone (ms)",
    "eval_per_s": "none (absolute goal)",
    "eval_varied_per_s": "none (a different answer set for every evaluation)",
    "answer_to_panel_ms_p95": "none (one frame at 60 Hz)",
}


def meets(name: str, value: Any) -> bool | None:
    """Whether `value` meets the goal of figure `name` (None: no goal, or no value)."""
    if name not in GOALS or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    op, bound = GOALS[name]
    return value <= bound if op == "<=" else value >= bound


def with_goals(results: dict[str, Any]) -> dict[str, Any]:
    """Each figure with its goal (as text) and whether its value meets it."""
    for name, entry in results.items():
        if name in GOALS:
            op, bound = GOALS[name]
            entry["goal"] = f"{op} {bound:,g}"
            entry["met"] = meets(name, entry.get("value"))
        if name in BASELINE_IS:
            entry.setdefault("baseline_is", BASELINE_IS[name])
    return results


def run_all() -> tuple[dict[str, Any], list[str]]:
    """Import each bench_* module of this package and merge what its run() returns."""
    from cspr_desktop.core.demo_record import draw_offscreen

    draw_offscreen()
    from PySide6.QtWidgets import QApplication

    # One widgets application for every module (one that made a QGuiApplication first would
    # leave the window benchmarks without widgets).
    app = QApplication.instance() or QApplication(sys.argv[:1])
    results: dict[str, Any] = {}
    failed: list[str] = []
    for info in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda i: i.name):
        if not info.name.startswith("bench_"):
            continue
        try:
            module = importlib.import_module(f"{__package__ or 'benchmarks'}.{info.name}")
            results.update(module.run())
        except Exception:  # one broken benchmark must not hide the others' figures
            failed.append(info.name)
            print(f"benchmark {info.name} failed:\n{traceback.format_exc()}", file=sys.stderr)
    del app
    return with_goals(results), failed


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(results: dict[str, Any]) -> str:
    """The results as a Markdown table, one row per figure and per pack."""
    lines = ["| " + " | ".join(HEADINGS.get(c, c) for c in COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    for name, entry in results.items():
        rows = [(name, entry)]
        for pack_id, sub in entry.get("per_pack", {}).items():
            rows.append((f"{name}[{pack_id}]", {**entry, "value": sub[name],
                                                "met": meets(name, sub[name])}))
        for label, row in rows:
            cells = [label, *(_cell(row.get(c)) for c in COLUMNS[1:])]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def update_readme(text: str, readme: Path = README) -> bool:
    """Put `text` between the README's bench markers; False when it has none."""
    if not readme.is_file():
        return False
    current = readme.read_text("utf-8")
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(current):
        return False
    readme.write_text(pattern.sub(lambda _m: f"{START}\n{text}\n{END}", current, count=1),
                      encoding="utf-8")
    return True


def main() -> int:
    started = time.perf_counter()
    results, failed = run_all()
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    minutes = (time.perf_counter() - started) / 60
    note = (f"Measured on {date.today():%d %B %Y}, {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}; `make bench` "
            f"took {minutes:.1f} min. Medians over at least five runs after a warm-up; every "
            "baseline was measured in the same run.")
    text = table(results) + "\n\n" + note
    TABLE.write_text(text + "\n", encoding="utf-8")
    update_readme(text)
    print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
