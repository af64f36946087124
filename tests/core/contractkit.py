"""The id contract of checklists.md (a copy of the shared spec in tests/data), read as data."""

from __future__ import annotations

import re
from pathlib import Path

from cspr_desktop.core.rules.vocabulary import AnswerType

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "tests" / "data" / "checklists.md"
TYPES = {t.value for t in AnswerType}


def _rows_by_pack() -> dict[str, list[str]]:
    """The table lines of checklists.md, under the pack whose section they sit in."""
    rows: dict[str, list[str]] = {}
    current = ""
    for line in CONTRACT.read_text("utf-8").splitlines():
        heading = re.match(r"^## \d\. `([a-z-]+)`", line)
        if heading:
            current = heading.group(1)
            rows[current] = []
        elif current and line.startswith("|"):
            rows[current].append(line)
    return rows


def contract() -> dict[str, dict[str, tuple[str, list[str]]]]:
    """pack id -> question id -> (type, choice ids) from the contract's tables."""
    result: dict[str, dict[str, tuple[str, list[str]]]] = {}
    for pack, lines in _rows_by_pack().items():
        result[pack] = {}
        for line in lines:
            row = re.match(r"^\|\s*`([a-z_0-9]+)`\s*\|\s*(\w+)\s*\|(.*)\|\s*$", line)
            if row and row.group(2) in TYPES:
                qid, kind, text = row.groups()
                result[pack][qid] = (kind, _choices(text, qid, pack, result))
    return result


def _choices(text: str, qid: str, pack: str,
             known: dict[str, dict[str, tuple[str, list[str]]]]) -> list[str]:
    """Choice ids of a row, resolving "same ids as `x`" and "the ids in `pack`, plus `y`"."""
    ids = re.findall(r"`([a-z_0-9-]+)`", text)
    if "same ids as" in text or "the ids in" in text:
        other_pack = next((i for i in ids if i in known), pack)
        other_question = qid if other_pack != pack else ids[0]
        extra = re.findall(r"plus `([a-z_0-9]+)`", text)
        return [*known[other_pack][other_question][1], *extra]
    return ids


def outcome_contract() -> dict[str, dict[str, str]]:
    """pack id -> outcome id -> level, from the contract's outcome tables."""
    pattern = re.compile(r"^\| `([a-z_0-9]+)` \| (routine|prompt|same_day|emergency) \|")
    return {pack: {m.group(1): m.group(2) for m in map(pattern.match, lines) if m}
            for pack, lines in _rows_by_pack().items()}
