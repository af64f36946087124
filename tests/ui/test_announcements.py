"""A change of level reaches screen readers through Qt's accessibility API: an Alert and an
Announcement with the words (assertive for an emergency), and the banner and level icons
carry names a screen reader reads."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from ui_driver import Heard, answer, make_window, start

from cspr_desktop.ui import announcing


def test_an_emergency_level_is_announced_assertively(qtbot: QtBot, tmp_path: Path,
                                                     heard: Heard) -> None:
    window = make_window(qtbot, tmp_path)
    page = start(qtbot, window, "safer-sleep")
    heard.clear()
    answer(qtbot, page, "observed_unsafe_now", "yes")
    banner = page.panel.banner
    from_banner = [(message, urgent) for widget, message, urgent in heard if widget is banner]
    assert from_banner, "the level change was not announced"
    message, urgent = from_banner[-1]
    assert "Emergency" in message and "999" in message and urgent
    assert any(widget is page.emergency and urgent for widget, _, urgent in heard)
    # what a screen reader finds on the banner once it looks
    interface = QAccessible.queryAccessibleInterface(banner)
    assert interface is not None
    assert "Emergency" in interface.text(QAccessible.Text.Name)
    icon = banner.findChild(QLabel, "level-icon")
    assert icon is not None
    icon_interface = QAccessible.queryAccessibleInterface(icon)
    assert icon_interface is not None
    assert icon_interface.text(QAccessible.Text.Name) == "Emergency level icon"


def test_the_events_qt_is_given(qtbot: QtBot) -> None:
    """The announcement carries the words themselves; urgency makes it assertive."""
    widget = QLabel("level")
    qtbot.addWidget(widget)
    sent: list[tuple[QAccessible.Event, str, object]] = []

    def send(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            sent.append((event.type(), event.message(), event.politeness()))
        else:
            sent.append((event.type(), "", None))
        assert event.object() is widget

    announcing.announce(widget, "Emergency: call 999", urgent=True, send=send)
    announcing.announce(widget, "Routine", send=send)
    polite = QAccessible.AnnouncementPoliteness
    assert sent == [(QAccessible.Event.Alert, "", None),
                    (QAccessible.Event.Announcement, "Emergency: call 999", polite.Assertive),
                    (QAccessible.Event.Alert, "", None),
                    (QAccessible.Event.Announcement, "Routine", polite.Polite)]


def test_outcome_cards_name_their_level_icons(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    page = start(qtbot, window, "safer-sleep")
    answer(qtbot, page, "observed_unsafe_now", "yes")
    cards = [card for card in page.panel.cards.values() if not card.isHidden()]
    assert cards
    for card in cards:
        icons = [label for label in card.findChildren(QLabel) if label.pixmap() is not None
                 and not label.pixmap().isNull()]
        assert icons and all(label.accessibleName().endswith("level icon") for label in icons)
