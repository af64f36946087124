"""Load one pack file through every stage: read -> validate -> compile.

Each stage is a plain function; this module strings them together and gives the pack its
identity: (id, version, SHA-256 of its canonical content).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cspr_desktop.core.errors import PackError, Problem
from cspr_desktop.core.rules.engine import CompiledPack
from cspr_desktop.core.rules.pack_head import LoadedPack, paused_gc
from cspr_desktop.core.rules.validate import validate_pack
from cspr_desktop.core.rules.vocabulary import Status
from cspr_desktop.core.rules.yamlsource import Document, parse_text, read_file


def _json_default(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def canonical_sha256(data: Any) -> str:
    """SHA-256 of the content, independent of key order, comments and whitespace."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=_json_default)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pack_from_document(doc: Document) -> tuple[LoadedPack | None, list[Problem]]:
    """Validate and compile a parsed document; problems are returned, not raised."""
    if doc.problems:
        return None, list(doc.problems)
    pack, problems = validate_pack(doc)
    if pack is None:
        return None, problems
    released = ""
    if pack.status == Status.RETIRED and isinstance(doc.data, dict):
        released = canonical_sha256({**doc.data, "status": Status.APPROVED.value})
    return LoadedPack(doc.file, CompiledPack(pack, canonical_sha256(doc.data)), released), []


def load_pack(path: Path) -> LoadedPack:
    """Load a pack file or raise PackError with every problem found."""
    with paused_gc():
        loaded, problems = pack_from_document(read_file(path))
    if loaded is None:
        raise PackError(problems)
    return loaded


def load_pack_text(text: str | bytes, file: str = "<text>") -> LoadedPack:
    """Load a pack from YAML text (tests, tools); raise PackError with every problem."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with paused_gc():
        loaded, problems = pack_from_document(parse_text(raw, file))
    if loaded is None:
        raise PackError(problems)
    return loaded
