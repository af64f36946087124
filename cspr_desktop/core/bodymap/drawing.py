"""The infant body map: the sites of `injury_sites`, their shapes in our drawing, and its picture.

The drawing (`resources/bodymap/infant.svg`) is the single source of the geometry: every clickable
region is an <ellipse>, <circle>, <rect> or <polygon> whose id is `site-<site>-<front|back>[-…]`.
This module reads it with the standard library only (no Qt), so the hit test and the picture a
completed record keeps are decided, and tested, in core; the Qt widget only paints and forwards
clicks.
"""

from __future__ import annotations

import copy
import functools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from cspr_desktop.core.bodymap.marks import SIDES, Mark, marks_of
from cspr_desktop.core.paths import resources_dir
from cspr_desktop.core.rules.models import Pack

SVG_NS = "http://www.w3.org/2000/svg"

#: The choice ids of the `injury_sites` question, in the order the checklist shows them.
SITES: tuple[str, ...] = (
    "scalp",
    "forehead",
    "eyelid",
    "subconjunctiva",
    "ear",
    "cheek",
    "angle_of_jaw",
    "nose",
    "mouth_lips",
    "frenulum",
    "neck",
    "chest",
    "abdomen",
    "back",
    "buttocks",
    "genitals",
    "arm",
    "hand",
    "leg",
    "foot",
)

#: Plain-English labels, as a practitioner would say them.
SITE_LABELS: dict[str, str] = {
    "scalp": "Scalp",
    "forehead": "Forehead",
    "eyelid": "Eyelid",
    "subconjunctiva": "White of the eye (subconjunctiva)",
    "ear": "Ear",
    "cheek": "Cheek",
    "angle_of_jaw": "Angle of jaw",
    "nose": "Nose",
    "mouth_lips": "Mouth or lips",
    "frenulum": "Frenulum (tissue under lip or tongue)",
    "neck": "Neck",
    "chest": "Chest",
    "abdomen": "Tummy (abdomen)",
    "back": "Back",
    "buttocks": "Buttocks",
    "genitals": "Genitals or nappy area",
    "arm": "Arm",
    "hand": "Hand",
    "leg": "Leg",
    "foot": "Foot",
}

SHAPES: tuple[str, ...] = ("ellipse", "circle", "rect", "polygon")

_ID_RE = re.compile(r"^site-(?P<site>[a-z_]+)-(?P<view>front|back)(?:-[A-Za-z0-9_-]+)?$")
_NUMBER_RE = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

# How a selected region looks: a strong blue fill, a thick dark outline and a hatch, so the
# selection reads on a black-and-white printout and for people who do not see the colour.
SELECTED_FILL = "#1d70b8"
SELECTED_FILL_OPACITY = "0.35"
SELECTED_STROKE = "#0b0c0c"
SELECTED_STROKE_WIDTH = "2.5"
HOVER_FILL = "#d2e2f1"
HOVER_STROKE = "#1d70b8"
HATCH_ID = "bodymap-hatch"

LABEL_FONT_SIZE = 11.0
LABEL_LINE_HEIGHT = 12.5
LABEL_ONE_LINE = 16  # characters; longer labels take two lines
TITLE_FONT_SIZE = 11.0
TITLE_LINE_HEIGHT = 14.0
TITLE_WRAP = 88  # characters per title line that fit the drawing's width at TITLE_FONT_SIZE
_CHAR_WIDTH_EM = 0.6  # a generous average advance for a bold sans-serif, for layout estimates


def svg_path() -> Path:
    """Where the drawing lives, in a checkout, a wheel or a frozen app alike."""
    return resources_dir() / "bodymap" / "infant.svg"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_region_id(element_id: str) -> tuple[str, str] | None:
    """Split `site-<site>-<view>[-suffix]` into (site, view); None if it is not a region id."""
    match = _ID_RE.match(element_id)
    if match is None:
        return None
    return match["site"], match["view"]


