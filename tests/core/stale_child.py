"""A second copy of the app's core, in its own process, on the same data folder.

Run as `python stale_child.py DATA_DIR RECORD_ID QUESTION VALUE CHOICE`. It opens the record
(as a second window would), prints `READY` and waits for a line on stdin; meanwhile the test
saves its own change from the first copy. Then it answers QUESTION with VALUE and saves, and
prints one line of JSON: whether the save was refused, its message, the answers still in this
copy, and the answers stored. With CHOICE `keep` or `copy` it then keeps its change on the
saved version or as a new draft, and prints a second line of JSON saying what it did.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from cspr_desktop.core.records.session import ChecklistSession
from cspr_desktop.core.records.store import StaleRecordError, Store
from cspr_desktop.core.rules.registry import load_registry

REPO = Path(__file__).resolve().parents[2]


def main() -> None:
    data, record_id, qid, value, choice = sys.argv[1:6]
    store = Store(Path(data) / "records.sqlite")
    stored = store.read(record_id)
    registry = load_registry(REPO / "rules")
    session = ChecklistSession(store, registry.for_record(stored.record), stored.record, None,
                               lambda: datetime(2026, 3, 2, 11, 0), stored.revision)
    print("READY", flush=True)
    sys.stdin.readline()
    session.answer(qid, value)
    refused, message = False, ""
    try:
        session.save()
    except StaleRecordError as exc:
        refused, message = True, str(exc)
    print(json.dumps({"refused": refused, "message": message, "stale": session.stale,
                      "mine": session.record.answers,
                      "stored": store.get(record_id).answers}), flush=True)
    if choice == "keep":
        kept = session.keep_mine_on_latest()
        print(json.dumps({"id": kept.id, "answers": kept.answers}), flush=True)
    elif choice == "copy":
        copy = session.save_as_new_draft()
        print(json.dumps({"id": copy.id, "answers": copy.answers}), flush=True)
    store.close()


if __name__ == "__main__":
    main()
