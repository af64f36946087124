"""Presenter view: text big enough for the back of a training room, and a high-contrast theme.

Zoom scales the application font, so every label, button and the guidance panel grow
together. Headings carry their own font (`ui.widgets.apply_role` derives it from the app font
when they are made), so after a zoom they are derived again. Both choices are remembered in
the real store's settings: the trainer sets them once per laptop, not once per session. They
are app-wide on purpose, because a practitioner who needs larger text needs it everywhere.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from cspr_desktop.core.store import Store
from cspr_desktop.ui.theme import apply_theme
from cspr_desktop.ui.widgets import ROLE_SCALE, apply_role

ZOOM_STEPS = (1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5, 3.0)
SETTING_ZOOM = "presenter_zoom_percent"
SETTING_HIGH_CONTRAST = "high_contrast"
BASE_PROPERTY = "cspr_base_point_size"
THEME_PROPERTY = "cspr_high_contrast"
FALLBACK_POINT_SIZE = 10.0


def _app() -> QApplication | None:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else None


def base_point_size() -> float:
    """The app font's size before any zoom, kept on the application so every window (and
    every test) scales from the same size rather than from an already zoomed one."""
    app = _app()
    if app is None:
        return FALLBACK_POINT_SIZE
    stored = app.property(BASE_PROPERTY)
    if isinstance(stored, float) and stored > 0:
        return stored
    size = app.font().pointSizeF()
    size = size if size > 0 else FALLBACK_POINT_SIZE
    app.setProperty(BASE_PROPERTY, size)
    return size


def apply_zoom(factor: float) -> None:
    """Scale the app font, then re-derive every heading's font from it."""
    app = _app()
    if app is None:
        return
    font = app.font()
    font.setPointSizeF(round(base_point_size() * factor, 1))
    app.setFont(font)
    for widget in app.allWidgets():
        role = widget.property("role")
        if isinstance(role, str) and role in ROLE_SCALE:
            apply_role(widget, role)


def step_for(percent: str) -> int:
    """The zoom step stored as a percentage ('150'), or 0 for anything unexpected."""
    try:
        wanted = int(percent) / 100
    except ValueError:
        return 0
    return min(range(len(ZOOM_STEPS)), key=lambda i: abs(ZOOM_STEPS[i] - wanted))


class Presenter:
    """The zoom step and theme, remembered in the store; applied to the running app."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.step = step_for(store.setting(SETTING_ZOOM, "100"))
        self.high_contrast = store.setting(SETTING_HIGH_CONTRAST) == "yes"

    @property
    def factor(self) -> float:
        return ZOOM_STEPS[self.step]

    @property
    def percent(self) -> int:
        return round(self.factor * 100)

    def apply(self) -> None:
        """Put the remembered choices into effect (at start-up, or after a change).

        The theme goes first: a new style sheet puts back the fonts widgets had when first
        polished, which would undo a zoom applied before it.
        """
        app = _app()
        showing_high_contrast = app is not None and bool(app.property(THEME_PROPERTY))
        if app is not None and (self.high_contrast or showing_high_contrast):
            apply_theme(self.high_contrast)
            app.setProperty(THEME_PROPERTY, self.high_contrast)
        apply_zoom(self.factor)

    def zoom_by(self, steps: int) -> None:
        """Zoom in (+1) or out (-1) one step; raises StoreError if it cannot be remembered."""
        self._set_step(max(0, min(len(ZOOM_STEPS) - 1, self.step + steps)))

    def reset_zoom(self) -> None:
        self._set_step(0)

    def _set_step(self, step: int) -> None:
        if step == self.step:
            return
        self.step = step
        apply_zoom(self.factor)
        self.store.set_setting(SETTING_ZOOM, str(self.percent))

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        self.apply()
        self.store.set_setting(SETTING_HIGH_CONTRAST, "yes" if on else "no")
