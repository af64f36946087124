"""Where each marked site's label goes beside the drawing: kept clear of the body, the other
labels and the headings, with a leader line to its region.
"""

from __future__ import annotations

import functools
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from cspr_desktop.core.bodymap.anchors import primary_region, site_anchor
from cspr_desktop.core.bodymap.regions import (
    Region,
    Spot,
    floats_of,
    load_regions,
    point_in_polygon,
    source_tree,
    view_box,
)
from cspr_desktop.core.bodymap.styles import (
    CHAR_WIDTH_EM,
    LABEL_FONT_SIZE,
    LABEL_LINE_HEIGHT,
    LABEL_ONE_LINE,
)


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
    return len(text) * size * CHAR_WIDTH_EM


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


def nearest_on_box(x: float, y: float, box: Box) -> tuple[float, float]:
    return min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])


def _heading_boxes(root: ET.Element) -> list[Box]:
    """Boxes of the drawing's own words (Front, Back, Face …), which labels must not cover."""
    boxes: list[Box] = []
    for element in root.iter("text"):
        text = "".join(element.itertext()).strip()
        size = float(element.get("font-size") or 14)
        x, y = floats_of(element, "x", "y")
        width = _text_width(text, size)
        boxes.append((x - width / 2, y - size, x + width / 2, y + 3))
    return boxes


@functools.cache
def _panels() -> dict[str, Box]:
    """Each region's view panel (its group in the drawing: front, back, face) as a box, so a
    label is not put where it would read as belonging to another view."""
    out: dict[str, Box] = {}
    by_id = {r.element_id: r for r in load_regions()}
    for group in source_tree().iter("g"):
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
    if any(point_in_polygon(x, y, points) for x, y in corners):
        return True
    return any(
        _segment_hits_box((x0, y0, x1, y1), box)
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
    )


def _segment_meets(segment: Segment, bounds: Box, points: list[tuple[float, float]]) -> bool:
    """Does a segment cross into a shape (its outline polygon `points`, within `bounds`)?"""
    if not _segment_hits_box(segment, bounds):
        return False
    if point_in_polygon(segment[2], segment[3], points):
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
            end = nearest_on_box(ax, ay, box)
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
            end = nearest_on_box(ax, ay, box)
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
                near = nearest_on_box(ax, ay, box)
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
class PlacedLabel:
    site: Spot
    lines: tuple[str, ...]
    box: Box
    leader: bool


@functools.lru_cache(maxsize=128)
def layout_labels(sites: tuple[Spot, ...]) -> tuple[PlacedLabel, ...]:
    """Where each marked site's label goes; cached, as the widget re-renders on every hover."""
    vx, vy, vw, vh = view_box()
    layout = _LabelLayout(
        (vx + 2, vy + 2, vx + vw - 2, vy + vh - 2), _heading_boxes(source_tree()), list(sites)
    )
    placed: list[PlacedLabel] = []
    # Small regions first: they have the fewest good places for their words.
    for site in sorted(sites, key=lambda site: primary_region(site).area):
        lines = _label_lines(site.words())
        width = max(_text_width(line, LABEL_FONT_SIZE) for line in lines) + 4
        height = len(lines) * LABEL_LINE_HEIGHT + 2
        box, leader = layout.place(site, primary_region(site), width, height)
        placed.append(PlacedLabel(site, tuple(lines), box, leader))
    placed.sort(key=lambda label: sites.index(label.site))
    return tuple(placed)


def add_text(parent: ET.Element, x: float, y: float, text: str, size: float) -> None:
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


