"""Fixtures for the core tests: the small test packs, loaded once per test."""

from __future__ import annotations

from typing import Any

import pytest

from cspr_desktop.core.rules.engine import CompiledPack
from cspr_desktop.core.rules.loader import load_pack
from cspr_desktop.core.rules.pack_head import LoadedPack

from .packkit import ENGINE, MINI, data_of


@pytest.fixture
def mini_data() -> dict[str, Any]:
    """tests/packs/mini.yaml as plain data, free to edit."""
    return data_of(MINI)


@pytest.fixture
def engine_data() -> dict[str, Any]:
    """tests/packs/engine.yaml as plain data, free to edit."""
    return data_of(ENGINE)


@pytest.fixture(scope="session")
def mini() -> LoadedPack:
    return load_pack(MINI)


@pytest.fixture(scope="session")
def engine_pack() -> CompiledPack:
    return load_pack(ENGINE).compiled