@dataclass(frozen=True)
class Region:
    """One clickable shape of the drawing, in SVG user coordinates.

    `params` by `shape`: ellipse (cx, cy, rx, ry); circle (cx, cy, r); rect (x, y, w, h);
    polygon (x0, y0, x1, y1, …).
    """

    element_id: str
    site: str
    view: str
    shape: str
    params: tuple[float, ...]
    side: str = ""  # the child's own "left" or "right" ("" on the midline)

    def contains(self, x: float, y: float) -> bool:
        """Exact hit test, edges included, so a click on an outline still counts."""
        p = self.params
        if self.shape == "ellipse":
            cx, cy, rx, ry = p
            return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.0
        if self.shape == "circle":
            cx, cy, r = p
            return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
        if self.shape == "rect":
            rx0, ry0, w, h = p
            return rx0 <= x <= rx0 + w and ry0 <= y <= ry0 + h
        return _point_in_polygon(x, y, self._points())

    def _points(self) -> list[tuple[float, float]]:
        p = self.params
        return [(p[i], p[i + 1]) for i in range(0, len(p), 2)]

    @property
    def area(self) -> float:
        """Area in square SVG units; the smaller of two overlapping regions wins a click."""
        p = self.params
        if self.shape == "ellipse":
            return math.pi * p[2] * p[3]
        if self.shape == "circle":
            return math.pi * p[2] * p[2]
        if self.shape == "rect":
            return p[2] * p[3]
        return abs(_shoelace(self._points()))

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom)."""
        p = self.params
        if self.shape == "ellipse":
            return p[0] - p[2], p[1] - p[3], p[0] + p[2], p[1] + p[3]
        if self.shape == "circle":
            return p[0] - p[2], p[1] - p[2], p[0] + p[2], p[1] + p[2]
        if self.shape == "rect":
            return p[0], p[1], p[0] + p[2], p[1] + p[3]
        xs, ys = p[0::2], p[1::2]
        return min(xs), min(ys), max(xs), max(ys)

    def outline(self, sides: int = 24) -> tuple[tuple[float, float], ...]:
        """The shape as a polygon (curves as a `sides`-gon), for placing labels round it."""
        p = self.params
        if self.shape in ("ellipse", "circle"):
            cx, cy = p[0], p[1]
            rx, ry = (p[2], p[3]) if self.shape == "ellipse" else (p[2], p[2])
            steps = [2 * math.pi * k / sides for k in range(sides)]
            return tuple((cx + rx * math.cos(t), cy + ry * math.sin(t)) for t in steps)
        if self.shape == "rect":
            x, y, w, h = p
            return ((x, y), (x + w, y), (x + w, y + h), (x, y + h))
        return tuple(self._points())

    @property
    def centre(self) -> tuple[float, float]:
        """The centre of the shape (the area centroid for a polygon)."""
        p = self.params
        if self.shape in ("ellipse", "circle"):
            return p[0], p[1]
        if self.shape == "rect":
            return p[0] + p[2] / 2, p[1] + p[3] / 2
        return _centroid(self._points())


def _shoelace(points: list[tuple[float, float]]) -> float:
    return 0.5 * sum(
        x0 * y1 - x1 * y0
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
    )


def _centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    area = _shoelace(points)
    if abs(area) < 1e-9:
        return sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * area), cy / (6 * area)


def _point_in_polygon(x: float, y: float, points: list[tuple[float, float]]) -> bool:
    inside = False
    n = len(points)
    for i in range(n):
        x0, y0 = points[i - 1]
        x1, y1 = points[i]
        if (y0 > y) != (y1 > y):
            x_cross = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
            if x <= x_cross:
                inside = not inside
    return inside


def _floats(element: ET.Element, *names: str) -> tuple[float, ...]:
    return tuple(float(element.get(name, "0")) for name in names)


def _region_from(element: ET.Element) -> Region | None:
    element_id = element.get("id", "")
    if not element_id.startswith("site-"):
        return None
    parsed = parse_region_id(element_id)
    if parsed is None:
        raise ValueError(f"body map: cannot read region id {element_id!r}")
    site, view = parsed
    if site not in SITE_LABELS:
        raise ValueError(f"body map: region {element_id!r} names unknown site {site!r}")
    shape = _local(element.tag)
    params: tuple[float, ...]
    if shape == "ellipse":
        params = _floats(element, "cx", "cy", "rx", "ry")
    elif shape == "circle":
        params = _floats(element, "cx", "cy", "r")
    elif shape == "rect":
        params = _floats(element, "x", "y", "width", "height")
    elif shape == "polygon":
        params = tuple(float(n) for n in _NUMBER_RE.findall(element.get("points", "")))
        if len(params) < 6 or len(params) % 2:
            raise ValueError(f"body map: polygon {element_id!r} needs at least three x,y points")
    else:
        raise ValueError(f"body map: region {element_id!r} is a <{shape}>; use {', '.join(SHAPES)}")
    return Region(element_id, site, view, shape, params, child_side(element_id, view))


def child_side(element_id: str, view: str) -> str:
    """The child's side a region shows, from its id's `-l` / `-r` suffix, which is the
    viewer's left or right: in a front view the child's right is on the viewer's left."""
    viewer = {"l": "left", "r": "right"}.get(element_id.rsplit("-", 1)[-1])
    if viewer is None or element_id.count("-") < 3:
        return ""
    if view == "back":
        return viewer
    return "right" if viewer == "left" else "left"


