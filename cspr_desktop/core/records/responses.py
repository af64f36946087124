"""What the practitioner did about each outcome the guidance gave: done, will do, or not followed
(with a coded reason and a comment), recorded on the draft and sealed with the signed record.

The guidance supports professional judgement; it never replaces it. So the record keeps, beside
each outcome, the practitioner's response to it, and a reason in their words when they did not
follow it. An outcome signed without a response says so (`none_given`), with the reason the
signer gave for signing without one, so a reader never mistakes silence for agreement.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["done", "will_do", "not_followed", "none_given"]
Reason = Literal["professional_judgement", "already_in_place", "family_declined",
                 "not_applicable", "other"]
MAX_COMMENT = 10_000
URGENT_LEVELS = ("emergency", "same_day")  # signing one of these asks for every response

STATUS_WORDS: dict[str, str] = {
    "done": "Done",
    "will_do": "Will do",
    "not_followed": "Not followed",
    "none_given": "No response given",
}
#: What a practitioner can choose on screen (`none_given` is only ever set at signing).
CHOSEN: tuple[Status, ...] = ("done", "will_do", "not_followed")
REASON_WORDS: dict[str, str] = {
    "professional_judgement": "Professional judgement (say why)",
    "already_in_place": "Already in place",
    "family_declined": "The family declined",
    "not_applicable": "Not applicable to this case",
    "other": "Other (say what)",
}
#: Reasons that mean nothing without the practitioner's own words beside them.
NEEDS_COMMENT = frozenset({"professional_judgement", "other"})
NO_RESPONSE_RECORDED = "No response recorded"


class OutcomeResponse(BaseModel):
    """One outcome's response; `reason` only for 'not followed'."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: Status
    reason: Reason | None = None
    comment: str = Field(default="", max_length=MAX_COMMENT)

    def gap(self) -> str:
        """What is still needed for this response to stand on its own, in words ('' if none)."""
        if self.status != "not_followed":
            return ""
        if self.reason is None:
            return "a reason it was not followed"
        if self.reason in NEEDS_COMMENT and not self.comment.strip():
            return "a comment saying why"
        return ""

    def words(self) -> str:
        """The response as a reader sees it, e.g. 'Not followed — Already in place: ...'."""
        text = STATUS_WORDS[self.status]
        if self.status == "not_followed" and self.reason is not None:
            reason = REASON_WORDS[self.reason].removesuffix(" (say why)").removesuffix(
                " (say what)")
            text += f" — {reason}"
        comment = self.comment.strip()
        if self.status == "none_given":
            return (f"{text} at signing. Reason given: {comment}" if comment
                    else f"{text} at signing; no reason was given.")
        return f"{text}: {comment}" if comment else text


def response_words(response: OutcomeResponse | None) -> str:
    return response.words() if response is not None else NO_RESPONSE_RECORDED


def missing(outcomes: Iterable[tuple[str, str]],
            responses: Mapping[str, OutcomeResponse]) -> list[tuple[str, str, str]]:
    """(outcome id, title, what is missing) for each outcome without a complete response."""
    found = []
    for outcome_id, title in outcomes:
        response = responses.get(outcome_id)
        if response is None or response.status == "none_given":
            found.append((outcome_id, title, "a response"))
        elif response.gap():
            found.append((outcome_id, title, response.gap()))
    return found


def at_signing(outcome_ids: Iterable[str], responses: Mapping[str, OutcomeResponse],
               reason: str = "") -> dict[str, OutcomeResponse]:
    """The responses a signed record keeps: one per outcome shown at signing, in its order;
    an outcome without a complete response says none was given, with `reason` if any (an
    incomplete 'not followed' keeps its comment after that reason)."""
    kept: dict[str, OutcomeResponse] = {}
    for outcome_id in outcome_ids:
        response = responses.get(outcome_id)
        if response is not None and response.status != "none_given" and not response.gap():
            kept[outcome_id] = response
            continue
        words = [reason.strip()]
        if response is not None and response.comment.strip():
            words.append(f"(Comment written before signing: {response.comment.strip()})")
        kept[outcome_id] = OutcomeResponse(status="none_given",
                                           comment=" ".join(w for w in words if w)[:MAX_COMMENT])
    return kept
