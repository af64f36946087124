"""Property-based tests: no input makes the condition language, the loader or evaluate() raise."""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspr_desktop.core.errors import Code
from cspr_desktop.core.rules.answers import UNANSWERED, Contradicted, Invalid
from cspr_desktop.core.rules.conditions import OPERATORS, Issue, Node, Scope, Test, parse
from cspr_desktop.core.rules.engine import CompiledPack, evaluate
from cspr_desktop.core.rules.loader import load_pack, pack_from_document
from cspr_desktop.core.rules.models import Question
from cspr_desktop.core.rules.serialize import evaluation_to_dict
from cspr_desktop.core.rules.vocabulary import AnswerType
from cspr_desktop.core.rules.yamlsource import parse_text

from .packkit import ENGINE, MINI, data_of, dump

PROPERTY = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
MINI_PACK = load_pack(MINI).compiled
ENGINE_PACK = load_pack(ENGINE).compiled
MINI_DATA = data_of(MINI)
MINI_RAW = MINI.read_bytes()
QIDS = list(MINI_PACK.questions)
CODES = set(Code)

# --- values of every kind ----------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**300, max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["yes", "no", "unknown", "none", "given", "rolls", "walks", "", "2025-01-01"]),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, UTC])),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=6), inner, max_size=3),
    ),
    max_leaves=8,
)
ids = st.one_of(st.sampled_from([*QIDS, "age_month", "nope", ""]), st.text(max_size=8), scalars)


# --- (a) the condition language ----------------------------------------------------------------


def _scope() -> Scope:
    return Scope(questions=MINI_PACK.questions, derived=frozenset(MINI_PACK.derived_tests),
                 parameters={p.id: p.type for p in MINI_PACK.pack.parameters})


def _choices(qid: str) -> st.SearchStrategy[str]:
    question = MINI_PACK.questions[qid]
    if question.type == AnswerType.YESNO:
        return st.sampled_from(["yes", "no", "unknown"])
    return st.sampled_from(list(question.choice_ids()))


def _number_leaf(op: str) -> st.SearchStrategy[dict[str, Any]]:
    target = st.one_of(
        st.builds(lambda v: {"value": v}, st.integers(-5, 60) | st.floats(-5, 60)),
        st.just({"parameter": "non_mobile_age_months"}),
    )
    return target.map(lambda t: {op: {"question": "age_months", **t}})


good_leaves = st.one_of(
    *(_number_leaf(op) for op in ("equals", "gt", "gte", "lt", "lte")),
    _choices("explanation_given").map(
        lambda v: {"equals": {"question": "explanation_given", "value": v}}),
    st.lists(_choices("seen_undressed"), min_size=1, max_size=3).map(
        lambda vs: {"in": {"question": "seen_undressed", "values": vs}}),
    st.lists(_choices("explanation_consistent"), min_size=1).map(
        lambda vs: {"in": {"question": "explanation_consistent", "values": vs}}),
    st.lists(_choices("motor_skills"), min_size=1, max_size=4).map(
        lambda vs: {"includes": {"question": "motor_skills", "values": vs}}),
    st.sampled_from(QIDS).map(lambda q: {"answered": q}),
    st.just({"derived": "non_mobile"}),
)
good_conditions = st.recursive(
    good_leaves,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4).map(lambda xs: {"all": xs}),
        st.lists(inner, min_size=1, max_size=4).map(lambda xs: {"any": xs}),
        inner.map(lambda x: {"not": x}),
    ),
    max_leaves=12,
)
operator_names = st.one_of(st.sampled_from([*OPERATORS, "equal", "nott", "ALL", ""]),
                           st.text(max_size=6))
compare_args = st.dictionaries(
    st.sampled_from(["question", "value", "values", "parameter", "valeu"]) | st.text(max_size=5),
    st.one_of(ids, values), max_size=4)
bad_leaves = st.one_of(
    values,
    st.builds(lambda op, arg: {op: arg}, operator_names, st.one_of(values, ids, compare_args)),
    st.dictionaries(operator_names, values, min_size=2, max_size=3),
)
any_conditions = st.recursive(
    st.one_of(good_leaves, bad_leaves),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: {"all": xs}),
        st.lists(inner, max_size=4).map(lambda xs: {"any": xs}),
        inner.map(lambda x: {"not": x}),
        st.builds(lambda op, x: {op: x}, operator_names, inner),
    ),
    max_leaves=16,
)