@functools.cache
def _source_tree() -> ET.Element:
    """The drawing with plain tag names (it is all SVG), so copies serialise without prefixes."""
    root = ET.fromstring(svg_path().read_text(encoding="utf-8"))
    for element in root.iter():
        element.tag = _local(element.tag)
    root.set("xmlns", SVG_NS)
    return root


@functools.cache
def load_regions() -> tuple[Region, ...]:
    """Every region of the drawing, in document (painting) order; read once and cached."""
    regions = [r for element in _source_tree().iter() if (r := _region_from(element)) is not None]
    return tuple(regions)


def region_at(x: float, y: float) -> Region | None:
    """The region under a point in SVG coordinates, or None.

    Where regions overlap the smallest wins (ties: the one painted last), so an eyelid beats the
    face around it and an ear beats the head it tucks behind.
    """
    best: tuple[float, int, Region] | None = None
    for index, region in enumerate(load_regions()):
        if region.contains(x, y) and (best is None or (region.area, -index) < best[:2]):
            best = (region.area, -index, region)
    return best[2] if best else None


def site_at(x: float, y: float) -> str | None:
    """The site under a point in SVG coordinates, or None (see `region_at`)."""
    region = region_at(x, y)
    return region.site if region else None


class Spot(NamedTuple):
    """A place a label names: a site, the child's side of it ("" for both or none) and the
    view ("" for every view the site is drawn in)."""

    site: str
    side: str = ""
    view: str = ""

    def covers(self, region: Region) -> bool:
        return (region.site == self.site and self.side in ("", region.side)
                and self.view in ("", region.view))

    @property
    def key(self) -> str:
        """'cheek' or 'cheek-left': what the label's class and `label_text` name it by."""
        return f"{self.site}-{self.side}" if self.side else self.site

    def words(self) -> str:
        """'Cheek', 'Cheek — left', 'Arm — right, back', 'Neck — back'."""
        where = ", ".join(part for part in (self.side, self.view) if part)
        return f"{SITE_LABELS[self.site]} — {where}" if where else SITE_LABELS[self.site]


def spots_of(marks: Iterable[Mark]) -> list[Spot]:
    """One spot per marked site and side, in SITES order: its view only when every mark there
    was seen in that one view (a mark on both views, or on no view in particular, is the whole
    site)."""
    views: dict[tuple[str, str], set[str]] = {}
    for mark in marks:
        if mark.site in SITE_LABELS:
            views.setdefault((mark.site, mark.side), set()).add(mark.view)
    spots = [Spot(site, side, next(iter(seen)) if len(seen) == 1 else "")
             for (site, side), seen in views.items()]
    return sorted(spots, key=lambda s: (SITES.index(s.site), ("", *SIDES).index(s.side)))


