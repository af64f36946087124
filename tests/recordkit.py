"""Completed records for the export tests: the demo record of `core.demo_record` (which the
benchmarks and the self-test build too) on the bundled rules, with test-only extras.

A record is filled in through `ChecklistSession` on the bundled rules with a fixed clock, signed,
and given a full fictional strategy discussion and an addendum. `HOSTILE` strings can be put in
every free-text place a user types into. All people here are fictional.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from cspr_desktop.core.demo_record import (
    DECISION,
    SIGNED,
    TODAY,
    Clock,
    demo_meeting,
    signed_demo_record,
    with_demo_meeting,
)
from cspr_desktop.core.records.keys import signing_key
from cspr_desktop.core.records.records import Record, add_addendum
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.rules.overlay import Overlay
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.registry import Registry, load_registry
from cspr_desktop.core.rules.yamlsource import read_file

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "rules"
SCENARIO = RULES / "bruising-non-mobile" / "scenarios" / "bnm-cheek-bruise-3-months.yaml"

LONG = "A" * 100_000
HOSTILE = {
    "script": "<script>alert(1)</script>",
    "bold": "<b>bold</b>",
    "amp": "&amp;",
    "rlo": "left \u202eright-to-left override",
    "emoji": "Baby smiled 👶🏽 and the family dog 🐕 barked",
    "control": "bell\x00\x07\x1bend",
}
HOSTILE_TEXT = " | ".join(HOSTILE.values())


def registry() -> Registry:
    return load_registry(RULES, TODAY)


def scenario_answers() -> dict[str, Any]:
    data = read_file(SCENARIO).data
    assert isinstance(data, dict)
    answers = data["answers"]
    assert isinstance(answers, dict)
    return answers


def signed_record(tmp: Path, *, kind: str = "real", extra_text: str = "",
                  child_ref: str = "NB-2026-0147") -> tuple[Record, LoadedPack, Overlay]:
    """The bruising scenario answered, signed by a fictional health visitor."""
    reg = registry()
    loaded = reg.current("bruising-non-mobile")
    assert loaded is not None
    overlay = reg.overlays["example-partnership"]
    answers = {qid: f"{value} {extra_text}" if extra_text and qid == "mark_description" else value
               for qid, value in scenario_answers().items()}
    store = Store(tmp / "records.sqlite")
    signed, _key = signed_demo_record(store, loaded, overlay, answers, child_ref=child_ref,
                                      kind="training" if kind == "training" else "real")
    store.close()
    return signed, loaded, overlay


full_meeting = demo_meeting


def full_record(tmp: Path, *, kind: str = "real", text: str = "", long_text: str = "",
                child_ref: str = "NB-2026-0147") -> tuple[Record, LoadedPack, Overlay]:
    """A signed record with a full, signed-off meeting and an addendum; `text` goes into every
    free-text answer, meeting field and the addendum. `long_text` (up to 100,000 characters)
    becomes a free-text answer, the risk analysis and a second addendum, each on its own."""
    answer_text = f"{text} {long_text}".strip()
    record, loaded, overlay = signed_record(tmp, kind=kind, extra_text=answer_text,
                                            child_ref=child_ref)
    meeting = full_meeting(text)
    if long_text:
        meeting = meeting.model_copy(update={"risk_analysis": long_text})
    key = signing_key(tmp)  # the key the record was completed with, in its data folder
    record = with_demo_meeting(record, key, meeting, text=text)
    if long_text:
        record = add_addendum(record, author="Dana Whitfield", role="Health visitor",
                              text=long_text, written_at=datetime(2026, 3, 6, 9, 40), key=key)
    return record, loaded, overlay


# The tests import these from here; they live in core.demo_record with the rest of the set-up.
__all__ = ["DECISION", "SIGNED", "TODAY", "Clock", "full_meeting"]
