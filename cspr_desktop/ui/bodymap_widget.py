"""The body map: a clickable drawing of an infant beside the same sites as checkboxes, and
the details of each mark below.

What a click or a tick does to the marks is decided in `cspr_desktop.core.bodymap.marks`; the
drawing itself is `ui.bodymap_drawing`, the details `ui.bodymap_details`. This module lays them
out beside the list of sites and keeps the three in step. The checkboxes (one per side of a
paired site: "Cheek, left") are the keyboard path, so the drawing itself takes no focus.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.bodymap.drawing import render_svg
from cspr_desktop.core.bodymap.marks import (
    PAIRED,
    SIDES,
    Mark,
    covered,
    marks_of,
    place_of,
    remove_place,
    toggle_place,
)
from cspr_desktop.core.bodymap.regions import SITE_LABELS, SITES, Region, Spot
from cspr_desktop.ui.bodymap_details import MarkDetails
from cspr_desktop.ui.bodymap_drawing import BodyMapDrawing

#: The checkbox list, grouped as a practitioner scans a body: head and face, trunk, limbs.
SITE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Head and face", SITES[:10]),
    ("Neck and body", SITES[10:16]),
    ("Arms and legs", SITES[16:]),
)

#: Below this width the list moves under the drawing; the widget never asks for less than
#: NARROW_MIN_WIDTH, the width of the list's two columns.
WIDE_MIN_WIDTH = 820
NARROW_MIN_WIDTH = 480
#: The longest line of a site's name in the list, in characters.
SITE_LINE_CHARS = 16


class BodyMapWidget(QWidget):
    """The injury-sites answer: the drawing on the left, the same sites (and sides) as
    checkboxes on the right, the details of each mark below; a change in any of them changes
    all and emits `sites_changed` with the answer (core.marks: site ids and mark objects)."""

    sites_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._marks: list[Mark] = []
        self._read_only = False
        self._syncing = False
        self.setObjectName("bodymap")

        self.drawing = BodyMapDrawing(self)
        self.drawing.site_clicked.connect(self._clicked)

        #: One checkbox per site, or per side of a paired site, keyed "cheek" / "cheek-left".
        self.boxes: dict[str, QCheckBox] = {}
        self.groups: list[QGroupBox] = []
        for title, sites in SITE_GROUPS:
            group = QGroupBox(title)
            group.setObjectName(f"bodymap-group-{title.split()[0].lower()}")
            inner = QVBoxLayout(group)
            inner.setSpacing(2)
            inner.setContentsMargins(8, 4, 8, 6)
            for site in sites:
                if site in PAIRED:
                    inner.addLayout(self._sided_row(site))
                else:
                    inner.addWidget(self._box(site, "", SITE_LABELS[site]))
            self.groups.append(group)
        self._list = QGridLayout()
        self._list.setSpacing(6)

        self.details = MarkDetails(self)
        self.details.changed.connect(self._details_changed)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._layout.setSpacing(12)
        self._layout.addWidget(self.drawing, 1, Qt.AlignmentFlag.AlignTop)
        self._layout.addLayout(self._list, 0)
        outer.addLayout(self._layout)
        outer.addWidget(self.details)
        self._wide: bool | None = None
        self._arrange(wide=True)
        self.setMinimumWidth(NARROW_MIN_WIDTH)
        ordered = list(self.boxes.values())  # reading order, down the list
        for first, second in itertools.pairwise(ordered):
            QWidget.setTabOrder(first, second)

    def _box(self, site: str, side: str, text: str) -> QCheckBox:
        # A long site name is set on short lines so the narrow list never cuts it off at large
        # text (a word-wrapping checkbox lost its height in the list's nested layouts).
        box = QCheckBox(textwrap.fill(text, SITE_LINE_CHARS))
        key = Spot(site, side).key
        box.setObjectName(f"bodymap-site-{key}")
        box.setProperty("site", site)
        box.setProperty("side", side)
        box.setAccessibleName(Spot(site, side).words().replace(" — ", ", "))
        box.setAccessibleDescription("Injury site; marks the same place on the body map")
        box.toggled.connect(lambda checked, s=site, d=side: self._box_toggled(s, d, checked))
        self.boxes[key] = box
        return box

    def _sided_row(self, site: str) -> QHBoxLayout:
        """'Cheek  [ ] Left  [ ] Right': the child's own sides."""
        row = QHBoxLayout()
        row.setSpacing(6)
        label = QLabel(SITE_LABELS[site])
        label.setWordWrap(True)
        row.addWidget(label, 1)
        for side in SIDES:
            row.addWidget(self._box(site, side, side.capitalize()))
        return row

    # -- public API ----------------------------------------------------------------------------
    def selected(self) -> list[str | dict[str, str]]:
        """The answer: a site id for a mark with nothing more to say, else a mark object; in
        SITES order, then side and view."""
        return [mark.to_json() for mark in self._marks]

    def marks(self) -> list[Mark]:
        return list(self._marks)

    def set_selected(self, sites: Iterable[object]) -> None:
        """Show a stored answer (unknown sites ignored) without emitting `sites_changed`."""
        known = [s for s in marks_of(list(sites), SITES) if s.site in SITE_LABELS]
        self._marks = known
        self._sync()

    def set_read_only(self, read_only: bool) -> None:
        """A completed record: the drawing, the checkboxes and the details stop taking changes."""
        self._read_only = read_only
        for box in self.boxes.values():
            box.setEnabled(not read_only)
        self.drawing.set_read_only(read_only)
        self.details.set_read_only(read_only)

    def is_read_only(self) -> bool:
        return self._read_only

    def svg(self) -> str:
        """The picture of the current marks, as a completed record keeps it."""
        return render_svg(self._marks)

    # -- layout --------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        """Beside the drawing when there is room; below it, in two columns, when there is not
        (the checklist's question column on a laptop), so nothing needs a sideways scroll."""
        self._arrange(wide=event.size().width() >= WIDE_MIN_WIDTH)
        super().resizeEvent(event)

    def _arrange(self, *, wide: bool) -> None:
        if wide == self._wide:
            return
        self._wide = wide
        head, body, limbs = self.groups
        for group in self.groups:
            self._list.removeWidget(group)
        if wide:
            self._layout.setDirection(QBoxLayout.Direction.LeftToRight)
            self._list.addWidget(head, 0, 0)
            self._list.addWidget(body, 1, 0)
            self._list.addWidget(limbs, 2, 0)
            self._list.setRowStretch(3, 1)
            self._list.setRowStretch(1, 0)
        else:
            self._layout.setDirection(QBoxLayout.Direction.TopToBottom)
            self._list.addWidget(head, 0, 0, 2, 1)
            self._list.addWidget(body, 0, 1)
            self._list.addWidget(limbs, 1, 1)
            self._list.setRowStretch(3, 0)
            self._list.setRowStretch(1, 1)
        self.updateGeometry()

    def is_wide(self) -> bool:
        """Whether the list is beside the drawing (True) or below it."""
        return bool(self._wide)

    # -- internals -----------------------------------------------------------------------------
    def _change(self, marks: list[Mark]) -> None:
        self._marks = marks_of(marks, SITES)
        self._sync()
        self.sites_changed.emit(self.selected())

    def _clicked(self, region: Region) -> None:
        if self._read_only:
            return
        self._change(toggle_place(self._marks, place_of(region.site, region.side, region.view)))

    def _box_toggled(self, site: str, side: str, checked: bool) -> None:
        if self._syncing or self._read_only:
            return
        place = place_of(site, side)
        if covered(self._marks, place) == checked:
            return
        self._change([*self._marks, place] if checked else remove_place(self._marks, place))

    def _details_changed(self, marks: list[Mark]) -> None:
        if self._read_only:
            return
        self._change(marks)

    def _sync(self) -> None:
        """Make the checkboxes, the drawing and the details show the marks, emitting nothing."""
        self._syncing = True
        try:
            for box in self.boxes.values():
                place = place_of(box.property("site"), box.property("side"))
                box.setChecked(covered(self._marks, place))
        finally:
            self._syncing = False
        self.drawing.set_selected(list(self._marks))
        self.details.set_marks(self._marks)
        previous: QWidget = list(self.boxes.values())[-1]
        for field in self.details.inputs():  # Tab goes from the list on to the details
            QWidget.setTabOrder(previous, field)
            previous = field
