"""JSON Schema of the condition language, for editors' YAML completion via `cspr schema`."""

from __future__ import annotations

from typing import Any

_REF = "#/$defs/Condition"
_COMPARE_TARGET: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "oneOf": [{"required": ["question"]}, {"required": ["computed"]}],
    "properties": {
        "question": {"type": "string", "description": "The question id to compare."},
        "computed": {"type": "string", "description": "A computed value's id to compare."},
        "value": {"description": "A literal to compare with."},
        "parameter": {"type": "string", "description": "A parameter id to compare with."},
    },
}
_EXPRESSION_REF = "#/$defs/Expression"
_OPERANDS: dict[str, Any] = {"type": "array", "items": {"$ref": _EXPRESSION_REF}, "minItems": 2}
_PAIR: dict[str, Any] = {**_OPERANDS, "maxItems": 2}
_SET_TARGET: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["question", "values"],
    "properties": {
        "question": {"type": "string"},
        "values": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    },
}


def _one(key: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [key],
        "properties": {key: schema},
        "description": description,
    }


CONDITION_JSON_SCHEMA: dict[str, Any] = {
    "description": "A condition: exactly one operator key.",
    "anyOf": [
        _one("all", {"type": "array", "items": {"$ref": _REF}}, "True when every item is."),
        _one("any", {"type": "array", "items": {"$ref": _REF}}, "True when at least one is."),
        _one("not", {"$ref": _REF}, "True when the inner condition is false."),
        _one("equals", _COMPARE_TARGET, "The answer equals the value or parameter."),
        _one("in", _SET_TARGET, "The single answer is one of the values."),
        _one("includes", _SET_TARGET, "The multi-choice answer includes any of the values."),
        _one("gt", _COMPARE_TARGET, "The number or date answer is greater."),
        _one("gte", _COMPARE_TARGET, "The number or date answer is greater or equal."),
        _one("lt", _COMPARE_TARGET, "The number or date answer is less."),
        _one("lte", _COMPARE_TARGET, "The number or date answer is less or equal."),
        _one("answered", {"type": "string"}, "The question has an answer."),
        _one("derived", {"type": "string"}, "A derived value of the pack is true."),
        _one("parameter", {"type": "string"}, "A yes/no parameter is set."),
    ],
}


EXPRESSION_JSON_SCHEMA: dict[str, Any] = {
    "description": "A computed number: exactly one operator or operand key.",
    "anyOf": [
        _one("add", _OPERANDS, "The sum."),
        _one("subtract", _PAIR, "The first minus the second."),
        _one("multiply", _OPERANDS, "The product."),
        _one("divide", _PAIR, "The first divided by the second (no value when dividing by 0)."),
        _one("min", _OPERANDS, "The smallest."),
        _one("max", _OPERANDS, "The largest."),
        _one("question", {"type": "string"}, "A number question's answer."),
        _one("value", {"type": "number"}, "A fixed number."),
        _one("parameter", {"type": "string"}, "A number parameter."),
        _one("computed", {"type": "string"}, "Another computed value."),
    ],
}
