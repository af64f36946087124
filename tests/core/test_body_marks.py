"""Marks with a side, a view and notes: the rules still read sites, every output names the side,
and records made before sides keep opening, evaluating the same and verifying."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from cspr_desktop.core.bodymap import drawing as bodymap
from cspr_desktop.core.bodymap.drawing import label_text, render_svg
from cspr_desktop.core.bodymap.marks import (
    MAX_NOTE,
    PAIRED,
    TWO_VIEWS,
    Mark,
    marks_of,
    place_of,
    remove_place,
    toggle_place,
)
from cspr_desktop.core.bodymap.regions import SITES, load_regions, title_lines
from cspr_desktop.core.bodymap.styles import SELECTED_FILL
from cspr_desktop.core.errors import Code
from cspr_desktop.core.records.records import verify
from cspr_desktop.core.report.answer_text import describe_answer
from cspr_desktop.core.report.export_json import read_export
from cspr_desktop.core.report.render import render_html
from cspr_desktop.core.rules.engine import evaluate
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.registry import load_registry
from cspr_desktop.core.rules.serialize import evaluation_to_dict
from cspr_desktop.core.rules.yamlsource import read_file

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "rules"
SCENARIOS = RULES / "bruising-non-mobile" / "scenarios"
OLD_RECORD = REPO / "tests" / "data" / "record-before-sides.json"
LEFT_CHEEK = {"site": "cheek", "side": "left", "size": "10 mm across", "colour": "blue-purple",
              "shape": "round"}


@pytest.fixture(scope="module")
def loaded() -> LoadedPack:
    found = load_registry(RULES).current("bruising-non-mobile")
    assert found is not None
    return found


def answers(name: str = "bnm-cheek-bruise-3-months") -> dict[str, Any]:
    data = read_file(SCENARIOS / f"{name}.yaml").data
    assert isinstance(data, dict)
    return dict(data["answers"])


def outcome(evaluation: Any) -> tuple[Any, ...]:
    return (evaluation.level, [o.id for o in evaluation.outcomes],
            [r.rule.id for r in evaluation.fired_rules], evaluation.invalid_answers)


# ------------------------------------------------------------------------------ the rules


@pytest.mark.parametrize("sided", [
    [LEFT_CHEEK],
    [{"site": "cheek", "side": "right"}],
    [{"site": "cheek", "side": "left"}, {"site": "cheek", "side": "right"}],
    [{"site": "cheek"}],
])
def test_a_rule_about_cheeks_fires_for_a_left_or_right_cheek(
        loaded: LoadedPack, sided: list[Any]) -> None:
    plain = answers()
    assert plain["injury_sites"] == ["cheek"]
    before = evaluate(loaded.compiled, plain)
    after = evaluate(loaded.compiled, {**plain, "injury_sites": sided})
    assert outcome(after) == outcome(before)
    assert after.derived["ten4_region"] and before.derived["ten4_region"]  # "... cheek ..."
    assert after.answers["injury_sites"] == ("cheek",)  # the rules read the site
    assert before.level is not None and before.level.value == "same_day"


def test_the_scenario_with_a_left_cheek_matches_the_plain_one(loaded: LoadedPack) -> None:
    sided = answers("bnm-left-cheek-bruise-marked-on-map")
    assert sided["injury_sites"] == [LEFT_CHEEK]
    assert outcome(evaluate(loaded.compiled, sided)) == outcome(
        evaluate(loaded.compiled, answers()))


def test_a_left_ear_counts_where_a_rule_names_ears(loaded: LoadedPack) -> None:
    base = answers()
    for value in (["ear"], [{"site": "ear", "side": "left", "view": "back"}]):
        evaluation = evaluate(loaded.compiled, {**base, "injury_sites": value})
        assert evaluation.answers["injury_sites"] == ("ear",)
        assert not evaluation.invalid_answers
    assert outcome(evaluate(loaded.compiled, {**base, "injury_sites": ["ear"]})) == outcome(
        evaluate(loaded.compiled, {**base, "injury_sites": [{"site": "ear", "side": "left"}]}))


def test_marks_are_evaluated_the_same_every_time(loaded: LoadedPack) -> None:
    """Mark objects cannot be remembered like plain lists; they are checked every time."""
    value = [LEFT_CHEEK, "chest"]
    first = evaluate(loaded.compiled, {**answers(), "injury_sites": value})
    again = evaluate(loaded.compiled, {**answers(), "injury_sites": value})
    assert outcome(first) == outcome(again)
    assert first.answers["injury_sites"] == ("cheek", "chest")


@pytest.mark.parametrize(("item", "code"), [
    ({"site": "elbow", "side": "left"}, Code.ANSWER_UNKNOWN_CHOICE),
    ({"side": "left"}, Code.ANSWER_UNKNOWN_CHOICE),
    ({"site": "chest", "side": "left"}, Code.ANSWER_UNKNOWN_CHOICE),  # the chest is not paired
    ({"site": "cheek", "side": "middle"}, Code.ANSWER_UNKNOWN_CHOICE),
    ({"site": "cheek", "view": "back"}, Code.ANSWER_UNKNOWN_CHOICE),  # drawn from the front only
    ({"site": "cheek", "depth": "deep"}, Code.ANSWER_WRONG_TYPE),
    ({"site": "cheek", "size": 10}, Code.ANSWER_WRONG_TYPE),
    ({"site": "cheek", "colour": "x" * (MAX_NOTE + 1)}, Code.ANSWER_TOO_LONG),
    (["cheek"], Code.ANSWER_WRONG_TYPE),
])
def test_a_bad_mark_is_reported_not_used(loaded: LoadedPack, item: Any, code: Code) -> None:
    evaluation = evaluate(loaded.compiled, {**answers(), "injury_sites": [item, "chest"]})
    assert [(i.question, i.code) for i in evaluation.invalid_answers] == [("injury_sites", code)]
    assert "injury_sites" not in evaluation.answers


def test_a_note_at_the_limit_is_kept(loaded: LoadedPack) -> None:
    value = [{"site": "cheek", "side": "left", "colour": "x" * MAX_NOTE}]
    evaluation = evaluate(loaded.compiled, {**answers(), "injury_sites": value})
    assert not evaluation.invalid_answers


# ------------------------------------------------------------------------------ the drawing


def test_paired_and_two_view_sites_are_those_the_drawing_has() -> None:
    regions = load_regions()
    assert {r.site for r in regions if r.side} == PAIRED
    both = {r.site for r in regions if r.view == "back"} & {
        r.site for r in regions if r.view == "front"}
    assert both == TWO_VIEWS
    for site in PAIRED:  # every region of a paired site is on one side or the other
        assert {r.side for r in regions if r.site == site} == {"left", "right"}


def test_the_childs_left_is_the_viewers_right_from_the_front_and_left_from_the_back() -> None:
    by_id = {r.element_id: r for r in load_regions()}
    assert by_id["site-ear-front-r"].side == "left"
    assert by_id["site-cheek-front-face-r"].side == "left"
    assert by_id["site-ear-back-l"].side == "left"
    assert by_id["site-buttocks-back-r"].side == "right"


def shaded(svg: str) -> set[str]:
    return {e.get("id", "") for e in ET.fromstring(svg).iter()
            if e.get("id", "").startswith("site-") and e.get("fill") == SELECTED_FILL}


def test_a_left_cheek_shades_and_names_the_left_cheek_only() -> None:
    svg = render_svg([LEFT_CHEEK])
    assert shaded(svg) == {"site-cheek-front-r", "site-cheek-front-face-r"}
    assert label_text(svg, "cheek", "left") == "Cheek — left"
    assert label_text(svg, "cheek") is None and label_text(svg, "cheek", "right") is None
    assert title_lines([LEFT_CHEEK]) == ["Injury sites marked: Cheek — left."]


def test_a_plain_site_draws_as_it_always_did() -> None:
    svg = render_svg(["cheek"])
    assert shaded(svg) == {"site-cheek-front-l", "site-cheek-front-r",
                           "site-cheek-front-face-l", "site-cheek-front-face-r"}
    assert label_text(svg, "cheek") == "Cheek"
    assert title_lines(["cheek"]) == ["Injury sites marked: Cheek."]


def _caption(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    caption = root.find(".//{http://www.w3.org/2000/svg}g[@id='bodymap-caption']")
    assert caption is not None
    return ["".join(t.itertext()) for t in caption.iter("{http://www.w3.org/2000/svg}text")]


def test_the_widget_picture_keeps_its_size_and_a_record_picture_fits_its_caption() -> None:
    every = [{"site": s, "side": side, "view": "front" if s in TWO_VIEWS else ""}
             for s in SITES for side in (("left", "right") if s in PAIRED else ("",))]
    every = [{k: v for k, v in m.items() if v} for m in every]
    boxes = {ET.fromstring(render_svg(v)).get("viewBox") for v in ([], ["ear"], every, SITES)}
    assert len(boxes) == 1  # the widget's drawing never moves under the pointer
    cut = _caption(render_svg(every))
    assert len(cut) == bodymap.CAPTION_LINES and cut[-1].endswith(bodymap.MORE)
    assert _caption(render_svg(SITES)) == title_lines(SITES)  # every plain site still fits

    whole = render_svg(every, fit_caption=True)
    assert _caption(whole) == title_lines(every)  # nothing cut from a record's picture
    assert "Foot — right, front." in " ".join(_caption(whole))
    one = render_svg([LEFT_CHEEK], fit_caption=True)
    small = [float(n) for n in (ET.fromstring(one).get("viewBox") or "").split()]
    large = [float(n) for n in (ET.fromstring(whole).get("viewBox") or "").split()]
    assert small[3] < large[3]  # a short caption takes a short band
    assert shaded(one) == shaded(render_svg([LEFT_CHEEK]))


# ------------------------------------------------------------------------------ in words


def test_the_answer_in_words_names_the_side_and_the_notes(loaded: LoadedPack) -> None:
    question = next(q for q in loaded.pack.questions() if q.id == "injury_sites")
    assert describe_answer(question, [LEFT_CHEEK, "chest"]) == (
        "Cheek — left (size: 10 mm across, colour: blue-purple, shape: round); Chest")
    assert describe_answer(question, [{"site": "arm", "side": "right", "view": "back"}]) == (
        "Arm — right, back")
    assert describe_answer(question, ["cheek", "ear"]) == "Cheek, Ear"  # as before
    # Without the checklist installed, a mark still reads as words, by its ids.
    assert describe_answer(None, [LEFT_CHEEK]) == (
        "cheek — left (size: 10 mm across, colour: blue-purple, shape: round)")


def test_marks_are_put_in_site_order_and_the_same_place_is_kept_once() -> None:
    marks = marks_of([{"site": "ear", "side": "right"}, "chest", {"site": "cheek", "side":
                     "left"}, {"site": "ear", "side": "right", "size": "dup"}], SITES)
    assert [m.key for m in marks] == [("ear", "right", ""), ("cheek", "left", ""),
                                      ("chest", "", "")]
    assert marks[0].size == ""


def test_taking_a_place_out_of_a_wider_mark_keeps_the_rest_and_its_notes() -> None:
    whole = [Mark("arm", "left", "", size="2 cm")]
    assert remove_place(whole, place_of("arm", "left", "front")) == [
        Mark("arm", "left", "back", size="2 cm")]
    assert remove_place([Mark("cheek")], place_of("cheek", "right")) == [Mark("cheek", "left")]
    assert toggle_place([Mark("arm", "left", "back")], place_of("arm", "left", "back")) == []
    assert place_of("chest", "left", "front") == Mark("chest")  # what the site cannot have


# ------------------------------------------------------------------------------ old records


def test_a_record_made_before_sides_opens_verifies_and_evaluates_the_same() -> None:
    """tests/data/record-before-sides.json was signed and exported by the app before marks
    had sides (its body map answer is the plain ["cheek"])."""
    imported = read_export(OLD_RECORD.read_text("utf-8"), OLD_RECORD.name,
                           datetime(2026, 3, 3, 9, 0))
    record = imported.record
    assert record.answers["injury_sites"] == ["cheek"]
    assert verify(record) and not imported.verification.damaged
    assert record.completion is not None
    stored = record.completion.evaluation
    registry = load_registry(RULES)
    loaded = registry.for_record(record)  # 1.0.0, its pin checked
    overlay = registry.overlays["example-partnership"]  # as it was signed with
    again = evaluation_to_dict(evaluate(loaded.compiled, record.answers,
                                        overlay.parameters_for(loaded.id)))
    for part in ("level", "outcomes", "fired_rules", "derived", "visible"):
        assert again[part] == stored[part], part
    html = render_html(record, loaded, None)
    assert "Cheek" in html and "Cheek — left" not in html


def test_a_training_what_if_compares_marks_by_content_not_key_order() -> None:
    """The left-cheek scenario opened for training: the widget writes its marks with keys in
    its own order; that is no change, a different side is."""
    from cspr_desktop.core.training.cases import load_library, open_case

    registry = load_registry(RULES, datetime(2026, 3, 2).date())
    path = SCENARIOS / "bnm-left-cheek-bruise-marked-on-map.yaml"
    entry = next(e for e in load_library(registry).entries if e.path == path)
    assert entry.scenario is not None
    case = open_case(entry.scenario, registry, datetime(2026, 3, 2, 10, 15))
    assert case is not None
    answers = dict(case.record.answers)
    assert case.what_if.changed_questions(answers) == []
    answers["injury_sites"] = [dict(reversed(list(LEFT_CHEEK.items())))]
    assert case.what_if.changed_questions(answers) == []
    answers["injury_sites"] = [{**LEFT_CHEEK, "side": "right"}]
    assert case.what_if.changed_questions(answers) == ["injury_sites"]
