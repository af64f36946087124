"""Answers in words, as a practitioner reads them on screen and on paper."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from cspr_desktop.core import uk_dates
from cspr_desktop.core.bodymap.marks import describe_marks, marks_of
from cspr_desktop.core.rules.models import Question
from cspr_desktop.core.rules.vocabulary import AnswerType

YESNO_WORDS = {"yes": "Yes", "no": "No", "unknown": "Not known"}
NOT_ANSWERED = "Not answered"


def describe_answer(question: Question | None, value: Any) -> str:
    """'Yes', 'Bruise, Abrasion', '3.5 months', ... or 'Not answered'."""
    if value is None or value in ("", [], ()):
        return NOT_ANSWERED
    if question is None:  # the checklist is not installed here: ids, but a mark in words
        if isinstance(value, list | tuple) and any(isinstance(v, Mapping) for v in value):
            return describe_marks(marks_of(value), {})
        return _plain(value)
    labels = {c.id: c.label for c in question.choices}
    if question.type == AnswerType.YESNO:
        return YESNO_WORDS.get(str(value), str(value))
    if question.type == AnswerType.CHOICE:
        return labels.get(str(value), str(value))
    if question.widget == "body_map" and isinstance(value, list | tuple) and not all(
        isinstance(v, str) for v in value
    ):  # marks with a side or notes (plain site ids read as they always have)
        marks = marks_of(value, labels)  # in the order of the choices
        return describe_marks(marks, labels) if marks else NOT_ANSWERED
    if question.type == AnswerType.MULTI and isinstance(value, list | tuple):
        return ", ".join(labels.get(str(v), str(v)) for v in value)
    if question.type in (AnswerType.DATE, AnswerType.DATETIME):
        return uk_dates.show(value)
    if question.type == AnswerType.NUMBER and isinstance(value, int | float):
        unit = f" {question.unit}" if question.unit else ""
        return f"{value:g}{unit}"
    return _plain(value)


def _plain(value: Any) -> str:
    if isinstance(value, date):  # a datetime is a date too
        return uk_dates.show(value)
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)
