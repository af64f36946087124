"""The bundled rule packs keep the contract of checklists.md and say only what they may."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.registry import load_registry

from .contractkit import contract, outcome_contract

ROOT = Path(__file__).resolve().parents[2]
PACKS = ("bruising-non-mobile", "safer-sleep", "extra-familial-harm")
# Phrases that would have the rules decide what only a strategy discussion decides.
S47_CLAIMS = re.compile(
    r"(section\s*47|s\.?\s*47)[^.]{0,40}\b(is|are|has been|have been)\s+met"
    r"|\bmeets?\b[^.]{0,30}(section\s*47|s\.?\s*47)"
    r"|(section\s*47|s\.?\s*47)\s+(enquiry|inquiry)\s+(is|must be)\s+(started|opened|required)",
    re.IGNORECASE,
)


RELEASES = {"1.0.0": date(2026, 11, 1), "1.1.0": date(2026, 12, 5)}  # version -> a day in it


@pytest.fixture(scope="module", params=sorted(RELEASES))
def release(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def packs(release: str) -> dict[str, LoadedPack]:
    """The packs current on a day: every released version keeps the contract."""
    registry = load_registry(ROOT / "rules", RELEASES[release])
    assert not registry.problems, [p.format() for p in registry.problems]
    return {p.id: p for p in registry.current_packs()}


def test_the_contract_copy_lists_every_pack() -> None:
    """The contract parser finds all three checklists (so the tests below can fail)."""
    found = contract()
    assert set(found) == set(PACKS)
    assert all(len(questions) >= 24 for questions in found.values()), {
        k: len(v) for k, v in found.items()}


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_contract_question_exists_with_its_type_and_choices(
        packs: dict[str, LoadedPack], pack_id: str) -> None:
    """Every question id of checklists.md exists with that answer type and those choice ids."""
    questions = packs[pack_id].compiled.questions
    for qid, (kind, choices) in contract()[pack_id].items():
        assert qid in questions, f"{pack_id}: missing {qid}"
        question = questions[qid]
        assert question.type.value == kind, f"{pack_id}.{qid} is {question.type.value}"
        if kind in ("choice", "multi"):
            own = set(question.choice_ids())
            missing = [c for c in choices if c not in own]
            assert not missing, f"{pack_id}.{qid} lacks choices {missing}"


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_contract_outcome_exists_at_its_level(packs: dict[str, LoadedPack],
                                                    pack_id: str) -> None:
    """Every outcome id of checklists.md exists with the urgency level the contract gives."""
    outcomes = packs[pack_id].compiled.outcomes
    for oid, level in outcome_contract()[pack_id].items():
        assert oid in outcomes, f"{pack_id}: missing outcome {oid}"
        assert outcomes[oid].level.value == level, f"{pack_id}.{oid}"


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_rule_and_outcome_cites_a_source_of_its_pack(packs: dict[str, LoadedPack],
                                                           pack_id: str) -> None:
    """Each rule and outcome names a source listed in the same pack, with a web address."""
    pack = packs[pack_id].pack
    sources = {s.id: s for s in pack.sources}
    for item in [*pack.rules, *pack.outcomes]:
        assert item.source in sources, f"{pack_id}.{item.id} cites {item.source}"
        assert sources[item.source].url.startswith("https://")


@pytest.mark.parametrize("pack_id", PACKS)
def test_no_rule_or_outcome_decides_section_47(packs: dict[str, LoadedPack],
                                               pack_id: str) -> None:
    """No text claims s47 criteria are met: only a strategy discussion decides that."""
    pack = packs[pack_id].pack
    texts = [r.rationale for r in pack.rules]
    texts += [f"{o.title} {o.what_to_do} {o.by_when}" for o in pack.outcomes]
    for text in texts:
        assert not S47_CLAIMS.search(text), text


def test_the_section_47_check_would_catch_a_claim() -> None:
    """The s47 pattern recognises the claims it exists to forbid."""
    assert S47_CLAIMS.search("Section 47 criteria are met: start an enquiry.")
    assert S47_CLAIMS.search("This injury meets the s47 threshold.")
    assert not S47_CLAIMS.search("The strategy discussion decides whether section 47 "
                                 "criteria are reached.")


@pytest.mark.parametrize("pack_id", PACKS)
def test_packs_are_approved_and_in_effect(packs: dict[str, LoadedPack], release: str,
                                          pack_id: str) -> None:
    """Each shipped pack is an approved release, in effect on its day, with a changelog entry."""
    pack = packs[pack_id].pack
    assert pack.status.value == "approved"
    assert pack.version == release
    assert any(entry.version == release for entry in pack.changelog)
