"""The body map's drawing: the picture of an infant, painted to fit, that marks a site on a click.

What the picture shows and which site lies under a point are decided in
`cspr_desktop.core.bodymap`; this widget paints the picture, maps mouse positions to drawing
coordinates and back, names the site under the pointer, and reports a click on one. It has a
module of its own so that `ui.bodymap_widget` holds only what keeps the drawing, the list of
sites and the details of each mark in step. The drawing takes no focus: the list is the
keyboard path.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from cspr_desktop.core.bodymap.drawing import render_svg
from cspr_desktop.core.bodymap.regions import Region, Spot, region_at, title_lines

DRAWING_DESCRIPTION = (
    "Outline drawing of an infant from the front and the back, with a close-up of the face; "
    "in the front views the child's right is on your left. Click a part of the body to mark "
    "or unmark it. To use the keyboard, use the list of body sites beside the drawing, which "
    "marks the same sites and sides."
)


class BodyMapDrawing(QWidget):
    """The drawing: paints `render_svg`, scaled to fit, and reports clicks on a site."""

    site_clicked = Signal(object)  # the Region clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer = QSvgRenderer(self)
        self._selected: list[object] = []
        self._hover: Spot | None = None
        self._pressed: Region | None = None
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
    def set_selected(self, sites: list[object]) -> None:
        """Show these marks shaded (called by the owner, which keeps the truth)."""
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

    def _set_hover(self, region: Region | None) -> None:
        spot = Spot(region.site, region.side, region.view) if region else None
        if spot != self._hover:
            self._hover = spot
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

    def region_at_pos(self, pos: QPointF) -> Region | None:
        """The region under a widget position, decided by core's hit test."""
        if not self.target_rect().contains(pos):
            return None
        point = self.to_svg(pos)
        return region_at(point.x(), point.y())

    def site_at_pos(self, pos: QPointF) -> str | None:
        """The site under a widget position."""
        region = self.region_at_pos(pos)
        return region.site if region else None

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
        site = self.region_at_pos(event.position())
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
            self._pressed = self.region_at_pos(event.position())
        else:
            super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Toggle on release over the site pressed, like a button: a drag away cancels."""
        pressed, self._pressed = self._pressed, None
        if event.button() != Qt.MouseButton.LeftButton or self._read_only or pressed is None:
            super().mouseReleaseEvent(event)
            return
        if self.region_at_pos(event.position()) == pressed:
            self.site_clicked.emit(pressed)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            region = self.region_at_pos(QPointF(event.pos()))
            if region:
                QToolTip.showText(event.globalPos(), region_words(region), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


def region_words(region: Region) -> str:
    """'Cheek — left' for a paired site, 'Chest' otherwise: what a tooltip names."""
    return Spot(region.site, region.side).words()
