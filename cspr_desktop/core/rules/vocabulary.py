"""The words of the rule-pack format that the whole app speaks: levels, answer types, a pack's
status and versions. Plain enums without pydantic, so the home screen and the level words load
without the format's models (see models)."""

from __future__ import annotations

import re
from enum import StrEnum

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


class Level(StrEnum):
    """Urgency levels shared by every pack, lowest first."""

    ROUTINE = "routine"
    PROMPT = "prompt"
    SAME_DAY = "same_day"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return LEVEL_ORDER.index(self)

    @property
    def words(self) -> str:
        """How the level reads on screen and on paper."""
        return LEVEL_WORDS[self]


LEVEL_ORDER: tuple[Level, ...] = (Level.ROUTINE, Level.PROMPT, Level.SAME_DAY, Level.EMERGENCY)
LEVEL_WORDS = {
    Level.ROUTINE: "Routine: advise and record",
    Level.PROMPT: "Prompt: act within days",
    Level.SAME_DAY: "Same day: act today",
    Level.EMERGENCY: "Emergency: immediate danger — call 999 now",
}


class AnswerType(StrEnum):
    YESNO = "yesno"
    CHOICE = "choice"
    MULTI = "multi"
    NUMBER = "number"
    TEXT = "text"
    DATE = "date"
    DATETIME = "datetime"


class Status(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    RETIRED = "retired"


class Basis(StrEnum):
    NATIONAL = "national"
    LOCAL = "local"
    RESEARCH = "research"


def semver_key(version: str) -> tuple[int, int, int]:
    """Sort key for a MAJOR.MINOR.PATCH string; invalid strings sort first."""
    match = SEMVER.match(version)
    if not match:
        return (-1, -1, -1)
    major, minor, patch = (int(g) for g in match.groups())
    return (major, minor, patch)