@functools.cache
def _primary_region(spot: Spot | str) -> Region:
    """The region a label points at: one marked class="label-anchor", else the largest."""
    spot = Spot(spot) if isinstance(spot, str) else spot
    regions = [r for r in load_regions() if spot.covers(r)]
    if not regions:
        raise KeyError(spot)
    anchored = {
        element.get("id")
        for element in _source_tree().iter()
        if "label-anchor" in _classes(element)
    }
    for region in regions:
        if region.element_id in anchored:
            return region
    largest = max(r.area for r in regions)
    # The first (in document order) of those about as large as the largest: mirrored left and
    # right limbs differ only by rounding.
    return next(r for r in regions if r.area >= largest * 0.98)


def _classes(element: ET.Element) -> list[str]:
    return element.get("class", "").split()


@functools.cache
def site_anchor(site: str | Spot, side: str = "", view: str = "") -> tuple[float, float]:
    """A point that `region_at` maps to this site (and side, and view, if given): where its
    label points and a test can click.

    The centre of its main region, unless a smaller region covers that (the white of the eye
    sits inside the eyelid), then the nearest point of a fine grid that is still this site.
    """
    spot = site if isinstance(site, Spot) else Spot(site, side, view)

    def hits(x: float, y: float) -> bool:
        region = region_at(x, y)
        return region is not None and spot.covers(region)

    region = _primary_region(spot)
    cx, cy = region.centre
    if hits(cx, cy):
        return cx, cy
    left, top, right, bottom = region.bbox
    candidates = [
        (left + (right - left) * i / 24, top + (bottom - top) * j / 24)
        for i in range(1, 24)
        for j in range(1, 24)
    ]
    candidates.sort(key=lambda p: (p[0] - cx) ** 2 + (p[1] - cy) ** 2)
    for px, py in candidates:
        if hits(px, py):
            return px, py
    raise ValueError(f"body map: no point of the drawing selects {spot!r}")


# --------------------------------------------------------------------------------------- render


def _spots(selected: Iterable[Any]) -> list[Spot]:
    """The spots of a body-map answer (site ids and mark objects; anything else ignored)."""
    return spots_of(marks_of(list(selected), SITES))


def title_lines(selected: Iterable[Any]) -> list[str]:
    """The caption that lists the marked sites and sides, wrapped to the drawing's width
    between labels (never inside one, so each reads whole)."""
    spots = _spots(selected)
    if not spots:
        return ["No injury sites marked."]
    words = [f"{s.words()}{'.' if i == len(spots) - 1 else ','}" for i, s in enumerate(spots)]
    lines = ["Injury sites marked:"]
    for word in words:
        if len(lines[-1]) + 1 + len(word) <= TITLE_WRAP:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


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


def _view_box() -> tuple[float, float, float, float]:
    numbers = [float(n) for n in _NUMBER_RE.findall(_source_tree().get("viewBox", ""))]
    if len(numbers) != 4:
        raise ValueError("body map: the drawing needs a viewBox")
    return numbers[0], numbers[1], numbers[2], numbers[3]


def _label_lines(label: str) -> list[str]:
    """Split a long label before its bracket, or else at the space nearest its middle, so it
    stays narrow beside a small region."""
    head, sep, tail = label.partition(" (")
    if sep:
        return [head, "(" + tail]
    if len(label) <= LABEL_ONE_LINE or " " not in label:
        return [label]
    head, sep, tail = label.partition(" — ")  # "Angle of jaw" over "— left"
    if sep:
        return [head, "— " + tail]
    spaces = [i for i, c in enumerate(label) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return [label[:cut], label[cut + 1 :]]


def _text_width(text: str, size: float) -> float:
    return len(text) * size * _CHAR_WIDTH_EM


Box = tuple[float, float, float, float]  # left, top, right, bottom
Segment = tuple[float, float, float, float]  # x0, y0, x1, y1

FEATURE_AREA = 1100.0  # regions smaller than this (eyes, ears, hands, feet …) are "features"
SMALL_REGION_AREA = 2500.0  # a label beside a region this small must not cover any of it


def _overlaps(a: Box, b: Box, gap: float = 2.0) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def _inside_box(x: float, y: float, box: Box, margin: float = 0.0) -> bool:
    return box[0] - margin <= x <= box[2] + margin and box[1] - margin <= y <= box[3] + margin


def _segment_hits_box(segment: Segment, box: Box) -> bool:
    """Liang-Barsky: does the segment pass through the box?"""
    x0, y0, x1, y1 = segment
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _segments_cross(a: Segment, b: Segment) -> bool:
    """Do two segments properly intersect? (Touching at an end does not count.)"""

    def side(x0: float, y0: float, x1: float, y1: float, x: float, y: float) -> float:
        return (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)

    d1 = side(*a, b[0], b[1])
    d2 = side(*a, b[2], b[3])
    d3 = side(*b, a[0], a[1])
    d4 = side(*b, a[2], a[3])
    return d1 * d2 < 0 and d3 * d4 < 0


def _nearest_on_box(x: float, y: float, box: Box) -> tuple[float, float]:
    return min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])


