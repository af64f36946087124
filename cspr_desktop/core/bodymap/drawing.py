"""The body map's picture: the drawing with marked regions shaded and labelled, and its caption;
the picture a completed record keeps.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from typing import Any

from cspr_desktop.core.bodymap.anchors import site_anchor
from cspr_desktop.core.bodymap.labels import (
    Box,
    PlacedLabel,
    add_text,
    layout_labels,
    nearest_on_box,
)
from cspr_desktop.core.bodymap.marks import Mark, marks_of
from cspr_desktop.core.bodymap.regions import (
    SITES,
    Spot,
    classes_of,
    load_regions,
    local_tag,
    source_tree,
    spots_of,
    title_lines,
    view_box,
)
from cspr_desktop.core.bodymap.styles import (
    HATCH_ID,
    HOVER_FILL,
    HOVER_STROKE,
    LABEL_FONT_SIZE,
    LABEL_LINE_HEIGHT,
    SELECTED_FILL,
    SELECTED_FILL_OPACITY,
    SELECTED_STROKE,
    SELECTED_STROKE_WIDTH,
    TITLE_FONT_SIZE,
    TITLE_LINE_HEIGHT,
    TITLE_WRAP,
)
from cspr_desktop.core.rules.models import Pack

#: The widget's caption band holds this many lines, whatever is marked, so the drawing never
#: moves under the pointer (every site without sides fits; more is cut, and the list beside the
#: drawing shows it all). A record's picture fits its band to the whole caption instead.
CAPTION_LINES = 3
MORE = " … and more: see the list."


def _band(lines: int) -> float:
    return lines * TITLE_LINE_HEIGHT + 10.0


def _caption(marks: list[Mark], fit: bool) -> list[str]:
    """The caption's lines: all of them to fit, else at most CAPTION_LINES, the last cut at a
    word with MORE when the caption is longer."""
    lines = title_lines(marks)
    if fit or len(lines) <= CAPTION_LINES:
        return lines
    last = lines[CAPTION_LINES - 1][: TITLE_WRAP - len(MORE)].rsplit(" ", 1)[0].rstrip(",")
    return [*lines[: CAPTION_LINES - 1], last + MORE]


_GEOMETRY = ("cx", "cy", "rx", "ry", "r", "x", "y", "width", "height", "points")


def _shade(element: ET.Element) -> ET.Element:
    """Mark a region as selected and return the hatch overlay to paint right above it."""
    element.set("fill", SELECTED_FILL)
    element.set("fill-opacity", SELECTED_FILL_OPACITY)
    element.set("stroke", SELECTED_STROKE)
    element.set("stroke-width", SELECTED_STROKE_WIDTH)
    element.attrib.pop("stroke-dasharray", None)
    hatch = ET.Element(element.tag, {k: v for k, v in element.attrib.items() if k in _GEOMETRY})
    hatch.set("fill", f"url(#{HATCH_ID})")
    hatch.set("stroke", "none")
    return hatch


def _hatch_pattern() -> ET.Element:
    pattern = ET.Element(
        "pattern",
        {
            "id": HATCH_ID,
            "patternUnits": "userSpaceOnUse",
            "width": "6",
            "height": "6",
            "patternTransform": "rotate(45)",
        },
    )
    ET.SubElement(
        pattern,
        "line",
        {"x1": "3", "y1": "0", "x2": "3", "y2": "6", "stroke": "#0b0c0c", "stroke-width": "1.2"},
    )
    return pattern


def _add_caption(root: ET.Element, lines: list[str], marked: bool, view_box: Box) -> None:
    """The title band above the drawing, listing the marked sites."""
    vx, top, vw, band = view_box
    group = ET.SubElement(root, "g", {"id": "bodymap-caption", "font-family": "sans-serif"})
    ET.SubElement(
        group,
        "rect",
        {
            "x": f"{vx:g}",
            "y": f"{top:g}",
            "width": f"{vw:g}",
            "height": f"{band - 2:g}",
            "fill": "#f3f2f1",
            "stroke": "none",
        },
    )
    first_baseline = top + (band - 2 - len(lines) * TITLE_LINE_HEIGHT) / 2 + TITLE_FONT_SIZE
    for i, line in enumerate(lines):
        node = ET.SubElement(
            group,
            "text",
            {
                "x": f"{vx + 10:g}",
                "y": f"{first_baseline + i * TITLE_LINE_HEIGHT:g}",
                "font-size": f"{TITLE_FONT_SIZE:g}",
                "font-weight": "bold" if marked else "normal",
                "fill": "#0b0c0c",
            },
        )
        node.text = line


def _add_label(parent: ET.Element, label: PlacedLabel) -> None:
    """One site's label, with a leader line and dot when it sits beside its region."""
    anchor = site_anchor(label.site)
    box = label.box
    group = ET.SubElement(parent, "g", {"class": f"site-label site-label-{label.site.key}"})
    if label.leader:
        end_x, end_y = nearest_on_box(anchor[0], anchor[1], box)
        for colour, stroke_width in (("#ffffff", "3"), ("#0b0c0c", "1")):
            ET.SubElement(
                group,
                "line",
                {
                    "x1": f"{anchor[0]:.1f}",
                    "y1": f"{anchor[1]:.1f}",
                    "x2": f"{end_x:.1f}",
                    "y2": f"{end_y:.1f}",
                    "stroke": colour,
                    "stroke-width": stroke_width,
                    "stroke-linecap": "round",
                },
            )
        ET.SubElement(
            group,
            "circle",
            {"cx": f"{anchor[0]:.1f}", "cy": f"{anchor[1]:.1f}", "r": "1.8", "fill": "#0b0c0c"},
        )
    centre_x = (box[0] + box[2]) / 2
    for i, line in enumerate(label.lines):
        baseline = box[1] + 1 + LABEL_FONT_SIZE * 0.85 + i * LABEL_LINE_HEIGHT
        add_text(group, centre_x, baseline, line, LABEL_FONT_SIZE)


