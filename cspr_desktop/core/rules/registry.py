"""Every pack version, overlay and scenario under a rules folder, and which version is current.

Files live at `rules/<pack-id>/<version>.yaml`; every released version stays, because completed
records must keep rendering with the version that produced them. A broken file is reported and
skipped; the others still load. So is a file whose content differs from its pin in
`rules/pins.json` (see `pins`): it is kept aside in `changed`, never used.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cspr_desktop.core.errors import Code, Problem
from cspr_desktop.core.rules.limits import MAX_BYTES
from cspr_desktop.core.rules.pack_cache import PackCache, file_key
from cspr_desktop.core.rules.pack_head import LoadedPack, paused_gc
from cspr_desktop.core.rules.pins import (
    PinList,
    PinnedRecord,
    check_record_pin,
    load_pins,
    missing_pack,
)
from cspr_desktop.core.rules.vocabulary import Status, semver_key

# The format's models, YAML and the overlay checks load only when a file must be checked now
# (new or changed since the rule cache was written) or an overlay is first used.
if TYPE_CHECKING:
    from cspr_desktop.core.rules.overlay import Overlay

log = logging.getLogger("cspr_desktop.registry")

LOCAL_DIR = "local"
SCENARIO_DIR = "scenarios"


class OverlayMap(Mapping[str, "Overlay"]):
    """The overlays by name. One restored from the rule cache is known by name (and its
    problems) at start-up, and is built as a model only when first used."""

    def __init__(self) -> None:
        self._ready: dict[str, Overlay] = {}
        self._later: dict[str, tuple[str, Callable[[], Overlay | None]]] = {}

    def add(self, name: str, overlay: Overlay) -> None:
        self._ready[name] = overlay

    def add_later(self, name: str, partnership: str, build: Callable[[], Overlay | None]) -> None:
        self._later[name] = (partnership, build)

    def partnership(self, name: str) -> str:
        """The partnership's name, as a menu lists it, without building the overlay."""
        if name in self._later:
            return self._later[name][0]
        return self._ready[name].partnership

    def __getitem__(self, name: str) -> Overlay:
        if name in self._later:
            built = self._later.pop(name)[1]()
            if built is not None:
                self._ready[name] = built
        return self._ready[name]

    def __iter__(self) -> Iterator[str]:
        return iter([*self._ready, *self._later])

    def __len__(self) -> int:
        return len(self._ready) + len(self._later)

    def __contains__(self, name: object) -> bool:
        return name in self._ready or name in self._later


@dataclass
class Registry:
    """The packs, overlays and problems found under one rules folder."""

    root: Path
    today: date
    versions: dict[str, dict[str, LoadedPack]] = field(default_factory=dict)
    overlays: OverlayMap = field(default_factory=OverlayMap)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # e.g. a version not pinned yet
    changed: dict[tuple[str, str], LoadedPack] = field(default_factory=dict)  # differ from pin
    pins: PinList | None = None

    def pack_ids(self) -> list[str]:
        return sorted(self.versions)

    def get(self, pack_id: str, version: str | None = None) -> LoadedPack | None:
        """One version of a pack, or the current one when no version is given."""
        if version is None:
            return self.current(pack_id)
        return self.versions.get(pack_id, {}).get(version)

    def current(self, pack_id: str) -> LoadedPack | None:
        """The highest approved version already in effect on `today`."""
        candidates = [
            p for p in self.versions.get(pack_id, {}).values()
            if p.status == Status.APPROVED and p.effective_from <= self.today
        ]
        return max(candidates, key=lambda p: semver_key(p.version), default=None)

    def current_packs(self) -> list[LoadedPack]:
        """The current version of every pack that has one, in id order."""
        return [p for p in (self.current(i) for i in self.pack_ids()) if p is not None]

    def for_record(self, record: PinnedRecord) -> LoadedPack:
        """The pack a record was made with, its content checked against the record's pin;
        `pins.PackPinError` saying what to do when it is missing or differs."""
        key = (record.pack_id, record.pack_version)
        loaded = self.versions.get(key[0], {}).get(key[1]) or self.changed.get(key)
        if loaded is None:
            raise missing_pack(record)
        check_record_pin(record, loaded)
        return loaded

    def all_versions(self, pack_id: str) -> list[LoadedPack]:
        return sorted(self.versions.get(pack_id, {}).values(), key=lambda p: semver_key(p.version))

    def scenario_files(self, pack_id: str | None = None) -> list[Path]:
        ids = [pack_id] if pack_id else self.pack_ids()
        return [f for i in ids for f in sorted((self.root / i / SCENARIO_DIR).glob("*.yaml"))]

    def overlay_files(self) -> list[Path]:
        return sorted((self.root / LOCAL_DIR).glob("*.yaml"))


