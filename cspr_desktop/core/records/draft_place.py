"""Where each draft was left: the section a person was on, so reopening it goes back there.

Kept in the store's settings (one small JSON map of record id to section id), never in the
record itself: the place is not part of what anyone signs, and moving between sections must not
change the record or its revision. A section id (not a number) survives a checklist version
that adds sections. Remembering is best effort: a failure here is never worth a message.
"""

from __future__ import annotations

import contextlib
import json

from cspr_desktop.core.records.store import Store, StoreError

SETTING = "draft_sections"
KEEP = 500  # places remembered at most; the oldest go first


def _places(store: Store) -> dict[str, str]:
    try:
        loaded = json.loads(store.setting(SETTING, "{}"))
    except (StoreError, ValueError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {k: v for k, v in loaded.items() if isinstance(k, str) and isinstance(v, str)}


def _write(store: Store, places: dict[str, str]) -> None:
    with contextlib.suppress(StoreError):  # the draft is saved; only where it was left is not
        store.set_setting(SETTING, json.dumps(places))


def remember(store: Store, record_id: str, section_id: str) -> None:
    places = _places(store)
    if places.get(record_id) == section_id:
        return
    places.pop(record_id, None)
    places[record_id] = section_id  # the most recent last
    _write(store, dict(list(places.items())[-KEEP:]))


def recall(store: Store, record_id: str) -> str | None:
    """The section the draft was left on, or None."""
    return _places(store).get(record_id)


def forget(store: Store, record_id: str) -> None:
    """A draft signed or deleted has no place to go back to."""
    places = _places(store)
    if places.pop(record_id, None) is not None:
        _write(store, places)
