"""Presenter view: text big enough for the back of a training room, and a high-contrast theme.

Zoom works through the style sheet, not by setting fonts on widgets: once a style sheet has
polished a widget it no longer follows the application font, and re-polishing puts back the
font each widget had when first polished. So a zoom adds `font-size` rules to the app's style
sheet: one for every widget, and one per heading role (`ui.widgets.ROLE_SCALE`) so headings
keep their proportions, and the guidance panel grows with everything else. The app font is set
too, for what draws without the style sheet.

Both choices are remembered in the real store's settings (the trainer sets them once per
laptop) and are app-wide on purpose: a practitioner who needs larger text needs it everywhere.
At 100 % and the usual theme the style sheet is left exactly as the app set it.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from cspr_desktop.core.records.store import Store
from cspr_desktop.ui.theme import (
    HC_BACK,
    HIGH_CONTRAST_STYLE_SHEET,
    STYLE_SHEET,
    apply_theme,
    usual_palette,
)
from cspr_desktop.ui.training_band import BAND_SCALE
from cspr_desktop.ui.widgets import ROLE_SCALE

ZOOM_STEPS = (1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5, 3.0)
SETTING_ZOOM = "presenter_zoom_percent"
SETTING_HIGH_CONTRAST = "high_contrast"
BASE_PROPERTY = "cspr_base_point_size"
ZOOM_MARKER = "/* presenter zoom */"
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


def zoom_rules(factor: float) -> str:
    """Style-sheet font sizes for a zoom factor ('' at 100 %, leaving fonts as they are)."""
    if factor == 1.0:
        return ""
    size = base_point_size() * factor
    rules = [ZOOM_MARKER, f"QWidget {{ font-size: {size:.1f}pt; }}"]
    rules += [f'*[role="{role}"] {{ font-size: {size * scale:.1f}pt; font-weight: bold; }}'
              for role, scale in ROLE_SCALE.items()]
    rules.append(f'QLabel[role="training-band"] {{ font-size: {size * BAND_SCALE:.1f}pt; }}')
    return "\n" + "\n".join(rules) + "\n"


def apply_look(factor: float, high_contrast: bool) -> None:
    """Put a zoom and a theme into effect for the whole app. Nothing is re-polished when they
    already are in effect, and at 100 % in the usual theme a style sheet the app set itself is
    left alone (only a dark palette left from high contrast is put back)."""
    app = _app()
    if app is None:
        return
    sheet = app.styleSheet()
    ours = ZOOM_MARKER in sheet or sheet.startswith(HIGH_CONTRAST_STYLE_SHEET)
    font = app.font()
    font.setPointSizeF(round(base_point_size() * factor, 1))
    if font != app.font():
        app.setFont(font)
    if factor == 1.0 and not high_contrast and not ours:
        if app.palette().color(QPalette.ColorRole.Window) == QColor(HC_BACK):
            app.setPalette(usual_palette())
        return
    extra = zoom_rules(factor)
    wanted = (HIGH_CONTRAST_STYLE_SHEET if high_contrast else STYLE_SHEET) + extra
    if sheet != wanted:
        apply_theme(high_contrast, extra)


def reset_look() -> None:
    """Back to 100 % and the usual theme (tests use it to leave the app as they found it)."""
    apply_look(1.0, False)


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
        """Put the remembered choices into effect (at start-up, or after a change)."""
        apply_look(self.factor, self.high_contrast)

    def zoom_by(self, steps: int) -> None:
        """Zoom in (+1) or out (-1) one step; raises StoreError if it cannot be remembered."""
        self._set_step(max(0, min(len(ZOOM_STEPS) - 1, self.step + steps)))

    def reset_zoom(self) -> None:
        self._set_step(0)

    def _set_step(self, step: int) -> None:
        if step == self.step:
            return
        self.step = step
        self.apply()
        self.store.set_setting(SETTING_ZOOM, str(self.percent))

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        self.apply()
        self.store.set_setting(SETTING_HIGH_CONTRAST, "yes" if on else "no")
