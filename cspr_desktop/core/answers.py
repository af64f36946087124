"""Check one answer against its question: normalise it, or say why it does not fit.

Answers come from the UI, from JSON and from YAML scenarios, so the same value may arrive as
`"yes"` or `True`, a list or a tuple, an ISO string or a date. We normalise to one form and
report (never raise) anything that does not fit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from cspr_desktop.core.errors import Code
from cspr_desktop.core.models import AnswerType, Question

YESNO = ("yes", "no", "unknown")
MAX_TEXT = 200_000


class Unanswered:
    """Marker for a value that means 'no answer yet' (None, '', [])."""


UNANSWERED = Unanswered()
Checked = tuple[Any, Code | None, str]  # (normalised value | UNANSWERED, code, message)
Checker = Callable[[Any], Checked]


def _bool_to_id(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _ok(value: Any) -> Checked:
    return value, None, ""


def _bad(code: Code, message: str) -> Checked:
    return UNANSWERED, code, message


def make_checker(q: Question) -> Checker:
    """Build the checker for one question once, so evaluation only calls it."""
    builders: dict[AnswerType, Callable[[Question], Checker]] = {
        AnswerType.YESNO: _single_checker,
        AnswerType.CHOICE: _single_checker,
        AnswerType.MULTI: _multi_checker,
        AnswerType.NUMBER: _number_checker,
        AnswerType.TEXT: _text_checker,
        AnswerType.DATE: _date_checker,
        AnswerType.DATETIME: _date_checker,
    }
    return builders[q.type](q)


def _single_checker(q: Question) -> Checker:
    options = frozenset(YESNO if q.type == AnswerType.YESNO else q.choice_ids())
    shown = ", ".join(YESNO if q.type == AnswerType.YESNO else q.choice_ids())

    def check(value: Any) -> Checked:
        if value is None or value == "":
            return UNANSWERED, None, ""
        value = _bool_to_id(value)
        if isinstance(value, str) and value in options:
            return value, None, ""
        if not isinstance(value, str):
            return _bad(Code.ANSWER_WRONG_TYPE, f"expected one of {shown}, got {value!r:.40}.")
        return _bad(Code.ANSWER_UNKNOWN_CHOICE, f"'{value:.40}' is not one of {shown}.")

    return check


def _multi_checker(q: Question) -> Checker:
    options = q.choice_ids()
    exclusive = frozenset(c.id for c in q.choices if c.exclusive)
    valid = frozenset(options)

    def check(value: Any) -> Checked:
        if value is None:
            return UNANSWERED, None, ""
        if not isinstance(value, list | tuple | set | frozenset) or not all(
            isinstance(v, str) for v in value
        ):
            return _bad(Code.ANSWER_WRONG_TYPE, f"expected a list of choices, got {value!r:.40}.")
        picked = frozenset(value)
        if not picked:
            return UNANSWERED, None, ""
        unknown = picked - valid
        if unknown:
            name = sorted(map(str, unknown))[0]
            return _bad(Code.ANSWER_UNKNOWN_CHOICE, f"'{name:.40}' is not a choice.")
        if len(picked) > 1 and picked & exclusive:
            return _bad(Code.ANSWER_EXCLUSIVE_CONFLICT,
                        f"'{sorted(picked & exclusive)[0]}' cannot be chosen with others.")
        return tuple(o for o in options if o in picked), None, ""

    return check


def _number_checker(q: Question) -> Checker:
    low, high, places = q.min, q.max, q.decimals
    unit = f" {q.unit}" if q.unit else ""

    def check(value: Any) -> Checked:
        if value is None or value == "":
            return UNANSWERED, None, ""
        if isinstance(value, bool) or not isinstance(value, int | float) or (
            isinstance(value, float) and not math.isfinite(value)
        ):
            return _bad(Code.ANSWER_WRONG_TYPE, f"expected a number, got {value!r:.40}.")
        if (low is not None and value < low) or (high is not None and value > high):
            return _bad(Code.ANSWER_OUT_OF_RANGE, f"{_shown(value)}{unit} is outside "
                        f"{_range_text(low, high)}{unit}.")
        if isinstance(value, float) and abs(round(value, places) - value) > 1e-9:
            return _bad(Code.ANSWER_OUT_OF_RANGE, f"{_shown(value)} has more than {places} "
                        "decimal places.")
        return value, None, ""

    return check


def _shown(value: float) -> str:
    """A number for a message; whole numbers too big for a float are cut, not converted."""
    text = f"{value:g}" if isinstance(value, float) or abs(value) < 10**15 else str(value)
    return text if len(text) <= 20 else text[:17] + "..."


def _range_text(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{low:g}–{high:g}"
    return f"at least {low:g}" if low is not None else f"at most {high:g}"


def _text_checker(q: Question) -> Checker:
    def check(value: Any) -> Checked:
        if value is None or value == "":
            return UNANSWERED, None, ""
        if not isinstance(value, str):
            return _bad(Code.ANSWER_WRONG_TYPE, f"expected text, got {type(value).__name__}.")
        if len(value) > MAX_TEXT:
            return _bad(Code.ANSWER_OUT_OF_RANGE, f"the text is longer than {MAX_TEXT:,} "
                        "characters.")
        return value, None, ""

    return check


def _date_checker(q: Question) -> Checker:
    want_datetime = q.type == AnswerType.DATETIME
    example = "2026-04-01T14:30" if want_datetime else "2026-04-01"

    def check(value: Any) -> Checked:
        if value is None or value == "":
            return UNANSWERED, None, ""
        parsed = value
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value)  # also reads a bare date
            except ValueError:
                return _bad(Code.ANSWER_WRONG_TYPE, f"'{value:.40}' is not a date like {example}.")
        if want_datetime and type(parsed) is date:
            parsed = datetime(parsed.year, parsed.month, parsed.day)
        if not want_datetime and isinstance(parsed, datetime):
            parsed = parsed.date()
        if isinstance(parsed, datetime) and parsed.tzinfo is not None:
            parsed = parsed.replace(tzinfo=None)
        if not isinstance(parsed, date):
            return _bad(Code.ANSWER_WRONG_TYPE, f"expected a date like {example}.")
        return parsed, None, ""

    return check
