"""The point of the drawing that stands for a site (and side, and view).

A label's leader line ends there and a test clicks there, so it must be a point the hit test
maps back to that same site; working it out needs the regions but not the picture's layout.
"""

from __future__ import annotations

import functools

from cspr_desktop.core.bodymap.regions import (
    Region,
    Spot,
    classes_of,
    load_regions,
    region_at,
    source_tree,
)


@functools.cache
def primary_region(spot: Spot | str) -> Region:
    """The region a label points at: one marked class="label-anchor", else the largest."""
    spot = Spot(spot) if isinstance(spot, str) else spot
    regions = [r for r in load_regions() if spot.covers(r)]
    if not regions:
        raise KeyError(spot)
    anchored = {
        element.get("id")
        for element in source_tree().iter()
        if "label-anchor" in classes_of(element)
    }
    for region in regions:
        if region.element_id in anchored:
            return region
    largest = max(r.area for r in regions)
    # The first (in document order) of those about as large as the largest: mirrored left and
    # right limbs differ only by rounding.
    return next(r for r in regions if r.area >= largest * 0.98)


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

    region = primary_region(spot)
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
