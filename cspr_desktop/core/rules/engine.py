"""Compile a validated pack once, then evaluate answers against it many times a second.

`CompiledPack` does all the work that does not depend on answers: parsing conditions, turning
them into one bitset program (`bitplan`), and building answer checkers. `evaluate` looks each
answer's facts up (`answer_facts`), runs the program's instructions over one int, and reads fired
rules, derived values and explanations off its bits. It never raises on bad answers: it reports
them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

from cspr_desktop.core.errors import Problem
from cspr_desktop.core.rules import models as m
from cspr_desktop.core.rules.answer_facts import check_answers
from cspr_desktop.core.rules.answer_tables import AnswerTables
from cspr_desktop.core.rules.answers import Checker, make_checker
from cspr_desktop.core.rules.bitplan import ALL, ANY, Literal, Why, build
from cspr_desktop.core.rules.conditions import Derived, Node, Params, Scope, Test, parse
from cspr_desktop.core.rules.evaluation import DerivedValues, Evaluation, FiredRule, InvalidAnswer
from cspr_desktop.core.rules.expressions import Value, compile_all, inputs_of, parse_expression
from cspr_desktop.core.rules.graph import dependency_order
from cspr_desktop.core.rules.validate import expand_derived, parameter_value_problem

__all__ = ["CompiledPack", "Evaluation", "FiredRule", "InvalidAnswer", "evaluate", "problems_of"]


class CompiledRule(NamedTuple):
    """One rule as the evaluation loop reads it."""

    bit: int
    want: int
    fixed: tuple[str, ...] | None  # its `because` question ids, when they never vary
    reads: int  # the bits its reasons depend on, when they vary
    why: Why
    remembered: dict[int, tuple[str, ...]]  # varying `because` ids, by `bits & reads`
    rule: m.Rule
    outcomes: int  # bits of its outcomes, in outcome order
    parameters: tuple[tuple[str, Any], ...]  # what it reads, through derived values too


class Specialised(NamedTuple):
    """A pack's lookups and rules for one set of parameter values."""

    tables: AnswerTables
    rules: tuple[CompiledRule, ...]
    fired: dict[int, tuple[CompiledRule, ...]]  # the rules that hold, by the bits they read


T = TypeVar("T")
REMEMBERED_MASKS = 4096  # question sets (visible, missing, a rule's reasons) kept as id tuples
MAX_TABLES = 16  # parameter sets kept compiled at once (defaults plus a few overlays)


