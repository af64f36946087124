"""Compile a validated pack once, then evaluate answers against it many times a second.

`compile_pack` does all the work that does not depend on answers: parsing conditions into
closures, ordering questions so each `show_if` sees final answers, building answer checkers.
`evaluate` then only runs closures. It never raises on bad answers: it reports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from cspr_desktop.core import models as m
from cspr_desktop.core.answers import UNANSWERED, Checker, make_checker
from cspr_desktop.core.conditions import Derived, Node, Params, Scope, Test, parse
from cspr_desktop.core.errors import Code, Problem
from cspr_desktop.core.graph import dependency_order
from cspr_desktop.core.validate import (
    expand_derived,
    parameter_value_problem,
    show_dependencies,
)


@dataclass(frozen=True, slots=True)
class InvalidAnswer:
    """An answer that could not be used, and why; it counts as unanswered."""

    question: str
    code: Code
    message: str


@dataclass(frozen=True, slots=True)
class FiredRule:
    """A rule whose condition held, with the answers that made it hold."""

    rule: m.Rule
    because: tuple[tuple[str, Any], ...]
    parameters: tuple[tuple[str, Any], ...]

    @property
    def id(self) -> str:
        return self.rule.id


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Everything the guidance panel, the record and the CLI need from one evaluation."""

    pack: m.Pack
    sha256: str
    answers: Mapping[str, Any]
    visible: tuple[str, ...]
    missing_required: tuple[str, ...]
    invalid_answers: tuple[InvalidAnswer, ...]
    derived: Mapping[str, bool]
    fired_rules: tuple[FiredRule, ...]
    outcomes: tuple[m.Outcome, ...]
    level: m.Level | None

    def rules_for(self, outcome_id: str) -> tuple[FiredRule, ...]:
        """The fired rules that led to one outcome: the "Why?" of the panel."""
        return tuple(f for f in self.fired_rules if outcome_id in f.rule.outcomes)


class CompiledPack:
    """A pack ready to evaluate: closures, orders and lookups computed once."""

    def __init__(self, pack: m.Pack, sha256: str) -> None:
        self.pack = pack
        self.sha256 = sha256
        self.questions = {q.id: q for q in pack.questions()}
        self.question_order = {qid: i for i, qid in enumerate(self.questions)}
        self.outcomes = {o.id: o for o in pack.outcomes}
        self.defaults: dict[str, Any] = {p.id: p.default for p in pack.parameters}
        self.parameter_models = {p.id: p for p in pack.parameters}
        self.checkers: dict[str, Checker] = {
            q.id: make_checker(q) for q in self.questions.values()
        }
        scope = Scope(
            questions=self.questions,
            derived=frozenset(d.id for d in pack.derived),
            parameters={p.id: p.type for p in pack.parameters},
        )
        self.derived_nodes = {d.id: parse(d.when, scope, ()) for d in pack.derived}
        self.derived_tests: dict[str, Test] = {}
        for name, node in self.derived_nodes.items():
            self.derived_tests[name] = node.compile(self._derived_getter)
        show_nodes = {q.id: parse(q.show_if, scope, ()) for q in self.questions.values()
                      if q.show_if is not None}
        self.rule_nodes = [(r, parse(r.when, scope, ())) for r in pack.rules]
        if scope.issues:
            raise ValueError(f"pack {pack.id} {pack.version} was not validated: {scope.issues}")
        self.derived_questions = expand_derived(
            {k: n.questions() for k, n in self.derived_nodes.items()},
            {k: n.derived_refs() for k, n in self.derived_nodes.items()},
        )
        deps = show_dependencies(
            {k: n.questions() | {f"derived:{d}" for d in n.derived_refs()}
             for k, n in show_nodes.items()},
            self.derived_questions,
        )
        order = dependency_order(list(self.questions), deps)
        # Visibility runs in dependency order; `visible` is reported in pack order.
        self.reordered = order != list(self.questions)
        self.visibility: tuple[tuple[str, Test | None], ...] = tuple(
            (qid, show_nodes[qid].compile(self._derived_getter) if qid in show_nodes else None)
            for qid in order
        )
        self.rule_tests = tuple(
            (r, n, n.compile(self._derived_getter)) for r, n in self.rule_nodes
        )
        self.rule_params = {r.id: self._params_of(n) for r, n in self.rule_nodes}
        self.outcome_rank = {
            o.id: (-o.level.rank, i) for i, o in enumerate(pack.outcomes)
        }

    def parameter_values(self, given: Mapping[str, Any] | None) -> Mapping[str, Any]:
        """Defaults, overridden by the given values that fit their parameter; others ignored.

        Overlays are validated when loaded; this keeps evaluate() safe from any other caller.
        """
        if not given:
            return self.defaults
        models = self.parameter_models
        fitting = {
            k: v for k, v in given.items()
            if k in models and parameter_value_problem(models[k], v) is None
        }
        return {**self.defaults, **fitting} if fitting else self.defaults

    def _derived_getter(self, name: str) -> Test:
        """A test that computes a derived value once per evaluation and caches it in `d`."""
        tests = self.derived_tests

        def derived(a: Mapping[str, Any], d: Derived, p: Params) -> bool:
            value = d.get(name)
            if value is None:
                value = d[name] = tests[name](a, d, p)
            return value

        return derived

    def _params_of(self, node: Node) -> frozenset[str]:
        found = set(node.parameter_refs())
        pending = list(node.derived_refs())
        seen: set[str] = set()
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            found |= self.derived_nodes[name].parameter_refs()
            pending.extend(self.derived_nodes[name].derived_refs())
        return frozenset(found)


