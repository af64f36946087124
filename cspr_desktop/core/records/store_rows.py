"""Rows in and out of the store, read as if any of them could be damaged.

A records file can be damaged by a disk fault, a sync tool or a hand edit: a text column that
is not UTF-8, NULL or a number where text belongs, JSON that does not parse or does not fit the
record model. None of that may stop the other records listing and opening, and no message or
log line may quote what a damaged row holds (it may be a child's details), only where it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

# The record models load when a record is first saved or read, not to list the records.
if TYPE_CHECKING:
    from pydantic import ValidationError

    from cspr_desktop.core.records.records import Record


class Undecodable(str):
    """Text from a damaged column whose bytes were not UTF-8 (shown with U+FFFD)."""

    __slots__ = ()


def tolerant_text(raw: bytes) -> str:
    """SQLite's text factory: bad UTF-8 in a damaged row is replaced and marked, so the
    query still returns the other rows."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return Undecodable(raw.decode("utf-8", "replace"))


def summary_texts(row: Sequence[object]) -> list[str]:
    """Summary columns as text whatever a damaged row holds (NULL, a number, bytes)."""
    texts = []
    for value in row:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, bytes):
            texts.append(value.decode("utf-8", "replace"))
        else:
            texts.append("" if value is None else str(value))
    return texts


def field_places(exc: ValidationError) -> str:
    """Which parts of a record failed to read, by field name only (never the values)."""
    places = sorted({".".join(str(p) for p in error["loc"][:2]) or "record"
                     for error in exc.errors(include_input=False, include_url=False)})
    return f"{exc.error_count()} problem(s) in {', '.join(places[:5])}"


class UnstorableText(ValueError):
    """The record holds text that cannot be written as UTF-8 (a lone surrogate)."""


class DoesNotFit(ValueError):
    """The record would not read back; the message names the fields and limits, no values."""


def checked_json(record: Record) -> str:
    """The record as JSON that is known to read back as a record."""
    from pydantic import ValidationError
    from pydantic_core import PydanticSerializationError

    from cspr_desktop.core.records.records import Record

    try:
        data = record.model_dump_json()
        data.encode("utf-8")
    except (PydanticSerializationError, UnicodeError) as exc:
        raise UnstorableText(type(exc).__name__) from None
    try:
        Record.model_validate_json(data)
    except ValidationError as exc:
        parts = []
        for error in exc.errors(include_input=False, include_url=False)[:3]:
            where = " → ".join(str(p).replace("_", " ") for p in error["loc"]
                               if isinstance(p, str))
            parts.append(f"{where or 'record'}: {error['msg'].lower()}")
        raise DoesNotFit("; ".join(parts)) from None
    return data
