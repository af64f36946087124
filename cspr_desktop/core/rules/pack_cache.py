"""What loading each rule file found last time, so that start-up need not compile every pack.

An entry is keyed by the SHA-256 of the file's exact bytes (and, for an overlay, of the packs it
was checked against), and the whole cache by the app that wrote it (its version and, run from
source, the size and time of every core module): a file changed in any way, or a changed app,
misses the cache and is loaded from its YAML as if there were none. Only
files that loaded cleanly are kept, so a broken pack is always loaded, and reported, afresh.
A pack found here is still compiled from its own YAML, the first time it is used.

The cache lives in the data folder, readable by the user only. One that cannot be read, or is
not what this app writes, is ignored and rebuilt; one that cannot be written is left alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from cspr_desktop.core.rules.pack_head import PackHead
from cspr_desktop.core.rules.vocabulary import Status
from cspr_desktop.core.version import app_version

log = logging.getLogger("cspr_desktop.pack_cache")

CACHE_FILE = "rule-cache.json"
FORMAT = 1


def file_key(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def checking_modules() -> list[Path]:
    """The modules whose code decides what a check finds: the rules package, and the problem
    codes and messages it reports (`core/errors.py`)."""
    rules = Path(__file__).parent
    return [*sorted(rules.glob("*.py")), rules.parent / "errors.py"]


def app_key() -> str:
    """The app that checks the rules: its version, and when it runs from source files (a
    developer's copy, whose version does not change with every edit) the sizes and times of
    the modules that do the checking."""
    parts = [app_version()]
    try:
        for path in checking_modules():
            info = path.stat()
            parts.append(f"{path.name} {info.st_size} {info.st_mtime_ns}")
    except OSError:  # a bundle keeps its modules in an archive: its version says enough
        pass
    return file_key("\n".join(parts).encode("utf-8", "surrogateescape"))


class PackCache:
    """The entries read at start-up, and those seen this time, written back if they changed."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / CACHE_FILE if folder is not None else None
        self._old_packs: dict[str, Any] = {}
        self._old_overlays: dict[str, Any] = {}
        self.packs: dict[str, Any] = {}
        self.overlays: dict[str, Any] = {}
        self.app = app_key() if self.path is not None else ""
        if self.path is not None:
            self._read(self.path)

    def _read(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            log.warning("Rule cache ignored, it will be rebuilt: %s", type(exc).__name__)
            return
        if (not isinstance(data, dict) or data.get("format") != FORMAT
                or data.get("app") != self.app):
            return
        packs, overlays = data.get("packs"), data.get("overlays")
        self._old_packs = packs if isinstance(packs, dict) else {}
        self._old_overlays = overlays if isinstance(overlays, dict) else {}

    # -- packs -------------------------------------------------------------------------------
    def pack_head(self, key: str) -> PackHead | None:
        """The head of a pack whose file had these bytes and loaded cleanly; None if unknown
        or the entry is damaged."""
        entry = self._old_packs.get(key)
        if not isinstance(entry, dict) or not all(isinstance(v, str) for v in entry.values()):
            return None
        try:
            head = PackHead(**{**entry, "effective_from": date.fromisoformat(
                entry["effective_from"])})
            Status(head.status)  # read at every `Registry.current`: checked here, once
        except (TypeError, KeyError, ValueError):
            return None
        self.packs[key] = entry
        return head

    def remember_pack(self, key: str, head: PackHead) -> None:
        self.packs[key] = {**asdict(head), "effective_from": head.effective_from.isoformat()}

    # -- overlays ----------------------------------------------------------------------------
    def overlay(self, key: str) -> Any:
        entry = self._old_overlays.get(key)
        if entry is not None:
            self.overlays[key] = entry
        return entry

    def remember_overlay(self, key: str, entry: Any) -> None:
        self.overlays[key] = entry

    # -- writing -----------------------------------------------------------------------------
    def save(self) -> None:
        """Write the entries seen this time (older ones drop out), privately and atomically,
        when they differ from what was read."""
        if self.path is None or (self.packs == self._old_packs
                                 and self.overlays == self._old_overlays):
            return
        text = json.dumps({"format": FORMAT, "app": self.app, "packs": self.packs,
                           "overlays": self.overlays}, sort_keys=True)
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            if os.name == "posix":
                os.chmod(temp, 0o600)
            os.replace(temp, self.path)
        except OSError as exc:  # a cache that cannot be written only makes start-up slower
            log.warning("Rule cache not written: %s", exc)
            with contextlib.suppress(OSError):
                temp.unlink()
