"""Records with as much text as the app allows, for the PDF export's time and responsiveness.

- `megabyte_record`: the full fictional record of `recordkit` plus addenda of 20,000 characters
  each (the longest an addendum may be typed), one megabyte of free text in all.
- `maximum_record`: every free-text answer of the bruising checklist and every free-text field
  of the meeting at the 20,000-character limit, and one addendum at the limit.

`words=False` makes the text one unbroken run per field (no spaces), the worst case for line
breaking. All people and text here are fictional.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from recordkit import full_record

from cspr_desktop.core.demo_record import signed_demo_record
from cspr_desktop.core.records.keys import signing_key
from cspr_desktop.core.records.meeting import Meeting
from cspr_desktop.core.records.records import Record, add_addendum, set_meeting
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.rules.answers import MAX_TEXT
from cspr_desktop.ui.meeting_fields import MAX_FIELD_TEXT

SENTENCE = ("The health visitor saw the baby at home with her mother; the mark was noted, "
            "measured and photographed, and the family's account was written down in full. ")
MEGABYTE = 1_000_000
TEXT_FIELDS = [name for name, info in Meeting.model_fields.items()
               if info.annotation is str and name != "meeting_type_other"]


def text(length: int, words: bool = True, seed: int = 0) -> str:
    """Fictional prose (or one unbroken run) of exactly `length` characters."""
    if not words:
        return (chr(ord("A") + seed % 26) * length)[:length]
    paragraph = SENTENCE * 6 + "\n"
    return (paragraph * (length // len(paragraph) + 1))[:length]


def megabyte_record(tmp: Path, words: bool = True) -> Record:
    """A signed record with a full meeting and a megabyte of text in 20,000-character addenda."""
    record, _, _ = full_record(tmp)
    key = signing_key(tmp)  # the key full_record signed with
    for index in range(MEGABYTE // MAX_TEXT):
        record = add_addendum(record, author="Dana Whitfield", role="Health visitor",
                              text=text(MAX_TEXT, words, index),
                              written_at=datetime(2026, 3, 6, 9, 0) + timedelta(minutes=index),
                              key=key)
    return record


def maximum_record(tmp: Path, words: bool = True) -> Record:
    """Every free-text answer and meeting text field at its limit, and one full addendum;
    answered and signed through a session, as the app does."""
    from recordkit import full_meeting, registry, scenario_answers

    loaded = registry().current("bruising-non-mobile")
    assert loaded is not None
    answers = scenario_answers()
    answers.update({question.id: text(MAX_TEXT, words, index)
                    for index, question in enumerate(loaded.pack.questions())
                    if question.type.value == "text"})
    store = Store(tmp / "records.sqlite")
    record, key = signed_demo_record(store, loaded, None, answers)
    store.close()
    meeting = full_meeting().model_copy(update={
        name: text(MAX_FIELD_TEXT, words, i) for i, name in enumerate(TEXT_FIELDS)})
    record = set_meeting(record, meeting, datetime(2026, 3, 2, 16, 0), key)
    return add_addendum(record, author="Dana Whitfield", role="Health visitor",
                        text=text(MAX_TEXT, words), written_at=datetime(2026, 3, 5, 9, 40),
                        key=key)


def characters(record: Record) -> int:
    """The free text a record holds: answers, meeting fields and rows, addenda."""
    total = sum(len(v) for v in record.answers.values() if isinstance(v, str))
    total += sum(len(a.text) for a in record.addenda)
    if record.meeting is not None:
        total += sum(len(getattr(record.meeting, name)) for name in TEXT_FIELDS)
        total += sum(len(i.information) for i in record.meeting.information_shared)
    return total