def load_registry(root: Path, today: date | None = None,
                  cache_dir: Path | None = None) -> Registry:
    """Load every pack version and overlay under `root`; problems are collected, not raised.

    With `cache_dir`, a file unchanged since it last loaded cleanly is not compiled now but
    the first time it is used (see pack_cache): the app starts without compiling every pack.
    """
    cache = PackCache(cache_dir)
    registry = _load(root, today or date.today(), cache)
    cache.save()
    return registry


def _load(root: Path, today: date, cache: PackCache) -> Registry:
    registry = Registry(root=root, today=today)
    if not root.is_dir():
        registry.problems.append(Problem(Code.FILE_UNREADABLE, "the rules folder does not "
                                         "exist.", str(root), 0))
        return registry
    registry.pins = load_pins(root)
    registry.problems.extend(registry.pins.problems + registry.pins.missing(root))
    for pack_dir in sorted(d for d in root.iterdir() if d.is_dir() and d.name != LOCAL_DIR):
        for path in sorted(pack_dir.glob("*.yaml")):
            _add_pack_safely(registry, path, cache)
    for pack_id in registry.pack_ids():
        if registry.current(pack_id) is None:
            registry.problems.append(Problem(
                Code.NO_CURRENT_VERSION, f"pack '{pack_id}' has no approved version in effect.",
                str(root / pack_id), 0))
    versions = {pack_id: registry.all_versions(pack_id) for pack_id in registry.pack_ids()}
    for path in registry.overlay_files():
        try:
            _add_overlay(registry, path, versions, cache)
        except Exception as exc:  # one broken overlay never stops the app
            registry.problems.append(_failed(path, exc))
    return registry


def _add_overlay(registry: Registry, path: Path, versions: dict[str, list[LoadedPack]],
                 cache: PackCache) -> None:
    """An overlay checked against every pack version: from the cache when the overlay's bytes
    and every version's content are those it was checked against (built when first used),
    else checked now."""
    raw = _read_bytes(path)
    if raw is None:  # read_file says why it cannot be read
        from cspr_desktop.core.rules.overlay import validate_overlay
        from cspr_desktop.core.rules.yamlsource import read_file

        overlay, problems = validate_overlay(read_file(path), versions)
    elif cache.path is None:
        overlay, problems = _check_overlay(path, raw, versions)
    else:
        against = "\n".join(f"{p.id} {p.version} {p.sha256}" for packs in versions.values()
                            for p in packs)
        key = file_key(b"\0".join((str(path).encode("utf-8", "surrogateescape"), raw,
                                    against.encode("utf-8"))))
        restored = _restored_problems(cache.overlay(key))
        if restored is not None:
            problems, data = restored
            registry.problems.extend(problems)
            if data is not None:
                registry.overlays.add_later(
                    path.stem, str(data.get("partnership", path.stem)),
                    lambda: _overlay_model(data, path, raw, versions))
            return
        overlay, problems = _check_overlay(path, raw, versions)
        cache.remember_overlay(key, {
            "overlay": None if overlay is None else overlay.model_dump(mode="json"),
            "problems": [[p.code.value, p.message, p.file, p.line, p.key_path]
                         for p in problems]})
    registry.problems.extend(problems)
    if overlay is not None:
        registry.overlays.add(path.stem, overlay)


