"""Completed records for the export tests, built the way the app builds them.

A record is filled in through `ChecklistSession` on the bundled rules with a fixed clock, signed,
and given a full fictional strategy discussion and an addendum. `HOSTILE` strings can be put in
every free-text place a user types into. All people here are fictional.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from cspr_desktop.core.records.keys import signing_key
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
from cspr_desktop.core.rules.loader import LoadedPack
from cspr_desktop.core.rules.overlay import Overlay
from cspr_desktop.core.rules.registry import Registry, load_registry
from cspr_desktop.core.rules.yamlsource import read_file

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "rules"
TODAY = date(2026, 3, 2)
SIGNED = datetime(2026, 3, 2, 10, 15)
SCENARIO = RULES / "bruising-non-mobile" / "scenarios" / "bnm-cheek-bruise-3-months.yaml"
DECISION = ("Section 47 criteria are met: an unexplained bruise on the cheek of a three-month-old "
            "who cannot roll is a sentinel injury. Joint enquiry with police.")

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


class Clock:
    """A clock that moves one minute at each reading, from a fixed start."""

    def __init__(self, start: datetime = SIGNED - timedelta(minutes=30)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def signed_record(tmp: Path, *, kind: str = "real", extra_text: str = "",
                  child_ref: str = "NB-2026-0147") -> tuple[Record, LoadedPack, Overlay]:
    """The bruising scenario answered, signed by a fictional health visitor."""
    reg = registry()
    loaded = reg.current("bruising-non-mobile")
    assert loaded is not None
    overlay = reg.overlays["example-partnership"]
    store = Store(tmp / "records.sqlite")
    record = new_record(loaded.id, loaded.version, loaded.sha256, SIGNED - timedelta(hours=1),
                        kind="training" if kind == "training" else "real", child_ref=child_ref)
    session = ChecklistSession(store, loaded, record, overlay, Clock())
    for qid, value in scenario_answers().items():
        extra = f" {extra_text}" if extra_text and qid == "mark_description" else ""
        session.answer(qid, f"{value}{extra}" if extra else value)
    signed = session.complete("Dana Whitfield", "Health visitor", "Northbridge Community Health")
    store.close()
    return signed, loaded, overlay


def full_meeting(text: str = "", signed_off: bool = True) -> Meeting:
    """A complete fictional strategy discussion; `text` is added to every free-text field."""
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
    record = set_meeting(record, meeting, datetime(2026, 3, 2, 16, 0), key)
    record = add_addendum(record, author="Dana Whitfield", role="Health visitor",
                          text=f"Follow-up visit: bruise fading. {text}".strip(),
                          written_at=datetime(2026, 3, 5, 9, 40), key=key)
    if long_text:
        record = add_addendum(record, author="Dana Whitfield", role="Health visitor",
                              text=long_text, written_at=datetime(2026, 3, 6, 9, 40), key=key)
    return record, loaded, overlay
