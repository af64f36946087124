"""Validate whatever paths an author names: rules folders, packs, overlays or scenarios."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cspr_desktop.core.errors import Code, Problem
from cspr_desktop.core.rules.loader import pack_from_document
from cspr_desktop.core.rules.overlay import validate_overlay
from cspr_desktop.core.rules.pins import load_pins
from cspr_desktop.core.rules.registry import LOCAL_DIR, SCENARIO_DIR, Registry, load_registry
from cspr_desktop.core.rules.scenarios import SCENARIO_CHECK_CODES, run_scenario
from cspr_desktop.core.rules.yamlsource import read_file


@dataclass
class Report:
    """Counts of what was checked, and every problem."""

    packs: int = 0
    overlays: int = 0
    scenarios: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # reported, but not failures

    def summary(self) -> str:
        state = f"{len(self.problems)} problem(s)" if self.problems else "no problems"
        if self.warnings:
            state += f", {len(self.warnings)} warning(s)"
        return (f"Checked {self.packs} pack file(s), {self.overlays} overlay(s), "
                f"{self.scenarios} scenario(s): {state}.")


def validate_paths(paths: list[Path], today: date | None = None) -> Report:
    report = Report()
    for path in paths:
        if path.is_dir():
            _validate_rules_dir(path, today, report)
        elif path.is_file():
            _validate_file(path, today, report)
        else:
            report.problems.append(Problem(Code.FILE_UNREADABLE, "no such file or folder.",
                                           str(path), 0))
    report.problems.sort(key=lambda p: (p.file, p.line))
    report.warnings.sort(key=lambda p: (p.file, p.line))
    return report


def _validate_rules_dir(root: Path, today: date | None, report: Report) -> None:
    registry = load_registry(root, today)
    report.problems.extend(registry.problems)
    report.warnings.extend(registry.warnings)
    report.packs += sum(len(list(d.glob("*.yaml"))) for d in root.iterdir()
                        if d.is_dir() and d.name != LOCAL_DIR)
    report.overlays += len(registry.overlay_files())
    for path in sorted(root.glob(f"*/{SCENARIO_DIR}/*.yaml")):
        _validate_scenario(path, registry, report)


def _validate_scenario(path: Path, registry: Registry, report: Report) -> None:
    """Shape, pack, answers and expected ids — not whether expectations hold (that is
    `cspr scenarios`)."""
    report.scenarios += 1
    result = run_scenario(path, registry)
    report.problems.extend(p for p in result.problems if p.code not in SCENARIO_CHECK_CODES)


def _rules_root_of(path: Path) -> Path:
    parent = path.parent
    if parent.name in (LOCAL_DIR, SCENARIO_DIR):
        return parent.parent if parent.name == LOCAL_DIR else parent.parent.parent
    return parent.parent


def _validate_file(path: Path, today: date | None, report: Report) -> None:
    doc = read_file(path)
    data = doc.data if isinstance(doc.data, dict) else {}
    if "answers" in data:
        _validate_scenario(path, load_registry(_rules_root_of(path), today), report)
    elif "partnership" in data or path.parent.name == LOCAL_DIR:
        report.overlays += 1
        registry = load_registry(_rules_root_of(path), today)
        current = {p.id: p for p in registry.current_packs()}
        report.problems.extend(validate_overlay(doc, current)[1])
    else:
        report.packs += 1
        loaded, problems = pack_from_document(doc)
        report.problems.extend(problems)
        pinned = load_pins(_rules_root_of(path)).check(loaded) if loaded else None
        if pinned is not None:
            changed = pinned.code == Code.PACK_CHANGED
            (report.problems if changed else report.warnings).append(pinned)