def _check_overlay(path: Path, raw: bytes,
                   versions: dict[str, list[LoadedPack]]) -> tuple[Overlay | None, list[Problem]]:
    from cspr_desktop.core.rules.overlay import validate_overlay
    from cspr_desktop.core.rules.yamlsource import parse_text

    return validate_overlay(parse_text(raw, str(path)), versions)


def _overlay_model(data: dict[str, Any], path: Path, raw: bytes,
                   versions: dict[str, list[LoadedPack]]) -> Overlay | None:
    """A cached overlay as a model; a damaged entry is checked again from its file's bytes."""
    from cspr_desktop.core.rules.overlay import Overlay

    try:
        return Overlay.model_validate(data)
    except ValueError:  # pydantic's ValidationError is a ValueError
        overlay, problems = _check_overlay(path, raw, versions)
        for problem in problems:  # found after start-up: the log keeps them
            log.warning("Rule file problem: %s", problem.format())
        return overlay


def _add_pack_safely(registry: Registry, path: Path, cache: PackCache) -> None:
    """Add one pack file; an unforeseen failure in it is a problem, so the app still starts."""
    try:
        with paused_gc():
            _add_pack(registry, path, cache)
    except Exception as exc:  # one broken pack never stops the app
        registry.problems.append(_failed(path, exc))


def _failed(path: Path, exc: Exception) -> Problem:
    log.error("Rule file %s could not be loaded", path, exc_info=exc)
    return Problem(Code.PACK_FAILED, f"the file could not be loaded ({type(exc).__name__}).",
                   str(path), 1)


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when read_file must read it and say what is wrong."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _load_pack(path: Path, cache: PackCache) -> tuple[LoadedPack | None, list[Problem]]:
    """The pack in one file: from its head in the cache when its bytes are unchanged (compiled
    on first use), else validated and compiled now, and remembered if it loaded cleanly."""
    raw = _read_bytes(path)
    key = file_key(raw) if raw is not None and cache.path is not None else None
    head = cache.pack_head(key) if key is not None else None
    if head is not None:
        return LoadedPack(str(path), head=head, source=raw), []
    from cspr_desktop.core.rules.loader import pack_from_document
    from cspr_desktop.core.rules.yamlsource import parse_text, read_file

    document = read_file(path) if raw is None else parse_text(raw, str(path))
    loaded, problems = pack_from_document(document)
    if loaded is not None and key is not None:
        cache.remember_pack(key, loaded.head)
    return loaded, problems


def _restored_problems(entry: Any) -> tuple[list[Problem], dict[str, Any] | None] | None:
    """A cached overlay check (its problems, and the overlay's data if it loaded), or None
    when the entry is missing or damaged."""
    if not isinstance(entry, dict) or not isinstance(entry.get("problems"), list):
        return None
    data = entry.get("overlay")
    if data is not None and not isinstance(data, dict):
        return None
    try:
        problems = [Problem(Code(code), message, file, line, key_path)
                    for code, message, file, line, key_path in entry["problems"]]
    except (TypeError, ValueError):
        return None
    if not all(isinstance(p.message, str) and isinstance(p.line, int) for p in problems):
        return None
    return problems, data


def _add_pack(registry: Registry, path: Path, cache: PackCache) -> None:
    loaded, problems = _load_pack(path, cache)
    if loaded is None:
        registry.problems.extend(problems)
        return
    if path.parent.name != loaded.id or path.stem != loaded.version:
        registry.problems.append(Problem(
            Code.FILENAME_MISMATCH, f"the file holds {loaded.id} {loaded.version}, so it must be "
            f"{loaded.id}/{loaded.version}.yaml.", str(path), 1, "id"))
        return
    pinned = registry.pins.check(loaded) if registry.pins else None
    if pinned is not None and pinned.code == Code.PACK_CHANGED:
        registry.problems.append(pinned)
        registry.changed[(loaded.id, loaded.version)] = loaded
        return
    if pinned is not None:
        registry.warnings.append(pinned)
    versions = registry.versions.setdefault(loaded.id, {})
    versions[loaded.version] = loaded
