"""The words of each guidance level: one source for the live panel, check your answers, the
training screens and every output, so a level never reads one way on screen and another on
paper."""

from __future__ import annotations

from cspr_desktop.core.report.plain_text import clean_text
from cspr_desktop.core.rules.vocabulary import Level

#: A completed record whose answers triggered nothing.
NO_LEVEL_WORDS = "No outcome: nothing in the answers triggered the guidance"
#: While the questions that decide the level are unanswered (never a routine level).
TOO_EARLY_WORDS = "Not enough answers yet: the level is not decided"
#: A checklist just started: nothing answered yet.
NO_GUIDANCE_YET_WORDS = "No guidance yet: answer the questions"
TOO_EARLY = "too_early"


def level_words(level: str | None) -> str:
    """The level as a practitioner reads it: 'Same day: act today'."""
    if level is None:
        return NO_LEVEL_WORDS
    if level == TOO_EARLY:
        return TOO_EARLY_WORDS
    try:
        return Level(level).words
    except ValueError:
        return clean_text(level)


def live_level_words(level: str | None) -> str:
    """The level while a checklist is being filled in: as on paper, except that nothing
    answered yet reads 'No guidance yet' rather than 'No outcome'."""
    if level in (None, "none"):
        return NO_GUIDANCE_YET_WORDS
    return level_words(level)
