"""Run every benchmark module (bench_*.py), write benchmarks/results.json, print a table.

A module that fails is reported on stderr and the others still run; the exit status is then 1.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
COLUMNS = ("name", "value", "unit", "baseline", "ratio", "goal")


def run_all() -> tuple[dict[str, Any], list[str]]:
    """Import each bench_* module of this package and merge what its run() returns."""
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
    return results, failed


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(results: dict[str, Any]) -> str:
    """The results as a Markdown table, one row per figure and per pack."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for name, entry in results.items():
        rows = [(name, entry)]
        for pack_id, sub in entry.get("per_pack", {}).items():
            rows.append((f"{name}[{pack_id}]", {**entry, "value": sub[name]}))
        for label, row in rows:
            cells = [label, *(_cell(row.get(c)) for c in COLUMNS[1:])]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    results, failed = run_all()
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
