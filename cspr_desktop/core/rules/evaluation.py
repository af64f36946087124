"""What one evaluation found: immutable, and cheap to build (the app evaluates per keystroke)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from cspr_desktop.core.errors import Code
from cspr_desktop.core.rules import models as m
from cspr_desktop.core.rules import vocabulary as v
from cspr_desktop.core.rules.bitplan import Literal


@dataclass(frozen=True, slots=True)
class InvalidAnswer:
    """An answer that could not be used, and why; it counts as unanswered."""

    question: str
    code: Code
    message: str


class FiredRule(NamedTuple):
    """A rule whose condition held, with the answers that made it hold (immutable)."""

    rule: m.Rule
    because: tuple[tuple[str, Any], ...]
    parameters: tuple[tuple[str, Any], ...]

    @property
    def id(self) -> str:
        return self.rule.id


class Evaluation(NamedTuple):
    """Everything the guidance panel, the record and the CLI need from one evaluation.

    A named tuple rather than a frozen dataclass: as immutable, and built several times faster,
    which counts when the app evaluates after every keystroke.
    """

    pack: m.Pack
    sha256: str
    answers: Mapping[str, Any]
    visible: tuple[str, ...]
    missing_required: tuple[str, ...]
    invalid_answers: tuple[InvalidAnswer, ...]
    derived: Mapping[str, bool]
    fired_rules: tuple[FiredRule, ...]
    outcomes: tuple[m.Outcome, ...]
    level: v.Level | None
    parameters: Mapping[str, Any]
    # Deciding questions (visible, unanswered): while any is, a routine level is too early.
    still_needed: tuple[str, ...] = ()
    # Answers used as they stand but contradicting themselves ('none' ticked with others).
    contradictions: tuple[InvalidAnswer, ...] = ()

    @property
    def too_early(self) -> bool:
        """Not enough answers yet: the level would be routine (or none) only for want of them."""
        return bool(self.still_needed) and (self.level is None or self.level == v.Level.ROUTINE)

    def rules_for(self, outcome_id: str) -> tuple[FiredRule, ...]:
        """The fired rules that led to one outcome: the "Why?" of the panel."""
        return tuple(f for f in self.fired_rules if outcome_id in f.rule.outcomes)


class DerivedValues(Mapping[str, bool]):
    """The derived values of one evaluation, read off its final bits (in pack order)."""

    __slots__ = ("_bits", "_literals")

    def __init__(self, bits: int, literals: Mapping[str, Literal]) -> None:
        self._bits = bits
        self._literals = literals

    def __getitem__(self, name: str) -> bool:
        bit, want = self._literals[name]
        return self._bits & bit == want

    def __iter__(self) -> Iterator[str]:
        return iter(self._literals)

    def __len__(self) -> int:
        return len(self._literals)

    def __repr__(self) -> str:
        return f"DerivedValues({dict(self)!r})"
