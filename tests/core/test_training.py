"""Training without Qt: the scenario library and its marks, training records, what-ifs, and the
separate training store."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from cspr_desktop.core.context import AppContext
from cspr_desktop.core.errors import Code
from cspr_desktop.core.records.records import new_record
from cspr_desktop.core.records.store import Store, StoreError
from cspr_desktop.core.rules.engine import evaluate
from cspr_desktop.core.rules.registry import Registry, load_registry
from cspr_desktop.core.training.cases import (
    MARK_WORDS,
    SETTING_SCENARIO_FOLDER,
    TRAINING_RECORDS_FILE,
    Mark,
    Source,
    folder_setting,
    load_library,
    open_case,
    open_training_store,
)

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 2, 10, 15)
ROLLS_ONLY = REPO / "rules" / "bruising-non-mobile" / "scenarios" / "bnm-six-months-rolls-only.yaml"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(REPO / "rules", date(2026, 3, 2))


def scenario_data(**changes: Any) -> dict[str, Any]:
    """The shipped 'rolls only' scenario as data, with a new id and any changes."""
    data: dict[str, Any] = yaml.safe_load(ROLLS_ONLY.read_text("utf-8"))
    data.update({"id": "my-own-case", "title": "My own case"}, **changes)
    return data


def write(folder: Path, name: str, data: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), "utf-8")
    return path


def test_every_shipped_scenario_is_in_the_library_and_gives_what_it_expects(
        registry: Registry) -> None:
    """All packs' scenarios are listed by checklist, each marked 'as expected'."""
    library = load_library(registry)
    assert len(library.entries) == len(registry.scenario_files()) > 0
    assert set(library.by_pack()) == set(registry.pack_ids())
    assert {e.mark for e in library.entries} == {Mark.AS_EXPECTED}
    assert all(e.source == Source.PACK and e.can_open for e in library.entries)


def test_an_own_folder_scenario_is_checked_like_a_pack_one(registry: Registry,
                                                           tmp_path: Path) -> None:
    """A valid own scenario is listed; one whose expectations the rules no longer meet is
    marked 'different' with the E505 line an author reads, and still opens."""
    folder = tmp_path / "mine"
    write(folder, "good.yaml", scenario_data())
    write(folder, "stale.yaml", scenario_data(id="stale-case", expect={
        "outcomes": ["record_decision"], "level": "routine"}))
    library = load_library(registry, folder)
    own = {e.path.name: e for e in library.entries if e.source == Source.OWN}
    assert own["good.yaml"].mark == Mark.AS_EXPECTED
    stale = own["stale.yaml"]
    assert stale.mark == Mark.DIFFERENT and stale.can_open
    assert any("stale.yaml" in line and Code.SCENARIO_FAILED.value in line
               for line in stale.problem_lines())
    assert MARK_WORDS[stale.mark].startswith("No longer gives")
    assert not library.folder_problems


def test_broken_own_scenarios_say_what_is_wrong_and_cannot_open(registry: Registry,
                                                                tmp_path: Path) -> None:
    """Bad YAML, an unknown pack and a clash with a shipped id are each reported by code."""
    folder = tmp_path / "mine"
    write(folder, "bad.yaml", "id: [unclosed\n")
    write(folder, "nopack.yml", scenario_data(id="no-pack", pack="bruising"))
    write(folder, "clash.yaml", scenario_data(id="bnm-six-months-rolls-only"))
    write(folder, "notes.txt", "not a scenario")
    own = {e.path.name: e for e in load_library(registry, folder).entries
           if e.source == Source.OWN}
    assert set(own) == {"bad.yaml", "nopack.yml", "clash.yaml"}
    assert own["bad.yaml"].mark == Mark.BROKEN and not own["bad.yaml"].can_open
    assert Code.NOT_YAML.value in own["bad.yaml"].problem_lines()[0]
    assert own["nopack.yml"].mark == Mark.BROKEN
    assert Code.SCENARIO_UNKNOWN_PACK.value in own["nopack.yml"].problem_lines()[0]
    assert own["clash.yaml"].mark == Mark.PROBLEMS and own["clash.yaml"].can_open
    assert Code.DUPLICATE_ID.value in own["clash.yaml"].problem_lines()[0]


