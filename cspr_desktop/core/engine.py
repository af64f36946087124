"""Compile a validated pack once, then evaluate answers against it many times a second.

`CompiledPack` does all the work that does not depend on answers: parsing conditions into
closures, ordering the conditional questions so each `show_if` sees final answers, building
answer checkers, and working out which explanations are fixed in advance. `evaluate` then only
runs closures. It never raises on bad answers: it reports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple

from cspr_desktop.core import models as m
from cspr_desktop.core.answers import UNANSWERED, YESNO, Checker, Invalid, make_checker
from cspr_desktop.core.conditions import Derived, Memo, Node, Params, Scope, Test, parse
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
    parameters: Mapping[str, Any]

    def rules_for(self, outcome_id: str) -> tuple[FiredRule, ...]:
        """The fired rules that led to one outcome: the "Why?" of the panel."""
        return tuple(f for f in self.fired_rules if outcome_id in f.rule.outcomes)


class RuleEntry(NamedTuple):
    """One compiled rule, with what can be worked out before any answer is given."""

    rule: m.Rule
    node: Node
    test: Test
    fixed: tuple[str, ...] | None  # its `because` ids in pack order, if they never vary
    parameters: tuple[str, ...]  # every parameter it reads, through derived values too
    at_defaults: tuple[tuple[str, Any], ...]  # those parameters at their default values


class CompiledPack:
    """A pack ready to evaluate: closures, orders and lookups computed once."""

    def __init__(self, pack: m.Pack, sha256: str) -> None:
        self.pack = pack
        self.sha256 = sha256
        self.questions = {q.id: q for q in pack.questions()}
        self.question_ids = tuple(self.questions)
        self.question_order = {qid: i for i, qid in enumerate(self.questions)}
        self.required_ids = tuple(q.id for q in self.questions.values() if q.required)
        self.outcomes = {o.id: o for o in pack.outcomes}
        self.outcome_rank = {o.id: (-o.level.rank, i) for i, o in enumerate(pack.outcomes)}
        self.defaults: dict[str, Any] = {p.id: p.default for p in pack.parameters}
        self.parameter_models = {p.id: p for p in pack.parameters}
        self.checkers: dict[str, Checker] = {
            q.id: make_checker(q) for q in self.questions.values()
        }
        self.simple_choices = {
            q.id: frozenset(YESNO if q.type == m.AnswerType.YESNO else q.choice_ids())
            for q in self.questions.values() if q.type in (m.AnswerType.YESNO, m.AnswerType.CHOICE)
        }
        scope = Scope(
            questions=self.questions,
            derived=frozenset(d.id for d in pack.derived),
            parameters={p.id: p.type for p in pack.parameters},
        )
        self.derived_nodes = {d.id: parse(d.when, scope, ()) for d in pack.derived}
        show_nodes = {q.id: parse(q.show_if, scope, ()) for q in self.questions.values()
                      if q.show_if is not None}
        self.rule_nodes = [(r, parse(r.when, scope, ())) for r in pack.rules]
        if scope.issues:
            raise ValueError(f"pack {pack.id} {pack.version} was not validated: {scope.issues}")
        self.derived_questions = expand_derived(
            {k: n.questions() for k, n in self.derived_nodes.items()},
            {k: n.derived_refs() for k, n in self.derived_nodes.items()},
        )
        # Compile each derived value after those it refers to, so their `static` is known.
        self.derived_tests: dict[str, Test] = {}  # filled in place: getters hold this dict
        refs = {k: n.derived_refs() for k, n in self.derived_nodes.items()}
        for name in dependency_order(list(self.derived_nodes), refs):
            self.derived_tests[name] = self.derived_nodes[name].compile(self)
        self.conditional = self._conditional(show_nodes)
        self.rule_entries = tuple(self._rule_entry(r, n) for r, n in self.rule_nodes)
        self.rule_params = {e.rule.id: frozenset(e.parameters) for e in self.rule_entries}

    def _conditional(self, show_nodes: dict[str, Node]) -> tuple[tuple[str, Test], ...]:
        """(question, show_if test) in an order where each runs after every question it reads."""
        deps = show_dependencies(
            {k: n.questions() | {f"derived:{d}" for d in n.derived_refs()}
             for k, n in show_nodes.items()},
            self.derived_questions,
        )
        order = dependency_order(list(self.questions), deps)
        return tuple((qid, show_nodes[qid].compile(self))
                     for qid in order if qid in show_nodes)

    def _rule_entry(self, rule: m.Rule, node: Node) -> RuleEntry:
        test = node.compile(self)
        fixed = None
        if node.static is not None:
            fixed = tuple(sorted(node.static, key=self.question_order.__getitem__))
        params = tuple(sorted(self._params_of(node)))
        at_defaults = tuple((name, self.defaults[name]) for name in params)
        return RuleEntry(rule, node, test, fixed, params, at_defaults)

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

    def derived_node(self, name: str) -> Node:
        return self.derived_nodes[name]

    def derived_reads(self, name: str) -> frozenset[str]:
        return frozenset(self.derived_questions.get(name, ()))

    def derived_test(self, name: str) -> Test:
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


def _check_answers(
    compiled: CompiledPack, answers: Mapping[str, Any]
) -> tuple[dict[str, Any], list[InvalidAnswer]]:
    # Fast path: a choice id given as text for a single-choice or yes/no question is already
    # normalised; everything else goes through the question's checker.
    simple, nothing = compiled.simple_choices, frozenset[str]()
    valid = {q: v for q, v in answers.items()
             if v.__class__ is str and v in simple.get(q, nothing)}
    if len(valid) == len(answers):
        return valid, []
    checkers = compiled.checkers
    invalid: list[InvalidAnswer] = []
    for qid, raw in answers.items():
        if qid in valid:
            continue
        checker = checkers.get(qid)
        if checker is None:
            invalid.append(InvalidAnswer(str(qid), Code.ANSWER_UNKNOWN_QUESTION,
                                         f"'{qid!s:.40}' is not a question of this checklist."))
            continue
        value = checker(raw)
        if value.__class__ is Invalid:
            invalid.append(InvalidAnswer(qid, value.code, value.message))
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
    effective, invalid = _check_answers(compiled, answers)
    d: Derived = {}
    hidden: set[str] = set()
    # Conditional questions run in dependency order, so each show_if (and any derived value it
    # caches in `d`) reads only answers already final: a hidden question's answer is dropped
    # before anything that depends on it runs.
    for qid, show in compiled.conditional:
        if not show(effective, d, p):
            hidden.add(qid)
            effective.pop(qid, None)
    for name, test in compiled.derived_tests.items():
        if name not in d:
            d[name] = test(effective, d, p)
    fired = [entry for entry in compiled.rule_entries if entry[2](effective, d, p)]  # [2]: test
    return _assemble(compiled, effective, hidden, invalid, d, p, fired)


def _assemble(
    compiled: CompiledPack,
    effective: dict[str, Any],
    hidden: set[str],
    invalid: list[InvalidAnswer],
    d: Derived,
    p: Mapping[str, Any],
    fired: list[RuleEntry],
) -> Evaluation:
    fired_rules, outcome_ids = _explain(compiled, effective, d, p, fired)
    rank = compiled.outcome_rank
    outcomes = tuple(compiled.outcomes[o] for o in sorted(outcome_ids, key=rank.__getitem__))
    questions = compiled.question_ids
    return Evaluation(
        pack=compiled.pack,
        sha256=compiled.sha256,
        answers=MappingProxyType(effective),
        visible=tuple([q for q in questions if q not in hidden]) if hidden else questions,
        missing_required=tuple(
            [q for q in compiled.required_ids if q not in effective and q not in hidden]
        ),
        invalid_answers=tuple(invalid),
        derived=MappingProxyType(d),
        fired_rules=tuple(fired_rules),
        outcomes=outcomes,
        level=outcomes[0].level if outcomes else None,
        parameters=p,
    )


def _explain(
    compiled: CompiledPack,
    effective: dict[str, Any],
    d: Derived,
    p: Mapping[str, Any],
    fired: list[RuleEntry],
) -> tuple[list[FiredRule], set[str]]:
    """Each fired rule with the answers behind it, and the ids of every outcome triggered."""
    memo: Memo = {}
    order = compiled.question_order
    at_defaults = p is compiled.defaults
    fired_rules = []
    outcome_ids: set[str] = set()
    for rule, node, _test, fixed, names, defaults in fired:
        ids = fixed
        if ids is None:
            ids = tuple(sorted(node.explain(effective, d, p, memo), key=order.__getitem__))
        params = defaults if at_defaults else tuple((name, p[name]) for name in names)
        fired_rules.append(FiredRule(rule, tuple([(q, effective[q]) for q in ids]), params))
        outcome_ids.update(rule.outcomes)
    return fired_rules, outcome_ids


def problems_of(evaluation: Evaluation, file: str = "") -> list[Problem]:
    """Invalid answers as Problems, for the CLI and scenario checks."""
    return [Problem(i.code, i.message, file, 0, i.question) for i in evaluation.invalid_answers]
