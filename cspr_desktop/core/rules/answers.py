"""Check one answer against its question: normalise it, or say why it does not fit.

Answers come from the UI, from JSON and from YAML scenarios, so the same value may arrive as
`"yes"` or `True`, a list or a tuple, an ISO string or a date. We normalise to one form and
report (never raise) anything that does not fit.

A checker returns the normalised value, `UNANSWERED`, or an `Invalid`. Each checker tries a fast
path for the common, already-valid value first (evaluate() runs after every keystroke) and
otherwise falls back to the full check.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cspr_desktop.core import uk_dates
from cspr_desktop.core.bodymap.marks import mark_problem, sites_of
from cspr_desktop.core.errors import Code
from cspr_desktop.core.rules.models import Question
from cspr_desktop.core.rules.shown import shown as shown_value
from cspr_desktop.core.rules.vocabulary import AnswerType

YESNO = ("yes", "no", "unknown")
# A free-text answer holds at most 20,000 characters: some 3,000 words or eight printed pages,
# far more than any note on a checklist needs, while a record with every text at its limit
# still lays out and exports in seconds (docs/architecture.md, "Bad input and limits").
MAX_TEXT = 20_000


class Unanswered:
    """Marker for a value that means 'no answer yet' (None, '', [])."""


UNANSWERED = Unanswered()


@dataclass(frozen=True, slots=True)
class Invalid:
    """Why an answer does not fit its question."""

    code: Code
    message: str


@dataclass(frozen=True, slots=True)
class Contradicted:
    """An answer that contradicts itself but is still used: 'none' ticked with other options.

    The options ticked count ('none' is set aside), so a red flag ticked beside 'none' keeps
    its emergency; the contradiction is reported so someone checks it.
    """

    value: Any
    code: Code
    message: str


Checker = Callable[[Any], Any]  # -> normalised value | UNANSWERED | Invalid | Contradicted


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
    if q.type == AnswerType.MULTI and q.widget == "body_map":
        return _body_map_checker(q)
    return builders[q.type](q)


def _single_checker(q: Question) -> Checker:
    ids = YESNO if q.type == AnswerType.YESNO else q.choice_ids()
    options = frozenset(ids)
    shown = ", ".join(ids)

    def full(value: Any) -> Any:
        if value is None or value == "":
            return UNANSWERED
        if isinstance(value, bool):
            value = "yes" if value else "no"
        if isinstance(value, str) and value in options:
            return value
        if not isinstance(value, str):
            return Invalid(Code.ANSWER_WRONG_TYPE,
                           f"This answer must be one of: {shown} (it holds {shown_value(value)}).")
        return Invalid(Code.ANSWER_UNKNOWN_CHOICE, f"'{value:.40}' is not one of {shown}.")

    def check(value: Any) -> Any:
        if value.__class__ is str and value in options:
            return value
        return full(value)

    return check


def _multi_checker(q: Question) -> Checker:
    options = q.choice_ids()
    rank = {o: i for i, o in enumerate(options)}
    exclusive = frozenset(c.id for c in q.choices if c.exclusive)
    valid = frozenset(options)
    singles = {o: (o,) for o in options}
    full = _multi_full_check(valid, rank, exclusive)

    def check(value: Any) -> Any:
        cls = value.__class__
        if cls is list or cls is tuple:
            if len(value) == 1 and value[0].__class__ is str and value[0] in singles:
                return singles[value[0]]
            if len(value) > 1:
                try:
                    picked = frozenset(value)
                except TypeError:  # an unhashable item: the full check reports it
                    return full(value)
                # Only choice ids (all text) pass the subset test, so no per-item type check.
                if picked <= valid and (len(picked) == 1 or exclusive.isdisjoint(picked)):
                    return tuple([options[i] for i in sorted([rank[v] for v in picked])])
        return full(value)

    return check


def _multi_full_check(valid: frozenset[str], rank: dict[str, int],
                      exclusive: frozenset[str]) -> Checker:
    def full(value: Any) -> Any:
        if value is None:
            return UNANSWERED
        if not isinstance(value, list | tuple | set | frozenset) or not all(
            isinstance(v, str) for v in value
        ):
            return Invalid(Code.ANSWER_WRONG_TYPE, f"This answer must be a list of the "
                           f"options (it holds {shown_value(value)}).")
        picked = frozenset(value)
        if not picked:
            return UNANSWERED
        unknown = picked - valid
        if unknown:
            name = sorted(map(str, unknown))[0]
            return Invalid(Code.ANSWER_UNKNOWN_CHOICE, f"'{name:.40}' is not a choice.")
        if len(picked) > 1 and picked & exclusive:
            others = picked - exclusive
            if not others:
                return Invalid(Code.ANSWER_EXCLUSIVE_CONFLICT,
                               f"'{sorted(picked)[0]}' cannot be chosen with others.")
            return Contradicted(tuple(sorted(others, key=rank.__getitem__)),
                                Code.ANSWER_CONTRADICTS_NONE,
                                f"'{sorted(picked & exclusive)[0]}' was ticked together with "
                                "other options; the other options count until this is checked.")
        return tuple(sorted(picked, key=rank.__getitem__))

    return full


def _body_map_checker(q: Question) -> Checker:
    """The body map's answer: site ids, as ever, or mark objects that add a side, a view and
    notes (core.marks). Either way its normalised value is the sites, so the rules read a left
    cheek as a cheek and a list of plain site ids takes the same path as before."""
    plain = _multi_checker(q)
    valid = frozenset(q.choice_ids())

    def check(value: Any) -> Any:
        cls = value.__class__
        if (cls is not list and cls is not tuple) or all(v.__class__ is str for v in value):
            return plain(value)
        for item in value:
            problem = mark_problem(item, valid)
            if problem is not None:
                return Invalid(*problem)
        return plain(sites_of(value))

    return check


def _number_checker(q: Question) -> Checker:
    low, high, places = q.min, q.max, q.decimals
    lo = -math.inf if low is None else low
    hi = math.inf if high is None else high
    unit = f" {q.unit}" if q.unit else ""

    def full(value: Any) -> Any:
        if value is None or value == "":
            return UNANSWERED
        if isinstance(value, bool) or not isinstance(value, int | float) or (
            isinstance(value, float) and not math.isfinite(value)
        ):
            return Invalid(Code.ANSWER_WRONG_TYPE, _not_a_number(value))
        if not lo <= value <= hi:
            return Invalid(Code.ANSWER_OUT_OF_RANGE, f"{shown_number(value)}{unit} is "
                           f"outside {_range_text(low, high)}{unit}. Check the number, and "
                           f"enter one {_range_text(low, high, words=True)}.")
        if isinstance(value, float) and abs(round(value, places) - value) > 1e-9:
            allowed = ("a whole number" if places == 0 else
                       f"at most {places} figure{'s' if places > 1 else ''} after the point")
            return Invalid(Code.ANSWER_OUT_OF_RANGE, f"{shown_number(value)} has too many "
                           f"figures after the decimal point. Enter {allowed}.")
        return value

    def check(value: Any) -> Any:
        if value.__class__ is int and lo <= value <= hi:
            return value
        return full(value)

    return check


def typed_number(text: str) -> int | float | str | None:
    """What a person typed in a number box, as the answer to store: None when empty, an int
    for a whole number typed without a point, a float otherwise; text that is not a number is
    kept as typed, so the checker can say what to enter instead (never lost)."""
    text = text.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def _not_a_number(value: Any) -> str:
    """Why a typed value is not a number, in words (never 'expected a number')."""
    if isinstance(value, str):
        typed = value.strip()
        if "," in typed and typed.replace(",", "", 1).replace(".", "", 1).isdigit():
            return (f"'{typed:.40}' is not a number as typed. Use a full stop for a decimal "
                    "point and no commas, for example 4.5 or 1200.")
        return f"'{typed:.40}' is not a number. Type it in digits, for example 4 or 4.5."
    return f"This answer must be a number, typed in digits (it holds {shown_value(value)})."


def shown_number(value: float) -> str:
    """A number for a message; whole numbers too big for a float are cut, not converted."""
    if isinstance(value, int) and abs(value) >= 10**15:
        return shown_value(value, 20)
    text = f"{value:g}"
    return text if len(text) <= 20 else text[:17] + "..."


def _range_text(low: float | None, high: float | None, words: bool = False) -> str:
    if low is not None and high is not None:
        return f"from {low:g} to {high:g}" if words else f"{low:g}–{high:g}"
    return f"at least {low:g}" if low is not None else f"at most {high:g}"


def _text_checker(q: Question) -> Checker:
    def check(value: Any) -> Any:
        if value.__class__ is str and 0 < len(value) <= MAX_TEXT:
            return value
        if value is None or value == "":
            return UNANSWERED
        if not isinstance(value, str):
            return Invalid(Code.ANSWER_WRONG_TYPE, "This answer must be text.")
        if len(value) > MAX_TEXT:
            return Invalid(Code.ANSWER_TOO_LONG, f"This answer is {len(value):,} characters "
                           f"long; the limit is {MAX_TEXT:,}. It is kept, but cannot be "
                           "signed until it is shorter.")
        return value

    return check


def _date_checker(q: Question) -> Checker:
    want_datetime = q.type == AnswerType.DATETIME
    how = uk_dates.how_to_type(want_datetime)

    def check(value: Any) -> Any:
        if value is None or value == "":
            return UNANSWERED
        parsed = value
        if isinstance(value, str):
            moment = uk_dates.read(value)  # ISO as stored, or DD/MM/YYYY as typed
            if moment is not None:
                parsed = moment[0]
            else:
                try:  # other ISO forms older files may hold (a time zone, no dashes)
                    parsed = datetime.fromisoformat(value)
                except ValueError:
                    return Invalid(Code.ANSWER_WRONG_TYPE, f"'{value:.40}' is not a date. {how}")
        if want_datetime and type(parsed) is date:
            parsed = datetime(parsed.year, parsed.month, parsed.day)
        if not want_datetime and isinstance(parsed, datetime):
            parsed = parsed.date()
        if isinstance(parsed, datetime) and parsed.tzinfo is not None:
            parsed = parsed.replace(tzinfo=None)
        if not isinstance(parsed, date):
            return Invalid(Code.ANSWER_WRONG_TYPE, f"This is not a date. {how}")
        return parsed

    return check
