"""The infant body map's sites and their shapes in our drawing: the regions, the hit test and
the caption that names the marked sites.

The drawing (`resources/bodymap/infant.svg`) is the single source of the geometry: every clickable
region is an <ellipse>, <circle>, <rect> or <polygon> whose id is `site-<site>-<front|back>[-…]`.
This module reads it with the standard library only (no Qt), so the hit test is decided, and
tested, in core; the Qt widget only paints and forwards clicks. The point a site's label leads
to is worked out in `anchors`, and how the picture looks is set in `styles`.
"""

from __future__ import annotations

import functools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from cspr_desktop.core.bodymap.marks import SIDES, Mark, marks_of
from cspr_desktop.core.bodymap.styles import TITLE_WRAP
from cspr_desktop.core.paths import resources_dir

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
NUMBER_RE = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def svg_path() -> Path:
    """Where the drawing lives, in a checkout, a wheel or a frozen app alike."""
    return resources_dir() / "bodymap" / "infant.svg"


def local_tag(tag: str) -> str:
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
        return point_in_polygon(x, y, self._points())

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


def point_in_polygon(x: float, y: float, points: list[tuple[float, float]]) -> bool:
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


def floats_of(element: ET.Element, *names: str) -> tuple[float, ...]:
    return tuple(float(element.get(name, "0")) for name in names)


def classes_of(element: ET.Element) -> list[str]:
    return element.get("class", "").split()


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
    shape = local_tag(element.tag)
    params: tuple[float, ...]
    if shape == "ellipse":
        params = floats_of(element, "cx", "cy", "rx", "ry")
    elif shape == "circle":
        params = floats_of(element, "cx", "cy", "r")
    elif shape == "rect":
        params = floats_of(element, "x", "y", "width", "height")
    elif shape == "polygon":
        params = tuple(float(n) for n in NUMBER_RE.findall(element.get("points", "")))
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
def source_tree() -> ET.Element:
    """The drawing with plain tag names (it is all SVG), so copies serialise without prefixes."""
    root = ET.fromstring(svg_path().read_text(encoding="utf-8"))
    for element in root.iter():
        element.tag = local_tag(element.tag)
    root.set("xmlns", SVG_NS)
    return root


@functools.cache
def load_regions() -> tuple[Region, ...]:
    """Every region of the drawing, in document (painting) order; read once and cached."""
    regions = [r for element in source_tree().iter() if (r := _region_from(element)) is not None]
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


def view_box() -> tuple[float, float, float, float]:
    numbers = [float(n) for n in NUMBER_RE.findall(source_tree().get("viewBox", ""))]
    if len(numbers) != 4:
        raise ValueError("body map: the drawing needs a viewBox")
    return numbers[0], numbers[1], numbers[2], numbers[3]
