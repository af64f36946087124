"""Compile a pack's parsed conditions into one bitset program, built once per pack.

Every fact a condition can read is one bit of a Python int: "question q is answered" (bit i for
the i-th question, so a mask of them lists questions in pack order), each distinct comparison on
an answer, each yes/no parameter, and each `all`/`any` group. Answers set the bits of the facts
they make true (`answer_tables`); then a flat list of instructions, in dependency order, sets the
bit of each group and hides conditional questions whose `show_if` is false. A `not` costs no
instruction: it is a literal whose bit must be clear. Derived values and rules are literals too.
The reasons behind a true literal (`Why`) are flattened the same way, into a few masks.

The nodes' closures in `condition_nodes` remain the definition of the language; tests check that
this program agrees with them on random answers.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from cspr_desktop.core.rules.condition_nodes import (
    Answered,
    Compare,
    ComputedCompare,
    DerivedRef,
    Group,
    Node,
    Not,
    ParamRef,
    Test,
)
from cspr_desktop.core.rules.graph import dependency_order

ALL, ANY, SHOW = 0, 1, 2
# (kind, bit, first, second, question): ALL/ANY set `bit` when the positive literals `first`
# and negative literals `second` hold; SHOW hides `question` unless `m & first == second`,
# clearing its facts with the mask `bit`.
Instruction = tuple[int, int, int, int, str]


class Literal(NamedTuple):
    """A fact's bit and the value `m & bit` must have for the literal to hold."""

    bit: int
    want: int  # `bit` when the fact must be true, 0 when it must be false

    def negated(self) -> Literal:
        return Literal(self.bit, 0 if self.want else self.bit)


class Why(NamedTuple):
    """How to explain a true literal: the answered-question bits that made it true.

    Flattened from the condition tree, so no call is needed to work it out: `fixed` bits
    always count; so do the answered ones among `always`; and each guarded term (guard bits,
    their wanted values, fixed bits, bits whose answered ones count) adds its part when
    `m & guard == wanted`, i.e. when the `any` branches it sits under are true. The result
    depends only on `m & reads`.
    """

    fixed: int
    always: int = 0
    guarded: tuple[tuple[int, int, int, int], ...] = ()

    @property
    def varies(self) -> bool:
        return bool(self.always or self.guarded)

    @property
    def reads(self) -> int:
        reads = self.always
        for guard, _, _, answered in self.guarded:
            reads |= guard | answered
        return reads

    def explain(self, m: int) -> int:
        found = self.fixed | (m & self.always)
        for guard, wanted, fixed, answered in self.guarded:
            if m & guard == wanted:
                found |= fixed | (m & answered)
        return found


class Leaf(NamedTuple):
    """One distinct comparison on a question's answer, with the closure that decides it."""

    bit: int
    test: Test
    parameter: str | None  # set when its truth depends on a parameter value


@dataclass
class Program:
    """The pack's conditions as bits and instructions; the same for every parameter value."""

    question_bits: dict[str, int]
    computed_bits: dict[str, int]  # computed value -> its "has a value" bit
    leaves: dict[str, list[Leaf]]  # question or computed value -> its comparisons
    parameter_bits: dict[str, int]  # yes/no parameters read directly
    runs: tuple[tuple[int, Any], ...]  # the instructions, as runs of one kind (see `_runs`)
    derived: dict[str, Literal]
    rules: list[tuple[Literal, Why]]  # in pack order


def build(
    question_ids: Sequence[str],
    derived_nodes: Mapping[str, Node],
    derived_reads: Mapping[str, set[str]],
    show_nodes: Mapping[str, Node],
    rule_nodes: Sequence[Node],
    computed_inputs: Mapping[str, frozenset[str]] | None = None,
) -> Program:
    """Allocate bits and order instructions for already-compiled (validated) nodes.

    `derived_reads` gives every question each derived value reads, through other derived
    values too; a `not` over a derived value is explained by the answered ones among them.
    `computed_inputs` gives every question each computed value reads: its facts are facts of
    each of those questions too, cleared when any of them is hidden.
    """
    builder = _Builder(question_ids, derived_nodes, derived_reads, computed_inputs or {})
    return builder.run(show_nodes, rule_nodes)


