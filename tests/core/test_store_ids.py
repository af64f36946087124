"""Two records never share an id in one store: new ids avoid used ones, and the store refuses
to let a record overwrite a different one that happens to have its id."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cspr_desktop.core.records.records import new_record, new_record_id, set_answer
from cspr_desktop.core.records.store import Store, StoreError
from cspr_desktop.core.rules.pack_head import LoadedPack

NOW = datetime(2026, 3, 2, 10, 15)


def test_a_different_record_with_the_same_id_is_refused_and_the_first_kept(
    tmp_path: Path, mini: LoadedPack,
) -> None:
    """A clash loses nothing: the stored draft keeps its answers, the newcomer is refused."""
    store = Store(tmp_path / "records.sqlite")
    first = new_record(mini.id, mini.version, mini.sha256, NOW, child_ref="NB-2026-00001")
    first = set_answer(first, "age_months", 2, NOW)
    store.save(first)
    newcomer = new_record(mini.id, mini.version, mini.sha256, NOW + timedelta(hours=3))
    newcomer = newcomer.model_copy(update={"id": first.id})
    with pytest.raises(StoreError, match="Another record already has the id"):
        store.save(newcomer)
    kept = store.get(first.id)
    assert kept.answers == first.answers
    assert kept.child_ref == "NB-2026-00001"


def test_saving_the_same_record_again_still_works(tmp_path: Path, mini: LoadedPack) -> None:
    """The identity check does not stop a draft being saved as it changes."""
    store = Store(tmp_path / "records.sqlite")
    record = new_record(mini.id, mini.version, mini.sha256, NOW)
    store.save(record)
    changed = set_answer(store.get(record.id), "age_months", 3, NOW + timedelta(minutes=1))
    store.save(changed)
    assert store.get(record.id).answers == changed.answers


def test_a_new_id_is_never_one_already_taken() -> None:
    """Whatever the random draw, an id the store already holds is drawn again."""
    taken: set[str] = set()
    for _ in range(3):
        taken.add(new_record_id(NOW))
    asked: list[str] = []

    def in_use(candidate: str) -> bool:
        asked.append(candidate)
        return len(asked) < 5 or candidate in taken

    fresh = new_record_id(NOW, in_use)
    assert len(asked) >= 5
    assert fresh not in taken
    assert fresh.startswith("CSPR-260302-")