class CompiledPack:
    """A pack ready to evaluate: conditions as a bitset program, lookups computed once."""

    def __init__(self, pack: m.Pack, sha256: str) -> None:
        self.pack = pack
        self.sha256 = sha256
        self.questions = {q.id: q for q in pack.questions()}
        self.question_ids = tuple(self.questions)
        self.required_ids = tuple(q.id for q in self.questions.values() if q.required)
        self.outcomes = {o.id: o for o in pack.outcomes}
        # Read-only: every evaluation at the defaults hands this same mapping out.
        self.defaults: Mapping[str, Any] = MappingProxyType(
            {p.id: p.default for p in pack.parameters})
        self.parameter_models = {p.id: p for p in pack.parameters}
        self.checkers: dict[str, Checker] = {
            q.id: make_checker(q) for q in self.questions.values()
        }
        scope = Scope(
            questions=self.questions,
            derived=frozenset(d.id for d in pack.derived),
            parameters={p.id: p.type for p in pack.parameters},
        )
        scope.computed = dict.fromkeys((c.id for c in pack.computed), frozenset())
        expressions = {c.id: parse_expression(c.value, scope.expression_scope(), ())
                       for c in pack.computed}
        scope.computed = self.computed_inputs = inputs_of(expressions)
        self.computed_values = compile_all(expressions)
        self.computed = tuple(self.computed_values.items())
        self.derived_nodes = {d.id: parse(d.when, scope, ()) for d in pack.derived}
        self.show_nodes = {q.id: parse(q.show_if, scope, ()) for q in self.questions.values()
                           if q.show_if is not None}
        self.rule_nodes = [(r, parse(r.when, scope, ())) for r in pack.rules]
        if scope.issues:
            raise ValueError(f"pack {pack.id} {pack.version} was not validated: {scope.issues}")
        self.derived_questions = expand_derived(
            {k: n.questions() for k, n in self.derived_nodes.items()},
            {k: n.derived_refs() for k, n in self.derived_nodes.items()},
        )
        self._compile_closures()
        self.program = build(self.question_ids, self.derived_nodes, self.derived_questions,
                             self.show_nodes, [n for _, n in self.rule_nodes],
                             self.computed_inputs)
        self._ids_of: dict[int, tuple[str, ...]] = {}
        self._outcomes_of: dict[int, tuple[m.Outcome, ...]] = {}
        self._question_bits = tuple((bit, q) for q, bit in self.program.question_bits.items())
        self._question_of_bit = dict(self._question_bits)
        self.all_question_bits = (1 << len(self.question_ids)) - 1
        self.required_bits = sum(self.program.question_bits[q] for q in self.required_ids)
        self.deciding_bits = sum(self.program.question_bits[q.id]
                                 for q in self.questions.values() if q.deciding)
        ranked = sorted(pack.outcomes, key=lambda o: -o.level.rank)  # stable: pack order kept
        self.outcome_bits = {o.id: 1 << i for i, o in enumerate(ranked)}
        self._outcome_bits = tuple((1 << i, o) for i, o in enumerate(ranked))
        self.rule_bits = 0
        for literal, _ in self.program.rules:
            self.rule_bits |= literal.bit
        self.rules = tuple(self._compiled_rule(r, lit, why) for (r, _), (lit, why)
                           in zip(self.rule_nodes, self.program.rules, strict=True))
        self.rule_parameter_names = {r.id: tuple(sorted(self._params_of(n)))
                                     for r, n in self.rule_nodes}
        self.default_specialised = self._specialise(self.defaults)
        self._specialised: dict[tuple[tuple[str, str, Any], ...], Specialised] = {}

    def _compile_closures(self) -> None:
        """Compile every node's closures: the language's definition, and each comparison's test.

        Each derived value is compiled after those it refers to, so their `static` is known.
        """
        self.derived_tests: dict[str, Test] = {}  # filled in place: getters hold this dict
        refs = {k: n.derived_refs() for k, n in self.derived_nodes.items()}
        for name in dependency_order(list(self.derived_nodes), refs):
            self.derived_tests[name] = self.derived_nodes[name].compile(self)
        for node in self.show_nodes.values():
            node.compile(self)
        for _, node in self.rule_nodes:
            node.compile(self)

    def _compiled_rule(self, rule: m.Rule, literal: Literal, why: Why) -> CompiledRule:
        fixed = None if why.varies else self.question_ids_of(why.fixed)
        outcomes = 0
        for oid in rule.outcomes:
            outcomes |= self.outcome_bits[oid]
        return CompiledRule(literal.bit, literal.want, fixed, why.reads, why, {}, rule, outcomes,
                            ())

    def question_ids_of(self, bits: int) -> tuple[str, ...]:
        """The questions whose answered-bits are set, in pack order (remembered per mask)."""
        found = self._ids_of.get(bits)
        if found is None:
            if bits.bit_count() > 8:  # most questions: one pass over them all
                ids = [q for bit, q in self._question_bits if bits & bit]
            else:  # a rule's few reasons: visit only the bits that are set
                ids = []
                rest = bits
                while rest:
                    low = rest & -rest
                    ids.append(self._question_of_bit[low])
                    rest ^= low
            found = _remember(self._ids_of, bits, tuple(ids))
        return found

    def outcomes_of(self, bits: int) -> tuple[m.Outcome, ...]:
        """The outcomes whose bits are set, most urgent first, then in pack order."""
        found = self._outcomes_of.get(bits)
        if found is None:
            found = _remember(self._outcomes_of, bits,
                              tuple([o for bit, o in self._outcome_bits if bits & bit]))
        return found

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

    def specialised(self, parameters: Mapping[str, Any]) -> Specialised:
        """The lookups and rules for these parameter values, built on first use and kept."""
        if parameters is self.defaults:
            return self.default_specialised
        key = tuple(sorted((name, type(value).__name__, value)  # 6 and 6.0 are kept apart
                           for name, value in parameters.items()))
        found = self._specialised.get(key)
        if found is None:
            if len(self._specialised) >= MAX_TABLES:
                self._specialised.clear()
            found = self._specialised[key] = self._specialise(dict(parameters))
        return found

    def _specialise(self, parameters: Mapping[str, Any]) -> Specialised:
        tables = AnswerTables(self.program, self.questions, self.checkers, parameters)
        rules = tuple(
            # `remembered` stays shared: reasons read only bits, never parameter values.
            r._replace(parameters=tuple((name, parameters[name])
                                        for name in self.rule_parameter_names[r.rule.id]))
            for r in self.rules)
        return Specialised(tables, rules, {})

    def derived_node(self, name: str) -> Node:
        return self.derived_nodes[name]

    def derived_reads(self, name: str) -> frozenset[str]:
        return frozenset(self.derived_questions.get(name, ()))

    def computed_value(self, name: str) -> Value:
        return self.computed_values[name]

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


