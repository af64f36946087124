"""What the running app is working with: rules, stores, chosen overlay, clock and folders.

Training records have their own store, opened the first time training is used (so start-up
costs nothing and a real-records-only session never creates the file).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import InitVar, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cspr_desktop.core.records.store import Store
from cspr_desktop.core.records.vault import Vault
from cspr_desktop.core.rules.registry import Registry

# Keys (cryptography), overlays and training load when first used: the home screen needs none.
if TYPE_CHECKING:
    from cspr_desktop.core.records.keys import SigningKey
    from cspr_desktop.core.records.trust import Trust
    from cspr_desktop.core.rules.overlay import Overlay

SETTING_OVERLAY = "overlay"


@dataclass
class AppContext:
    registry: Registry
    store: Store
    clock: Callable[[], datetime]
    data_dir: Path
    log_file: Path
    app_version: str
    with_vault: InitVar[Vault | None] = None  # the unlocked vault the store was opened with
    vault: Vault = field(init=False, repr=False)  # the data folder's encryption state and key
    _training: Store | None = field(default=None, repr=False)

    def __post_init__(self, with_vault: Vault | None) -> None:
        self.vault = with_vault or Vault(self.data_dir)

    def training_store(self) -> Store:
        """The separate store for training records (never `store`: they must not mix)."""
        if self._training is None:
            from cspr_desktop.core.training.cases import open_training_store

            self._training = open_training_store(self.data_dir, self.store,
                                                 self.vault.open_store)
        return self._training

    def signing_key(self) -> SigningKey:
        """The key this installation signs and exports with (keys.KeyProblem if unusable)."""
        from cspr_desktop.core.records.keys import signing_key

        return signing_key(self.data_dir)

    def trust(self) -> Trust:
        """The keys trusted here, read afresh: IT may add one while the app runs."""
        from cspr_desktop.core.records.trust import load_trust

        return load_trust(self.data_dir)

    def open_stores(self) -> list[Store]:
        """The stores open now: the records, and the training records once used."""
        return [self.store] + ([self._training] if self._training is not None else [])

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
