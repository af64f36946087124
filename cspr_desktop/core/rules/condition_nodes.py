"""Parsed conditions as nodes that compile into closures: one to test, one to explain.

Each node compiles once per pack into a plain Python closure `(answers, derived, parameters) ->
bool`; nothing is ever `eval`-ed. An unanswered question makes every comparison on it false.

`because` explains a true node: the ids of the questions whose answers made it true. It is
compiled too. Where the set does not depend on the answers (a comparison, an `all` of
comparisons, a derived value made only of those) it is worked out once as `static`; what a
`not` reads is also worked out once; a derived value is explained at most once per evaluation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field
from typing import Any, Protocol

from cspr_desktop.core.rules.compare_ops import compile_compare
from cspr_desktop.core.rules.expressions import Value

Answers = Mapping[str, Any]
Derived = dict[str, bool]
Params = Mapping[str, Any]
Test = Callable[[Answers, Derived, Params], bool]
Memo = dict[str, Set[str]]  # derived value -> its `because`, within one evaluation
Because = Callable[[Answers, Derived, Params, Memo], Set[str]]
NOTHING: frozenset[str] = frozenset()


class Resolver(Protocol):
    """What compiling needs to know about the pack's derived values (compiled first)."""

    def derived_test(self, name: str) -> Test:
        """A test of the derived value that computes it once per evaluation."""

    def derived_node(self, name: str) -> Node:
        """The derived value's own (already compiled) condition."""

    def derived_reads(self, name: str) -> frozenset[str]:
        """Every question the derived value reads, directly or through other derived values."""

    def computed_value(self, name: str) -> Value:
        """The closure that works out a computed number from answers and parameters."""


def _constant(found: frozenset[str]) -> Because:
    def fixed(a: Answers, d: Derived, p: Params, memo: Memo) -> Set[str]:
        return found
    return fixed


class Node:
    """A parsed condition. Subclasses compile themselves and explain a true result."""

    test: Test
    explain: Because
    # The because of this node when true, if it never depends on the answers; else None.
    static: frozenset[str] | None = None

    def compile(self, resolve: Resolver) -> Test:
        """Build the closures once; they are kept on the node for `because` and its parents."""
        self.test = self._compile(resolve)
        self.static = self._static(resolve)
        self.explain = _constant(self.static) if self.static is not None else self._explainer()
        return self.test

    def _compile(self, resolve: Resolver) -> Test:
        raise NotImplementedError

    def _static(self, resolve: Resolver) -> frozenset[str] | None:
        return None

    def _explainer(self) -> Because:
        read = frozenset(self.questions())

        def answered_among(a: Answers, d: Derived, p: Params, memo: Memo) -> Set[str]:
            return a.keys() & read
        return answered_among

    def questions(self) -> set[str]:
        """Every question id the condition reads directly."""
        return set()

    def derived_refs(self) -> set[str]:
        return set()

    def parameter_refs(self) -> set[str]:
        return set()

    def because(self, a: Answers, d: Derived, p: Params, memo: Memo) -> Set[str]:
        """Questions whose answers made this (true) node true."""
        return self.explain(a, d, p, memo)


@dataclass(eq=False)
class Group(Node):
    op: str
    items: list[Node]

    @property
    def every(self) -> bool:
        """True when every item must hold (an 'all', or a group of one)."""
        return self.op == "all" or len(self.items) == 1

    def _compile(self, resolve: Resolver) -> Test:
        tests = tuple(item.compile(resolve) for item in self.items)
        if len(tests) == 1:
            return tests[0]
        return _all_of(tests) if self.op == "all" else _any_of(tests)

    def _static(self, resolve: Resolver) -> frozenset[str] | None:
        statics = [item.static for item in self.items]
        if self.every and all(s is not None for s in statics):
            return frozenset().union(*(s for s in statics if s is not None))
        return None

    def _explainer(self) -> Because:
        """A true 'all' rests on every item; a true 'any' on the items that are true."""
        if not self.every:
            return _explain_any(tuple((i.test, i.static, i.explain) for i in self.items))
        fixed = frozenset().union(*(i.static for i in self.items if i.static is not None))
        varying = tuple(i.explain for i in self.items if i.static is None)
        if len(varying) == 1 and not fixed:
            return varying[0]
        return _explain_all(fixed, varying)

    def questions(self) -> set[str]:
        return set().union(*(i.questions() for i in self.items))

    def derived_refs(self) -> set[str]:
        return set().union(*(i.derived_refs() for i in self.items))

    def parameter_refs(self) -> set[str]:
        return set().union(*(i.parameter_refs() for i in self.items))


def _explain_all(fixed: frozenset[str], varying: tuple[Because, ...]) -> Because:
    def explain_all(a: Answers, d: Derived, p: Params, memo: Memo) -> Set[str]:
        found = set(fixed)
        for part in varying:
            found.update(part(a, d, p, memo))
        return found
    return explain_all


def _explain_any(parts: tuple[tuple[Test, frozenset[str] | None, Because], ...]) -> Because:
    def explain_any(a: Answers, d: Derived, p: Params, memo: Memo) -> Set[str]:
        found: set[str] = set()
        for test, fixed, part in parts:
            if test(a, d, p):
                found.update(fixed if fixed is not None else part(a, d, p, memo))
        return found
    return explain_any


