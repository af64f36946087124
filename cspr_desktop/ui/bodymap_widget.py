"""The body map: a clickable drawing of an infant beside the same sites as checkboxes.

Everything about the drawing (its regions, the hit test, the shaded picture) is decided in
`cspr_desktop.core.bodymap`; this module only paints that picture, maps mouse positions back to
drawing coordinates, and keeps the drawing and the checkboxes in step. The checkboxes are the
keyboard path, so the drawing itself takes no focus.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from PySide6.QtCore import QByteArray, QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from cspr_desktop.core.bodymap import SITE_LABELS, SITES, render_svg, site_at, title_lines

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

DRAWING_DESCRIPTION = (
    "Outline drawing of an infant from the front and the back, with a close-up of the face. "
    "Click a part of the body to mark or unmark it. To use the keyboard, use the list of body "
    "sites beside the drawing, which marks the same sites."
)


class BodyMapDrawing(QWidget):
    """The drawing: paints `render_svg`, scaled to fit, and reports clicks on a site."""

    site_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer = QSvgRenderer(self)
        self._selected: list[str] = []
        self._hover: str | None = None
        self._pressed: str | None = None
        self._read_only = False
        self.setObjectName("bodymap-drawing")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumSize(420, 320)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName("Body map drawing")
        self._reload()

    # -- state -------------------------------------------------------------------------------
    def set_selected(self, sites: list[str]) -> None:
        """Show these sites shaded (called by the owner, which keeps the truth)."""
        if sites != self._selected:
            self._selected = list(sites)
            self._reload()

    def set_read_only(self, read_only: bool) -> None:
        """A read-only drawing still shows labels on hover but ignores clicks."""
        self._read_only = read_only
        self._set_hover(None)
        self.unsetCursor()

    def svg(self) -> str:
        """The picture as painted now (without the hover tint)."""
        return render_svg(self._selected)

    def _reload(self) -> None:
        self._renderer.load(QByteArray(render_svg(self._selected, hover=self._hover).encode()))
        self.setAccessibleDescription(
            f"{DRAWING_DESCRIPTION} {' '.join(title_lines(self._selected))}"
        )
        self.update()

    def _set_hover(self, site: str | None) -> None:
        if site != self._hover:
            self._hover = site
            self._reload()

    # -- geometry ------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        box = self._renderer.viewBoxF()
        return QSize(round(box.width()), round(box.height()))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """Tall enough to show the whole picture at this width, and no taller."""
        box = self._renderer.viewBoxF()
        return max(self.minimumHeight(), round((width - 2) * box.height() / box.width()) + 2)

    def target_rect(self) -> QRectF:
        """Where the picture is painted: as large as fits, keeping its aspect ratio, centred
        across and at the top, level with the list beside it."""
        box = self._renderer.viewBoxF()
        area = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        if box.isEmpty() or area.isEmpty():
            return area
        scale = min(area.width() / box.width(), area.height() / box.height())
        width, height = box.width() * scale, box.height() * scale
        left = area.left() + (area.width() - width) / 2
        return QRectF(left, area.top(), width, height)

    def to_svg(self, pos: QPointF) -> QPointF:
        """Widget coordinates to drawing (SVG user) coordinates."""
        box, target = self._renderer.viewBoxF(), self.target_rect()
        return QPointF(
            box.left() + (pos.x() - target.left()) * box.width() / target.width(),
            box.top() + (pos.y() - target.top()) * box.height() / target.height(),
        )

    def from_svg(self, x: float, y: float) -> QPoint:
        """Drawing coordinates to the nearest widget pixel (tests click through this)."""
        box, target = self._renderer.viewBoxF(), self.target_rect()
        return QPoint(
            round(target.left() + (x - box.left()) * target.width() / box.width()),
            round(target.top() + (y - box.top()) * target.height() / box.height()),
        )

    def site_at_pos(self, pos: QPointF) -> str | None:
        """The site under a widget position, decided by core's hit test."""
        if not self.target_rect().contains(pos):
            return None
        point = self.to_svg(pos)
        return site_at(point.x(), point.y())

    # -- events --------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        target = self.target_rect()
        painter.fillRect(target, QColor("#ffffff"))  # paper, also under a dark theme
        self._renderer.render(painter, target)
        painter.setPen(QPen(QColor("#b1b4b6"), 1))
        painter.drawRect(target)
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        site = self.site_at_pos(event.position())
        if self._read_only:
            return
        self._set_hover(site)
        if site:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()

    def leaveEvent(self, event: QEvent) -> None:
        self._set_hover(None)
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self._read_only:
            self._pressed = self.site_at_pos(event.position())
        else:
            super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Toggle on release over the site pressed, like a button: a drag away cancels."""
        pressed, self._pressed = self._pressed, None
        if event.button() != Qt.MouseButton.LeftButton or self._read_only or pressed is None:
            super().mouseReleaseEvent(event)
            return
        if self.site_at_pos(event.position()) == pressed:
            self.site_clicked.emit(pressed)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            site = self.site_at_pos(QPointF(event.pos()))
            if site:
                QToolTip.showText(event.globalPos(), SITE_LABELS[site], self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


class BodyMapWidget(QWidget):
    """The injury-sites answer: the drawing on the left, the same sites as checkboxes on the
    right; a click on either changes both and emits `sites_changed`."""

    sites_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._selected: set[str] = set()
        self._read_only = False
        self._syncing = False
        self.setObjectName("bodymap")

        self.drawing = BodyMapDrawing(self)
        self.drawing.site_clicked.connect(self._toggle)

        self.boxes: dict[str, QCheckBox] = {}
        self.groups: list[QGroupBox] = []
        for title, sites in SITE_GROUPS:
            group = QGroupBox(title)
            group.setObjectName(f"bodymap-group-{title.split()[0].lower()}")
            inner = QVBoxLayout(group)
            inner.setSpacing(2)
            inner.setContentsMargins(8, 4, 8, 6)
            for site in sites:
                box = QCheckBox(SITE_LABELS[site])
                box.setObjectName(f"bodymap-site-{site}")
                box.setProperty("site", site)
                box.setAccessibleName(SITE_LABELS[site])
                box.setAccessibleDescription("Injury site; marks the same place on the body map")
                box.toggled.connect(lambda checked, s=site: self._box_toggled(s, checked))
                inner.addWidget(box)
                self.boxes[site] = box
            self.groups.append(group)
        self._list = QGridLayout()
        self._list.setSpacing(6)

        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(12)
        self._layout.addWidget(self.drawing, 1, Qt.AlignmentFlag.AlignTop)
        self._layout.addLayout(self._list, 0)
        self._wide: bool | None = None
        self._arrange(wide=True)
        self.setMinimumWidth(NARROW_MIN_WIDTH)
        ordered = [self.boxes[site] for site in SITES]  # reading order, down the list
        for first, second in itertools.pairwise(ordered):
            QWidget.setTabOrder(first, second)

    # -- public API ----------------------------------------------------------------------------
    def selected(self) -> list[str]:
        """The marked sites, in SITES order."""
        return [site for site in SITES if site in self._selected]

    def set_selected(self, sites: Iterable[str]) -> None:
        """Show stored sites (unknown ids ignored) without emitting `sites_changed`."""
        self._selected = {site for site in sites if site in SITE_LABELS}
        self._sync()

    def set_read_only(self, read_only: bool) -> None:
        """A completed record: both the drawing and the checkboxes stop taking changes."""
        self._read_only = read_only
        for box in self.boxes.values():
            box.setEnabled(not read_only)
        self.drawing.set_read_only(read_only)

    def is_read_only(self) -> bool:
        return self._read_only

    def svg(self) -> str:
        """The picture of the current marks, as a completed record keeps it."""
        return render_svg(self.selected())

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
    def _toggle(self, site: str) -> None:
        if self._read_only:
            return
        self._selected ^= {site}
        self._sync()
        self.sites_changed.emit(self.selected())

    def _box_toggled(self, site: str, checked: bool) -> None:
        if self._syncing or self._read_only or (site in self._selected) == checked:
            return
        self._toggle(site)

    def _sync(self) -> None:
        """Make the checkboxes and the drawing show `_selected`, emitting nothing."""
        self._syncing = True
        try:
            for site, box in self.boxes.items():
                box.setChecked(site in self._selected)
        finally:
            self._syncing = False
        self.drawing.set_selected(self.selected())