def render_svg(selected: Iterable[Any], *, hover: Spot | str | None = None,
               fit_caption: bool = False) -> str:
    """The drawing with the marked sites shaded, hatched and labelled, under a caption that
    lists them: a complete standalone SVG, which is what a completed record keeps as its picture.

    `selected` is a body-map answer: site ids (every side and view of the site) or mark objects
    (core.marks), which narrow it to the child's left or right and to one view. Unknown sites
    are ignored. `hover` (for the widget) tints one more place lightly. `fit_caption` sizes the
    caption band to the whole caption (a record's picture); without it the band has
    CAPTION_LINES, so the drawing stays put as marks are added (the widget).
    """
    marks = marks_of(list(selected), SITES)
    spots = spots_of(marks)
    tint = Spot(hover) if isinstance(hover, str) else hover
    root = copy.deepcopy(source_tree())
    vx, vy, vw, vh = view_box()
    caption = _caption(marks, fit_caption)
    band = _band(len(caption) if fit_caption else CAPTION_LINES)
    root.set("viewBox", f"{vx:g} {vy - band:g} {vw:g} {vh + band:g}")
    root.set("width", f"{vw:g}")
    root.set("height", f"{vh + band:g}")
    title = root.find("title")
    if title is not None:
        title.text = "Body map of an infant. " + " ".join(title_lines(marks))

    regions = {r.element_id: r for r in load_regions()}
    # Shade regions where they are painted, so what is drawn over them still is.
    for parent in list(root.iter()):
        for index in range(len(parent) - 1, -1, -1):
            element = parent[index]
            region = regions.get(element.get("id", ""))
            if region is None:
                continue
            if any(spot.covers(region) for spot in spots):
                parent.insert(index + 1, _shade(element))
            elif tint is not None and tint.covers(region):
                element.set("fill", HOVER_FILL)
                element.set("stroke", HOVER_STROKE)

    defs = ET.Element("defs")
    defs.append(_hatch_pattern())
    root.insert(0, defs)
    _add_caption(root, caption, bool(marks), (vx, vy - band, vw, band))
    labels = ET.SubElement(
        root, "g", {"id": "bodymap-labels", "font-family": "sans-serif", "font-weight": "bold"}
    )
    for label in layout_labels(tuple(spots)):
        _add_label(labels, label)
    return ET.tostring(root, encoding="unicode")


def label_text(svg: str, site: str, side: str = "") -> str | None:
    """The words of a site's label in a rendered picture (for tests and exports), or None;
    with `side`, the label of that side's mark."""
    key = Spot(site, side).key
    root = ET.fromstring(svg)
    for group in root.iter():
        if local_tag(group.tag) == "g" and f"site-label-{key}" in classes_of(group):
            texts = [t for t in group.iter() if local_tag(t.tag) == "text"]
            inked = [t for t in texts if t.get("fill") != "#ffffff"]
            return " ".join("".join(t.itertext()) for t in inked)
    return None


def shown_answers(answers: Mapping[str, Any], evaluation: Any) -> dict[str, Any]:
    """The answers as given (a body map's marks keep their sides and notes) for the questions
    the evaluation used: a hidden or unusable answer is not drawn."""
    used = evaluation.answers
    return {qid: answers[qid] for qid in used if qid in answers}


def record_svg(pack: Pack, answers: Mapping[str, Any]) -> str:
    """The body map picture a record keeps, for a pack with a body-map question ("" if none).
    Pass the answers as given (see `shown_answers`): the evaluation's own are only the sites."""
    for question in pack.questions():
        if question.widget == "body_map":
            return render_svg(answers.get(question.id) or (), fit_caption=True)
    return ""