class _Builder:
    def __init__(self, question_ids: Sequence[str], derived_nodes: Mapping[str, Node],
                 derived_reads: Mapping[str, set[str]],
                 computed_inputs: Mapping[str, frozenset[str]]) -> None:
        self.question_bits = {q: 1 << i for i, q in enumerate(question_ids)}
        self.next_bit = 1 << len(question_ids)
        self.false_bit = self._allocate()  # never set: a condition that could not parse
        self.computed_inputs = computed_inputs
        self.computed_bits = {name: self._allocate() for name in computed_inputs}
        self.derived_nodes = derived_nodes
        self.derived_reads = derived_reads
        self.leaf_bits: dict[tuple[Any, ...], int] = {}
        self.leaves: dict[str, list[Leaf]] = {}
        self.parameter_bits: dict[str, int] = {}
        self.derived: dict[str, Literal] = {}
        self.derived_whys: dict[str, Why] = {}
        self.current: list[Instruction] = []

    def _allocate(self) -> int:
        bit = self.next_bit
        self.next_bit <<= 1
        return bit

    def run(self, show_nodes: Mapping[str, Node], rule_nodes: Sequence[Node]) -> Program:
        instructions: list[Instruction] = []
        self.current = instructions
        refs = {k: n.derived_refs() for k, n in self.derived_nodes.items()}
        for name in dependency_order(list(self.derived_nodes), refs):  # referred-to ones first
            self.derived[name], self.derived_whys[name] = self._compile(self.derived_nodes[name])
        shown = {qid: self._compile(node)[0] for qid, node in show_nodes.items()}
        rules = [self._compile(node) for node in rule_nodes]
        # Every comparison is known now, so hiding a question can clear all of its facts.
        instructions.extend((SHOW, ~self._facts_of(qid), bit, want, qid)
                            for qid, (bit, want) in shown.items())
        return Program(
            question_bits=self.question_bits,
            computed_bits=self.computed_bits,
            leaves=self.leaves,
            parameter_bits=self.parameter_bits,
            runs=self._runs(self._schedule(instructions)),
            derived=self.derived,
            rules=rules,
        )

    def _schedule(self, instructions: list[Instruction]) -> list[list[Instruction]]:
        """Order the instructions into steps: one group instruction, or a wave of SHOWs.

        An instruction must follow the ones that set the group bits it reads, and the SHOW of
        every conditional question whose facts it reads. Among those ready, one of the same
        kind as the last is taken first, so the evaluation loop rarely changes kind; SHOWs
        ready together read nothing of each other, so they are taken as one wave.
        """
        dependents, waiting = self._dependencies(instructions)
        ready: dict[int, list[int]] = {ALL: [], ANY: [], SHOW: []}  # heaps of indices
        for n, count in enumerate(waiting):
            if not count:
                heapq.heappush(ready[instructions[n][0]], n)
        steps: list[list[Instruction]] = []
        last = ALL
        while any(ready.values()):
            if not ready[last]:
                last = min((heap[0], kind) for kind, heap in ready.items() if heap)[1]
            heap = ready[last]
            picked = [heapq.heappop(heap) for _ in range(len(heap) if last == SHOW else 1)]
            steps.append([instructions[n] for n in picked])
            for n in picked:
                for later in dependents[n]:
                    waiting[later] -= 1
                    if not waiting[later]:
                        heapq.heappush(ready[instructions[later][0]], later)
        if sum(len(step) for step in steps) < len(instructions):  # validation rules this out
            raise ValueError("the conditions' show_if and derived values form a cycle")
        return steps

    def _dependencies(self, instructions: list[Instruction]) -> tuple[list[list[int]],
                                                                      list[int]]:
        """For each instruction, the ones that must wait for it, and how many it waits for.

        A group bit is made by its instruction; a question's facts (and those of a computed
        value, through every question it reads) are settled by that question's SHOW.
        """
        producer = {bit: n for n, (kind, bit, *_) in enumerate(instructions) if kind != SHOW}
        owners: dict[int, set[int]] = {}
        for n, (kind, _, _, _, qid) in enumerate(instructions):
            if kind == SHOW:
                for bit in _bits(self._facts_of(qid)):
                    owners.setdefault(bit, set()).add(n)
        dependents: list[list[int]] = [[] for _ in instructions]
        waiting: list[int] = []
        for n, (kind, _, first, second, _) in enumerate(instructions):
            reads = first if kind == SHOW else first | second
            deps: set[int] = set()
            for bit in _bits(reads):
                made = producer.get(bit)
                deps.update((made,) if made is not None else owners.get(bit, ()))
            deps.discard(n)
            for dep in deps:
                dependents[dep].append(n)
            waiting.append(len(deps))
        return dependents, waiting

    def _runs(self, steps: list[list[Instruction]]) -> tuple[tuple[int, Any], ...]:
        """Consecutive group instructions of one kind as one run; each wave of SHOWs as one.

        A wave is (bits that must be set, bits that must be clear, and for each such bit the
        questions to hide when it is not as it must be, with the mask clearing their facts).
        """
        runs: list[tuple[int, Any]] = []
        for step in steps:
            kind = step[0][0]
            if kind == SHOW:
                runs.append((SHOW, self._wave(step)))
                continue
            if not runs or runs[-1][0] != kind:
                runs.append((kind, []))
            runs[-1][1].extend((bit, first, second) for _, bit, first, second, _ in step)
        return tuple((kind, tuple(run) if kind != SHOW else run) for kind, run in runs)

    def _wave(self, shows: list[Instruction]) -> tuple[int, int, dict[int, Any], dict[int, Any]]:
        must_set = must_clear = 0
        hide_unless_set: dict[int, list[tuple[int, int, str]]] = {}
        hide_unless_clear: dict[int, list[tuple[int, int, str]]] = {}
        for _, clear, bit, want, qid in shows:
            hide = (clear, self.question_bits[qid], qid)
            if want:
                must_set |= bit
                hide_unless_set.setdefault(bit, []).append(hide)
            else:
                must_clear |= bit
                hide_unless_clear.setdefault(bit, []).append(hide)
        return (must_set, must_clear, {b: tuple(h) for b, h in hide_unless_set.items()},
                {b: tuple(h) for b, h in hide_unless_clear.items()})

    def _facts_of(self, qid: str) -> int:
        """The question's facts, and those of every computed value that reads it."""
        facts = self.question_bits[qid]
        for name in (qid, *(c for c, reads in self.computed_inputs.items() if qid in reads)):
            facts |= self.computed_bits.get(name, 0)
            for leaf in self.leaves.get(name, ()):
                facts |= leaf.bit
        return facts

    # --- literals, instructions and explanations -------------------------------------------

    def _compile(self, node: Node) -> tuple[Literal, Why]:
        """The node's literal (emitting any group instructions) and how to explain it when true.

        Explanations mirror `Node.because`: a comparison rests on its question, an `all` on
        every part, an `any` on its true parts, a `not` on the answered questions it reads.
        """
        if isinstance(node, ComputedCompare):  # true only when every input is answered
            inputs = 0
            for qid in node.inputs:
                inputs |= self.question_bits[qid]
            return self._leaf(node), Why(inputs)
        if isinstance(node, Answered | Compare):
            bit = self.question_bits[node.question]
            literal = Literal(bit, bit) if isinstance(node, Answered) else self._leaf(node)
            return literal, Why(bit)
        if isinstance(node, ParamRef):
            bit = self.parameter_bits.get(node.name) or self._allocate()
            self.parameter_bits[node.name] = bit
            return Literal(bit, bit), Why(0)
        if isinstance(node, DerivedRef):
            return self.derived[node.name], self.derived_whys[node.name]
        if isinstance(node, Not):
            literal, _ = self._compile(node.item)
            reads = self._reads(node.item)
            return literal.negated(), Why(0, reads)
        if isinstance(node, Group):
            parts = [self._compile(item) for item in node.items]
            if len(parts) == 1:
                return parts[0]
            literals = [lit for lit, _ in parts]
            if node.op == "all":
                return self._group(ALL, literals), _why_all([why for _, why in parts])
            return self._group(ANY, literals), _why_any(parts)
        return Literal(self.false_bit, self.false_bit), Why(0)  # Const: never true

    def _leaf(self, node: Compare) -> Literal:
        key = (node.op, node.question, node.value, node.parameter)
        bit = self.leaf_bits.get(key)
        if bit is None:
            bit = self.leaf_bits[key] = self._allocate()
            test = node.value_test if isinstance(node, ComputedCompare) else node.test
            self.leaves.setdefault(node.question, []).append(Leaf(bit, test, node.parameter))
        return Literal(bit, bit)

    def _group(self, kind: int, literals: Iterable[Literal]) -> Literal:
        positive = negative = 0
        for lit in literals:
            if lit.want:
                positive |= lit.bit
            else:
                negative |= lit.bit
        bit = self._allocate()
        self.current.append((kind, bit, positive, negative, ""))
        return Literal(bit, bit)

    def _reads(self, node: Node) -> int:
        names = set(node.questions()).union(
            *(self.derived_reads.get(d, set()) for d in node.derived_refs()))
        mask = 0
        for qid in names:
            mask |= self.question_bits[qid]
        return mask


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low
        mask ^= low


