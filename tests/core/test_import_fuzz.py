"""2,000 mutated exports: every file import accepts is the untampered record, and none crashes.

A seeded loop mutates one signed export (checklist, signed-off meeting, addendum) the ways a
damaged disk or a forger without the key would: flipped, inserted and deleted bytes, a cut-off
file, edited JSON values (as they are, and with every hash recomputed), keys removed, added
or repeated, signatures reordered, the last addendum dropped, and the file laid out anew.

"Accepted" must mean "the same record": the mutated file's RFC 8785 canonical form equals the
original's byte for byte (so it differs, if at all, only in layout: whitespace, key order,
escapes, number spelling, which no JSON reader tells apart), and the record imported from it
equals the one imported from the original. Every refusal must be the import's own
ImportRefused, with a message; anything else is counted as a traceback.
"""

from __future__ import annotations

import contextlib
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from recordkit import full_record
from sealkit import rehash

from cspr_desktop.core.records.canonical import CanonicalError, canonical, loads_strict
from cspr_desktop.core.records.keys import signing_key
from cspr_desktop.core.records.trust import load_trust
from cspr_desktop.core.report.export_json import (
    ImportRefused,
    export_json,
    read_export,
    read_import_file,
)

TRIES = 2_000
SEED = 20260302
NOW = datetime(2026, 3, 9, 11, 0)
Document = dict[str, Any]


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(node, list):
        return [leaf for i, value in enumerate(node) for leaf in _leaves(value, (*path, i))]
    return [path]


def _containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if isinstance(node, dict) else []
    children = node.items() if isinstance(node, dict) else (
        enumerate(node) if isinstance(node, list) else [])
    for key, value in children:
        found += _containers(value, (*path, key))
    return found


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