def _all_of(tests: tuple[Test, ...]) -> Test:
    if len(tests) == 2:
        first, second = tests

        def all_2(a: Answers, d: Derived, p: Params) -> bool:
            return first(a, d, p) and second(a, d, p)
        return all_2

    def all_(a: Answers, d: Derived, p: Params) -> bool:
        for t in tests:  # noqa: SIM110 - a plain loop is faster than all() over a generator
            if not t(a, d, p):
                return False
        return True
    return all_


def _any_of(tests: tuple[Test, ...]) -> Test:
    if len(tests) == 2:
        first, second = tests

        def any_2(a: Answers, d: Derived, p: Params) -> bool:
            return first(a, d, p) or second(a, d, p)
        return any_2

    def any_(a: Answers, d: Derived, p: Params) -> bool:
        for t in tests:  # noqa: SIM110 - a plain loop is faster than any() over a generator
            if t(a, d, p):
                return True
        return False
    return any_


@dataclass(eq=False)
class Not(Node):
    item: Node
    reads: frozenset[str] = field(default=NOTHING, init=False, repr=False)

    def _compile(self, resolve: Resolver) -> Test:
        inner = self.item.compile(resolve)
        self.reads = frozenset(self.item.questions()).union(
            *(resolve.derived_reads(name) for name in self.item.derived_refs()))

        def not_(a: Answers, d: Derived, p: Params) -> bool:
            return not inner(a, d, p)
        return not_

    def _explainer(self) -> Because:
        """A true 'not' rests on every answer its inner condition read."""
        reads = self.reads

        def explain_not(a: Answers, d: Derived, p: Params, memo: Memo) -> Set[str]:
            return a.keys() & reads  # C-level, over the smaller of the two
        return explain_not

    def questions(self) -> set[str]:
        return self.item.questions()

    def derived_refs(self) -> set[str]:
        return self.item.derived_refs()

    def parameter_refs(self) -> set[str]:
        return self.item.parameter_refs()


@dataclass(eq=False)
class Compare(Node):
    op: str
    question: str
    value: Any = None
    parameter: str | None = None

    def _compile(self, resolve: Resolver) -> Test:
        return compile_compare(self.op, self.question, self.value, self.parameter)

    def _static(self, resolve: Resolver) -> frozenset[str]:
        return frozenset({self.question})  # true only when answered

    def questions(self) -> set[str]:
        return {self.question}

    def parameter_refs(self) -> set[str]:
        return {self.parameter} if self.parameter else set()


@dataclass(eq=False)
class ComputedCompare(Compare):
    """A comparison on a computed number (`question` holds the computed value's id).

    Its test works the number out from the answers, so it means what the language says;
    `value_test` compares an already computed number, for the bitset program's lookups.
    """

    inputs: frozenset[str] = NOTHING  # every question the computed value reads
    value_test: Test = field(init=False, repr=False)

    def _compile(self, resolve: Resolver) -> Test:
        name = self.question
        value_test = self.value_test = compile_compare(self.op, name, self.value,
                                                        self.parameter)
        compute = resolve.computed_value(name)

        def computed(a: Answers, d: Derived, p: Params) -> bool:
            number = compute(a, p)
            return number is not None and value_test({name: number}, d, p)
        return computed

    def _static(self, resolve: Resolver) -> frozenset[str]:
        return self.inputs  # it has a value only when every one of them is answered

    def questions(self) -> set[str]:
        return set(self.inputs)


@dataclass(eq=False)
class Answered(Node):
    question: str

    def _compile(self, resolve: Resolver) -> Test:
        q = self.question

        def answered(a: Answers, d: Derived, p: Params) -> bool:
            return q in a
        return answered

    def _static(self, resolve: Resolver) -> frozenset[str]:
        return frozenset({self.question})

    def questions(self) -> set[str]:
        return {self.question}


@dataclass(eq=False)
class DerivedRef(Node):
    name: str
    target: Node | None = field(default=None, init=False, repr=False)

    def _compile(self, resolve: Resolver) -> Test:
        self.target = resolve.derived_node(self.name)
        return resolve.derived_test(self.name)

    def _static(self, resolve: Resolver) -> frozenset[str] | None:
        return self.target.static if self.target is not None else None

    def _explainer(self) -> Because:
        """What made the derived value true, worked out once per evaluation."""
        name = self.name
        target = self.target.explain if self.target is not None else _constant(NOTHING)

        def explain_derived(a: Answers, d: Derived, p: Params, memo: Memo) -> Set[str]:
            found = memo.get(name)
            if found is None:
                found = memo[name] = target(a, d, p, memo)
            return found
        return explain_derived

    def derived_refs(self) -> set[str]:
        return {self.name}


@dataclass(eq=False)
class ParamRef(Node):
    name: str

    def _compile(self, resolve: Resolver) -> Test:
        name = self.name

        def param(a: Answers, d: Derived, p: Params) -> bool:
            return bool(p.get(name))
        return param

    def _static(self, resolve: Resolver) -> frozenset[str]:
        return NOTHING

    def parameter_refs(self) -> set[str]:
        return {self.name}


class Const(Node):
    """Stands in for a condition that failed to parse, so parsing can go on."""

    def _compile(self, resolve: Resolver) -> Test:
        return lambda a, d, p: False

    def _static(self, resolve: Resolver) -> frozenset[str]:
        return NOTHING
