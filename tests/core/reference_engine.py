"""A slow, plain evaluation made only of the condition nodes' closures: the oracle for the engine.

It shares nothing with the bitset program but the parsed nodes. Visibility is found by repeating
"hide every question whose show_if is false on the answers of the questions not hidden" until
nothing changes, which for an acyclic pack is exactly what the engine's ordered program gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cspr_desktop.core.rules.answers import UNANSWERED, Contradicted, Invalid
from cspr_desktop.core.rules.engine import CompiledPack
from cspr_desktop.core.rules.shown import shown_id


def reference_evaluate(compiled: CompiledPack, answers: Mapping[Any, Any],
                       parameters: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What evaluate() must report, as plain data."""
    p = compiled.parameter_values(parameters)
    checked: dict[str, Any] = {}
    invalid = []
    contradictions = []
    for qid, raw in answers.items():
        checker = compiled.checkers.get(qid)
        value = checker(raw) if checker is not None else Invalid(None, "")  # type: ignore[arg-type]
        if isinstance(value, Contradicted):
            contradictions.append(qid)
            value = value.value
        if isinstance(value, Invalid):
            invalid.append(shown_id(qid))
        elif value is not UNANSWERED:
            checked[qid] = value
    hidden: set[str] = set()
    for _ in range(len(compiled.questions) + 2):
        effective = {q: v for q, v in checked.items() if q not in hidden}
        d: dict[str, bool] = {}
        now = {q for q, node in compiled.show_nodes.items() if not node.test(effective, d, p)}
        if now == hidden:
            break
        hidden = now
    else:
        raise AssertionError("visibility did not settle")
    d = {}
    derived = {name: compiled.derived_test(name)(effective, d, p)
               for name in compiled.derived_nodes}
    fired = {}
    order = {qid: i for i, qid in enumerate(compiled.questions)}
    for rule, node in compiled.rule_nodes:
        if node.test(effective, d, p):
            because = sorted(node.because(effective, d, p, {}), key=order.__getitem__)
            fired[rule.id] = tuple((q, effective[q]) for q in because)
    outcome_ids = {o for rule, _ in compiled.rule_nodes if rule.id in fired for o in rule.outcomes}
    ranked = sorted(compiled.pack.outcomes, key=lambda o: -o.level.rank)
    return {
        "answers": effective,
        "visible": tuple(q for q in compiled.questions if q not in hidden),
        "missing_required": tuple(q for q in compiled.required_ids
                                  if q not in effective and q not in hidden),
        "invalid": sorted(invalid),
        "derived": derived,
        "fired": fired,
        "outcomes": tuple(o.id for o in ranked if o.id in outcome_ids),
        "still_needed": tuple(q.id for q in compiled.questions.values() if q.deciding
                              and q.id not in effective and q.id not in hidden),
        "contradictions": sorted(contradictions),
    }
