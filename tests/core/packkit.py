"""Helpers shared by the core tests: the test packs as data, YAML round trips, problem codes."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from cspr_desktop.core.errors import Code, Problem
from cspr_desktop.core.rules.loader import load_pack_text, pack_from_document
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.yamlsource import parse_text

PACKS = Path(__file__).resolve().parent.parent / "packs"
MINI = PACKS / "mini.yaml"
ENGINE = PACKS / "engine.yaml"
MUST_SHOW = PACKS / "must_show.yaml"
COMPUTED = PACKS / "computed.yaml"


def data_of(path: Path) -> dict[str, Any]:
    """A pack file parsed to plain data, as the loader sees it (a fresh copy each call)."""
    data = parse_text(path.read_bytes(), str(path)).data
    assert isinstance(data, dict)
    return copy.deepcopy(data)


def dump(data: Any) -> str:
    """YAML text for data; strings such as 'yes' come out quoted, so they stay text."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def problems(source: str | bytes | dict[str, Any]) -> list[Problem]:
    """Every problem the loader reports for YAML text, bytes or pack data."""
    text = dump(source) if isinstance(source, dict) else source
    raw = text.encode("utf-8") if isinstance(text, str) else text
    loaded, found = pack_from_document(parse_text(raw, "pack.yaml"))
    assert (loaded is None) == bool(found)
    return found


def codes(source: str | bytes | dict[str, Any]) -> set[Code]:
    """The set of problem codes for a pack."""
    return {p.code for p in problems(source)}


def with_code(found: list[Problem], code: Code) -> list[Problem]:
    return [p for p in found if p.code == code]


def load(data: dict[str, Any]) -> LoadedPack:
    """Load pack data that must be valid."""
    return load_pack_text(dump(data), "pack.yaml")


def versioned(data: dict[str, Any], version: str, status: str = "approved",
              effective_from: date = date(2025, 1, 1)) -> dict[str, Any]:
    """A copy of pack data as another version, with its changelog entry."""
    out = copy.deepcopy(data)
    out.update(version=version, status=status, effective_from=effective_from)
    out["changelog"] = [{"version": version, "date": effective_from, "changes": ["Test."]}]
    return out


def write_pack(root: Path, data: dict[str, Any], name: str | None = None) -> Path:
    """Write pack data to root/<id>/<version>.yaml (or root/<id>/<name>)."""
    path = root / str(data["id"]) / (name or f"{data['version']}.yaml")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(data), encoding="utf-8")
    return path


def write_yaml(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(data), encoding="utf-8")
    return path


def question(data: dict[str, Any], qid: str) -> dict[str, Any]:
    """The question mapping with this id, for editing pack data in place."""
    for section in data["sections"]:
        for q in section["questions"]:
            if q["id"] == qid:
                assert isinstance(q, dict)
                return q
    raise KeyError(qid)
