"""Test-wide set-up: Qt renders offscreen, and no test ever touches the real user folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cspr_desktop.core.demo_record import draw_offscreen

draw_offscreen()

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "rules"
TEST_PACKS = Path(__file__).resolve().parent / "packs"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory,
                        monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point home, XDG folders and the app's data folder at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.setenv("CSPR_DATA_DIR", str(home / "cspr-data"))
    monkeypatch.delenv("CSPR_RULES_DIR", raising=False)
    yield
