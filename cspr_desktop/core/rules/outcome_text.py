"""Outcome texts with local settings filled in: `{front_door_timescale}` becomes its value.

A pack's "what to do" and "by when" may name parameters in braces, so a partnership's overlay
changes what the practitioner reads, not only what the rules decide. The validator checks that
every name in braces is a parameter of the pack.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def placeholders(text: str) -> list[str]:
    """The parameter names a text refers to, in order."""
    return PLACEHOLDER.findall(text)


def _word(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def fill(text: str, parameters: Mapping[str, Any]) -> str:
    """Replace each {name} with the parameter's value; unknown names are left as written."""
    if "{" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return _word(parameters[name]) if name in parameters else match.group(0)

    return PLACEHOLDER.sub(replace, text)
