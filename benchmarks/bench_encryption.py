"""What encryption at rest costs: the same 1,000-record store, plain and encrypted, side by side.

Two data folders are filled alike (`bench_home.fill_store`); the second is then encrypted the way
the app does it (`Vault.enable`: verified copy, then rename), which is timed once. Then, each
alternated plain/encrypted with one warm-up and at least five rounds, medians:

- opening the store and listing every record's summary (what the home list reads);
- reading every one of the 1,000 records (their JSON, decrypted page by page);
- opening the home window on the store (as `bench_home` measures it);
- unlocking: Argon2id on the passphrase and a check that the key opens the file (encrypted only).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks._common import entry, median
from benchmarks.bench_home import NOW, _open_once, fill_store

COUNT = 1_000
PASSPHRASE = "benchmark passphrase, not a secret"


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def run(repeats: int = 7) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from cspr_desktop.core.demo_record import demo_context, draw_offscreen
    from cspr_desktop.core.paths import rules_dir
    from cspr_desktop.core.records.store import Store
    from cspr_desktop.core.records.vault import Vault
    from cspr_desktop.core.rules.registry import load_registry

    draw_offscreen()
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841
    registry = load_registry(rules_dir(), NOW.date())
    with tempfile.TemporaryDirectory(prefix="cspr-bench-crypt-") as tmp:
        folders = {"plain": Path(tmp) / "plain", "encrypted": Path(tmp) / "encrypted"}
        for folder in folders.values():
            fill_store(folder, COUNT)
        size = (folders["plain"] / "records.sqlite").stat().st_size
        vault = Vault(folders["encrypted"])
        encrypt_s = _timed(lambda: vault.enable(PASSPHRASE, []))
        keys = {"plain": None, "encrypted": vault.key}

        def store(kind: str) -> Store:
            return Store(folders[kind] / "records.sqlite", key=keys[kind])

        def open_and_list(kind: str) -> None:
            opened = store(kind)
            opened.summaries()
            opened.close()

        def read_all(kind: str) -> None:
            opened = store(kind)
            for record_id in opened.summary_ids():
                opened.get(record_id)
            opened.close()

        contexts = {kind: demo_context(folder, NOW, store=store(kind), registry=registry,
                                       app_version="bench")
                    for kind, folder in folders.items()}
        work: dict[str, Callable[[str], object]] = {
            "list": open_and_list, "read": read_all,
            "home": lambda kind: _open_once(contexts[kind]),
        }
        times: dict[tuple[str, str], list[float]] = {}
        for name, job in work.items():
            for kind in folders:
                job(kind)  # warm-up
            for _ in range(max(repeats, 5)):
                for kind in folders:
                    start = time.perf_counter()
                    job(kind)
                    times.setdefault((name, kind), []).append(time.perf_counter() - start)
        unlock = [_timed(lambda: Vault(folders["encrypted"]).unlock(PASSPHRASE))
                  for _ in range(max(repeats, 5))]
        for context in contexts.values():
            context.store.close()
    ms = {key: median(values) * 1000 for key, values in times.items()}

    def figure(name: str, what: str) -> dict[str, Any]:
        plain, encrypted = ms[(name, "plain")], ms[(name, "encrypted")]
        return entry(round(encrypted, 1), "ms", round(plain, 1), round(encrypted / plain, 2),
                     baseline_is=f"{what}, plain store (ms)", records=COUNT,
                     runs=max(repeats, 5))

    return {
        "encrypted_list_ms_1k": figure("list", "open and list 1,000 summaries"),
        "encrypted_read_all_ms_1k": figure("read", "read all 1,000 records"),
        "encrypted_home_open_ms_1k": figure("home", "home window with 1,000 records"),
        "unlock_ms": entry(round(median(unlock) * 1000, 1), "ms", None, None,
                           baseline_is="none (Argon2id, 64 MiB, 3 passes, 4 lanes)"),
        "encrypt_existing_s_1k": entry(round(encrypt_s, 2), "s", None, None,
                                       baseline_is="none (encrypting the plain 1,000-record "
                                       f"store once, {size / 1e6:.1f} MB)"),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
