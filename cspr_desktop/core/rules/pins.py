"""Pinned rules: the known content of every released pack version, and a record's own pin.

A pack version is identified by (id, version) and the SHA-256 of its canonical content
(`loader.canonical_sha256`). Two things hold that hash, and both are checked:

- `rules/pins.json` lists every *released* version with its hash (as released: retiring a
  version later changes only its `status`, which the check sets back). A file whose content differs
  from its pin — a pack changed under the same version number — is an error (E402): the
  registry does not use it, `cspr validate` reports it and the app lists it with the other
  problems. A version not in the list yet (one being drafted) is only a warning (W402), so
  authors are not blocked; it is pinned when released, with `cspr pin ID VERSION`. A pinned
  version whose file is missing is an error (E405): records made with it need it.
- every record stores the hash of the pack it was made with. A session refuses to evaluate or
  sign a record under a pack whose hash differs (`PackPinError`), and says what to do.

A rules folder without a pins.json (a test's, an author's scratch folder) has no pin list, so
only the records' own pins are checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from cspr_desktop.core.errors import Code, Problem, RecordError
from cspr_desktop.core.exports import ExportError, write_atomic
from cspr_desktop.core.rules.json_input import InputProblem, load_json
from cspr_desktop.core.rules.pack_head import LoadedPack

PIN_FILE = "pins.json"
PIN_FORMAT = "cspr-pins"
ABOUT = ("SHA-256 of the canonical content of every released rule-pack version. `cspr validate` "
         "reports a pack whose content differs from its pin. Add a version when it is released, "
         "with `cspr pin ID VERSION`; never change or remove a line.")
HEX = frozenset("0123456789abcdef")


class PinnedRecord(Protocol):
    """What the rules read of a record: which pack content it was made with."""

    @property
    def id(self) -> str: ...
    @property
    def pack_id(self) -> str: ...
    @property
    def pack_version(self) -> str: ...
    @property
    def pack_sha256(self) -> str: ...


class PackPinError(RecordError):
    """A record's pack is missing, or differs from the content the record was made with."""


class PinRefused(Exception):
    """`cspr pin` could not pin a version; the message says why."""


@dataclass
class PinList:
    """The pins of one rules folder; `present` is False when it has no pins.json."""

    path: Path
    present: bool = False
    pins: dict[tuple[str, str], str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def check(self, loaded: LoadedPack) -> Problem | None:
        """E402 if the pack differs from its pin, W402 if it has none yet, else None."""
        if not self.present or self.problems:
            return None
        pinned = self.pins.get((loaded.id, loaded.version))
        if pinned is None:
            return Problem(Code.PACK_NOT_PINNED, f"{loaded.id} {loaded.version} is not pinned "
                           f"yet (its SHA-256 is {loaded.pin_sha256}).", loaded.path, 1,
                           "version")
        if pinned != loaded.pin_sha256:
            return Problem(Code.PACK_CHANGED, f"the content of {loaded.id} {loaded.version} "
                           f"differs from its released content: {PIN_FILE} pins SHA-256 "
                           f"{pinned[:16]}…, the file gives {loaded.pin_sha256[:16]}…. This "
                           "version is not used.", loaded.path, 1, "version")
        return None

    def missing(self, root: Path) -> list[Problem]:
        """E405 for every pinned version whose file is gone."""
        return [Problem(Code.PINNED_VERSION_MISSING, f"{PIN_FILE} pins {pack_id} {version}, "
                        f"but {pack_id}/{version}.yaml is missing.", str(self.path), 1)
                for pack_id, version in sorted(self.pins)
                if not (root / pack_id / f"{version}.yaml").is_file()]


def load_pins(root: Path) -> PinList:
    """The pin list of a rules folder; a damaged one is an E404 problem, never an exception."""
    pins = PinList(root / PIN_FILE)
    if not pins.path.exists():
        return pins
    pins.present = True
    try:
        data = load_json(pins.path.read_text("utf-8"))
        pins.pins = _entries(data)
    except (OSError, UnicodeError, ValueError) as exc:  # InputProblem is a ValueError
        reason = exc.problem.message if isinstance(exc, InputProblem) else str(exc)[:200]
        pins.problems.append(Problem(Code.PIN_LIST_BAD, f"the pin list cannot be read: "
                                     f"{reason}", str(pins.path), 1))
    return pins


def _entries(data: Any) -> dict[tuple[str, str], str]:
    if not isinstance(data, dict) or data.get("format") != PIN_FORMAT or not isinstance(
            data.get("pins"), list):
        raise ValueError(f"it is not a '{PIN_FORMAT}' file with a list of pins.")
    entries: dict[tuple[str, str], str] = {}
    for index, item in enumerate(data["pins"]):
        if not (isinstance(item, dict) and set(item) == {"id", "version", "sha256"}
                and all(isinstance(v, str) for v in item.values())
                and len(item["sha256"]) == 64 and set(item["sha256"]) <= HEX):
            raise ValueError(f"pin {index + 1} is not an id, a version and a SHA-256.")
        key = (item["id"], item["version"])
        if key in entries:
            raise ValueError(f"{key[0]} {key[1]} is pinned twice.")
        entries[key] = item["sha256"]
    return entries


def add_pin(root: Path, loaded: LoadedPack) -> str:
    """Pin a released version (for `cspr pin`); what was done, in words.

    Re-pinning a version at the same hash changes nothing; at another hash it is refused:
    that is exactly the change pins exist to catch.
    """
    pins = load_pins(root)
    if pins.problems:
        raise PinRefused(pins.problems[0].message)
    key = (loaded.id, loaded.version)
    pinned = pins.pins.get(key)
    if pinned == loaded.pin_sha256:
        return f"{loaded.id} {loaded.version} is already pinned; nothing was changed."
    if pinned is not None:
        raise PinRefused(f"{loaded.id} {loaded.version} is pinned with another SHA-256: its "
                          "content changed after it was released. Restore it, or release the "
                          "change as a new version.")
    pins.pins[key] = loaded.pin_sha256
    items = [{"id": i, "version": v, "sha256": h} for (i, v), h in sorted(pins.pins.items())]
    text = json.dumps({"format": PIN_FORMAT, "about": ABOUT, "pins": items}, indent=2)
    try:
        write_atomic(pins.path, (text + "\n").encode("utf-8"))
    except ExportError as exc:
        raise PinRefused(str(exc)) from None
    return f"Pinned {loaded.id} {loaded.version} (SHA-256 {loaded.pin_sha256})."


def check_record_pin(record: PinnedRecord, loaded: LoadedPack) -> None:
    """Raise PackPinError unless `loaded` is the very content the record was made with (a
    version retired since counts as its released content: only its status changed)."""
    same = (loaded.id, loaded.version) == (record.pack_id, record.pack_version)
    if same and record.pack_sha256 in (loaded.sha256, loaded.pin_sha256):
        return
    raise PackPinError(
        f"Record {record.id} was made with the checklist {record.pack_id} "
        f"{record.pack_version}, but the rule file for that version on this computer has "
        "different content, so the record is not opened: its guidance would not be the "
        "guidance it was made with. Nothing in the record has changed. Ask whoever looks after "
        "cspr-desktop on this computer to restore the released rule files (reinstalling the "
        "app does it), then open the record again.")


def missing_pack(record: PinnedRecord) -> PackPinError:
    """The refusal for a record whose pack version is not installed at all."""
    return PackPinError(
        f"Record {record.id} was made with {record.pack_id} {record.pack_version}, which is "
        "not in this app's rules. Install that version's rule file (or update the app) to "
        "open it; nothing in the record has changed.")
