"""The rule cache: start-up reads unchanged packs' heads and compiles them on first use,
never trusting the cache over the YAML (a changed or broken file is loaded as if uncached)."""

from __future__ import annotations

import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

from cspr_desktop.core.errors import Code
from cspr_desktop.core.rules import loader
from cspr_desktop.core.rules.pack_cache import CACHE_FILE
from cspr_desktop.core.rules.registry import load_registry

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 3, 2)


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(REPO / "rules", root)
    return root


def summary(registry: object) -> tuple[object, ...]:
    """What a registry holds, in comparable terms."""
    from cspr_desktop.core.rules.registry import Registry

    assert isinstance(registry, Registry)
    return (
        {(p.id, p.version, p.sha256, p.pin_sha256, p.title) for i in registry.pack_ids()
         for p in registry.all_versions(i)},
        [p.id for p in registry.current_packs()],
        registry.problems, registry.warnings, registry.overlays,
    )


def test_a_cached_registry_is_the_same_and_compiles_on_first_use(
        rules: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    plain = load_registry(rules, TODAY)
    first = load_registry(rules, TODAY, cache_dir=data)
    second = load_registry(rules, TODAY, cache_dir=data)
    assert summary(plain) == summary(first) == summary(second)
    assert all(not p.is_compiled for p in second.current_packs())
    cached = second.current("safer-sleep")
    assert cached is not None
    fresh = plain.current("safer-sleep")
    assert fresh is not None
    assert cached.compiled.pack == fresh.pack and cached.is_compiled
    if hasattr(stat, "S_IMODE"):
        assert stat.S_IMODE((data / CACHE_FILE).stat().st_mode) == 0o600


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"format": 1, "app": "0.1.0", '
                                    b'"packs": {"x": 1}, "overlays": []}', b"[]"])
def test_a_damaged_cache_is_ignored_and_rebuilt(rules: Path, tmp_path: Path,
                                                damage: bytes) -> None:
    data = tmp_path / "data"
    data.mkdir()
    plain = load_registry(rules, TODAY)
    (data / CACHE_FILE).write_bytes(damage)
    assert summary(load_registry(rules, TODAY, cache_dir=data)) == summary(plain)
    again = load_registry(rules, TODAY, cache_dir=data)
    assert summary(again) == summary(plain)
    assert not any(p.is_compiled for p in again.current_packs())


@pytest.mark.parametrize("found, tampered", [
    ('"effective_from": "', '"effective_from": "x'),
    # a status is read at every choice of the current version: refused when the cache is read
    ('"status": "approved"', '"status": "bogus"'),
])
def test_damaged_entries_are_never_used(rules: Path, tmp_path: Path, found: str,
                                        tampered: str) -> None:
    """An entry whose head was tampered with is refused; the pack loads from its YAML."""
    data = tmp_path / "data"
    data.mkdir()
    plain = load_registry(rules, TODAY)
    load_registry(rules, TODAY, cache_dir=data)
    cache = data / CACHE_FILE
    cache.write_text(cache.read_text("utf-8").replace(found, tampered), "utf-8")
    assert summary(load_registry(rules, TODAY, cache_dir=data)) == summary(plain)


def test_the_cache_belongs_to_the_problem_codes_too() -> None:
    """Overlay problems are kept in the cache with their codes and words: a change to the
    error catalogue, not only to the rules package, makes a developer's copy check again."""
    from cspr_desktop.core.rules.pack_cache import checking_modules

    names = {(path.parent.name, path.name) for path in checking_modules()}
    assert ("core", "errors.py") in names and ("rules", "registry.py") in names


def test_a_changed_or_broken_pack_is_loaded_and_reported_afresh(
        rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    load_registry(rules, TODAY, cache_dir=data)
    path = rules / "safer-sleep" / "1.0.0.yaml"
    path.write_text(path.read_text("utf-8").replace("title: Safer sleep and SUDI risk",
                                                    "title: Safer sleep, quietly edited"), "utf-8")
    broken = rules / "bruising-non-mobile" / "1.0.0.yaml"
    broken.write_text(broken.read_text("utf-8") + "\n  : [unclosed\n", "utf-8")
    registry = load_registry(rules, TODAY, cache_dir=data)
    assert summary(registry) == summary(load_registry(rules, TODAY))
    codes = {p.code for p in registry.problems}
    assert Code.PACK_CHANGED in codes
    assert any("bruising-non-mobile" in p.file for p in registry.problems)

    real = loader.CompiledPack

    def compile_or_fail(pack: object, sha256: str) -> object:
        if getattr(pack, "id", "") == "extra-familial-harm":
            raise RecursionError("somewhere deep in compiling")
        return real(pack, sha256)  # type: ignore[arg-type]

    # A pack that fails to compile is never cached, so it fails at every start.
    monkeypatch.setattr(loader, "CompiledPack", compile_or_fail)
    shutil.rmtree(data)
    data.mkdir()
    for _ in range(2):
        registry = load_registry(rules, TODAY, cache_dir=data)
        failed = [p for p in registry.problems if p.code == Code.PACK_FAILED]
        assert failed and all("extra-familial-harm" in p.file for p in failed)


def test_a_changed_app_does_not_use_what_the_old_one_found(
        rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache belongs to the app that wrote it: another one checks every file again."""
    from cspr_desktop.core.rules import pack_cache

    data = tmp_path / "data"
    data.mkdir()
    load_registry(rules, TODAY, cache_dir=data)
    assert not any(p.is_compiled for p in
                   load_registry(rules, TODAY, cache_dir=data).current_packs())
    monkeypatch.setattr(pack_cache, "app_key", lambda: "another app")
    assert all(p.is_compiled for p in
               load_registry(rules, TODAY, cache_dir=data).current_packs())
