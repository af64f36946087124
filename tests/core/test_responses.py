"""The practitioner's response to each outcome: kept on the draft, sealed with the signature,
and shown in every export; and records signed before responses existed still open and verify.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from recordkit import SIGNED, Clock, registry, scenario_answers
from sealkit import dumps, rehash

from cspr_desktop.core.errors import RecordError
from cspr_desktop.core.records.keys import signing_key
from cspr_desktop.core.records.records import Record, new_record, set_response
from cspr_desktop.core.records.responses import (
    NO_RESPONSE_RECORDED,
    OutcomeResponse,
    at_signing,
    missing,
)
from cspr_desktop.core.records.session import ChecklistSession
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.records.verification import Status, verify_record
from cspr_desktop.core.report.export_json import ImportRefused, export_json, read_export
from cspr_desktop.core.report.render import record_view, render_html

OLD_FILE = Path(__file__).resolve().parents[1] / "data" / "signed-before-responses.cspr.json"
NOW = datetime(2026, 3, 9, 11, 0)


def _session(tmp: Path) -> ChecklistSession:
    loaded = registry().current("bruising-non-mobile")
    assert loaded is not None
    record = new_record(loaded.id, loaded.version, loaded.sha256, SIGNED - timedelta(hours=1),
                        child_ref="NB-2026-0147")
    session = ChecklistSession(Store(tmp / "records.sqlite"), loaded, record, None, Clock())
    for qid, value in scenario_answers().items():
        session.answer(qid, value)
    return session


def test_a_record_signed_before_responses_existed_opens_and_verifies() -> None:
    text = OLD_FILE.read_text(encoding="utf-8")
    assert "responses" not in json.loads(text)["record"]
    imported = read_export(text, OLD_FILE.name, NOW)
    assert imported.verification.status == Status.SIGNED
    assert imported.record.responses == {}
    view = record_view(imported.record)
    assert view.brief.outcomes.columns[-1] == "Response"
    assert {row[-1] for row in view.brief.outcomes.rows} == {NO_RESPONSE_RECORDED}
    # and a forger cannot slip responses into it afterwards
    document = json.loads(text)
    document["record"]["responses"] = {"cp_medical": {"status": "done"}}
    with pytest.raises(ImportRefused, match="changed"):
        read_export(dumps(rehash(document)), OLD_FILE.name, NOW)


def test_responses_are_kept_on_the_draft_and_sealed_when_signed(tmp_path: Path) -> None:
    session = _session(tmp_path)
    shown = [o.id for o in session.evaluation.outcomes]
    assert session.evaluation.level is not None
    assert session.evaluation.level.value == "same_day" and len(shown) >= 3
    session.respond(shown[0], OutcomeResponse(status="done"))
    session.respond(shown[1], OutcomeResponse(status="not_followed", reason="already_in_place",
                                              comment="Paediatric review booked yesterday."))
    session.save()
    assert [m[0] for m in session.missing_responses()] == shown[2:]
    signed = session.complete("Dana Whitfield", "Health visitor", "Northbridge Community Health",
                              no_response_reason="Discussed with my supervisor; to follow.")
    assert list(signed.responses) == shown
    assert signed.responses[shown[0]].status == "done"
    assert signed.responses[shown[1]].reason == "already_in_place"
    for later in shown[2:]:
        assert signed.responses[later].status == "none_given"
        assert signed.responses[later].comment == "Discussed with my supervisor; to follow."
    assert verify_record(signed).status == Status.SIGNED
    with pytest.raises(RecordError):
        set_response(signed, shown[0], None, NOW)
    changed = signed.model_copy(update={"responses": {
        **signed.responses, shown[0]: OutcomeResponse(status="will_do")}})
    assert verify_record(changed).damaged
    assert verify_record(signed.model_copy(update={"responses": {}})).damaged
    html = render_html(signed)
    assert "Not followed — Already in place: Paediatric review booked yesterday." in html
    assert ("No response given at signing. Reason given: Discussed with my supervisor; to "
            "follow.") in html


def test_an_exported_response_cannot_be_edited(tmp_path: Path) -> None:
    session = _session(tmp_path)
    first = session.evaluation.outcomes[0].id
    session.respond(first, OutcomeResponse(status="done"))
    signed = session.complete("Dana Whitfield", "Health visitor", "Northbridge Community Health")
    document = json.loads(export_json(signed, signing_key(tmp_path), NOW))
    assert document["record"]["responses"][first] == {"status": "done", "reason": None,
                                                      "comment": ""}
    edited = copy.deepcopy(document)
    edited["record"]["responses"][first]["status"] = "not_followed"
    edited["record"]["responses"][first]["reason"] = "family_declined"
    with pytest.raises(ImportRefused, match="changed"):
        read_export(dumps(rehash(edited)), "record.json", NOW)


def test_what_counts_as_missing_and_how_signing_fills_it() -> None:
    given = {
        "a": OutcomeResponse(status="will_do"),
        "b": OutcomeResponse(status="not_followed"),
        "c": OutcomeResponse(status="not_followed", reason="professional_judgement"),
        "d": OutcomeResponse(status="not_followed", reason="family_declined"),
    }
    outcomes = [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D"), ("e", "E")]
    assert missing(outcomes, given) == [
        ("b", "B", "a reason it was not followed"), ("c", "C", "a comment saying why"),
        ("e", "E", "a response")]
    kept = at_signing([o for o, _ in outcomes], given)
    assert kept["a"] == given["a"] and kept["d"] == given["d"]
    assert {kept[o].status for o in "bce"} == {"none_given"}
    assert kept["e"].words() == "No response given at signing; no reason was given."


def test_stale_copies_keep_the_responses_made_here(tmp_path: Path) -> None:
    from cspr_desktop.core.records.conflicts import reapply

    session = _session(tmp_path)
    base: Record = session.record
    outcome = session.evaluation.outcomes[0].id
    mine = set_response(base, outcome, OutcomeResponse(status="done"), NOW)
    latest = base.model_copy(update={"child_ref": "NB-OTHER"})
    merged = reapply(base, mine, latest, NOW)
    assert merged.child_ref == "NB-OTHER"
    assert merged.responses[outcome].status == "done"
