"""Check a parsed pack document: shape (pydantic) and meaning (ids, references, ranges, cycles).

Both checks run on every file, even when the shape is wrong, so an author sees every problem in
one pass. Meaning checks use whichever items did validate on their own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from cspr_desktop.core.errors import Code, Problem, did_you_mean
from cspr_desktop.core.rules import models as m
from cspr_desktop.core.rules import vocabulary as v
from cspr_desktop.core.rules.answers import shown_number
from cspr_desktop.core.rules.conditions import Scope, parse
from cspr_desktop.core.rules.expressions import inputs_of, parse_expression
from cspr_desktop.core.rules.graph import find_cycle
from cspr_desktop.core.rules.outcome_text import placeholders
from cspr_desktop.core.rules.pydantic_problems import problems_from_validation
from cspr_desktop.core.rules.shown import shown
from cspr_desktop.core.rules.yamlsource import Document, KeyPath

LIST_MODELS: dict[str, type[BaseModel]] = {
    "sources": m.Source,
    "parameters": m.Parameter,
    "computed": m.Computed,
    "derived": m.Derived,
    "outcomes": m.Outcome,
    "rules": m.Rule,
}


def validate_pack(doc: Document) -> tuple[m.Pack | None, list[Problem]]:
    """Return the pack model and every problem; the model is None if anything is wrong."""
    if not isinstance(doc.data, dict):
        return None, [doc.problem(Code.NOT_A_MAPPING, "the file is not a mapping of keys.")]
    problems: list[Problem] = []
    pack: m.Pack | None = None
    try:
        pack = m.Pack.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(problems_from_validation(exc, doc, m.Pack))
    parts = _PartialPack.from_data(doc.data)
    problems.extend(_Checker(doc, parts).run())
    if problems:
        return None, problems
    return pack, problems


class _PartialPack:
    """The items of a pack that validate on their own, each with its key path."""

    def __init__(self) -> None:
        self.version: str = ""
        self.changelog_versions: list[str] = []
        self.sections: list[tuple[KeyPath, dict[str, Any]]] = []
        self.questions: list[tuple[KeyPath, m.Question]] = []
        self.items: dict[str, list[tuple[KeyPath, Any]]] = {k: [] for k in LIST_MODELS}
        # Every id written in the file, valid item or not, under "questions" and LIST_MODELS.
        self.names: dict[str, set[str]] = {k: set() for k in (*LIST_MODELS, "questions")}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> _PartialPack:
        parts = cls()
        parts.version = str(data.get("version", ""))
        for entry in _as_list(data.get("changelog")):
            if isinstance(entry, dict):
                parts.changelog_versions.append(str(entry.get("version", "")))
        for key, model in LIST_MODELS.items():
            for i, item in enumerate(_as_list(data.get(key))):
                parts.add_name(key, item)
                valid = _try(model, item)
                if valid is not None:
                    parts.items[key].append(((key, i), valid))
        for si, section in enumerate(_as_list(data.get("sections"))):
            if not isinstance(section, dict):
                continue
            parts.sections.append((("sections", si), section))
            for qi, item in enumerate(_as_list(section.get("questions"))):
                parts.add_name("questions", item)
                question = _try(m.Question, item)
                if question is not None:
                    parts.questions.append((("sections", si, "questions", qi), question))
        return parts

    def add_name(self, key: str, item: Any) -> None:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            self.names[key].add(item["id"])

    def broken(self, key: str, valid: Iterable[str]) -> set[str]:
        """Ids written in the file whose items did not validate."""
        return self.names[key] - set(valid)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _try(model: type[BaseModel], item: Any) -> Any:
    """The item as a model, ignoring unknown keys (already reported), or None if it is broken.

    A misspelt key must not hide the item, or every reference to it becomes a false problem.
    """
    try:
        return model.model_validate(item)
    except ValidationError:
        pass
    if not isinstance(item, dict):
        return None
    known = {k: v for k, v in item.items() if k in model.model_fields}
    if len(known) == len(item):
        return None
    try:
        return model.model_validate(known)
    except ValidationError:
        return None


class _Checker:
    """Meaning checks over a partial pack; each method appends problems."""

    def __init__(self, doc: Document, parts: _PartialPack) -> None:
        self.doc = doc
        self.parts = parts
        self.problems: list[Problem] = []

    def report(self, code: Code, message: str, path: KeyPath) -> None:
        self.problems.append(self.doc.problem(code, message, path))

    def ids(self, key: str) -> set[str]:
        return {item.id for _, item in self.parts.items[key]}

    def run(self) -> list[Problem]:
        self._check_duplicates()
        self._check_questions()
        self._check_parameters()
        self._check_references()
        self._check_changelog()
        self._check_conditions()
        return self.problems

    def _unique(self, entries: Iterable[tuple[KeyPath, str]], what: str) -> None:
        seen: dict[str, KeyPath] = {}
        for path, ident in entries:
            if ident in seen:
                first = self.doc.source_map.line_of(seen[ident])
                self.report(Code.DUPLICATE_ID, f"the {what} id '{ident}' is already used on "
                            f"line {first}.", (*path, "id"))
            else:
                seen[ident] = path

    def _check_duplicates(self) -> None:
        sections = [(p, str(s.get("id"))) for p, s in self.parts.sections if "id" in s]
        self._unique(sections, "section")
        self._unique(((p, q.id) for p, q in self.parts.questions), "question")
        for key in LIST_MODELS:
            self._unique(((p, item.id) for p, item in self.parts.items[key]), key.rstrip("s"))
        for path, q in self.parts.questions:
            choices = [((*path, "choices", i), c.id) for i, c in enumerate(q.choices)]
            self._unique(choices, f"choice of '{q.id}'")

    def _check_questions(self) -> None:
        choice_types = (v.AnswerType.CHOICE, v.AnswerType.MULTI)
        for path, q in self.parts.questions:
            if q.type in choice_types and len(q.choices) < 2:
                self.report(Code.CHOICES_MISMATCH, f"'{q.id}' is {q.type.value} and needs at "
                            "least two choices.", (*path, "type"))
            if q.type not in choice_types and q.choices:
                self.report(Code.CHOICES_MISMATCH, f"'{q.id}' is {q.type.value} and cannot have "
                            "choices.", (*path, "choices"))
            for i, choice in enumerate(q.choices):
                if choice.id == "none" and q.type == v.AnswerType.MULTI and not choice.exclusive:
                    self.report(Code.NONE_NOT_EXCLUSIVE, f"the 'none' choice of '{q.id}' must "
                                "exclude the others.", (*path, "choices", i))
            if q.min is not None and q.max is not None and q.min > q.max:
                self.report(Code.BAD_RANGE, f"min {q.min:g} is above max {q.max:g}.",
                            (*path, "min"))

    def _check_parameters(self) -> None:
        for path, param in self.parts.items["parameters"]:
            if param.min is not None and param.max is not None and param.min > param.max:
                self.report(Code.BAD_RANGE, f"min {param.min:g} is above max {param.max:g}.",
                            (*path, "min"))
            problem = parameter_value_problem(param, param.default)
            if problem:
                self.report(Code.BAD_RANGE, f"the default {problem}", (*path, "default"))

    def _check_references(self) -> None:
        sources, outcomes = self.parts.names["sources"], self.parts.names["outcomes"]
        for key in ("outcomes", "rules"):
            for path, item in self.parts.items[key]:
                if item.source not in sources:
                    self.report(Code.UNKNOWN_SOURCE, f"no source is called '{item.source}'."
                                f"{did_you_mean(item.source, sources)}", (*path, "source"))
        parameters = self.parts.names["parameters"]
        for path, outcome_item in self.parts.items["outcomes"]:
            for key in ("title", "what_to_do", "by_when"):
                for name in placeholders(getattr(outcome_item, key)):
                    if name not in parameters:
                        self.report(Code.UNKNOWN_PARAMETER, f"'{{{name}}}' names no parameter."
                                    f"{did_you_mean(name, parameters)}", (*path, key))
        for path, rule in self.parts.items["rules"]:
            for i, outcome in enumerate(rule.outcomes):
                if outcome not in outcomes:
                    self.report(Code.UNKNOWN_OUTCOME, f"no outcome is called '{outcome}'."
                                f"{did_you_mean(outcome, outcomes)}", (*path, "outcomes", i))

    def _check_changelog(self) -> None:
        version = self.parts.version
        if v.SEMVER.match(version) and version not in self.parts.changelog_versions:
            self.report(Code.CHANGELOG_MISSING_VERSION, f"the changelog has no entry for "
                        f"version {version}.", ("changelog",))

    def _scope(self) -> Scope:
        questions = {q.id: q for _, q in self.parts.questions}
        parameters = {p.id: p.type for _, p in self.parts.items["parameters"]}
        scope = Scope(
            questions=questions,
            derived=frozenset(self.parts.names["derived"]),
            parameters=parameters,
            broken=frozenset(self.parts.broken("questions", questions)
                             | self.parts.broken("parameters", parameters)
                             | self.parts.broken("computed", self.ids("computed"))),
        )
        scope.computed = dict.fromkeys(self.parts.names["computed"], frozenset())
        scope.computed = computed_inputs(self.parts.items["computed"], scope)
        return scope

    def _check_computed(self) -> None:
        questions = {q.id for _, q in self.parts.questions}
        for path, item in self.parts.items["computed"]:
            if item.id in questions:
                self.report(Code.DUPLICATE_ID, f"'{item.id}' is already a question id; a "
                            "computed value needs an id of its own.", (*path, "id"))
        scope = self._scope()
        refs = {item.id: parse_expression(item.value, scope.expression_scope(), ()).computed
                for _, item in self.parts.items["computed"]}
        cycle = find_cycle({k: set(v) & refs.keys() for k, v in refs.items()})
        if cycle:
            self.report(Code.CYCLE, "computed values depend on each other in a loop: "
                        f"{' -> '.join(cycle)}.", ("computed",))

    def _check_conditions(self) -> None:
        self._check_computed()
        scope = self._scope()
        derived_deps: dict[str, set[str]] = {}
        for path, item in self.parts.items["derived"]:
            derived_deps[item.id] = parse(item.when, scope, (*path, "when")).derived_refs()
        for path, rule in self.parts.items["rules"]:
            parse(rule.when, scope, (*path, "when"))
        show_deps: dict[str, set[str]] = {}
        for path, q in self.parts.questions:
            if q.show_if is not None:
                node = parse(q.show_if, scope, (*path, "show_if"))
                show_deps[q.id] = node.questions() | {f"derived:{d}" for d in node.derived_refs()}
        for issue in scope.issues:
            self.report(issue.code, issue.message, issue.path)
        self._check_cycles(derived_deps, show_deps)

    def _check_cycles(self, derived_deps: dict[str, set[str]],
                      show_deps: dict[str, set[str]]) -> None:
        cycle = find_cycle({k: v & derived_deps.keys() for k, v in derived_deps.items()})
        if cycle:
            self.report(Code.CYCLE, "derived values depend on each other in a loop: "
                        f"{' -> '.join(cycle)}.", ("derived",))
            return
        cycle = find_cycle(show_dependencies(show_deps, self._derived_questions()))
        if cycle:
            where = next((p for p, q in self.parts.questions if q.id == cycle[0]), ())
            self.report(Code.CYCLE, "show_if conditions depend on each other in a loop: "
                        f"{' -> '.join(cycle)}.", (*where, "show_if"))

    def _derived_questions(self) -> dict[str, set[str]]:
        scope = self._scope()
        direct: dict[str, set[str]] = {}
        refs: dict[str, set[str]] = {}
        for _, item in self.parts.items["derived"]:
            node = parse(item.when, scope, ())
            direct[item.id] = node.questions()
            refs[item.id] = node.derived_refs()
        return expand_derived(direct, refs)


def computed_inputs(items: Iterable[tuple[KeyPath, m.Computed]],
                    scope: Scope) -> dict[str, frozenset[str]]:
    """Parse each computed value (problems go to the scope) and list the questions it reads."""
    expressions = {item.id: parse_expression(item.value, scope.expression_scope(),
                                             (*path, "value"))
                   for path, item in items}
    return inputs_of(expressions)


def expand_derived(direct: dict[str, set[str]], refs: dict[str, set[str]]) -> dict[str, set[str]]:
    """For each derived value, every question it reads, directly or through other derived values."""
    out: dict[str, set[str]] = {}

    def visit(name: str, seen: frozenset[str]) -> set[str]:
        if name in out:
            return out[name]
        found = set(direct.get(name, set()))
        for ref in refs.get(name, set()):
            if ref not in seen:
                found |= visit(ref, seen | {ref})
        out[name] = found
        return found

    for name in direct:
        visit(name, frozenset({name}))
    return out


def show_dependencies(show_deps: dict[str, set[str]],
                      derived_questions: dict[str, set[str]]) -> dict[str, set[str]]:
    """Question -> the questions its show_if reads, looking through derived values."""
    graph: dict[str, set[str]] = {}
    for qid, deps in show_deps.items():
        expanded: set[str] = set()
        for dep in deps:
            if dep.startswith("derived:"):
                expanded |= derived_questions.get(dep.removeprefix("derived:"), set())
            else:
                expanded.add(dep)
        graph[qid] = expanded
    return graph


def parameter_value_problem(param: m.Parameter, value: Any) -> str | None:
    """Why `value` does not fit `param`, or None when it does."""
    kinds: dict[str, tuple[type, ...]] = {
        "number": (int, float), "integer": (int,), "boolean": (bool,), "text": (str,),
    }
    if isinstance(value, bool) != (param.type == "boolean") or not isinstance(
        value, kinds[param.type]
    ):
        return f"{shown(value)} is not of type {param.type}."
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a number that can be used; give a finite number."
    if isinstance(value, int | float) and not isinstance(value, bool):
        if param.min is not None and value < param.min:
            return f"{shown_number(value)} is below the minimum {param.min:g}."
        if param.max is not None and value > param.max:
            return f"{shown_number(value)} is above the maximum {param.max:g}."
    return None
