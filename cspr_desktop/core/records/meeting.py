"""The multi-agency meeting on a completed record, from the chair's point of view.

The fields follow what a good strategy-discussion record holds (guidance brief, section 0.3).
The decision on section 47 is always the chair's, typed by the chair; no rule ever sets it.
Once the chair signs the meeting off, it is as immutable as the signed checklist.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MeetingType = Literal["strategy_discussion", "multi_agency_discussion", "exploitation_panel",
                      "other"]
Attendance = Literal["attended", "apologies", "sent_information"]
S47Decision = Literal["met", "not_met", "not_yet_decided"]
LONG = 100_000

MEETING_TYPE_WORDS: dict[str, str] = {
    "strategy_discussion": "Strategy discussion",
    "multi_agency_discussion": "Multi-agency discussion",
    "exploitation_panel": "Exploitation panel",
    "other": "Other meeting",
}
ATTENDANCE_WORDS: dict[str, str] = {
    "attended": "Attended",
    "apologies": "Sent apologies",
    "sent_information": "Sent information",
}
S47_WORDS: dict[str, str] = {
    "met": "Section 47 criteria met: enquiries to start",
    "not_met": "Section 47 criteria not met",
    "not_yet_decided": "Not yet decided",
}


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=LONG)


class Attendee(_Part):
    name: str = ""
    role: str = ""
    agency: str = ""
    attendance: Attendance = "attended"


class AgencyInformation(_Part):
    agency: str = ""
    information: str = ""


class Action(_Part):
    action: str = ""
    owner: str = ""
    agency: str = ""
    due: date | None = None
    done: bool = False


class MeetingSignOff(_Part):
    chair_name: str = Field(min_length=1)
    signed_at: datetime


class Meeting(_Part):
    """Everything the chair records; every field may be empty while the meeting is a draft."""

    schema_version: Literal[1] = 1
    meeting_type: MeetingType = "strategy_discussion"
    meeting_type_other: str = ""
    held_at: datetime | None = None
    chair: str = ""
    attendees: list[Attendee] = Field(default_factory=list)
    reason: str = ""
    information_shared: list[AgencyInformation] = Field(default_factory=list)
    child_voice: str = ""
    child_voice_unavailable_reason: str = ""
    risk_analysis: str = ""
    s47_decision: S47Decision | None = None
    s47_rationale: str = ""
    immediate_safety_actions: str = ""
    medical_examination: str = ""
    parents_told: str = ""
    parents_not_told_reason: str = ""
    other_children: str = ""
    actions: list[Action] = Field(default_factory=list)
    next_step: str = ""
    next_step_date: date | None = None
    lawful_basis: str = ""
    not_shared: str = ""
    distribution: str = ""
    signed_off: MeetingSignOff | None = None

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off is not None

    def missing_for_sign_off(self) -> list[str]:
        """What the chair must record before signing off, in words."""
        missing = []
        if not self.chair.strip():
            missing.append("the chair's name")
        if self.held_at is None:
            missing.append("the date and time of the meeting")
        if not self.attendees:
            missing.append("who took part")
        if self.s47_decision is None:
            missing.append("the decision on section 47")
        elif not self.s47_rationale.strip():
            missing.append("the reasons for the section 47 decision")
        if not (self.child_voice.strip() or self.child_voice_unavailable_reason.strip()):
            missing.append("the child's voice, or why it is not available")
        return missing
