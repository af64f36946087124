"""From an answer to its normalised value and the facts (bits) it makes true, for one parameter set.

A choice answer is one dictionary lookup: every choice of every single-choice and yes/no question
is worked out in advance. Any other answer goes through its question's checker; the facts of a
normalised value are then computed once with the pack's own comparison closures and remembered
(within a bound), since they depend only on that value and the parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from cspr_desktop.core.errors import Code
from cspr_desktop.core.rules import models as m
from cspr_desktop.core.rules import vocabulary as v
from cspr_desktop.core.rules.answers import UNANSWERED, YESNO, Checker, Contradicted, Invalid
from cspr_desktop.core.rules.bitplan import Program

REMEMBERED = 512  # values a question: ample for a session, bounded for a hostile caller
SENSIBLE = 2**63  # numbers beyond this are checked every time rather than remembered
Resolved = tuple[Any, int]  # (normalised value, facts)


class Flagged(NamedTuple):
    """An answer used as it stands but reported: it contradicts itself (never remembered)."""

    value: Any
    facts: int
    code: Code
    message: str


class AnswerTables:
    """Lookups specialised to one set of parameter values (defaults, or an overlay's)."""

    def __init__(self, program: Program, questions: Mapping[str, m.Question],
                 checkers: Mapping[str, Checker], parameters: Mapping[str, Any]) -> None:
        self.program = program
        self.parameters = parameters
        self.checkers = checkers
        self.initial = 0
        # Free text is never remembered: it is new at every keystroke, and may be long.
        self.cacheable = {q.id: q.type != v.AnswerType.TEXT for q in questions.values()}
        self.cacheable.update(dict.fromkeys(program.computed_bits, True))
        self.most_choices = {q.id: len(q.choices) for q in questions.values()}
        self.facts_by_value: dict[str, dict[Any, int]] = {q: {} for q in program.leaves}
        for name, bit in program.parameter_bits.items():
            if parameters.get(name):
                self.initial |= bit
        # (question, choice id) -> facts, for every single-choice and yes/no question: an answer
        # found here is already its own normalised value.
        self.choice_facts: dict[tuple[str, str], int] = {}
        for q in questions.values():
            if q.type in (v.AnswerType.YESNO, v.AnswerType.CHOICE):
                ids = YESNO if q.type == v.AnswerType.YESNO else q.choice_ids()
                self.choice_facts.update({(q.id, c): self.facts(q.id, c) for c in ids})
        # Free-text questions no condition compares: any text up to the limit is their answer.
        self.plain_text = {q.id: program.question_bits[q.id] for q in questions.values()
                           if q.type == v.AnswerType.TEXT and q.id not in program.leaves}
        # (question, raw answer) -> (value, facts) for answers checked once already, the raw
        # answer keyed as it arrives: text as itself, a list as a tuple, a number with its type
        # (so 1, 1.0 and True stay apart).
        self.known: dict[tuple[Any, ...], Resolved] = {}
        self.known_limit = REMEMBERED * len(questions)

    def resolve(self, qid: str, raw: Any) -> Resolved | Flagged | Invalid | Any | None:
        """(value, facts), a `Flagged` or an `Invalid` answer, `UNANSWERED`, or None for an
        unknown question."""
        checker = self.checkers.get(qid)
        if checker is None:
            return None
        value = checker(raw)
        if value is UNANSWERED or value.__class__ is Invalid:
            return value
        if value.__class__ is Contradicted:
            return Flagged(value.value, self.facts(qid, value.value), value.code, value.message)
        resolved = (value, self.facts(qid, value))
        key = self.answer_key(qid, raw)
        if key is not None and len(self.known) < self.known_limit:
            self.known[key] = resolved
        return resolved

    def answer_key(self, qid: str, raw: Any) -> tuple[Any, ...] | None:
        """The key a checked answer is remembered under, or None if it is not worth keeping.

        Text is keyed as itself (not free text: each keystroke makes new text), a list as a
        tuple (no longer than the question's choices, so a hostile list is not kept), a number
        with its type, so that 1, 1.0 and True stay apart (and not one too big to be sensible,
        nor a float zero, whose sign would be lost). `evaluate` builds the same keys inline.
        """
        cls = raw.__class__
        if cls is str:
            return (qid, raw) if self.cacheable[qid] else None
        if cls is list:
            if len(raw) > self.most_choices[qid] or not all(v.__class__ is str for v in raw):
                return None  # a body map's mark objects are checked every time
            return qid, tuple(raw)
        if cls is int or cls is float:
            return (qid, cls, raw) if raw and -SENSIBLE < raw < SENSIBLE else None
        return None

    def facts(self, qid: str, value: Any) -> int:
        """The bits a (normalised) answer to `qid` sets: answered, and each comparison it meets."""
        return self._facts(qid, self.program.question_bits[qid], value)

    def computed_facts(self, name: str, value: float) -> int:
        """The bits a computed value sets: it has a value, and each comparison it meets."""
        return self._facts(name, self.program.computed_bits[name], value)

    def _facts(self, qid: str, facts: int, value: Any) -> int:
        leaves = self.program.leaves.get(qid)
        if not leaves:
            return facts
        remembered = self.facts_by_value[qid]
        cacheable = self.cacheable[qid] and not (
            value.__class__ is int and not -SENSIBLE < value < SENSIBLE)
        if cacheable:
            found = remembered.get(value)
            if found is not None:
                return found
        single = {qid: value}
        for leaf in leaves:
            if leaf.test(single, {}, self.parameters):
                facts |= leaf.bit
        if cacheable and len(remembered) < REMEMBERED:
            remembered[value] = facts
        return facts
