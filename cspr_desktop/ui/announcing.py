"""Tell screen readers something changed, through the platform accessibility API.

Qt passes these events on to AT-SPI on Linux, UI Automation on Windows and NSAccessibility on
macOS. Two are sent: an Alert on the widget (what older screen readers listen for) and an
Announcement carrying the words themselves (Qt 6.8 and later: AT-SPI "announcement", a UIA
notification), assertive for an emergency so it interrupts whatever is being read.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QWidget

Send = Callable[[QAccessibleEvent], None]


def announce(widget: QWidget, message: str, urgent: bool = False,
             send: Send = QAccessible.updateAccessibility) -> None:
    """Announce `message` from `widget` without moving focus (focus stays where the user is
    typing); `send` is Qt's, replaced only to see the events in a test."""
    send(QAccessibleEvent(widget, QAccessible.Event.Alert))
    event = QAccessibleAnnouncementEvent(widget, message)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if urgent else politeness.Polite)
    send(event)
