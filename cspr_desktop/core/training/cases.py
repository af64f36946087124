"""Training mode without Qt: the scenario library, training records and live what-ifs.

A trainer opens a fictional scenario as a *training record*, changes answers in front of a
room, and shows how the guidance responds. Everything decided here is Qt-free so the CLI and
tests can use it:

- `load_library` lists every pack's scenarios and a trainer's own folder, each run through the
  same check as `cspr scenarios`, so the library can say whether a scenario still gives the
  outcomes it expects under the current rules (and why not, in the author's error format).
- `training_record` makes the draft: `kind="training"`, the scenario's answers filled in.
- `WhatIf` holds the scenario's own answers and evaluation, so the UI can mark changed answers,
  list the outcomes gained and lost, and put every answer back.
- Training records live in their own SQLite file (`TRAINING_RECORDS_FILE`); `open_training_store`
  refuses to share the real store's file, so a training record can never reach the real list.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from cspr_desktop.core.errors import Code, Problem
from cspr_desktop.core.records.records import MAX_CHILD_REF, Record, new_record, set_answer
from cspr_desktop.core.records.store import Store, StoreError
from cspr_desktop.core.rules.compare import OutcomeChange, compare_outcomes
from cspr_desktop.core.rules.engine import Evaluation, evaluate
from cspr_desktop.core.rules.overlay import Overlay
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.registry import Registry
from cspr_desktop.core.rules.scenarios import (
    SCENARIO_CHECK_CODES,
    Scenario,
    ScenarioResult,
    pack_for,
    run_scenario,
    scenario_overlay,
)
from cspr_desktop.core.rules.serialize import jsonable

TRAINING_RECORDS_FILE = "training.sqlite"
SETTING_SCENARIO_FOLDER = "training_scenario_folder"
SCENARIO_SUFFIXES = (".yaml", ".yml")
MAX_OWN_SCENARIOS = 500


class Source(StrEnum):
    """Where a scenario came from: shipped with a pack, or the trainer's own folder."""

    PACK = "pack"
    OWN = "own"


class Mark(StrEnum):
    """Whether a scenario still does what it says, in the words the library shows."""

    AS_EXPECTED = "as_expected"
    DIFFERENT = "different"
    PROBLEMS = "problems"
    BROKEN = "broken"


MARK_WORDS = {
    Mark.AS_EXPECTED: "Gives its expected outcomes under the current rules",
    Mark.DIFFERENT: "No longer gives its expected outcomes under the current rules",
    Mark.PROBLEMS: "Opens, but the scenario file has problems to fix",
    Mark.BROKEN: "Cannot be opened: the scenario file has problems to fix",
}


@dataclass(frozen=True)
class LibraryEntry:
    """One scenario file in the library, with the result of running it now."""

    path: Path
    source: Source
    result: ScenarioResult

    @property
    def scenario(self) -> Scenario | None:
        return self.result.scenario

    @property
    def title(self) -> str:
        return self.scenario.title if self.scenario else self.path.name

    @property
    def pack_id(self) -> str:
        return self.scenario.pack if self.scenario else ""

    @property
    def mark(self) -> Mark:
        """Broken (nothing to open) first, then 'the rules now give other outcomes', then
        any other problem in the file; a scenario with no problem gives what it expects."""
        problems = self.result.problems
        if self.result.evaluation is None:
            return Mark.BROKEN
        if any(p.code in SCENARIO_CHECK_CODES for p in problems):
            return Mark.DIFFERENT
        return Mark.PROBLEMS if problems else Mark.AS_EXPECTED

    @property
    def can_open(self) -> bool:
        """A scenario whose rules now differ still opens (that is worth showing a room)."""
        return self.mark != Mark.BROKEN

    def problem_lines(self) -> list[str]:
        """Each problem as `file:line: CODE message. fix`, as `cspr scenarios` prints it."""
        return [p.format() for p in self.result.problems]


@dataclass(frozen=True)
class Library:
    """Every scenario found, and any problem with the trainer's own folder itself."""

    entries: tuple[LibraryEntry, ...]
    folder_problems: tuple[str, ...]
    own_folder: Path | None

    def by_pack(self) -> dict[str, list[LibraryEntry]]:
        """Entries grouped by checklist id ('' for files too broken to name their pack)."""
        groups: dict[str, list[LibraryEntry]] = {}
        for entry in self.entries:
            groups.setdefault(entry.pack_id, []).append(entry)
        return groups

    def find(self, path: Path) -> LibraryEntry | None:
        return next((e for e in self.entries if e.path == path), None)


def own_scenario_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The scenario files in a trainer's folder, or why the folder cannot be used."""
    if not folder.exists():
        return [], [f"The folder {folder} does not exist. Choose a folder that holds your "
                    "scenario files (.yaml), or stop using your own folder."]
    if not folder.is_dir():
        return [], [f"{folder} is a file, not a folder. Choose the folder that holds your "
                    "scenario files (.yaml)."]
    try:
        files = sorted(p for p in folder.iterdir()
                       if p.suffix.lower() in SCENARIO_SUFFIXES and p.is_file())
    except OSError as exc:
        return [], [f"The folder {folder} cannot be read ({exc.strerror or exc}). Check its "
                    "permissions, or choose another folder."]
    problems = []
    if not files:
        problems.append(f"The folder {folder} holds no scenario files (.yaml). Put your "
                        "scenarios there, or choose another folder.")
    if len(files) > MAX_OWN_SCENARIOS:
        problems.append(f"The folder {folder} holds {len(files)} files; only the first "
                        f"{MAX_OWN_SCENARIOS} are shown.")
    return files[:MAX_OWN_SCENARIOS], problems