def _raw_answer(question: Question) -> st.SearchStrategy[Any]:
    kinds: dict[AnswerType, st.SearchStrategy[Any]] = {
        AnswerType.NUMBER: st.integers(-2, 60) | st.floats(-2, 60),
        AnswerType.MULTI: st.lists(st.sampled_from(list(question.choice_ids())), max_size=3),
        AnswerType.YESNO: st.sampled_from(["yes", "no", "unknown", True, False]),
        AnswerType.CHOICE: st.sampled_from(list(question.choice_ids())),
    }
    return st.one_of(kinds.get(question.type, values), values)


raw_answers = st.fixed_dictionaries(
    {}, optional={q.id: _raw_answer(q) for q in MINI_PACK.questions.values()})


def _normalised(raw: dict[str, Any]) -> dict[str, Any]:
    """Answers as the engine hands them to conditions: checked and normalised."""
    checked = {qid: MINI_PACK.checkers[qid](value) for qid, value in raw.items()}
    used = {qid: v.value if isinstance(v, Contradicted) else v for qid, v in checked.items()}
    return {qid: v for qid, v in used.items()
            if v is not UNANSWERED and not isinstance(v, Invalid)}


def _compiled(data: Any) -> tuple[Node, Test]:
    scope = _scope()
    node = parse(data, scope, ())
    assert scope.issues == [], scope.issues
    return node, node.compile(MINI_PACK)


def _run(test: Test, answers: dict[str, Any]) -> bool:
    result = test(answers, {}, dict(MINI_PACK.defaults))
    assert isinstance(result, bool)
    return result


@PROPERTY
@given(any_conditions)
def test_parsing_any_condition_data_reports_issues_never_raises(data: Any) -> None:
    """Any condition data, well-formed or not, parses to a node or coded issues."""
    scope = _scope()
    node = parse(data, scope, ("rules", 0, "when"))
    assert isinstance(node, Node)
    assert all(isinstance(i, Issue) and i.code in CODES for i in scope.issues)
    assert all(i.path[:3] == ("rules", 0, "when") for i in scope.issues)


@PROPERTY
@given(any_conditions, raw_answers)
def test_compiled_conditions_never_raise(data: Any, raw: dict[str, Any]) -> None:
    """A condition that parsed cleanly evaluates and explains itself on any answers."""
    scope = _scope()
    node = parse(data, scope, ())
    if scope.issues:
        return
    test = node.compile(MINI_PACK)
    answers = _normalised(raw)
    d: dict[str, bool] = {}
    params = dict(MINI_PACK.defaults)
    if test(answers, d, params):
        reasons = node.because(answers, d, params, {})
        assert reasons <= set(answers)


@PROPERTY
@given(good_conditions, raw_answers)
def test_not_inverts(data: Any, raw: dict[str, Any]) -> None:
    """'not' is true exactly when its condition is false."""
    answers = _normalised(raw)
    _, inner = _compiled(data)
    _, negated = _compiled({"not": data})
    assert _run(negated, answers) is (not _run(inner, answers))


@PROPERTY
@given(st.lists(good_conditions, min_size=1, max_size=4), raw_answers)
def test_all_and_any_agree_with_python(parts: list[Any], raw: dict[str, Any]) -> None:
    """'all' and 'any' agree with Python's all() and any() over their parts."""
    answers = _normalised(raw)
    results = [_run(_compiled(part)[1], answers) for part in parts]
    assert _run(_compiled({"all": parts})[1], answers) is all(results)
    assert _run(_compiled({"any": parts})[1], answers) is any(results)


# --- (b) the loader on mutated packs --------------------------------------------------------------

Path_ = tuple[Any, ...]


def _paths(node: Any, here: Path_ = ()) -> list[Path_]:
    found = [here] if here else []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*here, key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.extend(_paths(value, (*here, i)))
    return found


def _parent(root: Any, path: Path_) -> Any:
    for part in path[:-1]:
        root = root[part]
    return root


def _nest(value: Any, depth: int, as_list: bool) -> Any:
    for _ in range(depth):
        value = [value] if as_list else {"all": value}
    return value


def _mutate(data: dict[str, Any], draw: Callable[..., Any]) -> None:
    path = draw(st.sampled_from(_paths(data)))
    parent, key = _parent(data, path), path[-1]
    kind = draw(st.sampled_from(["delete", "rename", "replace", "duplicate", "nest"]))
    if kind == "delete":
        del parent[key]
    elif kind == "rename" and isinstance(parent, dict):
        new = draw(st.one_of(st.text(max_size=10), st.just(str(key)[:-1]),
                             st.just(str(key) + "s"), st.just(str(key)[::-1])))
        parent[new] = parent.pop(key)
    elif kind == "duplicate" and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(parent[key]))
    elif kind == "duplicate":
        other = draw(st.sampled_from(list(parent)))
        parent[other] = copy.deepcopy(parent[key])
    elif kind == "nest":
        parent[key] = _nest(parent[key], draw(st.integers(1, 60)), draw(st.booleans()))
    else:
        parent[key] = draw(values)


