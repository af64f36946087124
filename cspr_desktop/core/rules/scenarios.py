"""Scenarios: fictional cases with expected outcomes — regression tests, demos and examples.

A scenario names its pack (and optionally a version range and an overlay), gives answers and
says which outcomes must and must not fire and the overall level. Running one evaluates the
answers under the matching pack version and compares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from cspr_desktop.core.errors import Code, Problem, did_you_mean
from cspr_desktop.core.rules.engine import Evaluation, evaluate
from cspr_desktop.core.rules.models import Strict
from cspr_desktop.core.rules.overlay import Overlay
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.pydantic_problems import problems_from_validation
from cspr_desktop.core.rules.registry import Registry
from cspr_desktop.core.rules.vocabulary import Level, semver_key
from cspr_desktop.core.rules.yamlsource import Document, read_file

# Codes that mean "the rules gave another answer", as opposed to a malformed scenario.
SCENARIO_CHECK_CODES = frozenset({Code.SCENARIO_FAILED})
RANGE_PART = re.compile(r"^\s*(>=|<=|==|>|<|=)?\s*(\d+\.\d+\.\d+)\s*$")


class Expectation(Strict):
    outcomes: list[str] = Field(default_factory=list)
    not_outcomes: list[str] = Field(default_factory=list)
    level: Level | None = None
    too_early: bool | None = None  # "not enough answers yet" shown instead of a routine level
    still_needed: list[str] | None = None  # the deciding questions still unanswered, exactly


class Scenario(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)
    pack: str
    pack_version: str = ""
    title: str = Field(min_length=1)
    fictional: bool
    narrative: str = Field(min_length=1)
    overlay: str = ""
    answers: dict[str, Any]
    expect: Expectation


@dataclass(frozen=True)
class ScenarioResult:
    """One scenario run: what was expected, what happened, and what differed."""

    file: str
    scenario: Scenario | None
    evaluation: Evaluation | None
    problems: tuple[Problem, ...]

    @property
    def passed(self) -> bool:
        return not self.problems

    def line(self) -> str:
        """One line for `cspr scenarios`."""
        name = self.scenario.id if self.scenario else Path(self.file).stem
        if self.passed:
            return f"PASS {name}"
        return f"FAIL {name}: " + "; ".join(p.message for p in self.problems)


def version_matches(version: str, spec: str) -> bool:
    """True when `version` satisfies a spec such as '>=1.0.0,<2.0.0' (empty matches all)."""
    for part in filter(None, (s.strip() for s in spec.split(","))):
        match = RANGE_PART.match(part)
        if not match:
            return False
        op, wanted = match.group(1) or "==", semver_key(match.group(2))
        have = semver_key(version)
        ok = {
            ">=": have >= wanted, "<=": have <= wanted, ">": have > wanted,
            "<": have < wanted, "==": have == wanted, "=": have == wanted,
        }[op]
        if not ok:
            return False
    return True


def parse_scenario(doc: Document) -> tuple[Scenario | None, list[Problem]]:
    """Validate a scenario document's shape."""
    if doc.problems:
        return None, list(doc.problems)
    try:
        scenario = Scenario.model_validate(doc.data)
    except ValidationError as exc:
        return None, problems_from_validation(exc, doc, Scenario)
    if not scenario.fictional:
        return None, [doc.problem(Code.SCENARIO_NOT_FICTIONAL, "the scenario is not marked "
                                  "fictional.", ("fictional",))]
    return scenario, []


def pack_for(scenario: Scenario, registry: Registry) -> LoadedPack | None:
    """The current version if it matches the scenario's range, else the highest that does."""
    current = registry.current(scenario.pack)
    if current and version_matches(current.version, scenario.pack_version):
        return current
    matching = [p for p in registry.all_versions(scenario.pack)
                if version_matches(p.version, scenario.pack_version)]
    return matching[-1] if matching else None


def run_scenario(path: Path, registry: Registry, version: str | None = None) -> ScenarioResult:
    """Load, evaluate and check one scenario file (under `version` if given, whatever the
    scenario's own range says: how an author sees what an older version made of a case)."""
    doc = read_file(path)
    scenario, problems = parse_scenario(doc)
    if scenario is None:
        return ScenarioResult(doc.file, None, None, tuple(problems))
    if scenario.pack not in registry.versions:
        problem = doc.problem(Code.SCENARIO_UNKNOWN_PACK, f"no pack is called '{scenario.pack}'."
                              f"{did_you_mean(scenario.pack, registry.versions)}", ("pack",))
        return ScenarioResult(doc.file, scenario, None, (problem,))
    loaded = registry.get(scenario.pack, version) if version else pack_for(scenario, registry)
    if loaded is None:
        wanted = version or scenario.pack_version
        problem = doc.problem(Code.SCENARIO_NO_MATCHING_VERSION, f"no version of "
                              f"'{scenario.pack}' matches '{wanted}'.",
                              ("pack_version",))
        return ScenarioResult(doc.file, scenario, None, (problem,))
    return _check(doc, scenario, loaded, registry)


