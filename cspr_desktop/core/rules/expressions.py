"""Computed numbers: arithmetic over answers, such as a baby's age corrected for prematurity.

A computed value is data, like a condition: `{subtract: [{question: age_months}, {value: 1}]}`.
Parsing reports every problem with a code and a key path; compiling gives a plain closure
`(answers, parameters) -> float | None`. Nothing is ever `eval`-ed.

A computed value has no value (None) while any question it reads is unanswered (a hidden
question counts as unanswered), when it would divide by zero, or when the result is not a finite
number. A comparison on it is then false, exactly as a comparison on an unanswered question is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cspr_desktop.core.errors import Code, did_you_mean
from cspr_desktop.core.rules.vocabulary import AnswerType
from cspr_desktop.core.rules.yamlsource import KeyPath

ARITHMETIC = ("add", "subtract", "multiply", "divide", "min", "max")
OPERANDS = ("question", "value", "parameter", "computed")
TWO_ONLY = frozenset({"subtract", "divide"})
NUMBER_PARAMETERS = frozenset({"number", "integer"})

Answers = Mapping[str, Any]
Params = Mapping[str, Any]
Value = Callable[[Answers, Params], float | None]
Table = Mapping[str, Value]  # computed id -> its compiled value, looked up when called
Report = Callable[[Code, str, KeyPath], None]


@dataclass(frozen=True)
class Expression:
    """A parsed expression: what it reads, and how to build its closure."""

    build: Callable[[Table], Value]
    questions: frozenset[str] = frozenset()
    computed: frozenset[str] = frozenset()
    parameters: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ExpressionScope:
    """What an expression may read: number questions, number parameters, computed values."""

    question_types: Mapping[str, AnswerType]
    parameter_types: Mapping[str, str]
    computed: frozenset[str]
    broken: frozenset[str]  # ids that exist but are themselves broken (already reported)
    report: Report


def _nothing(table: Table) -> Value:
    return lambda a, p: None


NOTHING = Expression(_nothing)  # stands in for a part that failed to parse


def parse_expression(data: Any, scope: ExpressionScope, path: KeyPath) -> Expression:
    """Parse expression data, reporting every problem through `scope.report`."""
    if not isinstance(data, dict) or len(data) != 1:
        scope.report(Code.BAD_EXPRESSION, "an expression is a mapping with one key: an "
                     f"operator ({', '.join(ARITHMETIC)}) or a number "
                     f"({', '.join(OPERANDS)}).", path)
        return NOTHING
    ((key, arg),) = data.items()
    key = str(key)
    here = (*path, key)
    if key in ARITHMETIC:
        return _parse_operator(key, arg, scope, here)
    if key == "value":
        return _parse_literal(arg, scope, here)
    if key in ("question", "parameter", "computed"):
        return _parse_reference(key, arg, scope, here)
    scope.report(Code.UNKNOWN_OPERATOR, f"'{key}' is not an operator or a number."
                 f"{did_you_mean(key, (*ARITHMETIC, *OPERANDS))}", here)
    return NOTHING


def _parse_operator(op: str, arg: Any, scope: ExpressionScope, path: KeyPath) -> Expression:
    wanted = "exactly two" if op in TWO_ONLY else "two or more"
    if not isinstance(arg, list) or len(arg) < 2 or (op in TWO_ONLY and len(arg) != 2):
        scope.report(Code.BAD_EXPRESSION, f"'{op}' needs a list of {wanted} numbers.", path)
        return NOTHING
    parts = [parse_expression(item, scope, (*path, i)) for i, item in enumerate(arg)]
    combine = COMBINE[op]

    def build(table: Table) -> Value:
        values = tuple(part.build(table) for part in parts)

        def operate(a: Answers, p: Params) -> float | None:
            got = []
            for value in values:
                number = value(a, p)
                if number is None:
                    return None
                got.append(number)
            try:
                result = combine(got)
            except (ArithmeticError, ValueError):  # division by zero, overflow
                return None
            return result if math.isfinite(result) else None
        return operate

    return Expression(
        build,
        frozenset().union(*(part.questions for part in parts)),
        frozenset().union(*(part.computed for part in parts)),
        frozenset().union(*(part.parameters for part in parts)),
    )


def _divide(numbers: list[float]) -> float:
    return numbers[0] / numbers[1]


COMBINE: dict[str, Callable[[list[float]], float]] = {
    "add": lambda n: float(math.fsum(n)),
    "subtract": lambda n: float(n[0]) - float(n[1]),
    "multiply": lambda n: float(math.prod(float(x) for x in n)),
    "divide": _divide,
    "min": lambda n: float(min(n)),
    "max": lambda n: float(max(n)),
}


def _parse_literal(arg: Any, scope: ExpressionScope, path: KeyPath) -> Expression:
    if isinstance(arg, bool) or not isinstance(arg, int | float) or not math.isfinite(arg):
        scope.report(Code.WRONG_TYPE, "'value' in an expression must be a finite number.", path)
        return NOTHING
    number = float(arg)
    return Expression(lambda table: lambda a, p: number)


def _parse_reference(kind: str, arg: Any, scope: ExpressionScope, path: KeyPath) -> Expression:
    if not isinstance(arg, str):
        scope.report(Code.BAD_EXPRESSION, f"'{kind}' takes one id, written as text.", path)
        return NOTHING
    if arg in scope.broken:
        return NOTHING
    if kind == "question":
        return _question(arg, scope, path)
    if kind == "parameter":
        return _parameter(arg, scope, path)
    if arg not in scope.computed:
        scope.report(Code.UNKNOWN_COMPUTED, f"no computed value is called '{arg}'."
                     f"{did_you_mean(arg, scope.computed)}", path)
        return NOTHING

    def build(table: Table) -> Value:
        def computed(a: Answers, p: Params) -> float | None:
            return table[arg](a, p)
        return computed
    return Expression(build, computed=frozenset({arg}))


def _question(qid: str, scope: ExpressionScope, path: KeyPath) -> Expression:
    kind = scope.question_types.get(qid)
    if kind is None:
        scope.report(Code.UNKNOWN_QUESTION, f"no question is called '{qid}'."
                     f"{did_you_mean(qid, scope.question_types)}", path)
        return NOTHING
    if kind != AnswerType.NUMBER:
        scope.report(Code.OPERATOR_TYPE_MISMATCH, f"'{qid}' is {kind.value}; only number "
                     "questions can be used in arithmetic.", path)
        return NOTHING

    def build(table: Table) -> Value:
        def answer(a: Answers, p: Params) -> float | None:
            got = a.get(qid)
            return got if got.__class__ is float or got.__class__ is int else None
        return answer
    return Expression(build, questions=frozenset({qid}))


def _parameter(pid: str, scope: ExpressionScope, path: KeyPath) -> Expression:
    kind = scope.parameter_types.get(pid)
    if kind is None:
        scope.report(Code.UNKNOWN_PARAMETER, f"no parameter is called '{pid}'."
                     f"{did_you_mean(pid, scope.parameter_types)}", path)
        return NOTHING
    if kind not in NUMBER_PARAMETERS:
        scope.report(Code.OPERATOR_TYPE_MISMATCH, f"parameter '{pid}' is {kind}; only number "
                     "parameters can be used in arithmetic.", path)
        return NOTHING

    def build(table: Table) -> Value:
        def parameter(a: Answers, p: Params) -> float | None:
            got = p.get(pid)
            return got if got.__class__ is float or got.__class__ is int else None
        return parameter
    return Expression(build, parameters=frozenset({pid}))


def compile_all(expressions: Mapping[str, Expression]) -> dict[str, Value]:
    """Every computed value's closure; a reference to another is looked up when called."""
    table: dict[str, Value] = {}
    table.update({name: expr.build(table) for name, expr in expressions.items()})
    return table


def inputs_of(expressions: Mapping[str, Expression]) -> dict[str, frozenset[str]]:
    """For each computed value, every question it reads, directly or through others."""
    found: dict[str, frozenset[str]] = {}

    def visit(name: str, seen: frozenset[str]) -> frozenset[str]:
        if name in found:
            return found[name]
        expr = expressions.get(name)
        if expr is None:
            return frozenset()
        reads = set(expr.questions)
        for ref in expr.computed - seen:
            reads |= visit(ref, seen | {ref})
        found[name] = frozenset(reads)
        return found[name]

    for name in expressions:
        visit(name, frozenset({name}))
    return found
