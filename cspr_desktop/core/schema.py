"""The JSON Schema of the rule-pack format, for editors' YAML completion."""

from __future__ import annotations

from typing import Any

from cspr_desktop.core.condition_schema import CONDITION_JSON_SCHEMA
from cspr_desktop.core.models import CONDITION_MARK, Pack

CONDITION_REF = {"$ref": "#/$defs/Condition"}


def _link_conditions(node: Any) -> Any:
    """Replace the condition placeholders pydantic emitted with a reference to $defs."""
    if isinstance(node, dict):
        if node.get(CONDITION_MARK):
            extra = {k: v for k, v in node.items() if k != CONDITION_MARK}
            return {**extra, **CONDITION_REF}
        return {k: _link_conditions(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_link_conditions(v) for v in node]
    return node


def pack_json_schema() -> dict[str, Any]:
    """Pack schema with the condition language filled in under $defs/Condition."""
    schema: dict[str, Any] = _link_conditions(Pack.model_json_schema())
    schema.setdefault("$defs", {})["Condition"] = CONDITION_JSON_SCHEMA
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "cspr-desktop rule pack"
    return schema
