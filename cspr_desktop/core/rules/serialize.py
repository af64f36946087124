"""Plain-JSON views of evaluations, shared by the CLI, records and exports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from cspr_desktop.core.rules.engine import Evaluation
from cspr_desktop.core.rules.outcome_text import fill


def jsonable(value: Any) -> Any:
    """Answers as JSON values: tuples become lists, dates ISO strings."""
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def evaluation_to_dict(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation in the shape `cspr evaluate --json` prints and records store."""
    pack = evaluation.pack
    params = evaluation.parameters
    return {
        "pack": {"id": pack.id, "version": pack.version, "sha256": evaluation.sha256},
        "level": evaluation.level.value if evaluation.level else None,
        "outcomes": [
            {"id": o.id, "level": o.level.value, "title": fill(o.title, params),
             "what_to_do": fill(o.what_to_do, params), "by_when": fill(o.by_when, params),
             "basis": o.basis.value, "source": o.source}
            for o in evaluation.outcomes
        ],
        "fired_rules": [
            {
                "id": f.id,
                "rationale": f.rule.rationale,
                "because": {q: jsonable(v) for q, v in f.because},
                "parameters": {k: jsonable(v) for k, v in f.parameters},
                "outcomes": list(f.rule.outcomes),
                "source": f.rule.source,
            }
            for f in evaluation.fired_rules
        ],
        "missing_required": list(evaluation.missing_required),
        "too_early": evaluation.too_early,
        "still_needed": list(evaluation.still_needed),
        "contradictions": [
            {"question": c.question, "code": c.code.value, "message": c.message}
            for c in evaluation.contradictions
        ],
        "invalid_answers": [
            {"question": i.question, "code": i.code.value, "message": i.message}
            for i in evaluation.invalid_answers
        ],
        "sources": {
            s.id: {"title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url}
            for s in pack.sources
        },
        "visible": list(evaluation.visible),
        "derived": dict(evaluation.derived),
    }
