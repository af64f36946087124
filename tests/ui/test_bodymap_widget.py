"""The body map widget, driven like a user: clicks on the drawing, keys on the checkboxes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QToolTip
from pytestqt.qtbot import QtBot

from cspr_desktop.core.bodymap import SELECTED_FILL, SITE_LABELS, SITES, label_text, site_anchor
from cspr_desktop.ui.bodymap_widget import BodyMapWidget


@pytest.fixture
def bodymap(qtbot: QtBot) -> BodyMapWidget:
    widget = BodyMapWidget()
    qtbot.addWidget(widget)
    widget.resize(960, 540)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click_site(qtbot: QtBot, widget: BodyMapWidget, site: str) -> None:
    x, y = site_anchor(site)
    qtbot.mouseClick(widget.drawing, Qt.MouseButton.LeftButton, pos=widget.drawing.from_svg(x, y))


def shaded_sites(svg: str) -> set[str]:
    sites = set()
    for element in ET.fromstring(svg).iter():
        element_id = element.get("id", "")
        if element_id.startswith("site-") and element.get("fill") == SELECTED_FILL:
            sites.add(element_id.split("-")[1])
    return sites


@pytest.mark.parametrize("site", ["chest", "eyelid", "subconjunctiva", "frenulum", "back", "ear"])
def test_clicking_a_region_selects_it_everywhere(
    qtbot: QtBot, bodymap: BodyMapWidget, site: str
) -> None:
    with qtbot.waitSignal(bodymap.sites_changed, timeout=1000) as signal:
        click_site(qtbot, bodymap, site)
    assert signal.args == [[site]]
    assert bodymap.selected() == [site]
    assert bodymap.boxes[site].isChecked()
    assert shaded_sites(bodymap.drawing.svg()) == {site}

    with qtbot.waitSignal(bodymap.sites_changed, timeout=1000) as signal:
        click_site(qtbot, bodymap, site)  # a second click unmarks it
    assert signal.args == [[]]
    assert not bodymap.boxes[site].isChecked()


def test_selection_is_reported_in_sites_order(qtbot: QtBot, bodymap: BodyMapWidget) -> None:
    for site in ("foot", "ear", "back"):
        click_site(qtbot, bodymap, site)
    assert bodymap.selected() == ["ear", "back", "foot"]


def test_keyboard_space_on_a_checkbox_marks_the_drawing(
    qtbot: QtBot, bodymap: BodyMapWidget
) -> None:
    box = bodymap.boxes["angle_of_jaw"]
    box.setFocus()
    with qtbot.waitSignal(bodymap.sites_changed, timeout=1000) as signal:
        qtbot.keyClick(box, Qt.Key.Key_Space)
    assert signal.args == [["angle_of_jaw"]]
    assert bodymap.selected() == ["angle_of_jaw"]
    svg = bodymap.drawing.svg()
    assert shaded_sites(svg) == {"angle_of_jaw"}
    assert label_text(svg, "angle_of_jaw") == "Angle of jaw"


def test_checkboxes_are_labelled_and_tab_in_sites_order(
    qtbot: QtBot, bodymap: BodyMapWidget
) -> None:
    boxes = bodymap.findChildren(QCheckBox)
    assert len(boxes) == len(SITES)
    for site in SITES:
        box = bodymap.boxes[site]
        assert box.text() == SITE_LABELS[site] == box.accessibleName()
        assert box.property("site") == site
    bodymap.activateWindow()
    bodymap.boxes["scalp"].setFocus()
    qtbot.waitUntil(bodymap.boxes["scalp"].hasFocus, timeout=1000)
    for expected in SITES[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is bodymap.boxes[expected]


def test_drawing_is_not_a_tab_stop_but_says_how_to_use_it(bodymap: BodyMapWidget) -> None:
    drawing = bodymap.drawing
    assert drawing.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert drawing.accessibleName()
    assert "keyboard" in drawing.accessibleDescription()


def test_set_selected_emits_nothing(qtbot: QtBot, bodymap: BodyMapWidget) -> None:
    with qtbot.assertNotEmitted(bodymap.sites_changed):
        bodymap.set_selected(["leg", "scalp", "not-a-site"])
    assert bodymap.selected() == ["scalp", "leg"]
    assert bodymap.boxes["leg"].isChecked() and bodymap.boxes["scalp"].isChecked()
    assert shaded_sites(bodymap.drawing.svg()) == {"scalp", "leg"}
    assert shaded_sites(bodymap.svg()) == {"scalp", "leg"}


def test_read_only_ignores_clicks_and_keys(qtbot: QtBot, bodymap: BodyMapWidget) -> None:
    bodymap.set_selected(["chest"])
    bodymap.set_read_only(True)
    assert bodymap.is_read_only()
    with qtbot.assertNotEmitted(bodymap.sites_changed):
        click_site(qtbot, bodymap, "back")
        click_site(qtbot, bodymap, "chest")
        qtbot.mouseClick(bodymap.boxes["leg"], Qt.MouseButton.LeftButton)
    assert bodymap.selected() == ["chest"]
    assert all(not box.isEnabled() for box in bodymap.boxes.values())

    bodymap.set_read_only(False)
    with qtbot.waitSignal(bodymap.sites_changed, timeout=1000):
        click_site(qtbot, bodymap, "back")
    assert bodymap.selected() == ["chest", "back"]


def test_clicks_between_regions_do_nothing(qtbot: QtBot, bodymap: BodyMapWidget) -> None:
    with qtbot.assertNotEmitted(bodymap.sites_changed):
        qtbot.mouseClick(
            bodymap.drawing, Qt.MouseButton.LeftButton, pos=bodymap.drawing.from_svg(200, 200)
        )
        qtbot.mouseClick(
            bodymap.drawing, Qt.MouseButton.LeftButton, pos=bodymap.drawing.from_svg(5, 5)
        )


def test_mapping_round_trips_and_keeps_aspect(bodymap: BodyMapWidget) -> None:
    drawing = bodymap.drawing
    for width, height in ((900, 500), (500, 700)):
        bodymap.resize(width, height)
        target = drawing.target_rect()
        assert target.width() <= drawing.width() and target.height() <= drawing.height()
        point = drawing.to_svg(QPointF(drawing.from_svg(300, 200)))
        assert abs(point.x() - 300) < 2 and abs(point.y() - 200) < 2
        x, y = site_anchor("nose")
        assert drawing.site_at_pos(QPointF(drawing.from_svg(x, y))) == "nose"


def test_hover_shows_a_hand_cursor_and_the_site_label(qtbot: QtBot, bodymap: BodyMapWidget) -> None:
    drawing = bodymap.drawing
    pos = drawing.from_svg(*site_anchor("cheek"))
    qtbot.mouseMove(drawing, pos)
    qtbot.waitUntil(lambda: drawing.cursor().shape() == Qt.CursorShape.PointingHandCursor)
    event = QHelpEvent(QEvent.Type.ToolTip, pos, drawing.mapToGlobal(pos))
    QApplication.sendEvent(drawing, event)
    qtbot.waitUntil(lambda: QToolTip.text() == SITE_LABELS["cheek"], timeout=1000)

    qtbot.mouseMove(drawing, drawing.from_svg(200, 200))
    qtbot.waitUntil(lambda: drawing.cursor().shape() == Qt.CursorShape.ArrowCursor)


def test_list_moves_below_the_drawing_when_narrow(qtbot: QtBot, bodymap: BodyMapWidget) -> None:
    assert bodymap.is_wide()
    bodymap.resize(560, 800)
    qtbot.waitUntil(lambda: not bodymap.is_wide(), timeout=1000)

    def stacked() -> bool:
        bottom = bodymap.drawing.geometry().bottom()
        return all(group.geometry().top() > bottom for group in bodymap.groups)

    qtbot.waitUntil(stacked, timeout=1000)
    click_site(qtbot, bodymap, "nose")  # the mapping follows the new size
    assert bodymap.selected() == ["nose"]