class _Explainer:
    """Explains derived values for `because`, over one evaluation's answers."""

    def __init__(self, compiled: CompiledPack, a: Mapping[str, Any], d: Derived,
                 p: Params) -> None:
        self.compiled, self.a, self.d, self.p = compiled, a, d, p

    def derived_because(self, name: str) -> set[str]:
        return self.compiled.derived_nodes[name].because(self.a, self.d, self.p, self)

    def derived_questions(self, name: str) -> set[str]:
        return self.compiled.derived_questions.get(name, set())


def _check_answers(
    compiled: CompiledPack, answers: Mapping[str, Any]
) -> tuple[dict[str, Any], list[InvalidAnswer]]:
    valid: dict[str, Any] = {}
    invalid: list[InvalidAnswer] = []
    checkers = compiled.checkers
    for qid, raw in answers.items():
        checker = checkers.get(qid)
        if checker is None:
            invalid.append(InvalidAnswer(str(qid), Code.ANSWER_UNKNOWN_QUESTION,
                                         f"'{qid!s:.40}' is not a question of this checklist."))
            continue
        value, code, message = checker(raw)
        if code is not None:
            invalid.append(InvalidAnswer(qid, code, message))
        elif value is not UNANSWERED:
            valid[qid] = value
    return valid, invalid


def evaluate(
    compiled: CompiledPack,
    answers: Mapping[str, Any],
    parameters: Mapping[str, Any] | None = None,
) -> Evaluation:
    """Evaluate answers (partial is fine) under the pack and optional parameter values."""
    p = compiled.parameter_values(parameters)
    valid, invalid = _check_answers(compiled, answers)
    d: Derived = {}
    effective: dict[str, Any] = {}
    visible: list[str] = []
    for qid, show in compiled.visibility:
        if show is None or show(effective, d, p):
            visible.append(qid)
            if qid in valid:
                effective[qid] = valid[qid]
    # Derived values cached while deciding visibility are final: questions are ordered so that
    # every show_if runs after all the questions it reads, through derived values too.
    if compiled.reordered:
        visible.sort(key=compiled.question_order.__getitem__)
    for name, test in compiled.derived_tests.items():
        if name not in d:
            d[name] = test(effective, d, p)
    fired = [(rule, node) for rule, node, test in compiled.rule_tests if test(effective, d, p)]
    return _assemble(compiled, effective, visible, invalid, d, p, fired)


def _assemble(
    compiled: CompiledPack,
    effective: dict[str, Any],
    visible: list[str],
    invalid: list[InvalidAnswer],
    d: Derived,
    p: Params,
    fired: list[tuple[m.Rule, Node]],
) -> Evaluation:
    explainer = _Explainer(compiled, effective, d, p)
    order = compiled.question_order
    fired_rules = []
    outcome_ids: set[str] = set()
    for rule, node in fired:
        because = sorted(node.because(effective, d, p, explainer), key=order.__getitem__)
        params = tuple((name, p[name]) for name in sorted(compiled.rule_params[rule.id]))
        fired_rules.append(FiredRule(rule, tuple((q, effective[q]) for q in because), params))
        outcome_ids.update(rule.outcomes)
    rank = compiled.outcome_rank
    outcomes = tuple(compiled.outcomes[o] for o in sorted(outcome_ids, key=rank.__getitem__))
    required = compiled.questions
    return Evaluation(
        pack=compiled.pack,
        sha256=compiled.sha256,
        answers=MappingProxyType(effective),
        visible=tuple(visible),
        missing_required=tuple(
            q for q in visible if required[q].required and q not in effective
        ),
        invalid_answers=tuple(invalid),
        derived=MappingProxyType(dict(d)),
        fired_rules=tuple(fired_rules),
        outcomes=outcomes,
        level=outcomes[0].level if outcomes else None,
    )


def problems_of(evaluation: Evaluation, file: str = "") -> list[Problem]:
    """Invalid answers as Problems, for the CLI and scenario checks."""
    return [Problem(i.code, i.message, file, 0, i.question) for i in evaluation.invalid_answers]