def scenario_overlay(scenario: Scenario, registry: Registry) -> Overlay | None:
    """The scenario's own overlay, or none: its parameters shape the outcomes it expects, so
    the app's chosen partnership is not applied (it could change what the room sees)."""
    return registry.overlays.get(scenario.overlay) if scenario.overlay else None


def scenario_parameters(scenario: Scenario, registry: Registry) -> dict[str, Any]:
    """Parameter values from the scenario's overlay, if it names one."""
    overlay = scenario_overlay(scenario, registry)
    return dict(overlay.parameters_for(scenario.pack)) if overlay else {}


def _check(doc: Document, scenario: Scenario, loaded: LoadedPack,
           registry: Registry) -> ScenarioResult:
    problems: list[Problem] = []
    if scenario.overlay and scenario.overlay not in registry.overlays:
        problems.append(doc.problem(Code.SCENARIO_UNKNOWN_OVERLAY, f"no overlay is called "
                                    f"'{scenario.overlay}'.", ("overlay",)))
    evaluation = evaluate(loaded.compiled, scenario.answers,
                          scenario_parameters(scenario, registry))
    for bad in evaluation.invalid_answers:
        problems.append(doc.problem(Code.SCENARIO_BAD_ANSWER, f"{bad.question}: {bad.message}",
                                    ("answers", bad.question)))
    known = loaded.compiled.outcomes
    for key in ("outcomes", "not_outcomes"):
        for i, oid in enumerate(getattr(scenario.expect, key)):
            if oid not in known:
                problems.append(doc.problem(Code.UNKNOWN_OUTCOME, f"no outcome is called "
                                            f"'{oid}'.{did_you_mean(oid, known)}",
                                            ("expect", key, i)))
    problems.extend(_compare(doc, scenario, evaluation))
    return ScenarioResult(doc.file, scenario, evaluation, tuple(problems))


def _compare(doc: Document, scenario: Scenario, evaluation: Evaluation) -> list[Problem]:
    got = {o.id for o in evaluation.outcomes}
    problems = []
    missing = [o for o in scenario.expect.outcomes if o not in got]
    unwanted = [o for o in scenario.expect.not_outcomes if o in got]
    if missing:
        problems.append(doc.problem(Code.SCENARIO_FAILED, f"expected {', '.join(missing)} but "
                                    "it did not fire", ("expect", "outcomes")))
    if unwanted:
        problems.append(doc.problem(Code.SCENARIO_FAILED, f"{', '.join(unwanted)} fired but "
                                    "must not", ("expect", "not_outcomes")))
    want = scenario.expect.level
    if want is not None and evaluation.level != want:
        have = evaluation.level.value if evaluation.level else "none"
        problems.append(doc.problem(Code.SCENARIO_FAILED, f"level is {have}, expected "
                                    f"{want.value}", ("expect", "level")))
    early = scenario.expect.too_early
    if early is not None and evaluation.too_early != early:
        problems.append(doc.problem(Code.SCENARIO_FAILED, "'not enough answers yet' is "
                                    f"{'' if early else 'not '}expected but "
                                    f"{'shown' if evaluation.too_early else 'not shown'}",
                                    ("expect", "too_early")))
    needed = scenario.expect.still_needed
    if needed is not None and set(needed) != set(evaluation.still_needed):
        have_needed = ", ".join(evaluation.still_needed) or "nothing"
        problems.append(doc.problem(Code.SCENARIO_FAILED, f"still needed is {have_needed}, "
                                    f"expected {', '.join(needed) or 'nothing'}",
                                    ("expect", "still_needed")))
    return problems


def run_all(registry: Registry, pack_id: str | None = None,
            version: str | None = None) -> list[ScenarioResult]:
    return [run_scenario(path, registry, version) for path in registry.scenario_files(pack_id)]


def unfired_rules(registry: Registry, results: list[ScenarioResult],
                  pack_id: str | None = None) -> list[tuple[str, str]]:
    """(pack id, rule id) of every current rule no scenario fires."""
    fired: dict[str, set[str]] = {}
    for result in results:
        if result.evaluation is not None:
            ids = {f.id for f in result.evaluation.fired_rules}
            fired.setdefault(result.evaluation.pack.id, set()).update(ids)
    unfired = []
    for loaded in registry.current_packs():
        if pack_id and loaded.id != pack_id:
            continue
        for rule in loaded.pack.rules:
            if rule.id not in fired.get(loaded.id, set()):
                unfired.append((loaded.id, rule.id))
    return unfired
