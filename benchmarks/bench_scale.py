"""How the engine scales with the size of a pack: a synthetic pack ten times the largest one.

The benchmark writes, in a temporary folder, a pack made of the largest bundled pack's sections,
derived values, computed values, outcomes and rules copied ten times over, each copy's ids
given a suffix (its sources and parameters are shared), and checks that it validates. Then,
for the largest pack itself (1x) and the synthetic one (10x), alternated:

- load: reading, validating and compiling the file (`load_pack`), cold, as start-up or the
  first use of a pack does;
- per answer: one answer changed, then the whole evaluation the checklist shows after it
  (`evaluate`, as `ChecklistSession.answer` does), over a seeded sequence of changes to an
  answer set where every visible question is answered.

`scale_answer_ratio` is the per-answer median at 10x over that at 1x: ten times the questions
and rules should cost no more than ten times as much (linear), so its goal is <= 10.
"""

from __future__ import annotations

import random
import re
import statistics
import tempfile
from pathlib import Path
from time import perf_counter
from typing import Any

import yaml

from benchmarks.bench_eval import _random_answer, full_answers
from cspr_desktop.core.paths import rules_dir
from cspr_desktop.core.rules.engine import CompiledPack, evaluate
from cspr_desktop.core.rules.loader import load_pack
from cspr_desktop.core.rules.registry import load_registry
from cspr_desktop.core.rules.yamlsource import read_file

COPIES = 10
CHANGES_PER_QUESTION = 10
LOAD_RUNS = 5
COPIED = ("sections", "computed", "derived", "outcomes", "rules")


def largest_pack() -> Path:
    """The current bundled pack with the largest file."""
    registry = load_registry(rules_dir())
    return max((Path(p.path) for p in registry.current_packs()), key=lambda p: p.stat().st_size)


def _ids(data: dict[str, Any]) -> set[str]:
    """Every id a copy must rename: sections, questions, computed and derived values,
    outcomes and rules."""
    ids = set()
    for section in data.get("sections", []):
        ids.add(section["id"])
        ids.update(q["id"] for q in section.get("questions", []))
    for key in ("computed", "derived", "outcomes", "rules"):
        ids.update(item["id"] for item in data.get(key, []))
    return ids


def _renamed(node: Any, rename: dict[str, str], pattern: re.Pattern[str]) -> Any:
    """`node` with every id, whole or inside an expression or a text, renamed."""
    if isinstance(node, dict):
        return {rename.get(k, k) if isinstance(k, str) else k: _renamed(v, rename, pattern)
                for k, v in node.items()}
    if isinstance(node, list):
        return [_renamed(v, rename, pattern) for v in node]
    if isinstance(node, str):
        if node in rename:
            return rename[node]
        return pattern.sub(lambda m: rename[m.group(0)], node)
    return node


def scaled_pack(data: dict[str, Any], copies: int = COPIES) -> dict[str, Any]:
    """The pack's content copied `copies` times under a new id (copy 0 keeps its ids)."""
    ids = _ids(data)
    choice_ids = {c["id"] for s in data.get("sections", []) for q in s.get("questions", [])
                  for c in q.get("choices", []) if isinstance(c, dict)}
    ids -= choice_ids  # a choice spelt like a question keeps its spelling in every copy
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, ids), key=len,
                                                            reverse=True)) + r")(?![\w-])")
    out = {**data, "id": f"{data['id']}-x{copies}", "version": "1.0.0",
           "title": f"{data['title']} (x{copies}, synthetic)"}
    for key in COPIED:
        out[key] = list(data.get(key, []))
    for n in range(1, copies):
        rename = {i: f"{i}_c{n}" for i in ids}
        for key in COPIED:
            out[key].extend(_renamed(item, rename, pattern) for item in data.get(key, []))
    return out


def write_scaled(source: Path, folder: Path, copies: int = COPIES) -> Path:
    data = read_file(source).data
    assert isinstance(data, dict)
    scaled = scaled_pack(data, copies)
    path = folder / scaled["id"] / "1.0.0.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(scaled, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def load_ms(path: Path) -> tuple[float, CompiledPack]:
    start = perf_counter()
    loaded = load_pack(path)
    return (perf_counter() - start) * 1000, loaded.compiled


def per_answer_ms(compiled: CompiledPack, seed: int = 2026,
                  per_question: int = CHANGES_PER_QUESTION) -> list[float]:
    """Milliseconds from each answer changed to its evaluation, over `per_question` changes
    for each question of the pack (so both sizes see each question as often: the engine
    remembers what depends only on one answer's value)."""
    answers = full_answers(compiled, None)
    rng = random.Random(seed)
    questions = list(compiled.questions.values())
    count = per_question * len(questions)
    times = []
    for _ in range(count):
        question = rng.choice(questions)
        value = _random_answer(question, rng)
        start = perf_counter()
        answers[question.id] = value
        evaluate(compiled, answers)
        times.append((perf_counter() - start) * 1000)
    return times


def run(repeats: int = 5) -> dict[str, Any]:
    largest = largest_pack()
    with tempfile.TemporaryDirectory(prefix="cspr-bench-scale-") as tmp:
        # Both written by the same YAML writer, so that only their size differs.
        source = write_scaled(largest, Path(tmp), 1)
        big = write_scaled(largest, Path(tmp), COPIES)
        loads: dict[str, list[float]] = {"1x": [], "10x": []}
        compiled: dict[str, CompiledPack] = {}
        load_ms(source)  # warm-up: imports and caches shared by both
        for _ in range(max(repeats, LOAD_RUNS)):
            for name, path in (("1x", source), ("10x", big)):
                ms, compiled[name] = load_ms(path)
                loads[name].append(ms)
        size = {name: len(c.questions) for name, c in compiled.items()}
        rules = {name: len(c.pack.rules) for name, c in compiled.items()}
        answer: dict[str, list[float]] = {"1x": [], "10x": []}
        for round_ in range(3):  # alternated, each after a warm-up of its own
            for name in ("1x", "10x"):
                per_answer_ms(compiled[name], seed=99, per_question=2)
                answer[name].extend(per_answer_ms(compiled[name], seed=2026 + round_))
    one, ten = statistics.median(answer["1x"]), statistics.median(answer["10x"])
    load_one, load_ten = statistics.median(loads["1x"]), statistics.median(loads["10x"])
    ratio = round(ten / one, 3)
    detail = (f"{largest.parent.name} {largest.stem} ({size['1x']} questions, "
              f"{rules['1x']} rules) and a synthetic copy x{COPIES} ({size['10x']} questions, "
              f"{rules['10x']} rules)")
    return {
        "scale_answer_ratio": {
            "value": ratio, "unit": "ratio", "baseline": round(one, 3),
            "baseline_is": f"per-answer evaluation, largest pack (ms); {detail}",
            "ratio": ratio, "goal": None, "answer_ms_10x": round(ten, 3),
            "answer_ms_p95_1x": round(statistics.quantiles(answer["1x"], n=20)[-1], 3),
            "answer_ms_p95_10x": round(statistics.quantiles(answer["10x"], n=20)[-1], 3)},
        "scale_load_ms_10x": {
            "value": round(load_ten, 1), "unit": "ms", "baseline": round(load_one, 1),
            "baseline_is": "loading (read, validate, compile) the largest pack (ms)",
            "ratio": round(load_ten / load_one, 3), "goal": None},
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