def _why_all(parts: list[Why]) -> Why:
    """A true `all` rests on every part."""
    fixed = always = 0
    guarded: list[tuple[int, int, int, int]] = []
    for part in parts:
        fixed |= part.fixed
        always |= part.always
        guarded.extend(part.guarded)
    return Why(fixed, always, _merged(guarded))


def _why_any(parts: list[tuple[Literal, Why]]) -> Why:
    """A true `any` rests on the parts that are true: each part's terms, guarded by its truth."""
    guarded: list[tuple[int, int, int, int]] = []
    for (bit, want), why in parts:
        if why.fixed or why.always:
            guarded.append((bit, want, why.fixed, why.always))
        for guard, wanted, fixed, answered in why.guarded:
            if guard & bit and wanted & bit != want:
                continue  # needs the part both true and false: never counts
            guarded.append((guard | bit, wanted | want, fixed, answered))
    return Why(0, 0, _merged(guarded))


def _merged(terms: list[tuple[int, int, int, int]]) -> tuple[tuple[int, int, int, int], ...]:
    """Terms under the same guard joined into one, in first-seen order."""
    joined: dict[tuple[int, int], tuple[int, int]] = {}
    for guard, wanted, fixed, answered in terms:
        was_fixed, was_answered = joined.get((guard, wanted), (0, 0))
        joined[(guard, wanted)] = (was_fixed | fixed, was_answered | answered)
    return tuple((g, w, f, a) for (g, w), (f, a) in joined.items())