def _heading_boxes(root: ET.Element) -> list[Box]:
    """Boxes of the drawing's own words (Front, Back, Face …), which labels must not cover."""
    boxes: list[Box] = []
    for element in root.iter("text"):
        text = "".join(element.itertext()).strip()
        size = float(element.get("font-size") or 14)
        x, y = _floats(element, "x", "y")
        width = _text_width(text, size)
        boxes.append((x - width / 2, y - size, x + width / 2, y + 3))
    return boxes


@functools.cache
def _panels() -> dict[str, Box]:
    """Each region's view panel (its group in the drawing: front, back, face) as a box, so a
    label is not put where it would read as belonging to another view."""
    out: dict[str, Box] = {}
    by_id = {r.element_id: r for r in load_regions()}
    for group in _source_tree().iter("g"):
        members = [by_id[c.get("id", "")] for c in group if c.get("id", "") in by_id]
        if not members:
            continue
        boxes = [m.bbox for m in members]
        panel = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        for member in members:
            out[member.element_id] = panel
    return out


_Obstacle = tuple[Box, tuple[tuple[float, float], ...] | None, float]  # bounds, outline, cost


def _box_meets(box: Box, outline: tuple[tuple[float, float], ...]) -> bool:
    """Does a box touch a shape's outline polygon (not just its bounding box)?"""
    if any(_inside_box(x, y, box) for x, y in outline):
        return True
    points = list(outline)
    corners = ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3]))
    if any(_point_in_polygon(x, y, points) for x, y in corners):
        return True
    return any(
        _segment_hits_box((x0, y0, x1, y1), box)
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
    )


def _segment_meets(segment: Segment, bounds: Box, points: list[tuple[float, float]]) -> bool:
    """Does a segment cross into a shape (its outline polygon `points`, within `bounds`)?"""
    if not _segment_hits_box(segment, bounds):
        return False
    if _point_in_polygon(segment[2], segment[3], points):
        return True
    return any(
        _segments_cross(segment, (x0, y0, x1, y1))
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
    )


