"""The condition language: parsed from data and checked against the pack.

A condition is a one-key mapping such as `{equals: {question: age_months, value: 3}}`. Parsing
turns it into a small tree of nodes (`condition_nodes`) and reports every problem with a code;
the nodes then compile themselves into plain Python closures. Nothing is ever `eval`-ed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from cspr_desktop.core.errors import Code, did_you_mean
from cspr_desktop.core.rules.condition_nodes import (
    Answered,
    Answers,
    Compare,
    ComputedCompare,
    Const,
    Derived,
    DerivedRef,
    Group,
    Memo,
    Node,
    Not,
    ParamRef,
    Params,
    Resolver,
    Test,
)
from cspr_desktop.core.rules.expressions import ExpressionScope
from cspr_desktop.core.rules.models import Question
from cspr_desktop.core.rules.vocabulary import AnswerType
from cspr_desktop.core.rules.yamlsource import KeyPath

__all__ = [
    "OPERATORS", "Answers", "Derived", "Issue", "Memo", "Node", "Params", "Resolver",
    "Scope", "Test", "parse",
]
OPERATORS = (
    "all", "any", "not", "equals", "in", "includes",
    "gt", "gte", "lt", "lte", "answered", "derived", "parameter",
)  # fmt: skip
ORDERED_TYPES = {AnswerType.NUMBER, AnswerType.DATE, AnswerType.DATETIME}
CHOICE_TYPES = {AnswerType.YESNO, AnswerType.CHOICE}
YESNO_IDS = ("yes", "no", "unknown")
# Which parameter types a question of each answer type may be compared with.
PARAMETER_TYPES: dict[AnswerType, frozenset[str]] = {
    AnswerType.NUMBER: frozenset({"number", "integer"}),
    AnswerType.TEXT: frozenset({"text"}),
    AnswerType.CHOICE: frozenset({"text"}),
    AnswerType.YESNO: frozenset({"text"}),
}


@dataclass(frozen=True)
class Issue:
    """A problem found while parsing a condition, located by key path."""

    code: Code
    message: str
    path: KeyPath


@dataclass
class Scope:
    """What a condition may refer to: the pack's questions, derived values and parameters."""

    questions: Mapping[str, Question]
    derived: frozenset[str]
    parameters: Mapping[str, str]  # id -> parameter type
    # Ids of questions and parameters that exist but are themselves broken (already reported):
    # a condition naming one is dropped quietly rather than reported as unknown.
    broken: frozenset[str] = frozenset()
    # Computed values, each with every question it reads (through other computed values too).
    computed: Mapping[str, frozenset[str]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def report(self, code: Code, message: str, path: KeyPath) -> None:
        self.issues.append(Issue(code, message, path))

    def expression_scope(self) -> ExpressionScope:
        """The same pack, as arithmetic sees it."""
        return ExpressionScope(
            question_types={q.id: q.type for q in self.questions.values()},
            parameter_types=self.parameters,
            computed=frozenset(self.computed),
            broken=self.broken,
            report=self.report,
        )


# --- parsing ---------------------------------------------------------------------------------


def parse(data: Any, scope: Scope, path: KeyPath) -> Node:
    """Parse condition data into a node, reporting every problem into `scope.issues`."""
    if not isinstance(data, dict) or len(data) != 1:
        scope.report(Code.BAD_CONDITION, "a condition must be a mapping with exactly one "
                     "operator, such as 'equals:' or 'all:'.", path)
        return Const()
    ((op, arg),) = data.items()
    op = str(op)
    here = (*path, op)
    if op not in OPERATORS:
        scope.report(Code.UNKNOWN_OPERATOR,
                     f"'{op}' is not an operator.{did_you_mean(op, OPERATORS)}", here)
        return Const()
    if op in ("all", "any"):
        if not isinstance(arg, list) or not arg:
            scope.report(Code.BAD_CONDITION, f"'{op}' needs a non-empty list of conditions.", here)
            return Const()
        return Group(op, [parse(item, scope, (*here, i)) for i, item in enumerate(arg)])
    if op == "not":
        return Not(parse(arg, scope, here))
    if op in ("answered", "derived", "parameter"):
        return _parse_reference(op, arg, scope, here)
    return _parse_compare(op, arg, scope, here)


def _parse_reference(op: str, arg: Any, scope: Scope, path: KeyPath) -> Node:
    if not isinstance(arg, str):
        scope.report(Code.BAD_CONDITION, f"'{op}' takes one id, written as text.", path)
        return Const()
    if op == "answered":
        return Answered(arg) if _known_question(arg, scope, path) else Const()
    if op == "derived":
        if arg not in scope.derived:
            scope.report(Code.UNKNOWN_DERIVED, f"no derived value is called '{arg}'."
                         f"{did_you_mean(arg, scope.derived)}", path)
            return Const()
        return DerivedRef(arg)
    if arg in scope.broken:
        return Const()
    if arg not in scope.parameters:
        scope.report(Code.UNKNOWN_PARAMETER, f"no parameter is called '{arg}'."
                     f"{did_you_mean(arg, scope.parameters)}", path)
        return Const()
    if scope.parameters[arg] != "boolean":
        scope.report(Code.OPERATOR_TYPE_MISMATCH, f"parameter '{arg}' is not yes/no; compare it "
                     "with a question instead.", path)
    return ParamRef(arg)


def _known_question(qid: Any, scope: Scope, path: KeyPath) -> bool:
    if isinstance(qid, str) and qid in scope.questions:
        return True
    if isinstance(qid, str) and qid in scope.broken:
        return False
    scope.report(Code.UNKNOWN_QUESTION, f"no question is called '{qid}'."
                 f"{did_you_mean(qid, scope.questions)}", path)
    return False


def _parse_compare(op: str, arg: Any, scope: Scope, path: KeyPath) -> Node:
    if isinstance(arg, dict) and "computed" in arg and "question" not in arg:
        return _parse_computed_compare(op, arg, scope, path)
    allowed = {"question", "values"} if op in ("in", "includes") else {
        "question", "value", "parameter"}
    if not isinstance(arg, dict) or "question" not in arg:
        scope.report(Code.BAD_CONDITION, f"'{op}' needs a mapping with 'question:' and "
                     f"{'values:' if op in ('in', 'includes') else 'value: or parameter:'}.", path)
        return Const()
    ok = True
    for key in arg:
        if key not in allowed:
            scope.report(Code.UNKNOWN_KEY, f"'{key}' is not allowed in '{op}'."
                         f"{did_you_mean(key, allowed)}", (*path, str(key)))
            ok = False
    if not _known_question(arg["question"], scope, (*path, "question")) or not ok:
        return Const()
    question = scope.questions[arg["question"]]
    if op in ("in", "includes"):
        return _parse_set(op, question, arg.get("values"), scope, path)
    return _parse_single(op, question, arg, scope, path)


def _parse_set(op: str, question: Question, values: Any, scope: Scope, path: KeyPath) -> Node:
    want = AnswerType.MULTI if op == "includes" else None
    if want and question.type != want:
        scope.report(Code.OPERATOR_TYPE_MISMATCH, f"'includes' needs a multi-choice question; "
                     f"'{question.id}' is {question.type.value}. Use 'in' or 'equals'.", path)
        return Const()
    if op == "in" and question.type not in CHOICE_TYPES:
        scope.report(Code.OPERATOR_TYPE_MISMATCH, f"'in' needs a single-choice or yes/no "
                     f"question; '{question.id}' is {question.type.value}.", path)
        return Const()
    if not isinstance(values, list) or not values:
        scope.report(Code.BAD_CONDITION, f"'{op}' needs 'values:' as a non-empty list.", path)
        return Const()
    checked = [_check_choice(question, v, scope, (*path, "values", i))
               for i, v in enumerate(values)]
    if any(c is None for c in checked):
        return Const()
    return Compare(op, question.id, tuple(checked))


def _parse_single(op: str, question: Question, arg: dict[str, Any], scope: Scope,
                  path: KeyPath) -> Node:
    if ("value" in arg) == ("parameter" in arg):
        scope.report(Code.BAD_CONDITION, f"'{op}' needs exactly one of 'value:' or 'parameter:'.",
                     path)
        return Const()
    if op != "equals" and question.type not in ORDERED_TYPES:
        scope.report(Code.OPERATOR_TYPE_MISMATCH, f"'{op}' compares numbers or dates; "
                     f"'{question.id}' is {question.type.value}.", path)
        return Const()
    if question.type == AnswerType.MULTI:
        scope.report(Code.OPERATOR_TYPE_MISMATCH, f"'{question.id}' is multi-choice; use "
                     "'includes'.", path)
        return Const()
    if "parameter" in arg:
        pid = arg["parameter"]
        if isinstance(pid, str) and pid in scope.broken:
            return Const()
        if not isinstance(pid, str) or pid not in scope.parameters:
            scope.report(Code.UNKNOWN_PARAMETER, f"no parameter is called '{pid}'."
                         f"{did_you_mean(pid, scope.parameters)}", (*path, "parameter"))
            return Const()
        if scope.parameters[pid] not in PARAMETER_TYPES.get(question.type, ()):
            scope.report(Code.OPERATOR_TYPE_MISMATCH, f"parameter '{pid}' is "
                         f"{scope.parameters[pid]}; it cannot be compared with "
                         f"'{question.id}', which is {question.type.value}.", (*path, "parameter"))
            return Const()
        return Compare(op, question.id, None, pid)
    value = _check_literal(question, arg["value"], scope, (*path, "value"))
    if value is None:
        return Const()
    return Compare(op, question.id, value)


def _parse_computed_compare(op: str, arg: dict[Any, Any], scope: Scope,
                            path: KeyPath) -> Node:
    """A comparison on a computed number: `{lt: {computed: x, value: 6}}`."""
    if op in ("in", "includes"):
        scope.report(Code.OPERATOR_TYPE_MISMATCH, f"'{op}' compares choices; a computed value "
                     "is a number: use gt, gte, lt, lte or equals.", path)
        return Const()
    ok = True
    for key in arg:
        if key not in ("computed", "value", "parameter"):
            scope.report(Code.UNKNOWN_KEY, f"'{key}' is not allowed in '{op}'."
                         f"{did_you_mean(key, ('computed', 'value', 'parameter'))}",
                         (*path, str(key)))
            ok = False
    name = arg["computed"]
    if not isinstance(name, str) or name not in scope.computed:
        scope.report(Code.UNKNOWN_COMPUTED, f"no computed value is called '{name}'."
                     f"{did_you_mean(name, scope.computed)}", (*path, "computed"))
        return Const()
    if ("value" in arg) == ("parameter" in arg):
        scope.report(Code.BAD_CONDITION, f"'{op}' needs exactly one of 'value:' or 'parameter:'.",
                     path)
        return Const()
    target = _number_target(arg, scope, path)
    if target is None or not ok:
        return Const()
    value, parameter = target
    return ComputedCompare(op, name, value, parameter, inputs=scope.computed[name])


def _number_target(arg: dict[Any, Any], scope: Scope,
                   path: KeyPath) -> tuple[float | None, str | None] | None:
    """The number or number parameter a computed value is compared with, or None if wrong."""
    if "parameter" in arg:
        pid = arg["parameter"]
        if isinstance(pid, str) and pid in scope.broken:
            return None
        if not isinstance(pid, str) or pid not in scope.parameters:
            scope.report(Code.UNKNOWN_PARAMETER, f"no parameter is called '{pid}'."
                         f"{did_you_mean(pid, scope.parameters)}", (*path, "parameter"))
            return None
        if scope.parameters[pid] not in ("number", "integer"):
            scope.report(Code.OPERATOR_TYPE_MISMATCH, f"parameter '{pid}' is "
                         f"{scope.parameters[pid]}; a computed value is compared with a number.",
                         (*path, "parameter"))
            return None
        return None, pid
    value = arg["value"]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        scope.report(Code.WRONG_TYPE, f"a computed value is a number; the value {value!r} does "
                     "not fit.", (*path, "value"))
        return None
    return value, None


def _check_choice(question: Question, value: Any, scope: Scope, path: KeyPath) -> str | None:
    if isinstance(value, bool):
        value = "yes" if value else "no"
    options = YESNO_IDS if question.type == AnswerType.YESNO else question.choice_ids()
    if value not in options:
        scope.report(Code.UNKNOWN_CHOICE, f"'{value}' is not a choice of '{question.id}'."
                     f"{did_you_mean(value, options)}", path)
        return None
    return str(value)


def _check_literal(question: Question, value: Any, scope: Scope, path: KeyPath) -> Any:
    if question.type in CHOICE_TYPES:
        return _check_choice(question, value, scope, path)
    expected: dict[AnswerType, tuple[type, ...]] = {
        AnswerType.NUMBER: (int, float),
        AnswerType.TEXT: (str,),
        AnswerType.DATE: (date,),
        AnswerType.DATETIME: (datetime,),
    }
    kinds = expected.get(question.type, (object,))
    if isinstance(value, bool) or not isinstance(value, kinds):
        scope.report(Code.WRONG_TYPE, f"'{question.id}' is {question.type.value}; the value "
                     f"{value!r} does not fit.", path)
        return None
    if isinstance(value, datetime):
        return value.date() if question.type == AnswerType.DATE else value.replace(tzinfo=None)
    return value
