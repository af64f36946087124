"""From one evaluation's answers to the facts they make true: the first step of every evaluation.

This is the one loop over the caller's own answers, so it is where answers that cannot be used
are set aside and reported rather than raised; the engine then runs its program over the facts
alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cspr_desktop.core.errors import Code
from cspr_desktop.core.rules.answer_tables import AnswerTables, Flagged
from cspr_desktop.core.rules.answers import MAX_TEXT, Invalid
from cspr_desktop.core.rules.evaluation import InvalidAnswer
from cspr_desktop.core.rules.shown import shown_id


def check_answers(
    tables: AnswerTables, answers: Mapping[str, Any], flagged: list[InvalidAnswer]
) -> tuple[dict[str, Any], int, list[InvalidAnswer]]:
    """The usable answers, the facts they set, and the answers that could not be used.

    An answer that contradicts itself is used as it stands and added to `flagged`.

    Most answers are a choice id, a list of them, or text no condition compares: one lookup
    each, with the keys of `AnswerTables.answer_key` built inline. Anything else goes through
    its question's checker (and is remembered if it fits).
    """
    bits = tables.initial
    effective = dict(answers)  # a copy in one step; answers that do not count are removed
    invalid: list[InvalidAnswer] = []
    choice_facts, plain_text = tables.choice_facts.get, tables.plain_text.get
    known, resolve = tables.known.get, tables.resolve
    for qid, raw in answers.items():
        cls = raw.__class__
        if cls is str:
            facts = choice_facts((qid, raw))  # a choice id is its own normalised value
            if facts is not None:
                bits |= facts
                continue
            bit = plain_text(qid)
            if bit is not None and raw and len(raw) <= MAX_TEXT:
                bits |= bit
                continue
            hit = known((qid, raw)) or resolve(qid, raw)
        elif cls is list:
            try:
                hit = known((qid, tuple(raw))) or resolve(qid, raw)
            except TypeError:  # an unhashable item: the checker reports it
                hit = resolve(qid, raw)
        elif cls is int or cls is float:  # keyed with the type: 1, 1.0 and True all differ
            hit = known((qid, cls, raw)) or resolve(qid, raw)
        else:
            hit = resolve(qid, raw)
        if hit.__class__ is tuple:
            effective[qid] = hit[0]
            bits |= hit[1]
            continue
        if hit.__class__ is Flagged:
            effective[qid] = hit.value
            bits |= hit.facts
            flagged.append(InvalidAnswer(qid, hit.code, hit.message))
            continue
        del effective[qid]
        if hit is None:
            name = shown_id(qid)
            invalid.append(InvalidAnswer(name, Code.ANSWER_UNKNOWN_QUESTION,
                                         f"'{name:.40}' is not a question of this checklist."))
        elif hit.__class__ is Invalid:
            invalid.append(InvalidAnswer(qid, hit.code, hit.message))
    return effective, bits, invalid
