"""A pack as the registry lists it: its head (id, version, title, status, hashes) known without
compiling it, and its compiled rules made on first use. Nothing here loads the format's pydantic
models or YAML, so the home screen paints before any pack is compiled."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cspr_desktop.core.rules.vocabulary import Status

if TYPE_CHECKING:
    from cspr_desktop.core.rules.engine import CompiledPack
    from cspr_desktop.core.rules.models import Pack


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector while a pack is read and compiled.

    Loading makes hundreds of thousands of objects that all live as long as the pack; the
    collector would walk them again and again as they pile up, so that a pack ten times as
    large took fifteen times as long to load. Nothing made here is garbage until the pack is.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class PackHead:
    """What the home screen, the pin check and `Registry.current` need of a pack, known
    without compiling it: read from a loaded pack, or from the pack cache (see pack_cache)."""

    id: str
    version: str
    title: str
    summary: str
    status: str
    effective_from: date
    sha256: str
    released_sha256: str = ""

    @classmethod
    def of(cls, compiled: CompiledPack, released_sha256: str = "") -> PackHead:
        pack = compiled.pack
        return cls(pack.id, pack.version, pack.title, pack.summary, pack.status.value,
                   pack.effective_from, compiled.sha256, released_sha256)


class LoadedPack:
    """A validated, compiled pack and where it came from.

    One found unchanged in the pack cache is compiled from its own bytes (kept, so the file
    cannot change underneath) the first time its rules are needed: start-up then reads only
    its head. Everything else behaves as for a pack compiled at once.
    """

    __slots__ = ("_compiled", "_source", "head", "path")

    def __init__(self, path: str, compiled: CompiledPack | None = None,
                 released_sha256: str = "", *, head: PackHead | None = None,
                 source: bytes | None = None) -> None:
        if compiled is None and (head is None or source is None):
            raise ValueError("a pack is either compiled or has a head and its source")
        if head is None:
            assert compiled is not None
            head = PackHead.of(compiled, released_sha256)
        self.path = path
        self._compiled = compiled
        self._source = source
        self.head = head

    @property
    def compiled(self) -> CompiledPack:
        if self._compiled is None:
            assert self._source is not None
            from cspr_desktop.core.rules.loader import load_pack_text  # the format's models

            # The same bytes validated before: only a changed app could raise PackError here.
            self._compiled = load_pack_text(self._source, self.path).compiled
            self._source = None
        return self._compiled

    @property
    def is_compiled(self) -> bool:
        return self._compiled is not None

    @property
    def pack(self) -> Pack:
        return self.compiled.pack

    @property
    def id(self) -> str:
        return self.head.id

    @property
    def version(self) -> str:
        return self.head.version

    @property
    def title(self) -> str:
        return self.head.title

    @property
    def summary(self) -> str:
        return self.head.summary

    @property
    def status(self) -> Status:
        return Status(self.head.status)

    @property
    def effective_from(self) -> date:
        return self.head.effective_from

    @property
    def released_sha256(self) -> str:
        return self.head.released_sha256

    @property
    def sha256(self) -> str:
        return self.head.sha256

    @property
    def pin_sha256(self) -> str:
        """The hash the pin list and records know this version by: its content as released.
        Retiring a version changes only its `status`, so that is set back to approved here."""
        return self.released_sha256 or self.sha256

    def __repr__(self) -> str:
        return f"LoadedPack({self.id!r}, {self.version!r}, {self.path!r})"
