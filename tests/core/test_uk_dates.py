"""Dates typed the British way read the same everywhere, are stored as ISO, and are questioned
(never refused) when unlikely for what they are."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from cspr_desktop.core import uk_dates
from cspr_desktop.core.report.answer_text import describe_answer
from cspr_desktop.core.rules.answers import Invalid, make_checker
from cspr_desktop.core.rules.models import Question
from cspr_desktop.core.rules.vocabulary import AnswerType

NOW = datetime(2026, 3, 2, 10, 15)


@pytest.mark.parametrize(("text", "with_time", "expected"), [
    ("02/03/2026", False, date(2026, 3, 2)),
    ("2/3/2026", False, date(2026, 3, 2)),
    ("2026-03-02", False, date(2026, 3, 2)),
    ("02/03/2026 14:30", True, datetime(2026, 3, 2, 14, 30)),
    ("02/03/2026 9.05", True, datetime(2026, 3, 2, 9, 5)),
    ("2026-03-02T14:30", True, datetime(2026, 3, 2, 14, 30)),
    ("2026-03-02 14:30:00", True, datetime(2026, 3, 2, 14, 30)),
    ("", True, None),
])
def test_british_and_iso_dates_read(text: str, with_time: bool, expected: object) -> None:
    assert uk_dates.parse(text, with_time) == expected


@pytest.mark.parametrize("text", ["30/02/2026", "next Tuesday", "03/2026", "2026-13-01"])
def test_what_is_not_a_date_says_how_to_type_it(text: str) -> None:
    with pytest.raises(ValueError, match="DD/MM/YYYY, for example"):
        uk_dates.parse(text, with_time=False)


def test_a_date_alone_is_refused_where_a_time_is_needed_unless_allowed() -> None:
    with pytest.raises(ValueError, match="date and time as DD/MM/YYYY HH:MM"):
        uk_dates.parse("02/03/2026", with_time=True)
    assert uk_dates.parse("02/03/2026", True, time_required=False) == date(2026, 3, 2)


def test_shown_british_stored_iso() -> None:
    assert uk_dates.show("2026-03-02") == "02/03/2026"
    assert uk_dates.show("2026-03-02T14:30") == "02/03/2026 14:30"
    assert uk_dates.show(datetime(2026, 3, 2, 9, 5)) == "02/03/2026 09:05"
    assert uk_dates.show("not a date") == "not a date"
    assert uk_dates.to_iso(date(2026, 3, 2)) == "2026-03-02"
    assert uk_dates.to_iso(datetime(2026, 3, 2, 14, 30)) == "2026-03-02T14:30"


@pytest.mark.parametrize(("value", "kind", "doubted"), [
    (date(2026, 3, 9), "birth", "in the future"),
    (date(2007, 3, 1), "birth", "more than 18 years ago"),
    (date(2010, 1, 1), "birth", ""),
    (datetime(2026, 3, 5, 9, 0), "event", "in the future"),
    (datetime(2023, 1, 1, 9, 0), "event", "more than two years ago"),
    (datetime(2026, 3, 2, 10, 45), "event", ""),  # a time just ahead of the clock
    (datetime(2026, 3, 4, 9, 0), "meeting", "in the future"),
    (datetime(2026, 3, 3, 9, 0), "meeting", ""),  # tomorrow's meeting, typed today
    (date(2029, 1, 1), "any", "more than two years from today"),
    (date(2026, 9, 1), "any", ""),
])
def test_unlikely_dates_are_questioned(value: date, kind: uk_dates.Kind, doubted: str) -> None:
    message = uk_dates.doubt(value, kind, NOW)
    if doubted:
        assert doubted in message and "If it is right, leave it" in message
    else:
        assert message == ""


def test_the_engine_reads_british_dates_and_explains_in_plain_words() -> None:
    question = Question(id="seen_on", text="When?", type=AnswerType.DATE)
    check = make_checker(question)
    assert check("02/03/2026") == date(2026, 3, 2)
    assert check("2026-03-02") == date(2026, 3, 2)
    bad = check("31/02/2026")
    assert isinstance(bad, Invalid)
    assert "expected" not in bad.message
    assert "Enter the date as DD/MM/YYYY" in bad.message
    assert describe_answer(question, "2026-03-02") == "02/03/2026"


@pytest.mark.parametrize(("typed", "words"), [
    ("four", "'four' is not a number. Type it in digits, for example 4 or 4.5."),
    ("4,5", "Use a full stop for a decimal point"),
])
def test_a_number_that_is_not_one_is_explained_in_plain_words(typed: str, words: str) -> None:
    question = Question(id="age", text="Age", type=AnswerType.NUMBER, min=0, max=24)
    bad = make_checker(question)(typed)
    assert isinstance(bad, Invalid)
    assert words in bad.message
    assert "expected" not in bad.message.lower()
