"""Turn pydantic's validation errors into coded, located, author-friendly problems."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from cspr_desktop.core.errors import Code, Problem, did_you_mean
from cspr_desktop.core.rules.yamlsource import Document, KeyPath

DATE_ERRORS = ("date_", "datetime_")


def problems_from_validation(
    exc: ValidationError, doc: Document, root: type[BaseModel], prefix: KeyPath = ()
) -> list[Problem]:
    """One problem per pydantic error, with its line, key path and a suggestion for typos."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = (*prefix, *error["loc"])
        code, message = _describe(error, root, tuple(error["loc"]))
        problems.append(doc.problem(code, message, loc))
    return problems


def _describe(error: ErrorDetails, root: type[BaseModel], loc: KeyPath) -> tuple[Code, str]:
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else ""
        fields = model_at(root, loc[:-1])
        known = list(fields.model_fields) if fields else []
        return Code.UNKNOWN_KEY, f"'{key}' is not a known key here.{did_you_mean(key, known)}"
    if kind == "missing":
        return Code.MISSING_KEY, f"the required key '{loc[-1] if loc else ''}' is missing."
    if kind == "value_error":
        reason = str(error.get("ctx", {}).get("error", ""))
        if reason == "semver":
            return Code.BAD_SEMVER, f"'{error['input']}' is not a version like 1.0.0."
        if reason == "schema":
            return Code.UNSUPPORTED_SCHEMA, f"schema_version {error['input']!r} is not supported."
    if kind.startswith(DATE_ERRORS):
        return Code.BAD_DATE, f"{_short(error['input'])} is not a date."
    if kind in ("enum", "literal_error"):
        expected = error.get("ctx", {}).get("expected", "")
        return Code.BAD_VALUE, f"{_short(error['input'])} is not allowed; use {expected}."
    if kind == "string_pattern_mismatch":
        return Code.BAD_VALUE, (f"{_short(error['input'])} is not a valid id: use lowercase "
                                "letters, digits and underscores, starting with a letter.")
    if kind in ("too_short", "string_too_short", "too_long", "string_too_long",
                "greater_than_equal", "less_than_equal"):
        return Code.BAD_VALUE, f"{_short(error['input'])}: {error['msg'].lower()}."
    return Code.WRONG_TYPE, f"{_short(error['input'])}: {error['msg'].lower()}."


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def model_at(root: type[BaseModel], loc: KeyPath) -> type[BaseModel] | None:
    """The model class that validates the mapping found at `loc` under `root`."""
    current: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """list[Question] -> Question; Question | None -> Question; anything else unchanged."""
    for arg in typing.get_args(annotation) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        found = _inner_model(arg)
        if found is not None:
            return found
    return annotation if isinstance(annotation, type) else None