def load_library(registry: Registry, own_folder: Path | None = None) -> Library:
    """Run every pack scenario and every file in the trainer's folder under the current rules."""
    entries = [LibraryEntry(p, Source.PACK, run_scenario(p, registry))
               for p in registry.scenario_files()]
    folder_problems: list[str] = []
    if own_folder is not None:
        files, folder_problems = own_scenario_files(own_folder)
        shipped = {e.scenario.id: e.path for e in entries if e.scenario}
        for path in files:
            result = _own_result(run_scenario(path, registry), shipped)
            entries.append(LibraryEntry(path, Source.OWN, result))
    return Library(tuple(entries), tuple(folder_problems), own_folder)


def _own_result(result: ScenarioResult, shipped: Mapping[str, Path]) -> ScenarioResult:
    """An own scenario with a shipped scenario's id is confusing in a room: say so."""
    scenario = result.scenario
    if scenario is None or scenario.id not in shipped:
        return result
    clash = Problem(Code.DUPLICATE_ID, f"the id '{scenario.id}' is already used by the pack's "
                    f"scenario {shipped[scenario.id].name}.", result.file, 1, "id")
    return ScenarioResult(result.file, scenario, result.evaluation, (*result.problems, clash))


def folder_setting(store: Store) -> Path | None:
    """The trainer's own scenario folder, from the real store's settings (None when unset)."""
    text = store.setting(SETTING_SCENARIO_FOLDER).strip()
    return Path(text) if text else None


def training_record(scenario: Scenario, loaded: LoadedPack, now: datetime,
                    taken: Callable[[str], bool] | None = None,
                    child_ref: str | None = None) -> Record:
    """A draft training record with the scenario's answers filled in, its id not `taken`;
    its child reference names the scenario (by title unless `child_ref` is given)."""
    reference = f"Training: {scenario.title}" if child_ref is None else child_ref
    record = new_record(loaded.id, loaded.version, loaded.sha256, now, kind="training",
                        child_ref=reference[:MAX_CHILD_REF], taken=taken)
    record = record.model_copy(update={"scenario_id": scenario.id})
    for question_id, value in scenario.answers.items():
        record = set_answer(record, question_id, value, now)
    return record


def _key(item: Any) -> str:
    return json.dumps(item, sort_keys=True, default=str)


def _same(a: Any, b: Any) -> bool:
    """Answers compared as the record stores them; a multi-choice's order does not matter."""
    a, b = jsonable(a), jsonable(b)
    if isinstance(a, list) and isinstance(b, list):  # a body map's marks are objects
        return sorted(map(_key, a)) == sorted(map(_key, b))
    return bool(a == b)


class WhatIf:
    """The scenario's own answers and evaluation, to compare a changed training record with."""

    def __init__(self, scenario: Scenario, loaded: LoadedPack, answers: Mapping[str, Any],
                 parameters: Mapping[str, Any]) -> None:
        """`answers` are the scenario's as a fresh training record stores them (so a value
        written differently in the YAML never counts as a change)."""
        self.scenario = scenario
        self.loaded = loaded
        self.answers = dict(answers)
        self.parameters = dict(parameters)
        self.evaluation = evaluate(loaded.compiled, self.answers, self.parameters)

    def changed_questions(self, answers: Mapping[str, Any]) -> list[str]:
        """Question ids whose answer differs from the scenario's, in pack order."""
        order = [q.id for q in self.loaded.pack.questions()]
        known = set(order)
        extra = sorted((set(answers) | set(self.answers)) - known)
        return [q for q in [*order, *extra]
                if not _same(answers.get(q), self.answers.get(q))]

    def compare(self, current: Evaluation) -> OutcomeChange:
        """Outcomes gained and lost, and the level change, against the scenario's own."""
        return compare_outcomes(self.evaluation, current)

    def reset_values(self, answers: Mapping[str, Any]) -> list[tuple[str, Any]]:
        """(question, value) pairs that put `answers` back to the scenario's (None clears)."""
        return [(q, self.answers.get(q)) for q in self.changed_questions(answers)]


@dataclass(frozen=True)
class TrainingCase:
    """What opening a scenario gives: the training record, its pack and overlay, and the
    scenario's own answers and evaluation to compare with."""

    record: Record
    loaded: LoadedPack
    overlay: Overlay | None
    what_if: WhatIf


def open_case(scenario: Scenario, registry: Registry, now: datetime,
              taken: Callable[[str], bool] | None = None) -> TrainingCase | None:
    """A new training record for the scenario, or None when no pack version matches it.

    `taken` is the training store's `exists`, so the new record's id is not already in use.
    """
    loaded = pack_for(scenario, registry)
    if loaded is None:
        return None
    overlay = scenario_overlay(scenario, registry)
    parameters = overlay.parameters_for(loaded.id) if overlay else {}
    record = training_record(scenario, loaded, now, taken)
    return TrainingCase(record, loaded, overlay,
                        WhatIf(scenario, loaded, record.answers, parameters))


def open_training_store(data_dir: Path, real: Store,
                        opener: Callable[[Path], Store] = Store) -> Store:
    """The training records' own store, in its own file; never the real store's file.
    `opener` opens it (keyed, when the data folder is encrypted)."""
    path = data_dir / TRAINING_RECORDS_FILE
    if path.resolve() == real.path.resolve():
        raise StoreError(f"The training records file would be the real records file ({path}). "
                         "Start the app with another data folder.")
    return opener(path)