class _LabelLayout:
    """Places site labels one by one: on a region when the words fit inside it, otherwise as
    close as possible beside it with a leader line. Hard rules: never over another label, a
    leader line or another marked site's anchor point. Soft rules (a cost, weighed against
    distance): not over another marked site's shading, not over small features (eyes, ears,
    hands…), not in another view's panel."""

    OTHER_SELECTED_COST = 90.0
    FEATURE_COST = 30.0
    OTHER_PANEL_COST = 150.0
    CROSSING_COST = 120.0
    LEADER_OVER_SITE_COST = 35.0
    OTHER_REGION_COST = 12.0

    def __init__(self, bounds: Box, obstacles: list[Box], sites: list[Spot]):
        self.bounds = bounds
        self.labels: list[Box] = list(obstacles)
        self.leaders: list[Segment] = []
        self.sites = sites
        self.anchors = {site: site_anchor(site) for site in sites}

    def _marked(self, region: Region) -> bool:
        return any(spot.covers(region) for spot in self.sites)

    def _costs(self, site: Spot, region: Region) -> list[_Obstacle]:
        """The soft obstacles for one label, each with what covering it costs."""
        panels = _panels()
        own_panel = panels.get(region.element_id)
        costs: list[_Obstacle] = []
        for other in load_regions():
            if site.covers(other):
                continue
            if self._marked(other):
                price = self.OTHER_SELECTED_COST
            elif other.area < FEATURE_AREA:
                price = self.FEATURE_COST
            else:
                price = self.OTHER_REGION_COST
            costs.append((other.bbox, other.outline(), price))
        for panel in set(panels.values()):
            if panel != own_panel:
                costs.append((panel, None, self.OTHER_PANEL_COST))
        return costs

    def place(self, site: Spot, region: Region, width: float, height: float) -> tuple[Box, bool]:
        """Return the label's box and whether it needs a leader line."""
        costs = self._costs(site, region)
        best = self._inside(site, region, width, height, costs)
        if best is None or best[0] > 0:
            best = self._beside(site, region, width, height, costs, best)
        _, box, leader_needed = best
        self.labels.append(box)
        if leader_needed:
            ax, ay = self.anchors[site]
            end = _nearest_on_box(ax, ay, box)
            self.leaders.append((ax, ay, end[0], end[1]))
        return box, leader_needed

    @staticmethod
    def _cost(box: Box, costs: list[_Obstacle], ceiling: float = math.inf) -> float:
        total = 0.0
        for bounds, outline, price in costs:
            if _overlaps(box, bounds, 0.0) and (outline is None or _box_meets(box, outline)):
                total += price
                if total >= ceiling:
                    break
        return total

    def _inside(
        self, site: Spot, region: Region, width: float, height: float, costs: list[_Obstacle]
    ) -> tuple[float, Box, bool] | None:
        """The label on the region itself, if the region is roomy enough to show round it."""
        if region.area < SMALL_REGION_AREA:
            return None
        ax, ay = self.anchors[site]
        box = (ax - width / 2, ay - height / 2, ax + width / 2, ay + height / 2)
        corners = ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3]))
        if not all(region.contains(x, y) for x, y in corners) or not self._free(box, None, site):
            return None
        # On its own region a label wins unless it hides a feature or another marked site.
        cost = self._cost(box, costs)
        return (0.0 if cost < self.FEATURE_COST else cost), box, False

    def _beside(
        self,
        site: Spot,
        region: Region,
        width: float,
        height: float,
        costs: list[_Obstacle],
        best: tuple[float, Box, bool] | None,
    ) -> tuple[float, Box, bool]:
        """The best place near the region, with a leader line; `best` is the one to beat."""
        ax, ay = self.anchors[site]
        roomy = region.area >= SMALL_REGION_AREA
        marked = [  # other marked sites' shapes, which a leader had better not cross
            (r.bbox, list(r.outline(12)))
            for r in load_regions()
            if self._marked(r) and not site.covers(r) and not r.contains(ax, ay)
        ]
        for dist, box in self._candidates(ax, ay, width, height):
            if best is not None and dist >= best[0]:
                break  # candidates come nearest first: nothing further on can score better
            if (not roomy and _overlaps(box, region.bbox, 1.0)) or _inside_box(ax, ay, box, 4.0):
                continue
            score = dist + self._cost(box, costs, best[0] - dist if best else math.inf)
            if best is not None and score >= best[0]:
                continue
            end = _nearest_on_box(ax, ay, box)
            leader = (ax, ay, end[0], end[1])
            score += self.CROSSING_COST * sum(_segments_cross(leader, o) for o in self.leaders)
            if best is not None and score >= best[0]:
                continue
            for bounds, points in marked:
                if _segment_meets(leader, bounds, points):
                    score += self.LEADER_OVER_SITE_COST
                    if best is not None and score >= best[0]:
                        break
            if (best is None or score < best[0]) and self._free(box, leader, site):
                best = (score, box, True)
        if best is None:  # nowhere free: straight below the region
            below = region.bbox[3] + 4
            best = (0.0, (ax - width / 2, below, ax + width / 2, below + height), True)
        return best

    def _candidates(
        self, ax: float, ay: float, width: float, height: float
    ) -> list[tuple[float, Box]]:
        left, top, right, bottom = self.bounds
        seen: set[Box] = set()
        out: list[tuple[float, Box]] = []
        for dx in range(-126, 127, 6):
            for dy in range(-150, 151, 5):
                cx = min(max(ax + dx, left + width / 2), right - width / 2)
                cy = min(max(ay + dy, top + height / 2), bottom - height / 2)
                box = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
                if box in seen:
                    continue
                seen.add(box)
                near = _nearest_on_box(ax, ay, box)
                out.append((math.hypot(near[0] - ax, near[1] - ay), box))
        out.sort(key=lambda item: item[0])
        return out

    def _free(self, box: Box, leader: Segment | None, site: Spot) -> bool:
        if any(_overlaps(box, taken) for taken in self.labels):
            return False
        if any(_segment_hits_box(segment, box) for segment in self.leaders):
            return False
        for other, (x, y) in self.anchors.items():
            if other != site and _inside_box(x, y, box, 3.0):
                return False
        if leader is not None:
            if any(_segment_hits_box(leader, taken) for taken in self.labels):
                return False
            for other, (x, y) in self.anchors.items():
                if other != site and _segment_hits_box(leader, (x - 3, y - 3, x + 3, y + 3)):
                    return False
        return True


