"""Canonical JSON (RFC 8785) for seals, and a strict JSON reader for files that carry them.

A seal is the SHA-256 of the RFC 8785 form of a JSON value: two texts with the same JSON
value (key order, whitespace, escapes, `1.0` or `1`) seal alike, and any other change does
not. The reader refuses what would make "the same value" ambiguous between JSON readers:
repeated keys, NaN and Infinity, and numbers too long to read.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import rfc8785


class CanonicalError(ValueError):
    """A value or text that has no canonical JSON form; the message says why, in words."""


def canonical(value: Any) -> bytes:
    """The RFC 8785 bytes of a JSON value (from `model_dump(mode="json")` or `loads_strict`)."""
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as exc:
        raise CanonicalError(f"it holds a value JSON cannot carry exactly ({exc})") from exc
    except UnicodeError as exc:
        raise CanonicalError("it holds text that is not valid Unicode") from exc
    except RecursionError as exc:
        raise CanonicalError("it is nested too deeply") from exc


def digest(value: Any) -> str:
    """The seal of a JSON value: SHA-256 of its canonical bytes, as 64 hex digits."""
    return hashlib.sha256(canonical(value)).hexdigest()


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise CanonicalError("a key appears twice in one object, so its value is ambiguous")
    return dict(pairs)


def _no_constant(name: str) -> Any:
    raise CanonicalError(f"it holds {name}, which is not a JSON number")


def loads_strict(text: str) -> Any:
    """Parse JSON text, refusing repeated keys, NaN/Infinity and unreadable numbers."""
    try:
        return json.loads(text, object_pairs_hook=_no_repeats, parse_constant=_no_constant)
    except CanonicalError:
        raise
    except RecursionError as exc:
        raise CanonicalError("it is nested too deeply") from exc
    except json.JSONDecodeError as exc:
        raise CanonicalError(f"it is not JSON ({exc.msg}, line {exc.lineno})") from exc
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise CanonicalError("it holds a number too long to read") from exc