@pytest.mark.parametrize("make, words", [
    (lambda tmp: tmp / "missing", "does not exist"),
    (lambda tmp: write(tmp, "file.yaml", "x: 1"), "is a file, not a folder"),
    (lambda tmp: (tmp / "empty").mkdir() or tmp / "empty", "holds no scenario files"),
])
def test_an_unusable_own_folder_is_explained(registry: Registry, tmp_path: Path, make: Any,
                                             words: str) -> None:
    """Missing, not a folder, or empty: one clear problem, and the shipped scenarios stay."""
    library = load_library(registry, make(tmp_path))
    assert len(library.folder_problems) == 1 and words in library.folder_problems[0]
    assert len(library.entries) == len(registry.scenario_files())


def test_the_own_folder_is_a_setting_of_the_real_store(tmp_path: Path) -> None:
    """Unset means None; a stored path comes back as a Path."""
    store = Store(tmp_path / "records.sqlite")
    assert folder_setting(store) is None
    store.set_setting(SETTING_SCENARIO_FOLDER, str(tmp_path / "mine"))
    assert folder_setting(store) == tmp_path / "mine"


def test_a_scenario_opens_as_a_training_draft_with_its_answers(registry: Registry) -> None:
    """The record is a training draft naming its scenario, answered as the scenario says."""
    entry = next(e for e in load_library(registry).entries if e.path == ROLLS_ONLY)
    assert entry.scenario is not None
    case = open_case(entry.scenario, registry, NOW)
    assert case is not None
    record = case.record
    assert record.kind == "training" and not record.is_completed
    assert record.scenario_id == "bnm-six-months-rolls-only"
    assert record.answers["motor_skills"] == ["lifts_head", "rolls", "sits"]
    assert record.child_ref.startswith("Training: ")
    assert case.what_if.changed_questions(record.answers) == []


def test_a_what_if_lists_changed_answers_and_outcomes_gained_and_lost(
        registry: Registry) -> None:
    """Crawling makes the baby mobile: the same-day outcomes are lost and the level drops;
    putting the answers back from `reset_values` restores the scenario."""
    entry = next(e for e in load_library(registry).entries if e.path == ROLLS_ONLY)
    assert entry.scenario is not None
    case = open_case(entry.scenario, registry, NOW)
    assert case is not None
    what_if = case.what_if
    answers = dict(case.record.answers)
    answers["motor_skills"] = ["crawls", "sits", "rolls", "lifts_head"]
    assert what_if.changed_questions(answers) == ["motor_skills"]
    answers["motor_skills"] = ["lifts_head", "sits", "rolls"]  # order does not matter
    assert what_if.changed_questions(answers) == []
    answers["motor_skills"] = [*answers["motor_skills"], "crawls"]
    answers["gestation_weeks"] = 39
    change = what_if.compare(evaluate(case.loaded.compiled, answers, what_if.parameters))
    assert "refer_csc_today" in {o.id for o in change.lost}
    assert (change.level_before, change.level_after) == ("same_day", "routine")
    reset = dict(what_if.reset_values(answers))
    assert reset == {"motor_skills": ["lifts_head", "rolls", "sits"], "gestation_weeks": None}


def test_training_records_have_their_own_file(tmp_path: Path, registry: Registry) -> None:
    """The training store is another file; saving there never adds to the real store."""
    real = Store(tmp_path / "records.sqlite")
    context = AppContext(registry, real, lambda: NOW, tmp_path, tmp_path / "log", "test")
    training = context.training_store()
    assert training.path == tmp_path / TRAINING_RECORDS_FILE != real.path
    assert context.training_store() is training
    record = new_record("safer-sleep", "1.0.0", "x" * 64, NOW, kind="training")
    training.save(record)
    assert real.summaries() == [] and [s.id for s in training.summaries()] == [record.id]
    assert training.clear_all() == 1 and training.summaries() == []


def test_the_training_store_refuses_the_real_file(tmp_path: Path) -> None:
    """Were the real records file ever named like the training one, training refuses it."""
    real = Store(tmp_path / TRAINING_RECORDS_FILE)
    with pytest.raises(StoreError, match="would be the real records file"):
        open_training_store(tmp_path, real)
