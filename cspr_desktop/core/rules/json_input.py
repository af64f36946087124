"""Read JSON that came from outside (a record import, a pin list) into plain data, refusing
what Python's `json` would accept but nothing else here can use, each with its problem code:

- NaN and Infinity (`NaN`, `Infinity`, or a number too large for a float) — E014;
- integers longer than Python converts (4,300 digits) — E013, instead of a ValueError;
- nesting deeper than the YAML reader allows — E006, instead of a RecursionError;
- lone surrogates (`"\\ud800"`), which no text can be stored or printed with — E012.

Syntax errors stay `json.JSONDecodeError`, for the caller to word.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from cspr_desktop.core.errors import Code, Problem
from cspr_desktop.core.rules.limits import MAX_DEPTH

MAX_INT_DIGITS = 4_300  # Python's own limit on converting text to int
SURROGATE = re.compile("[\ud800-\udfff]")


class InputProblem(ValueError):
    """JSON that parses but cannot be used; carries the coded problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _refuse(code: Code, message: str) -> InputProblem:
    return InputProblem(Problem(code, message))


def _int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise _refuse(Code.NUMBER_TOO_LONG, f"a number has {digits:,} digits; the limit is "
                      f"{MAX_INT_DIGITS:,}.")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _refuse(Code.NOT_FINITE, f"the number {text[:20]} is too large to use.")
    return value


def _constant(name: str) -> Any:
    raise _refuse(Code.NOT_FINITE, f"'{name}' is not a number that can be used.")


def load_json(text: str) -> Any:
    """Parse `text`; raises InputProblem (coded) or json.JSONDecodeError."""
    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except RecursionError:
        raise _refuse(Code.TOO_DEEP, f"nesting is deeper than {MAX_DEPTH} levels.") from None
    check_plain(data)
    return data


def check_plain(data: Any) -> None:
    """Raise InputProblem for nesting deeper than MAX_DEPTH or a lone surrogate in any text;
    iterative, so no input can exhaust the stack."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if not value.isascii() and SURROGATE.search(value):
                raise _refuse(Code.LONE_SURROGATE, "a text holds a lone surrogate "
                              f"({_surrogate(value)}), half of a character.")
        elif isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise _refuse(Code.TOO_DEEP, f"nesting is deeper than {MAX_DEPTH} levels.")
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)


def _surrogate(text: str) -> str:
    found = SURROGATE.search(text)
    return f"\\u{ord(found.group()):04x}" if found else ""
