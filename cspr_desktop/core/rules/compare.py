"""Compare two evaluations: which outcomes one gains and loses against the other.

Used when a newer pack version is current (would re-evaluating change the guidance?) and in
training what-ifs (what changed against the scenario?).
"""

from __future__ import annotations

from dataclasses import dataclass

from cspr_desktop.core.rules.engine import Evaluation
from cspr_desktop.core.rules.models import Outcome


@dataclass(frozen=True)
class OutcomeChange:
    gained: tuple[Outcome, ...]
    lost: tuple[Outcome, ...]
    level_before: str | None
    level_after: str | None

    @property
    def changed(self) -> bool:
        return bool(self.gained or self.lost) or self.level_before != self.level_after


def compare_outcomes(before: Evaluation, after: Evaluation) -> OutcomeChange:
    before_ids = {o.id for o in before.outcomes}
    after_ids = {o.id for o in after.outcomes}
    return OutcomeChange(
        gained=tuple(o for o in after.outcomes if o.id not in before_ids),
        lost=tuple(o for o in before.outcomes if o.id not in after_ids),
        level_before=before.level.value if before.level else None,
        level_after=after.level.value if after.level else None,
    )
