"""Dates as people in England type and read them: DD/MM/YYYY, with HH:MM for a time.

One parser and one formatter for every date in the app (checklist date questions, the
meeting, its actions), so a date typed on one screen reads the same on every other. ISO text
(2026-03-02, 2026-03-02T14:30) is read too, because records and files hold dates that way;
what is stored stays ISO (`to_iso`), only what is typed and shown is British.

A date that reads but looks wrong for what it is (a meeting next year, an injury noticed ten
years ago) is questioned by `doubt`, never refused: the person may be right.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any, Literal

DATE_EXAMPLE = "DD/MM/YYYY, for example 02/03/2026"
DATETIME_EXAMPLE = "DD/MM/YYYY HH:MM, for example 02/03/2026 14:30"
# On screen, the shape sits in the box and the example beside it as hint text, which stays
# visible while typing and wraps where the box cannot grow (at large text sizes).
DATE_SHAPE, DATETIME_SHAPE = "DD/MM/YYYY", "DD/MM/YYYY HH:MM"
DATE_HINT = "For example, 02/03/2026"
DATETIME_HINT = "For example, 02/03/2026 14:30"

# What a date is, for how far from today it may plausibly be:
# "event" happened (not in the future, not more than two years ago); "birth" a child's birth
# (not in the future, not more than 18 years ago); "meeting" has been held (not more than a
# day ahead, not more than two years ago); "any" a plan or an expected date (within two
# years either way).
Kind = Literal["event", "birth", "meeting", "any"]

FORMATS = (  # (shape the text must have, how to read it, whether it holds a time)
    (r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}[:.]\d{2}", "%d/%m/%Y %H:%M", True),
    (r"\d{1,2}/\d{1,2}/\d{4}", "%d/%m/%Y", False),
    (r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?", "", True),
    (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d", False),
)


def read(text: str) -> tuple[datetime, bool] | None:
    """The moment and whether a time was given, from DD/MM/YYYY [HH:MM] or ISO text; None
    when it is not a date (including a day that does not exist, such as 30/02/2026)."""
    text = " ".join(text.split())
    for shape, pattern, has_time in FORMATS:
        if re.fullmatch(shape, text, flags=re.ASCII):
            try:
                if not pattern:  # ISO with a time, perhaps seconds
                    return datetime.fromisoformat(text.replace(" ", "T")), True
                return datetime.strptime(text.replace(".", ":"), pattern), has_time
            except ValueError:
                return None
    return None


def parse(text: str, with_time: bool, time_required: bool = True) -> date | datetime | None:
    """The date (or date and time) typed, None when empty; ValueError says how to type it."""
    if not text.strip():
        return None
    parsed = read(text)
    if parsed is None or (with_time and time_required and not parsed[1]):
        raise ValueError(how_to_type(with_time))
    moment, has_time = parsed
    if not with_time:
        return moment.date()
    return moment if has_time else moment.date()


def how_to_type(with_time: bool) -> str:
    if with_time:
        return f"Enter the date and time as {DATETIME_EXAMPLE}."
    return f"Enter the date as {DATE_EXAMPLE}."


def show(value: Any) -> str:
    """A date or date and time as DD/MM/YYYY [HH:MM]; ISO text is shown the same way, and
    anything else as it is (a damaged record still shows what it holds)."""
    if isinstance(value, str):
        parsed = read(value)
        if parsed is None:
            return value
        value = parsed[0] if parsed[1] else parsed[0].date()
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def to_iso(value: date | datetime) -> str:
    """How a date is stored in a record: 2026-03-02, or 2026-03-02T14:30."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(timespec="minutes")
    return value.isoformat()


def doubt(value: date | datetime | None, kind: Kind, now: datetime) -> str:
    """A plain question about a date that reads but is unlikely for its kind ('' when it
    looks right). The date is kept either way."""
    if value is None:
        return ""
    moment = value if isinstance(value, datetime) else datetime(value.year, value.month,
                                                                value.day)
    day = moment.date()
    today = now.date()
    shown = show(value)
    ahead = {"event": timedelta(0), "birth": timedelta(0), "meeting": timedelta(days=1),
             "any": timedelta(days=730)}[kind]
    back = {"event": 730, "birth": 18 * 365 + 5, "meeting": 730, "any": 730}[kind]
    if isinstance(value, datetime):  # a time typed a little ahead of the clock is not doubted
        late = moment > now + ahead + timedelta(hours=1)
    else:
        late = day > today + ahead
    if late:
        if kind == "any":
            return (f"Check this date: {shown} is more than two years from today. If it is "
                    "right, leave it as it is.")
        return (f"Check this date: {shown} is in the future. If it is right, leave it as it "
                "is; otherwise correct it.")
    if (today - day).days > back:
        span = "18 years" if kind == "birth" else "two years"
        return (f"Check this date: {shown} is more than {span} ago. If it is right, leave it "
                "as it is; otherwise correct it.")
    return ""


def kind_of(question_id: str, text: str, with_time: bool) -> Kind:
    """What a checklist date question asks about: a birth, an event (a date and time is when
    something happened: 'When was the mark first noticed?'), or any other date (a plan, an
    expected delivery date). Packs say nothing about this, so it is read from the question."""
    words = f"{question_id} {text}".lower()
    if "birth" in words and "delivery" not in words:
        return "birth"
    return "event" if with_time else "any"