def _load_never_raises(raw: bytes) -> None:
    loaded, problems = pack_from_document(parse_text(raw, "mutated.yaml"))
    if loaded is None:
        assert problems
        assert all(p.code in CODES and p.line >= 0 for p in problems)
        assert all(isinstance(p.format(), str) for p in problems)
    else:
        assert problems == []
        evaluate(loaded.compiled, {})


@PROPERTY
@given(st.data())
def test_loader_on_mutated_packs_returns_pack_or_coded_problems(data: st.DataObject) -> None:
    """Mini.yaml with keys deleted, renamed, retyped, duplicated or nested never crashes."""
    pack = copy.deepcopy(MINI_DATA)
    for _ in range(data.draw(st.integers(1, 4))):
        if not _paths(pack):
            break
        _mutate(pack, data.draw)
    _load_never_raises(dump(pack).encode("utf-8"))


@PROPERTY
@given(st.data())
def test_loader_on_mangled_bytes_returns_pack_or_coded_problems(data: st.DataObject) -> None:
    """Mini.yaml with bytes cut, inserted or lines repeated never crashes the loader."""
    raw = bytearray(MINI_RAW)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw)))
        kind = data.draw(st.sampled_from(["cut", "insert", "repeat"]))
        if kind == "cut":
            del raw[at:at + data.draw(st.integers(1, 40))]
        elif kind == "insert":
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=8)
                                   | st.sampled_from([b":", b"- ", b"&a ", b"*a", b"\t",
                                                      b"{", b"\n  ", b"!!binary "]))
        else:
            lines = bytes(raw).splitlines(keepends=True)
            i = min(at, len(lines) - 1)
            lines.insert(i, lines[i])
            raw = bytearray(b"".join(lines))
    _load_never_raises(bytes(raw))


# --- (c) evaluate on any answers ----------------------------------------------------------------

answer_keys = st.one_of(st.sampled_from([*QIDS, *ENGINE_PACK.questions]), st.text(max_size=10),
                        st.integers())
any_answers = st.dictionaries(answer_keys, values, max_size=10)
any_parameters = st.one_of(st.none(), st.dictionaries(
    st.sampled_from(["non_mobile_age_months", "age_limit", "strict_mode", "zzz"]), values,
    max_size=3))


@PROPERTY
@given(st.sampled_from([MINI_PACK, ENGINE_PACK]), any_answers, any_parameters)
def test_evaluate_never_raises(pack: CompiledPack, answers: dict[Any, Any],
                               parameters: dict[str, Any] | None) -> None:
    """evaluate() on any answers and parameters reports problems and never raises."""
    ev = evaluate(pack, answers, parameters)
    assert set(ev.answers) <= set(pack.questions)
    assert set(ev.answers) <= set(ev.visible)
    assert all(i.code in CODES for i in ev.invalid_answers)
    assert len(ev.invalid_answers) <= len(answers)
    assert set(ev.missing_required) <= set(ev.visible)
    if ev.outcomes:
        assert ev.level == ev.outcomes[0].level
    text = json.dumps(evaluation_to_dict(ev), allow_nan=False)
    assert isinstance(text, str)
    for number in ev.answers.values():
        if isinstance(number, float):
            assert math.isfinite(number)


@PROPERTY
@given(st.sampled_from([MINI_PACK, ENGINE_PACK]), any_answers)
def test_evaluate_is_deterministic(pack: CompiledPack, answers: dict[Any, Any]) -> None:
    """The same answers evaluate to the same result however often they are evaluated."""
    first, second = evaluate(pack, answers), evaluate(pack, answers)
    assert first.fired_rules == second.fired_rules
    assert first.visible == second.visible
    assert first.invalid_answers == second.invalid_answers


@settings(max_examples=50, deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
       st.integers(0, 86_400 * 2))
def test_dates_and_datetimes_normalise(day: date, seconds: int) -> None:
    """Date answers given as dates, datetimes or ISO text all normalise to a date."""
    moment = datetime(day.year, day.month, day.day) + timedelta(seconds=seconds)
    for given_value in (moment, moment.isoformat(), moment.date().isoformat()):
        ev = evaluate(ENGINE_PACK, {"seen_on": given_value})
        assert ev.answers["seen_on"] == moment.date()
