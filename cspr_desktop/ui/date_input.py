"""The one date input of the app: typed as DD/MM/YYYY (HH:MM for a time), ISO read too.

Used by the checklist's date questions and by the meeting (its date, the next step, each
action's due date), so a date reads the same wherever it is typed. Parsing, showing and
plausibility are `core.uk_dates`; this only puts them on a line edit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtWidgets import QLineEdit

from cspr_desktop.core import uk_dates


class DateEdit(QLineEdit):
    """A date (or date and time) typed as text; `value()` raises ValueError while unreadable.

    `kind` says what the date is, for `doubt()` (a meeting held next year is questioned);
    `time_required` False lets a date-and-time question take a date alone ("as near as you
    know"). `clock` is the time now, replaced only in tests.
    """

    def __init__(self, name: str, with_time: bool, kind: uk_dates.Kind = "any",
                 time_required: bool = True,
                 clock: Callable[[], datetime] = datetime.now) -> None:
        super().__init__()
        self.with_time = with_time
        self.kind: uk_dates.Kind = kind
        self.time_required = time_required
        self.clock = clock
        self.setObjectName(name)
        self.setMaxLength(40)
        self.setPlaceholderText(uk_dates.DATETIME_SHAPE if with_time else uk_dates.DATE_SHAPE)
        self.hint = uk_dates.DATETIME_HINT if with_time else uk_dates.DATE_HINT

    def fitting_width(self) -> int:
        """Wide enough for a date (and time) at the current font size, and no wider: a box of
        fixed pixels cut its text off at 150% text."""
        text = "00/00/0000 00:00" if self.with_time else "00/00/0000"
        metrics = self.fontMetrics()
        return metrics.horizontalAdvance(text) + 6 * metrics.averageCharWidth()

    def value(self) -> date | datetime | None:
        return uk_dates.parse(self.text(), self.with_time, self.time_required)

    def error(self) -> str:
        """The inline error for what is typed now ('' when it reads, or is empty)."""
        try:
            self.value()
        except ValueError as exc:
            return str(exc)
        return ""

    def doubt(self) -> str:
        """A question about a date that reads but is unlikely ('' when it looks right)."""
        try:
            value = self.value()
        except ValueError:
            return ""
        return uk_dates.doubt(value, self.kind, self.clock())

    def set_value(self, value: date | datetime | str | None) -> None:
        self.setText("" if value is None else uk_dates.show(value))
