"""What a record id may be, checked the same way wherever one comes in.

An id names a row in the store, a record in an imported file, and the export's default file
name, so it must be exact: letters, digits and hyphens only, starting with a letter or digit,
at most 64 characters — matched in full (`fullmatch`: `$` in a pattern would accept a trailing
newline) — and never a name Windows keeps for a device (CON, NUL, COM1, LPT1…, in any case,
with or without an extension), which no file can be called there.
"""

from __future__ import annotations

import re

RECORD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}")
_DIGITS = "0123456789¹²³"  # Windows also keeps COM¹, LPT² and so on
RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"}
    | {f"{port}{digit}" for port in ("COM", "LPT") for digit in _DIGITS}
)


def is_reserved_name(name: str) -> bool:
    """True for a file name Windows keeps for a device: 'CON', 'nul.pdf', 'Com1 .json'.

    Windows ignores what follows the first dot and trailing spaces before it, so those go too.
    """
    stem = name.split(".", 1)[0].rstrip(" ")
    return stem.upper() in RESERVED_NAMES


def is_record_id(value: object) -> bool:
    """True when `value` is a valid record id (see the module's note)."""
    return (isinstance(value, str) and RECORD_ID.fullmatch(value) is not None
            and not is_reserved_name(value))


def shown_id(value: object) -> str:
    """An id fit to quote in a message even when it is not a valid one."""
    text = value if isinstance(value, str) else repr(value)
    return ascii(text[:70])[1:-1]


def export_file_name(record_id: str, suffix: str) -> str:
    """The export's default file name: the record id, or 'record' for an id that is not one."""
    stem = record_id if is_record_id(record_id) else "record"
    return f"{stem}.{suffix}"
