"""What a forger can do to an exported record file, for the tamper and fuzz tests.

`rehash` recomputes every hash in the file after an edit — the legacy content hash, each step's
seal and the export's seal — as anyone can, since they are plain SHA-256 of public content;
it cannot sign, because it has no private key. `resign` is a forger with a key of their own.
"""

from __future__ import annotations

import contextlib
import copy
import json
from typing import Any

from cspr_desktop.core.records.keys import SigningKey
from cspr_desktop.core.records.records import Record, content_hash
from cspr_desktop.core.records.seal import EXPORT_PREFIX, STEP_PREFIX, Parts, export_seal, step_seal


def rehash(document: dict[str, Any]) -> dict[str, Any]:
    """The document with every hash recomputed for its (edited) content, signatures kept."""
    return _reseal(document, None)


def resign(document: dict[str, Any], key: SigningKey) -> dict[str, Any]:
    """The document recomputed and re-signed throughout with the forger's own key."""
    return _reseal(document, key)


def _reseal(document: dict[str, Any], key: SigningKey | None) -> dict[str, Any]:
    document = copy.deepcopy(document)
    record = document["record"]
    with contextlib.suppress(ValueError, TypeError, KeyError):  # an edit the model refuses:
        record["completion"]["content_hash"] = content_hash(Record.model_validate(record))
    previous = None
    parts = Parts.of(record)
    for signature in record.get("signatures", []):
        if key is not None:
            signature.update(key_fingerprint=key.fingerprint, public_key=key.public_b64)
        meta = {k: v for k, v in signature.items() if k not in ("seal", "signature")}
        signature["seal"] = step_seal(parts, meta, previous)
        if key is not None:
            signature["signature"] = key.sign(STEP_PREFIX + signature["seal"].encode())
        previous = signature["signature"]
    export = document["export"]
    if key is not None:
        export.update(key_fingerprint=key.fingerprint, public_key=key.public_b64)
    meta = {k: v for k, v in export.items() if k not in ("seal", "signature")}
    export["seal"] = export_seal(document, meta)
    if key is not None:
        export["signature"] = key.sign(EXPORT_PREFIX + export["seal"].encode())
    return document


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
