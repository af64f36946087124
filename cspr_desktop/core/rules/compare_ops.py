"""Closures for the comparisons of the condition language (`equals`, `in`, `includes`, `gt`...).

Each closure reads one answer; an unanswered question makes every comparison false.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

Answers = Mapping[str, Any]
Derived = dict[str, bool]
Params = Mapping[str, Any]
Test = Callable[[Answers, Derived, Params], bool]
ORDER_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le,
}


def compile_compare(op: str, q: str, value: Any, parameter: str | None) -> Test:
    """The closure of one comparison on the answer to question `q`."""
    if op == "in":
        options = frozenset(value)

        def in_(a: Answers, d: Derived, p: Params) -> bool:
            return a.get(q) in options
        return in_
    if op == "includes":
        wanted = frozenset(value)

        def includes(a: Answers, d: Derived, p: Params) -> bool:
            got = a.get(q)
            return got is not None and not wanted.isdisjoint(got)
        return includes
    if op == "equals":
        return _compile_equals(q, value, parameter)
    return _compile_order(ORDER_OPS[op], q, value, parameter)


def _compile_equals(q: str, value: Any, parameter: str | None) -> Test:
    if parameter is not None:
        pname = parameter

        def equals_param(a: Answers, d: Derived, p: Params) -> bool:
            got = a.get(q)
            return got is not None and bool(got == p.get(pname))
        return equals_param

    def equals(a: Answers, d: Derived, p: Params) -> bool:
        return bool(a.get(q) == value)
    return equals


def _compile_order(compare: Callable[[Any, Any], bool], q: str, value: Any,
                   parameter: str | None) -> Test:
    if parameter is not None:
        pname = parameter

        def order_param(a: Answers, d: Derived, p: Params) -> bool:
            got = a.get(q)
            return got is not None and compare(got, p[pname])
        return order_param

    def order(a: Answers, d: Derived, p: Params) -> bool:
        got = a.get(q)
        return got is not None and compare(got, value)
    return order
