"""What the running app is working with: rules, store, chosen overlay, clock and folders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cspr_desktop.core.overlay import Overlay
from cspr_desktop.core.registry import Registry
from cspr_desktop.core.store import Store

SETTING_OVERLAY = "overlay"


@dataclass
class AppContext:
    registry: Registry
    store: Store
    clock: Callable[[], datetime]
    data_dir: Path
    log_file: Path
    app_version: str

    @property
    def overlay_name(self) -> str:
        name = self.store.setting(SETTING_OVERLAY)
        return name if name in self.registry.overlays else ""

    @property
    def overlay(self) -> Overlay | None:
        return self.registry.overlays.get(self.overlay_name)

    def choose_overlay(self, name: str) -> None:
        """Remember the partnership whose contacts and settings apply ('' for none)."""
        self.store.set_setting(SETTING_OVERLAY, name if name in self.registry.overlays else "")
