"""The shapes of the discussion-record view, and the text helpers every output shares.

The view is plain frozen dataclasses of already-worded strings. `plain_text.clean_text` is the one
sanitiser for user text in every format: control characters (other than newline and tab)
become U+FFFD so they show, bidirectional embedding, override and isolate characters become
U+FFFD so they cannot reorder the page, and characters XML forbids (which python-docx would
refuse) are replaced too. Emoji and every other character stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from cspr_desktop.core.report.plain_text import MARKING, TRAINING_MARK, clean_text

DISCLAIMER = ("This record and the guidance in it support, never replace, professional "
              "judgement and local procedures; section 47 is decided by the strategy "
              "discussion.")
NOT_RECORDED = "Not recorded"
NO_MEETING = ("No meeting has been recorded for this checklist yet. The guidance and the "
              "answers follow.")


def when(moment: datetime | date | None) -> str:
    """'5 March 2026 at 14:30' for a moment, '5 March 2026' for a date, or 'Not recorded'."""
    if moment is None:
        return NOT_RECORDED
    day = f"{moment.day} {moment:%B %Y}"
    if isinstance(moment, datetime):
        return f"{day} at {moment:%H:%M}"
    return day


def text_or(text: str, empty: str = NOT_RECORDED) -> str:
    """Sanitised text, or `empty` when there is none."""
    cleaned = clean_text(text).strip("\n")
    return cleaned if cleaned.strip() else empty


@dataclass(frozen=True)
class Entry:
    """A label and its value (the value may run to many lines)."""

    label: str
    value: str


@dataclass(frozen=True)
class Table:
    """A table with a header row; `widths` are percentages of the page width."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]
    empty: str = "None recorded."


@dataclass(frozen=True)
class Header:
    title: str
    subtitle: str
    record_id: str
    training: bool
    draft: bool
    facts: tuple[Entry, ...]


@dataclass(frozen=True)
class AnswerSection:
    title: str
    table: Table


@dataclass(frozen=True)
class Why:
    """One fired rule: its rationale, what it led to, and the answers that made it fire."""

    rationale: str
    leads_to: str
    because: tuple[Entry, ...]
    source: str
    outcome_ids: tuple[str, ...] = ()  # what it led to, by id: the panel's Why? per outcome


@dataclass(frozen=True)
class OutcomeView:
    title: str
    level: str
    level_words: str
    what_to_do: str
    by_when: str
    local_note: str
    outcome_id: str = ""  # to find the practitioner's response; not shown


@dataclass(frozen=True)
class GuidanceView:
    intro: str
    level: str
    level_words: str
    outcomes: tuple[OutcomeView, ...]
    reasons: tuple[Why, ...]
    sources: Table
    visible: tuple[str, ...]
    attention: tuple[str, ...] = ()  # open or contradictory answers, said beside the level


@dataclass(frozen=True)
class ContactsView:
    intro: str
    table: Table | None


@dataclass(frozen=True)
class MeetingPart:
    """One part of the meeting, in the order a good discussion record gives them.

    `kind` says how to show it: 'text' (a heading and the chair's words), 'table', or
    'decision' (the section 47 decision, set apart).
    """

    kind: Literal["text", "table", "decision"]
    heading: str
    text: str = ""
    table: Table | None = None
    fields: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class MeetingView:
    """The meeting: `summary` is what the people at the table need first (who took part, the
    decision, the actions, the next step); `parts` is the rest of the record of it."""

    title: str
    details: tuple[Entry, ...]
    summary: tuple[MeetingPart, ...]
    parts: tuple[MeetingPart, ...]


@dataclass(frozen=True)
class BriefView:
    """The concern and the guidance in brief: the level, and each outcome's title, by when and
    the practitioner's response to it."""

    concern: str
    level: str
    level_words: str
    attention: tuple[str, ...]
    outcomes: Table


@dataclass(frozen=True)
class AddendumView:
    heading: str
    text: str


@dataclass(frozen=True)
class Footer:
    lines: tuple[str, ...]
    disclaimer: str


@dataclass(frozen=True)
class PageFacts:
    """What every printed page carries besides the record: the marking, the record id, the
    checklist and, for a training record, the training mark. Typed here, from the view, so the
    PDF and the print preview never have to find them in the HTML."""

    record_id: str
    checklist: str
    training: bool
    marking: str = MARKING
    training_mark: str = TRAINING_MARK


@dataclass(frozen=True)
class RecordView:
    """The whole discussion record, in the order every format shows it: the meeting first
    (or a line saying there has been none), the guidance in brief, the rest of the meeting,
    sign-offs and addenda, then the appendix (answers, guidance in detail, contacts, body map).
    """

    header: Header
    no_meeting: str
    meeting: MeetingView | None
    brief: BriefView
    signoffs: tuple[Entry, ...]
    addenda: tuple[AddendumView, ...]
    answers: tuple[AnswerSection, ...]
    guidance: GuidanceView
    contacts: ContactsView
    body_map_data_uri: str
    body_map_caption: str
    footer: Footer
    page: PageFacts
