"""The body map widget, driven like a user: clicks on the drawing, keys on the checkboxes,
typing in the details of each mark."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from a11y_tree import nameless
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QToolTip
from pytestqt.qtbot import QtBot

from cspr_desktop.core.bodymap.anchors import site_anchor
from cspr_desktop.core.bodymap.drawing import label_text
from cspr_desktop.core.bodymap.marks import MAX_NOTE, PAIRED
from cspr_desktop.core.bodymap.regions import (
    SITE_LABELS,
    SITES,
    load_regions,
    region_at,
)
from cspr_desktop.core.bodymap.styles import SELECTED_FILL
from cspr_desktop.ui.bodymap_widget import BodyMapWidget


@pytest.fixture
def bodymap(qtbot: QtBot) -> BodyMapWidget:
    widget = BodyMapWidget()
    qtbot.addWidget(widget)
    widget.resize(960, 540)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()  # hover needs the window the pointer is over to be the active one
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=2000)
    return widget


def click_site(qtbot: QtBot, widget: BodyMapWidget, site: str, side: str = "",
               view: str = "") -> None:
    x, y = site_anchor(site, side, view)
    qtbot.mouseClick(widget.drawing, Qt.MouseButton.LeftButton, pos=widget.drawing.from_svg(x, y))


def shaded_regions(svg: str) -> set[str]:
    return {e.get("id", "") for e in ET.fromstring(svg).iter()
            if e.get("id", "").startswith("site-") and e.get("fill") == SELECTED_FILL}


def shaded_sites(svg: str) -> set[str]:
    return {element_id.split("-")[1] for element_id in shaded_regions(svg)}


def box_of(widget: BodyMapWidget, site: str) -> QCheckBox:
    """A site's checkbox; a paired site's left one."""
    return widget.boxes[f"{site}-left" if site in PAIRED else site]


@pytest.mark.parametrize("site", ["chest", "frenulum", "back", "neck"])
def test_clicking_a_midline_region_selects_it_everywhere(
    qtbot: QtBot, bodymap: BodyMapWidget, site: str
) -> None:
    with qtbot.waitSignal(bodymap.sites_changed, timeout=1000) as signal:
        click_site(qtbot, bodymap, site)
    region = region_at(*site_anchor(site))
    assert region is not None
    view = region.view if site == "neck" else ""  # the neck is drawn front and back
    expected = {"site": site, "view": view} if view else site
    assert signal.args == [[expected]]
    assert bodymap.selected() == [expected]
    assert bodymap.boxes[site].isChecked()
    assert shaded_sites(bodymap.drawing.svg()) == {site}

    with qtbot.waitSignal(bodymap.sites_changed, timeout=1000) as signal:
        click_site(qtbot, bodymap, site)  # a second click unmarks it
    assert signal.args == [[]]
    assert not bodymap.boxes[site].isChecked()


@pytest.mark.parametrize("site", ["eyelid", "subconjunctiva", "cheek", "angle_of_jaw", "buttocks"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_clicking_one_side_marks_that_side_only(
    qtbot: QtBot, bodymap: BodyMapWidget, site: str, side: str
) -> None:
    with qtbot.waitSignal(bodymap.sites_changed, timeout=1000) as signal:
        click_site(qtbot, bodymap, site, side)
    assert signal.args == [[{"site": site, "side": side}]]
    other = "right" if side == "left" else "left"
    assert bodymap.boxes[f"{site}-{side}"].isChecked()
    assert not bodymap.boxes[f"{site}-{other}"].isChecked()
    shaded = {r for r in load_regions() if r.element_id in shaded_regions(bodymap.drawing.svg())}
    assert shaded and {(r.site, r.side) for r in shaded} == {(site, side)}
    words = f"{SITE_LABELS[site]} — {side}"
    assert label_text(bodymap.drawing.svg(), site, side) == words

    click_site(qtbot, bodymap, site, side)  # a second click unmarks it
    assert bodymap.selected() == []


def test_the_left_cheek_is_left_in_every_view_of_the_drawing(
    qtbot: QtBot, bodymap: BodyMapWidget
) -> None:
    """The child's left cheek is on the viewer's right in the front views: clicking it in the
    whole-body front view or in the face close-up marks the same left cheek."""
    front = next(r for r in load_regions() if r.element_id == "site-cheek-front-r")
    face = next(r for r in load_regions() if r.element_id == "site-cheek-front-face-r")
    assert front.side == face.side == "left"
    assert front.centre[0] > 100 and face.centre[0] > 500  # right of each panel's midline
    for region in (front, face):
        qtbot.mouseClick(bodymap.drawing, Qt.MouseButton.LeftButton,
                         pos=bodymap.drawing.from_svg(*region.centre))
        assert bodymap.selected() == [{"site": "cheek", "side": "left"}]
        assert shaded_regions(bodymap.drawing.svg()) == {front.element_id, face.element_id}
        bodymap.set_selected([])


def test_a_limb_keeps_its_side_and_view(qtbot: QtBot, bodymap: BodyMapWidget) -> None:
    click_site(qtbot, bodymap, "arm", "right", "back")
    assert bodymap.selected() == [{"site": "arm", "side": "right", "view": "back"}]
    assert shaded_regions(bodymap.drawing.svg()) == {"site-arm-back-r"}
    assert label_text(bodymap.drawing.svg(), "arm", "right") == "Arm — right, back"
    click_site(qtbot, bodymap, "arm", "right", "front")  # the front of it too: the whole arm
    assert label_text(bodymap.drawing.svg(), "arm", "right") == "Arm — right"
    bodymap.boxes["arm-right"].click()  # unticking the right arm takes both away
    assert bodymap.selected() == []


def test_selection_is_reported_in_sites_order(qtbot: QtBot, bodymap: BodyMapWidget) -> None:
    for site in ("back", "chest", "frenulum"):
        click_site(qtbot, bodymap, site)
    assert bodymap.selected() == ["frenulum", "chest", "back"]


def test_keyboard_space_on_a_checkbox_marks_the_drawing(
    qtbot: QtBot, bodymap: BodyMapWidget
) -> None:
    box = bodymap.boxes["angle_of_jaw-left"]
    box.setFocus()
    with qtbot.waitSignal(bodymap.sites_changed, timeout=1000) as signal:
        qtbot.keyClick(box, Qt.Key.Key_Space)
    assert signal.args == [[{"site": "angle_of_jaw", "side": "left"}]]
    svg = bodymap.drawing.svg()
    assert shaded_regions(svg) == {"site-angle_of_jaw-front-face-r"}  # the viewer's right
    assert label_text(svg, "angle_of_jaw", "left") == "Angle of jaw — left"


def test_checkboxes_are_labelled_and_tab_in_sites_order(
    qtbot: QtBot, bodymap: BodyMapWidget
) -> None:
    boxes = bodymap.findChildren(QCheckBox)
    assert len(boxes) == len(SITES) + len(PAIRED)
    order = []
    for site in SITES:
        if site in PAIRED:
            for side in ("left", "right"):
                box = bodymap.boxes[f"{site}-{side}"]
                assert box.text() == side.capitalize()
                assert box.accessibleName() == f"{SITE_LABELS[site]}, {side}"
                order.append(box)
        else:
            box = bodymap.boxes[site]
            # A long name is shown on short lines; a screen reader hears it as one.
            assert " ".join(box.text().split("\n")) == SITE_LABELS[site] == box.accessibleName()
            order.append(box)
        assert box.property("site") == site
    assert nameless(bodymap) == []
    bodymap.activateWindow()
    order[0].setFocus()
    qtbot.waitUntil(order[0].hasFocus, timeout=1000)
    for expected in order[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected


def test_drawing_is_not_a_tab_stop_but_says_how_to_use_it(bodymap: BodyMapWidget) -> None:
    drawing = bodymap.drawing
    assert drawing.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert drawing.accessibleName()
    assert "keyboard" in drawing.accessibleDescription()


def test_set_selected_emits_nothing(qtbot: QtBot, bodymap: BodyMapWidget) -> None:
    with qtbot.assertNotEmitted(bodymap.sites_changed):
        bodymap.set_selected(["leg", "scalp", "not-a-site"])
    assert bodymap.selected() == ["scalp", "leg"]
    assert bodymap.boxes["leg-left"].isChecked() and bodymap.boxes["leg-right"].isChecked()
    assert bodymap.boxes["scalp"].isChecked()
    assert shaded_sites(bodymap.drawing.svg()) == {"scalp", "leg"}
    assert shaded_sites(bodymap.svg()) == {"scalp", "leg"}


def test_read_only_ignores_clicks_and_keys(qtbot: QtBot, bodymap: BodyMapWidget) -> None:
    bodymap.set_selected(["chest"])
    bodymap.set_read_only(True)
    assert bodymap.is_read_only()
    with qtbot.assertNotEmitted(bodymap.sites_changed):
        click_site(qtbot, bodymap, "back")
        click_site(qtbot, bodymap, "chest")
        qtbot.mouseClick(bodymap.boxes["leg-left"], Qt.MouseButton.LeftButton)
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
    pos = drawing.from_svg(*site_anchor("cheek", "left"))
    qtbot.mouseMove(drawing, pos)
    qtbot.waitUntil(lambda: drawing.cursor().shape() == Qt.CursorShape.PointingHandCursor)
    event = QHelpEvent(QEvent.Type.ToolTip, pos, drawing.mapToGlobal(pos))
    QApplication.sendEvent(drawing, event)
    qtbot.waitUntil(lambda: QToolTip.text() == "Cheek — left", timeout=1000)

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


def test_each_mark_takes_size_colour_and_shape_by_keyboard(
    qtbot: QtBot, bodymap: BodyMapWidget
) -> None:
    click_site(qtbot, bodymap, "cheek", "left")
    details = bodymap.details
    assert details.isVisible()
    key = ("cheek", "left", "")
    for note, text in (("size", "10 mm across"), ("colour", "blue-purple"), ("shape", "round")):
        edit = details.fields[(key, note)]
        assert edit.accessibleName() == f"Cheek — left: {note}"
        assert edit.maxLength() == MAX_NOTE  # bounded, like every text
        edit.setFocus()
        qtbot.keyClicks(edit, text)
    assert bodymap.selected() == [{"site": "cheek", "side": "left", "size": "10 mm across",
                                   "colour": "blue-purple", "shape": "round"}]
    click_site(qtbot, bodymap, "chest")  # another mark: the notes stay where they are
    assert details.fields[(key, "colour")].text() == "blue-purple"
    assert nameless(bodymap) == []
    assert all(isinstance(w, QLineEdit) and w.accessibleName()
               for w in details.fields.values())


def test_the_view_of_a_limb_can_be_chosen_by_keyboard(qtbot: QtBot, bodymap: BodyMapWidget) -> None:
    box = bodymap.boxes["leg-right"]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert bodymap.selected() == [{"site": "leg", "side": "right"}]
    combo = bodymap.details.views[("leg", "right", "")]
    assert isinstance(combo, QComboBox) and combo.accessibleName() == "Leg — right: seen from"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert bodymap.selected() == [{"site": "leg", "side": "right", "view": "front"}]
    assert shaded_regions(bodymap.drawing.svg()) == {"site-leg-front-l"}


def test_an_old_answer_without_sides_shows_both_and_unticking_one_keeps_the_other(
    qtbot: QtBot, bodymap: BodyMapWidget
) -> None:
    bodymap.set_selected(["cheek"])  # a record made before sides
    assert bodymap.boxes["cheek-left"].isChecked() and bodymap.boxes["cheek-right"].isChecked()
    assert label_text(bodymap.drawing.svg(), "cheek") == "Cheek"
    bodymap.boxes["cheek-right"].click()
    assert bodymap.selected() == [{"site": "cheek", "side": "left"}]


def test_read_only_details_cannot_change(qtbot: QtBot, bodymap: BodyMapWidget) -> None:
    bodymap.set_selected([{"site": "ear", "side": "left", "size": "5 mm"}])
    bodymap.set_read_only(True)
    edit = bodymap.details.fields[(("ear", "left", ""), "size")]
    assert edit.isReadOnly() and edit.text() == "5 mm"
    assert not bodymap.details.views[("ear", "left", "")].isEnabled()


def test_tab_goes_from_the_list_to_each_marks_details(qtbot: QtBot, bodymap: BodyMapWidget) -> None:
    bodymap.activateWindow()
    for key in ("cheek-left", "arm-right"):
        bodymap.boxes[key].setFocus()
        qtbot.keyClick(bodymap.boxes[key], Qt.Key.Key_Space)
    last = bodymap.boxes["foot-right"]
    last.setFocus()
    qtbot.waitUntil(last.hasFocus, timeout=1000)
    expected = bodymap.details.inputs()
    assert len(expected) == 3 + 4  # the arm has a view too
    qtbot.waitUntil(lambda: all(w.isVisible() for w in expected), timeout=1000)
    for widget in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget
