"""Any value as a short piece of message text, without the message itself ever failing.

Answers and parameters can come from any file, so a value in a message may be a whole number
with thousands of digits (which Python refuses to turn into text), a deeply nested list, or an
object whose own text raises. Each becomes something short and true instead.
"""

from __future__ import annotations

import reprlib
from typing import Any

LIMIT = 40
_SHORT = reprlib.Repr()
_SHORT.maxlevel = 2
_SHORT.maxstring = LIMIT
_SHORT.maxother = LIMIT


def shown(value: Any, limit: int = LIMIT) -> str:
    """`value` as text of at most `limit` characters, for a problem message."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"a whole number of about {int(value.bit_length() * 0.30103) + 1} digits"
    try:
        text = _SHORT.repr(value)
    except Exception:  # a message about a bad value must not fail in turn
        return f"a value of type {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def shown_id(value: Any) -> str:
    """An id as given (text stays text), or `shown` for anything that is not text."""
    return value if isinstance(value, str) else shown(value)
