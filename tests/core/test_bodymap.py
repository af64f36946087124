"""The body map's drawing, hit test and picture, without Qt."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from cspr_desktop.core.bodymap import regions
from cspr_desktop.core.bodymap.anchors import site_anchor
from cspr_desktop.core.bodymap.drawing import label_text, render_svg
from cspr_desktop.core.bodymap.regions import (
    SITE_LABELS,
    SITES,
    Region,
    load_regions,
    parse_region_id,
    site_at,
)
from cspr_desktop.core.bodymap.styles import HATCH_ID, SELECTED_FILL

from .contractkit import contract

SVG = "{http://www.w3.org/2000/svg}"

# The injury_sites choices as checklists.md lists them: the body map must draw exactly these.
CONTRACT = contract()["bruising-non-mobile"]["injury_sites"][1]


def _texts(svg: str) -> str:
    return " ".join("".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text"))


def test_sites_are_the_injury_sites_contract_in_order() -> None:
    assert list(SITES) == CONTRACT
    assert set(SITE_LABELS) == set(SITES)
    assert SITE_LABELS["angle_of_jaw"] == "Angle of jaw"
    assert SITE_LABELS["mouth_lips"] == "Mouth or lips"
    assert SITE_LABELS["frenulum"] == "Frenulum (tissue under lip or tongue)"


@pytest.mark.parametrize("site", CONTRACT)
def test_every_site_has_a_region(site: str) -> None:
    assert any(region.site == site for region in load_regions())


def test_every_region_id_in_the_drawing_parses() -> None:
    root = ET.parse(regions.svg_path()).getroot()
    ids = [e.get("id", "") for e in root.iter() if e.get("id", "").startswith("site-")]
    assert len(ids) == len(load_regions()) >= len(SITES)
    assert len(set(ids)) == len(ids), "region ids must be unique"
    for element_id in ids:
        parsed = parse_region_id(element_id)
        assert parsed is not None, element_id
        site, view = parsed
        assert site in SITES and view in ("front", "back"), element_id
    for element in root.iter():
        if element.get("id", "").startswith("site-"):
            assert element.tag.removeprefix(SVG) in ("ellipse", "circle", "rect", "polygon")


def test_region_ids_split_at_the_view() -> None:
    assert parse_region_id("site-back-back") == ("back", "back")
    assert parse_region_id("site-arm-front-l") == ("arm", "front")
    assert parse_region_id("site-angle_of_jaw-front-face-r") == ("angle_of_jaw", "front")
    assert parse_region_id("site-arm") is None
    assert parse_region_id("arm-front") is None


def test_both_views_are_drawn() -> None:
    views = {(r.site, r.view) for r in load_regions()}
    for site in ("scalp", "neck", "back", "buttocks", "arm", "hand", "leg", "foot"):
        assert (site, "back") in views, site
    for site in ("chest", "abdomen", "genitals", "arm", "leg"):
        assert (site, "front") in views, site


def test_shapes_hit_test_exactly() -> None:
    ellipse = Region("e", "ear", "front", "ellipse", (10, 10, 4, 2))
    assert ellipse.contains(14, 10) and not ellipse.contains(13, 12)
    circle = Region("c", "ear", "front", "circle", (0, 0, 5))
    assert circle.contains(3, 4) and not circle.contains(4, 4)
    rect = Region("r", "neck", "front", "rect", (0, 0, 10, 5))
    assert rect.contains(10, 5) and not rect.contains(10.1, 2)
    # A concave "L": the notch is outside.
    poly = Region("p", "back", "back", "polygon", (0, 0, 10, 0, 10, 4, 4, 4, 4, 10, 0, 10))
    assert poly.contains(2, 8) and poly.contains(8, 2) and not poly.contains(8, 8)
    assert poly.area == pytest.approx(64)


def test_smallest_region_wins_where_regions_overlap() -> None:
    regions = load_regions()
    checked = 0
    for region in regions:
        x, y = region.centre
        covering = [r for r in regions if r.contains(x, y)]
        if min(covering, key=lambda r: r.area) is region:
            assert site_at(x, y) == region.site, region.element_id
            checked += 1
    assert checked >= len(regions) - 4  # only a few centres lie under a smaller region


def test_small_face_regions_beat_the_face_around_them() -> None:
    eye = next(r for r in load_regions() if r.element_id == "site-subconjunctiva-front-face-l")
    assert site_at(*eye.centre) == "subconjunctiva"
    lid = next(r for r in load_regions() if r.element_id == "site-eyelid-front-face-l")
    assert site_at(lid.centre[0], lid.bbox[1] + 2) == "eyelid"


@pytest.mark.parametrize("site", CONTRACT)
def test_each_site_has_an_anchor_that_selects_it(site: str) -> None:
    assert site_at(*site_anchor(site)) == site


def test_nothing_outside_the_body() -> None:
    assert site_at(2, 2) is None
    assert site_at(200, 200) is None  # between the front and back figures


def _labelled_sites(svg: str) -> set[str]:
    root = ET.fromstring(svg)
    found = set()
    for group in root.iter(f"{SVG}g"):
        for cls in group.get("class", "").split():
            if cls.startswith("site-label-"):
                found.add(cls.removeprefix("site-label-"))
    return found


@pytest.mark.parametrize(
    "selected",
    [[], ["frenulum"], ["ear", "cheek", "back"], ["subconjunctiva", "eyelid"], list(SITES)],
)
def test_render_labels_exactly_the_selected_sites(selected: list[str]) -> None:
    svg = render_svg(selected)
    root = ET.fromstring(svg)  # well-formed, standalone
    assert root.tag == f"{SVG}svg"
    assert _labelled_sites(svg) == set(selected)
    for site in selected:
        assert label_text(svg, site) == SITE_LABELS[site]
        assert SITE_LABELS[site] in _texts(svg)  # the caption never splits a label
    for site in set(SITES) - set(selected):
        assert label_text(svg, site) is None


def test_render_shades_every_region_of_a_selected_site() -> None:
    root = ET.fromstring(render_svg(["arm"]))
    arms = [e for e in root.iter() if e.get("id", "").startswith("site-arm-")]
    assert len(arms) == 4
    assert all(e.get("fill") == SELECTED_FILL for e in arms)
    legs = [e for e in root.iter() if e.get("id", "").startswith("site-leg-")]
    assert all(e.get("fill") != SELECTED_FILL for e in legs)
    hatched = [e for e in root.iter() if e.get("fill") == f"url(#{HATCH_ID})"]
    assert len(hatched) == 4
    assert root.find(f".//{SVG}pattern[@id='{HATCH_ID}']") is not None


def test_render_title_lists_the_selected_sites_in_order() -> None:
    svg = render_svg(["leg", "ear"])
    caption = " ".join(
        "".join(t.itertext())
        for t in ET.fromstring(svg).iterfind(f".//{SVG}g[@id='bodymap-caption']/{SVG}text")
    )
    assert caption == "Injury sites marked: Ear, Leg."
    assert "No injury sites marked." in _texts(render_svg([]))


def test_unknown_sites_are_ignored() -> None:
    assert render_svg(["ear", "elbow", "<script>"]) == render_svg(["ear"])


def test_region_ids_stay_unique_in_the_picture() -> None:
    root = ET.fromstring(render_svg(SITES))
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_picture_keeps_its_geometry_whatever_is_selected() -> None:
    boxes = {ET.fromstring(render_svg(s)).get("viewBox") for s in ([], ["ear"], list(SITES))}
    assert len(boxes) == 1


def test_core_bodymap_does_not_import_qt() -> None:
    code = (
        "import sys, cspr_desktop.core.bodymap.drawing as b; b.render_svg(['ear']); "
        "sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