def _remember(memo: dict[int, T], key: int, value: T) -> T:
    if len(memo) >= REMEMBERED_MASKS:
        memo.clear()
    memo[key] = value
    return value


def _computed_facts(compiled: CompiledPack, tables: AnswerTables, effective: Mapping[str, Any],
                    p: Mapping[str, Any]) -> int:
    """The facts of every computed value that has a value for these answers."""
    if not compiled.computed:
        return 0
    bits = 0
    for name, compute in compiled.computed:
        number = compute(effective, p)
        if number is not None:
            bits |= tables.computed_facts(name, number)
    return bits


def evaluate(
    compiled: CompiledPack,
    answers: Mapping[str, Any],
    parameters: Mapping[str, Any] | None = None,
) -> Evaluation:
    """Evaluate answers (partial is fine) under the pack and optional parameter values."""
    p = compiled.parameter_values(parameters) if parameters else compiled.defaults
    tables, rules, fired = compiled.specialised(p)
    flagged: list[InvalidAnswer] = []
    effective, bits, invalid = check_answers(tables, answers, flagged)
    bits |= _computed_facts(compiled, tables, effective, p)  # cleared below if input hidden
    hidden = 0
    # Instructions run in dependency order: each show_if reads only final answers, and a hidden
    # question's facts are cleared before anything that reads them runs. They come in runs of
    # one kind, so the inner loops need not ask what each instruction is.
    for kind, run in compiled.program.runs:
        if kind == ALL:
            for bit, first, second in run:
                if bits & first == first and not (second and bits & second):
                    bits |= bit
        elif kind == ANY:
            for bit, first, second in run:
                if bits & first or (second and bits & second != second):
                    bits |= bit
        else:  # a wave of SHOWs: hide each question whose show_if literal does not hold
            must_set, must_clear, hide_unless_set, hide_unless_clear = run
            for failing, hide in ((must_set & ~bits, hide_unless_set),
                                  (must_clear & bits, hide_unless_clear)):
                failed = failing
                while failed:
                    low = failed & -failed
                    failed ^= low
                    for clear, question_bit, qid in hide[low]:
                        bits &= clear
                        hidden |= question_bit
                        effective.pop(qid, None)
    key = bits & compiled.rule_bits
    holding = fired.get(key)
    if holding is None:
        holding = _remember(fired, key, tuple([r for r in rules if bits & r.bit == r.want]))
    return _assemble(compiled, holding, effective, bits, hidden, invalid, p, flagged)


def _assemble(
    compiled: CompiledPack,
    holding: tuple[CompiledRule, ...],
    effective: dict[str, Any],
    bits: int,
    hidden: int,
    invalid: list[InvalidAnswer],
    p: Mapping[str, Any],
    flagged: list[InvalidAnswer],
) -> Evaluation:
    fired_rules, outcome_bits = _explain(compiled, holding, effective, bits)
    outcomes = compiled.outcomes_of(outcome_bits)
    missing = compiled.required_bits & ~bits & ~hidden
    undecided = compiled.deciding_bits & ~bits & ~hidden
    return Evaluation(
        compiled.pack,
        compiled.sha256,
        MappingProxyType(effective),
        compiled.question_ids_of(compiled.all_question_bits & ~hidden),
        compiled.question_ids_of(missing) if missing else (),
        tuple(invalid),
        DerivedValues(bits, compiled.program.derived),
        tuple(fired_rules),
        outcomes,
        outcomes[0].level if outcomes else None,
        p,
        compiled.question_ids_of(undecided) if undecided else (),
        tuple(flagged),
    )


def _explain(
    compiled: CompiledPack,
    holding: tuple[CompiledRule, ...],
    effective: dict[str, Any],
    bits: int,
) -> tuple[list[FiredRule], int]:
    """Each fired rule with the answers behind it, and the bits of every outcome triggered."""
    fired_rules = []
    outcome_bits = 0
    new = tuple.__new__  # FiredRule without its keyword-handling __new__: built per keystroke
    for _, _, fixed, reads, why, remembered, rule, outcomes, parameters in holding:
        ids = fixed
        if ids is None:  # reasons that vary: they depend only on `bits & reads`
            key = bits & reads
            ids = remembered.get(key)
            if ids is None:
                ids = _remember(remembered, key, compiled.question_ids_of(why.explain(bits)))
        fired_rules.append(new(FiredRule, (rule, tuple([(q, effective[q]) for q in ids]),
                                           parameters)))
        outcome_bits |= outcomes
    return fired_rules, outcome_bits


def problems_of(evaluation: Evaluation, file: str = "") -> list[Problem]:
    """Invalid answers as Problems, for the CLI and scenario checks."""
    return [Problem(i.code, i.message, file, 0, i.question) for i in evaluation.invalid_answers]
