"""Full-pack evaluations per second, with explanations, for every current bundled pack.

Each pack gets a realistic full answer set: the answers of all its scenarios merged (so many
rules fire), then every visible question still unanswered filled with a valid value. One
evaluation is one `evaluate()` call: answer checking, visibility, derived values, every rule,
and the `because` explanation of every fired rule.
"""

from __future__ import annotations

import statistics
from datetime import date, datetime
from pathlib import Path
from time import perf_counter
from typing import Any

from cspr_desktop.core.engine import CompiledPack, evaluate
from cspr_desktop.core.loader import LoadedPack, load_pack
from cspr_desktop.core.models import AnswerType, Question
from cspr_desktop.core.paths import rules_dir
from cspr_desktop.core.registry import Registry, load_registry
from cspr_desktop.core.yamlsource import read_file

MINI = Path(__file__).resolve().parent.parent / "tests" / "packs" / "mini.yaml"
EVALUATIONS = 20_000
WARM_UP = 2_000
GOAL = 50_000


def _filler(q: Question) -> Any:
    """A valid answer for a question no scenario answered, chosen to make rules fire."""
    if q.type == AnswerType.YESNO:
        return "yes"
    if q.type == AnswerType.CHOICE:
        return q.choices[-1].id
    if q.type == AnswerType.MULTI:
        picked = [c.id for c in q.choices if not c.exclusive]
        return picked or [q.choices[0].id]
    if q.type == AnswerType.NUMBER:
        return q.min if q.min is not None else 1
    if q.type == AnswerType.DATE:
        return date(2025, 6, 1).isoformat()
    if q.type == AnswerType.DATETIME:
        return datetime(2025, 6, 1, 14, 30).isoformat()
    return "A fictional free-text answer."


def _scenario_answers(registry: Registry | None, pack_id: str) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    if registry is None:
        return merged
    for path in registry.scenario_files(pack_id):
        data = read_file(path).data
        if isinstance(data, dict) and isinstance(data.get("answers"), dict):
            merged.update(data["answers"])
    return merged


def full_answers(compiled: CompiledPack, registry: Registry | None) -> dict[str, Any]:
    """Scenario answers merged, invalid ones dropped, every visible question answered."""
    answers = _scenario_answers(registry, compiled.pack.id)
    for _ in range(len(compiled.questions) + 1):
        ev = evaluate(compiled, answers)
        for bad in ev.invalid_answers:
            answers.pop(bad.question, None)
        missing = [q for q in ev.visible if q not in ev.answers]
        for qid in missing:
            answers[qid] = _filler(compiled.questions[qid])
        if not missing and not ev.invalid_answers:
            break
    return answers


def evaluations_per_second(compiled: CompiledPack, answers: dict[str, Any],
                           count: int = EVALUATIONS) -> float:
    start = perf_counter()
    for _ in range(count):
        evaluate(compiled, answers)
    return count / (perf_counter() - start)


def _packs() -> tuple[list[LoadedPack], Registry | None]:
    registry = load_registry(rules_dir())
    packs = registry.current_packs()
    if packs:
        return packs, registry
    return [load_pack(MINI)], None


def _bench_pack(loaded: LoadedPack, registry: Registry | None, repeats: int) -> dict[str, Any]:
    compiled = loaded.compiled
    answers = full_answers(compiled, registry)
    evaluations_per_second(compiled, answers, WARM_UP)
    runs = [evaluations_per_second(compiled, answers) for _ in range(repeats)]
    ev = evaluate(compiled, answers)
    return {
        "version": loaded.version,
        "eval_per_s": round(statistics.median(runs)),
        "runs": [round(r) for r in runs],
        "questions": len(compiled.questions),
        "answered": len(ev.answers),
        "rules": len(compiled.pack.rules),
        "fired_rules": len(ev.fired_rules),
        "outcomes": len(ev.outcomes),
    }


def run(repeats: int = 5) -> dict[str, Any]:
    """Median evaluations per second per pack; the headline value is the slowest pack's."""
    packs, registry = _packs()
    per_pack = {loaded.id: _bench_pack(loaded, registry, repeats) for loaded in packs}
    slowest = min(p["eval_per_s"] for p in per_pack.values())
    return {
        "eval_per_s": {
            "value": slowest,
            "unit": "evaluations/s",
            "baseline": None,
            "ratio": None,
            "goal": f">= {GOAL}",
            "per_pack": per_pack,
        }
    }
