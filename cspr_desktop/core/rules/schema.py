"""The JSON Schema of the rule-pack format, for editors' YAML completion."""

from __future__ import annotations

from typing import Any

from cspr_desktop.core.rules.condition_schema import CONDITION_JSON_SCHEMA, EXPRESSION_JSON_SCHEMA
from cspr_desktop.core.rules.models import CONDITION_MARK, EXPRESSION_MARK, Pack

CONDITION_REF = {"$ref": "#/$defs/Condition"}
EXPRESSION_REF = {"$ref": "#/$defs/Expression"}


def _link_conditions(node: Any) -> Any:
    """Replace the condition placeholders pydantic emitted with a reference to $defs."""
    if isinstance(node, dict):
        for mark, ref in ((CONDITION_MARK, CONDITION_REF), (EXPRESSION_MARK, EXPRESSION_REF)):
            if node.get(mark):
                extra = {k: v for k, v in node.items() if k != mark}
                return {**extra, **ref}
        return {k: _link_conditions(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_link_conditions(v) for v in node]
    return node


def pack_json_schema() -> dict[str, Any]:
    """Pack schema with the condition language filled in under $defs/Condition."""
    schema: dict[str, Any] = _link_conditions(Pack.model_json_schema())
    schema.setdefault("$defs", {})["Condition"] = CONDITION_JSON_SCHEMA
    schema["$defs"]["Expression"] = EXPRESSION_JSON_SCHEMA
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "cspr-desktop rule pack"
    return schema
