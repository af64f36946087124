"""The one fictional demo record, meeting and app context that tests, benchmarks, screenshots
and the self-test build, so they exercise the same case and cannot drift apart.

A record is answered through `ChecklistSession` with a clock that moves a minute at each
reading (as the window does), signed by a fictional health visitor, then given a full, signed-off
strategy discussion and an addendum. `demo_context` is the app's context for a throw-away data
folder. Everything here is Qt-free, and every person in it is fictional.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from cspr_desktop.core.context import AppContext
from cspr_desktop.core.paths import rules_dir
from cspr_desktop.core.records.keys import SigningKey
from cspr_desktop.core.records.meeting import (
    Action,
    AgencyInformation,
    Attendee,
    Meeting,
    MeetingSignOff,
)
from cspr_desktop.core.records.records import Record, add_addendum, new_record, set_meeting
from cspr_desktop.core.records.session import ChecklistSession
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.records.vault import RECORDS_FILE
from cspr_desktop.core.rules.overlay import Overlay
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.registry import Registry, load_registry

SIGNED = datetime(2026, 3, 2, 10, 15)
TODAY = SIGNED.date()
CHILD_REF = "NB-2026-0147"
PRACTITIONER = ("Dana Whitfield", "Health visitor", "Northbridge Community Health")
MEETING_RECORDED = datetime(2026, 3, 2, 16, 0)
ADDENDUM_WRITTEN = datetime(2026, 3, 5, 9, 40)
DECISION = ("Section 47 criteria are met: an unexplained bruise on the cheek of a three-month-old "
            "who cannot roll is a sentinel injury. Joint enquiry with police.")


def draw_offscreen() -> None:
    """Qt draws offscreen unless told otherwise: tests, benchmarks and screenshots show no
    window and need no display."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class Clock:
    """A clock that moves one minute at each reading, from a fixed start."""

    def __init__(self, start: datetime = SIGNED - timedelta(minutes=30)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def demo_meeting(text: str = "", signed_off: bool = True) -> Meeting:
    """A complete fictional strategy discussion, signed off by its chair unless `signed_off` is
    False; `text` is added to every free-text field."""
    def t(words: str) -> str:
        return f"{words} {text}".strip()

    return Meeting(
        meeting_type="strategy_discussion",
        held_at=datetime(2026, 3, 2, 15, 30),
        chair=t("Priya Raman, Team Manager, Northbridge Children's Social Care"),
        attendees=[
            Attendee(name=t("Priya Raman"), role="Team manager (chair)",
                     agency="Children's social care"),
            Attendee(name="DC Tom Hale", role="Detective constable", agency="Northbridge Police"),
            Attendee(name="Dr Ayo Bello", role="Consultant paediatrician",
                     agency="Northbridge General Hospital"),
            Attendee(name="Dana Whitfield", role="Health visitor",
                     agency="Northbridge Community Health"),
            Attendee(name="Sam Okafor", role="GP", agency="Riverside Surgery",
                     attendance="sent_information"),
            Attendee(name="Lee Carter", role="Education liaison", agency="Early years",
                     attendance="apologies"),
        ],
        reason=t("Unexplained bruise on the left cheek of Amara, aged 3 months and not mobile, "
                 "seen by the health visitor on a routine contact."),
        information_shared=[
            AgencyInformation(agency="Health visiting", information=t(
                "Routine contacts kept; growth on the 50th centile. No previous concerns.")),
            AgencyInformation(agency="Police", information=t(
                "No police records for either parent at this address.")),
            AgencyInformation(agency="GP", information="Registered since birth; immunisations "
                              "up to date; no attendances for injury."),
            AgencyInformation(agency="Children's social care",
                              information="Not known to children's social care."),
        ],
        child_voice="",
        child_voice_unavailable_reason=t("Amara is three months old and pre-verbal; her "
                                         "presentation, feeding and settling were observed."),
        risk_analysis=t("Harm: a bruise on a non-mobile infant with no explanation.\nLikelihood: "
                        "cannot be excluded without a child protection medical.\nProtective "
                        "factors: engaged parents, well-cared-for baby.\nGaps: no explanation; "
                        "the father has not been spoken to."),
        s47_decision="met",
        s47_rationale=t(DECISION),
        immediate_safety_actions=t("Amara to stay with her mother at the maternal grandmother's "
                                   "home until the medical is complete."),
        medical_examination=t("Child protection medical today at 17:00, Children's Assessment "
                              "Unit, Northbridge General Hospital (Dr Bello)."),
        parents_told=t("The social worker and DC Hale will tell both parents of the enquiry "
                       "and the medical today, in person, before 16:30."),
        parents_not_told_reason="",
        other_children=t("No other children in the household or the wider network."),
        actions=[
            Action(action=t("Arrange the child protection medical"), owner="Dr Ayo Bello",
                   agency="Northbridge General Hospital", due=date(2026, 3, 2)),
            Action(action="Tell both parents about the enquiry", owner="Priya Raman",
                   agency="Children's social care", due=date(2026, 3, 2), done=True),
            Action(action="Police checks on all adults in the household", owner="DC Tom Hale",
                   agency="Northbridge Police", due=date(2026, 3, 3)),
            Action(action="Reconvene the strategy discussion with the medical findings",
                   owner="Priya Raman", agency="Children's social care",
                   due=date(2026, 3, 4)),
        ],
        next_step=t("Reconvene the strategy discussion with the medical findings."),
        next_step_date=date(2026, 3, 4),
        lawful_basis=t("Information shared to safeguard a child: Children Act 1989 s47 and UK "
                       "GDPR Article 6(1)(e) with Article 9(2)(g)."),
        not_shared=t("Nothing withheld."),
        distribution=t("All attendees and invited agencies, within one working day."),
        signed_off=MeetingSignOff(chair_name="Priya Raman", signed_at=datetime(2026, 3, 2, 16, 5))
        if signed_off else None,
    )


def signed_demo_record(store: Store, loaded: LoadedPack, overlay: Overlay | None,
                       answers: Mapping[str, Any], *, kind: Literal["real", "training"] = "real",
                       child_ref: str = CHILD_REF) -> tuple[Record, SigningKey]:
    """`answers` entered through a checklist session, as the window does, and signed by the
    fictional health visitor; the record and the key it was signed with."""
    record = new_record(loaded.id, loaded.version, loaded.sha256, SIGNED - timedelta(hours=1),
                        kind=kind, child_ref=child_ref)
    session = ChecklistSession(store, loaded, record, overlay, Clock())
    for question_id, value in answers.items():
        session.answer(question_id, value)
    return session.complete(*PRACTITIONER), session.key


def with_demo_meeting(record: Record, key: SigningKey, meeting: Meeting | None = None, *,
                      text: str = "") -> Record:
    """The record with the demo meeting (or `meeting`) and a follow-up addendum; `text` is
    added to the addendum."""
    record = set_meeting(record, meeting or demo_meeting(), MEETING_RECORDED, key)
    return add_addendum(record, author=PRACTITIONER[0], role=PRACTITIONER[1],
                        text=f"Follow-up visit: bruise fading. {text}".strip(),
                        written_at=ADDENDUM_WRITTEN, key=key)


def demo_context(folder: Path, now: datetime, *, rules: Path | None = None,
                 store: Store | None = None, app_version: str = "demo",
                 registry: Registry | None = None) -> AppContext:
    """The app's context for a throw-away data folder: the bundled rules (or `rules`) as on
    `now`'s day, a records file in `folder` (or `store`), and a clock stopped at `now`."""
    return AppContext(registry or load_registry(rules or rules_dir(), now.date()),
                      store or Store(folder / RECORDS_FILE), lambda: now, folder,
                      folder / "log.txt", app_version)


__all__ = ["DECISION", "SIGNED", "TODAY", "Clock", "demo_context", "demo_meeting",
           "draw_offscreen", "signed_demo_record", "with_demo_meeting"]