def _changed(rng: random.Random, value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + rng.choice((-1, 1))
    if isinstance(value, float):
        return value + 0.5
    if isinstance(value, str) and value:
        i = rng.randrange(len(value))
        return value[:i] + rng.choice("aZ 7\u00e9\u202e") + value[i + 1:]
    return rng.choice(("x", 0, None)) if value is None else "x"


def edit_value(rng: random.Random, document: Document) -> Document:
    path = rng.choice(_leaves(document))
    _at(document, path[:-1])[path[-1]] = _changed(rng, _at(document, path))
    return document


def remove_key(rng: random.Random, document: Document) -> Document:
    holder = _at(document, rng.choice([p for p in _containers(document) if _at(document, p)]))
    del holder[rng.choice(list(holder))]
    return document


def add_key(rng: random.Random, document: Document) -> Document:
    _at(document, rng.choice(_containers(document)))["note"] = rng.choice((1, "x", None))
    return document


def reorder_keys(rng: random.Random, document: Document) -> Document:
    path = rng.choice(_containers(document))
    holder = _at(document, path)
    items = list(holder.items())
    rng.shuffle(items)
    holder.clear()
    holder.update(items)
    return document


def swap_list_items(rng: random.Random, document: Document) -> Document:
    lists = [p for p in _leaves_of_lists(document) if len(_at(document, p)) > 1]
    items = _at(document, rng.choice(lists))
    i, j = rng.sample(range(len(items)), 2)
    items[i], items[j] = items[j], items[i]
    return document


def _leaves_of_lists(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if isinstance(node, list) else []
    children = node.items() if isinstance(node, dict) else (
        enumerate(node) if isinstance(node, list) else [])
    for key, value in children:
        found += _leaves_of_lists(value, (*path, key))
    return found


def drop_last_addendum(rng: random.Random, document: Document) -> Document:
    document["record"]["addenda"].pop()
    document["record"]["signatures"].pop()
    return document


STRUCTURED: dict[str, Callable[[random.Random, Document], Document]] = {
    "edit a value": edit_value,
    "remove a key": remove_key,
    "add a key": add_key,
    "reorder keys": reorder_keys,
    "swap list items": swap_list_items,
    "drop the last addendum": drop_last_addendum,
}


def mutate(rng: random.Random, data: bytes, document: Document) -> tuple[str, bytes]:
    """One mutation of the file: its kind and the bytes to import."""
    kind = rng.choice([*STRUCTURED, *(f"{k}, hashes recomputed" for k in STRUCTURED),
                       "flip a bit", "insert a byte", "delete bytes", "cut off",
                       "repeat a key", "lay out anew"])
    raw = bytearray(data)
    position = rng.randrange(len(raw))
    if kind == "flip a bit":
        raw[position] ^= 1 << rng.randrange(8)
    elif kind == "insert a byte":
        raw.insert(position, rng.randrange(256))
    elif kind == "delete bytes":
        del raw[position:position + rng.randint(1, 16)]
    elif kind == "cut off":
        del raw[position:]
    elif kind == "repeat a key":
        text = data.decode()
        raw = bytearray(text.replace('"s47_decision": "met"',
                                     '"s47_decision": "not_met", "s47_decision": "met"', 1)
                        .encode())
    elif kind == "lay out anew":
        raw = bytearray(json.dumps(document, ensure_ascii=rng.random() < 0.5,
                                   indent=rng.choice((None, 1, 4)),
                                   sort_keys=rng.random() < 0.5).encode())
    else:
        changed = STRUCTURED[kind.removesuffix(", hashes recomputed")](rng, json.loads(data))
        if kind.endswith("recomputed"):
            # if the forger's tool gives up on an edit, the edit goes as it is
            with contextlib.suppress(KeyError, TypeError, IndexError, AttributeError,
                                     CanonicalError):
                changed = rehash(changed)
        raw = bytearray(json.dumps(changed, ensure_ascii=False).encode())
    return kind, bytes(raw)


def as_read(data: bytes, file: Path) -> str:
    """The text the import reads: valid UTF-8 as it is, anything else through the file
    reader the app and the CLI use, which refuses it."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        file.write_bytes(data)
        return read_import_file(file)


def same_content(data: bytes, document: Document, original_canonical: bytes) -> bool:
    """The same JSON value as the original: RFC 8785 forms equal byte for byte. (Values that
    differ in Python differ in RFC 8785 too, so only equal ones need canonicalising.)"""
    try:
        value = loads_strict(data.decode())
        return bool(value == document) and canonical(value) == original_canonical
    except (UnicodeError, CanonicalError):
        return False


def test_two_thousand_mutated_exports(tmp_path: Path) -> None:
    sender = tmp_path / "sender"
    sender.mkdir()
    record = full_record(sender)[0]
    original = export_json(record, signing_key(sender), datetime(2026, 3, 6, 9, 0)).encode()
    document = json.loads(original)
    original_canonical = canonical(document)
    trust = load_trust(sender)
    expected = read_export(original.decode(), "record.json", NOW, trust).record
    rng = random.Random(SEED)
    tried: Counter[str] = Counter()
    accepted: Counter[str] = Counter()
    tampered = tampered_accepted = 0
    refused_equivalent: list[str] = []
    tracebacks: list[str] = []
    file = tmp_path / "record.json"
    started = time.perf_counter()
    for _ in range(TRIES):
        kind, data = mutate(rng, original, document)
        tried[kind] += 1
        same = same_content(data, document, original_canonical)
        tampered += not same
        try:
            imported = read_export(as_read(data, file), "record.json", NOW, trust).record
        except ImportRefused as refusal:
            assert str(refusal).strip(), kind
            if same:
                refused_equivalent.append(kind)
            continue
        except Exception as exc:  # the import's own refusals are all ImportRefused
            tracebacks.append(f"{kind}: {type(exc).__name__}: {exc}")
            continue
        accepted[kind] += 1
        if not same or imported != expected:
            tampered_accepted += 1
    elapsed = time.perf_counter() - started
    print(f"\n{TRIES} mutated exports in {elapsed:.1f} s: {tampered} tampered, "
          f"{tampered_accepted} of them accepted; {TRIES - tampered} the same content laid "
          f"out differently, {sum(accepted.values())} accepted (each the same record); "
          f"{len(tracebacks)} tracebacks")
    for kind in sorted(tried):
        print(f"  {kind}: tried {tried[kind]}, accepted {accepted[kind]}")
    assert tracebacks == []
    assert tampered_accepted == 0
    assert refused_equivalent == []  # a file laid out anew is not refused
    assert sum(tried.values()) == TRIES
    assert accepted["lay out anew"] > 0  # equivalent files do pass: the check is not vacuous
