"""Full-pack evaluations per second, with explanations, for every current bundled pack.

Each pack gets a realistic full answer set: the answers of all its scenarios merged (so many
rules fire), then every visible question still unanswered filled with a valid value. One
evaluation is one `evaluate()` call: answer checking, visibility, derived values, every rule,
and the `because` explanation of every fired rule.

The headline evaluates that one answer set over and over, as the issue's benchmark does. The
engine remembers what depends only on a value or on a set of bits (an answer's facts, a rule's
reasons), so `varied_per_s` gives every evaluation an answer set of its own, made from the full
set by changing or removing about a third of the answers at random (seeded, new each round):
what many different cases cost, with only the values that recur between them remembered.

This machine's speed drifts by a third or more over seconds, so each figure is the median of
many short runs, with the best run alongside.
"""

from __future__ import annotations

import random
import statistics
from datetime import date, datetime
from pathlib import Path
from time import perf_counter
from typing import Any

from cspr_desktop.core.paths import rules_dir
from cspr_desktop.core.rules.engine import CompiledPack, evaluate
from cspr_desktop.core.rules.loader import load_pack
from cspr_desktop.core.rules.models import Question
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.registry import Registry, load_registry
from cspr_desktop.core.rules.vocabulary import AnswerType
from cspr_desktop.core.rules.yamlsource import read_file

MINI = Path(__file__).resolve().parent.parent / "tests" / "packs" / "mini.yaml"
EVALUATIONS = 4_000
RUNS = 21
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


def varied_answers(compiled: CompiledPack, full: dict[str, Any], count: int = EVALUATIONS,
                   seed: int = 2026) -> list[dict[str, Any]]:
    """`count` answer sets, each the full set with about a third of its answers changed or gone."""
    rng = random.Random(seed)
    sets = []
    for _ in range(count):
        answers = dict(full)
        for qid, question in compiled.questions.items():
            roll = rng.random()
            if roll < 0.05:
                answers.pop(qid, None)
            elif roll < 0.35:
                answers[qid] = _random_answer(question, rng)
        sets.append(answers)
    return sets


def _random_answer(q: Question, rng: random.Random) -> Any:
    if q.type == AnswerType.YESNO:
        return rng.choice(["yes", "no", "unknown"])
    if q.type == AnswerType.CHOICE:
        return rng.choice(q.choices).id
    if q.type == AnswerType.MULTI:
        plain = [c.id for c in q.choices if not c.exclusive] or [q.choices[0].id]
        return rng.sample(plain, rng.randint(1, min(3, len(plain))))
    if q.type == AnswerType.NUMBER:
        low = q.min if q.min is not None else 0
        high = q.max if q.max is not None else low + 100
        return rng.randint(int(low), int(high))
    if q.type == AnswerType.DATE:
        return date(2025, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    if q.type == AnswerType.DATETIME:
        moment = datetime(2025, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23))
        return moment.isoformat()
    return f"A fictional free-text answer, version {rng.randint(1, 9)}."


def evaluations_per_second(compiled: CompiledPack, answers: dict[str, Any],
                           count: int = EVALUATIONS) -> float:
    start = perf_counter()
    for _ in range(count):
        evaluate(compiled, answers)
    return count / (perf_counter() - start)


def varied_per_second(compiled: CompiledPack, pool: list[dict[str, Any]]) -> float:
    """Each answer set of the pool evaluated once."""
    start = perf_counter()
    for answers in pool:
        evaluate(compiled, answers)
    return len(pool) / (perf_counter() - start)


def _packs() -> tuple[list[LoadedPack], Registry | None]:
    registry = load_registry(rules_dir())
    packs = registry.current_packs()
    if packs:
        return packs, registry
    return [load_pack(MINI)], None


class _PackBench:
    """One pack's answer sets and its runs so far."""

    def __init__(self, loaded: LoadedPack, registry: Registry | None) -> None:
        self.loaded = loaded
        self.compiled = loaded.compiled
        self.answers = full_answers(self.compiled, registry)
        self.runs: list[float] = []
        self.varied: list[float] = []
        self.rounds = 0
        evaluations_per_second(self.compiled, self.answers, WARM_UP)
        varied_per_second(self.compiled, varied_answers(self.compiled, self.answers, WARM_UP))

    def one_round(self) -> None:
        self.rounds += 1
        pool = varied_answers(self.compiled, self.answers, seed=2026 + self.rounds)
        self.runs.append(evaluations_per_second(self.compiled, self.answers))
        self.varied.append(varied_per_second(self.compiled, pool))

    def figures(self) -> dict[str, Any]:
        ev = evaluate(self.compiled, self.answers)
        return {
            "version": self.loaded.version,
            "eval_per_s": round(statistics.median(self.runs)),
            "best_per_s": round(max(self.runs)),
            "varied_per_s": round(statistics.median(self.varied)),
            "varied_best_per_s": round(max(self.varied)),
            "runs": [round(r) for r in self.runs],
            "questions": len(self.compiled.questions),
            "answered": len(ev.answers),
            "rules": len(self.compiled.pack.rules),
            "fired_rules": len(ev.fired_rules),
            "outcomes": len(ev.outcomes),
        }


def run(repeats: int = RUNS) -> dict[str, Any]:
    """Median evaluations per second per pack; the headline value is the slowest pack's.

    Packs and workloads take turns, round by round, so a slow spell of the machine falls on
    all of them alike rather than on whichever was running.
    """
    packs, registry = _packs()
    benches = [_PackBench(loaded, registry) for loaded in packs]
    for _ in range(repeats):
        for bench in benches:
            bench.one_round()
    per_pack = {bench.loaded.id: bench.figures() for bench in benches}
    slowest = min(p["eval_per_s"] for p in per_pack.values())
    varied = min(p["varied_per_s"] for p in per_pack.values())
    return {
        "eval_per_s": {
            "value": slowest,
            "unit": "evaluations/s",
            "baseline": None,
            "ratio": None,
            "goal": f">= {GOAL}",
            "best": min(p["best_per_s"] for p in per_pack.values()),
            "per_pack": per_pack,
        },
        "eval_varied_per_s": {
            "value": varied,
            "unit": "evaluations/s",
            "baseline": None,
            "ratio": None,
            "goal": f">= {GOAL}",
            "best": min(p["varied_best_per_s"] for p in per_pack.values()),
        },
    }