@dataclass(frozen=True)
class _Label:
    site: Spot
    lines: tuple[str, ...]
    box: Box
    leader: bool


@functools.lru_cache(maxsize=128)
def _layout_labels(sites: tuple[Spot, ...]) -> tuple[_Label, ...]:
    """Where each marked site's label goes; cached, as the widget re-renders on every hover."""
    vx, vy, vw, vh = _view_box()
    layout = _LabelLayout(
        (vx + 2, vy + 2, vx + vw - 2, vy + vh - 2), _heading_boxes(_source_tree()), list(sites)
    )
    placed: list[_Label] = []
    # Small regions first: they have the fewest good places for their words.
    for site in sorted(sites, key=lambda site: _primary_region(site).area):
        lines = _label_lines(site.words())
        width = max(_text_width(line, LABEL_FONT_SIZE) for line in lines) + 4
        height = len(lines) * LABEL_LINE_HEIGHT + 2
        box, leader = layout.place(site, _primary_region(site), width, height)
        placed.append(_Label(site, tuple(lines), box, leader))
    placed.sort(key=lambda label: sites.index(label.site))
    return tuple(placed)


def _add_text(parent: ET.Element, x: float, y: float, text: str, size: float) -> None:
    """Centred text with a white halo: a white-stroked copy under the dark one (SVG Tiny, which
    Qt renders, has no paint-order), so labels stay readable over hatching."""
    common = {"x": f"{x:.1f}", "y": f"{y:.1f}", "font-size": f"{size:g}", "text-anchor": "middle"}
    halo = ET.SubElement(
        parent,
        "text",
        {
            **common,
            "fill": "#ffffff",
            "stroke": "#ffffff",
            "stroke-width": "3.5",
            "stroke-linejoin": "round",
        },
    )
    halo.text = text
    ink = ET.SubElement(parent, "text", {**common, "fill": "#0b0c0c", "stroke": "none"})
    ink.text = text


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


def _add_label(parent: ET.Element, label: _Label) -> None:
    """One site's label, with a leader line and dot when it sits beside its region."""
    anchor = site_anchor(label.site)
    box = label.box
    group = ET.SubElement(parent, "g", {"class": f"site-label site-label-{label.site.key}"})
    if label.leader:
        end_x, end_y = _nearest_on_box(anchor[0], anchor[1], box)
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
        _add_text(group, centre_x, baseline, line, LABEL_FONT_SIZE)


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
    root = copy.deepcopy(_source_tree())
    vx, vy, vw, vh = _view_box()
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
    for label in _layout_labels(tuple(spots)):
        _add_label(labels, label)
    return ET.tostring(root, encoding="unicode")


def label_text(svg: str, site: str, side: str = "") -> str | None:
    """The words of a site's label in a rendered picture (for tests and exports), or None;
    with `side`, the label of that side's mark."""
    key = Spot(site, side).key
    root = ET.fromstring(svg)
    for group in root.iter():
        if _local(group.tag) == "g" and f"site-label-{key}" in _classes(group):
            texts = [t for t in group.iter() if _local(t.tag) == "text"]
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
