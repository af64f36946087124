"""`cspr-desktop --self-test`: proves that this copy of the app works, with no display needed.

It runs the same code the app runs, from a source checkout, an installed wheel or the frozen
bundle alike, so IT teams and CI can check a build where it will run:

- version: the package metadata is there (the About box and every record name the version);
- rules: every pack version and overlay loads with no problem;
- scenarios: every scenario of every pack passes;
- resources: the template, the bundled fonts, the body-map drawing and the app icon load (the
  icon through Qt's SVG image plug-in, so a bundle missing it fails here);
- store: a record is saved to and read back from a new records file;
- encryption: a records file encrypted with a passphrase (SQLCipher, Argon2id) shows none of a
  record's text on disk, opens with the passphrase and refuses a wrong one;
- exports: one full discussion record (a scenario's answers, signed, with a fictional strategy
  discussion and an addendum) is exported to PDF, Word, HTML and JSON in a temporary folder,
  through the same export pipeline as the app, and the PDF worker process is checked too.

It prints one line per check and a summary, and returns 0, or 1 naming what failed. It never
touches the user's records: everything is written to a temporary folder that is then removed,
unless $CSPR_SELF_TEST_OUT names a folder to keep the exported files in (to look at them).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from cspr_desktop.core.demo_record import SIGNED, draw_offscreen
from cspr_desktop.core.paths import resources_dir, rules_dir
from cspr_desktop.core.records.records import Record
from cspr_desktop.core.report.export_pipeline import PaperRecord
from cspr_desktop.core.rules.overlay import Overlay
from cspr_desktop.core.rules.pack_head import LoadedPack
from cspr_desktop.core.rules.registry import Registry, load_registry
from cspr_desktop.core.version import app_version

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")
PREFERRED_PACK = "bruising-non-mobile"  # it has the body map, so its record shows the drawing
KEEP_ENV = "CSPR_SELF_TEST_OUT"
WORKER_TIMEOUT_MS = 60_000
REPORT_FILE = "cspr-desktop-self-test.txt"


class CheckFailed(Exception):
    """A check's expected failure, with what was wrong in words."""


@dataclass
class Outcome:
    name: str
    ok: bool
    detail: str
    seconds: float


# ------------------------------------------------------------------------ the sample record


def _sample_pack(registry: Registry) -> tuple[LoadedPack, Path]:
    """The preferred pack (else the first) and the first of its scenarios."""
    packs = registry.current_packs()
    packs.sort(key=lambda p: p.id != PREFERRED_PACK)
    for loaded in packs:
        scenarios = registry.scenario_files(loaded.id)
        if scenarios:
            return loaded, scenarios[0]
    raise CheckFailed("no pack has a scenario to build a record from")


def sample_record(registry: Registry, folder: Path) -> tuple[Record, LoadedPack, Overlay | None]:
    """A full discussion record: a scenario's answers entered through a checklist session (as
    the window does), signed by a fictional health visitor, with a signed-off strategy
    discussion and an addendum. The records file goes in `folder`."""
    from cspr_desktop.core.demo_record import signed_demo_record, with_demo_meeting
    from cspr_desktop.core.records.store import Store
    from cspr_desktop.core.rules.scenarios import parse_scenario, scenario_overlay
    from cspr_desktop.core.rules.yamlsource import read_file

    loaded, scenario_file = _sample_pack(registry)
    scenario, problems = parse_scenario(read_file(scenario_file))
    if scenario is None:
        raise CheckFailed(f"{scenario_file.name}: " + "; ".join(p.message for p in problems))
    overlay = scenario_overlay(scenario, registry)
    if overlay is None and registry.overlays:
        overlay = registry.overlays[sorted(registry.overlays)[0]]
    store = Store(folder / "records.sqlite")
    try:
        record, key = signed_demo_record(store, loaded, overlay, scenario.answers,
                                         child_ref="SELF-TEST-0001")
        record = with_demo_meeting(record, key)
        store.save(record)
        if store.get(record.id) != record:
            raise CheckFailed("the record read back from the store differs from the one saved")
    finally:
        store.close()
    return record, loaded, overlay


# -------------------------------------------------------------------------------- the checks


def check_version() -> str:
    version = app_version()
    if version == "unknown":
        raise CheckFailed("the package metadata (and so the version) is missing")
    return f"cspr-desktop {version}, Python {sys.version.split()[0]}"


def check_rules(root: Path, loaded: list[Registry]) -> str:
    registry = load_registry(root)
    loaded.append(registry)
    if registry.problems:
        shown = [p.format() for p in registry.problems[:5]]
        more = len(registry.problems) - len(shown)
        raise CheckFailed(f"{len(registry.problems)} problem(s) in {registry.root}: "
                          + "; ".join(shown) + (f"; and {more} more" if more > 0 else ""))
    packs = registry.current_packs()
    if not packs:
        raise CheckFailed(f"no pack loaded from {registry.root}")
    overlays = registry.overlay_files()
    if len(registry.overlays) != len(overlays):
        raise CheckFailed(f"{len(overlays) - len(registry.overlays)} overlay(s) did not load")
    versions = sum(len(v) for v in registry.versions.values())
    names = ", ".join(f"{p.id} {p.version}" for p in packs)
    return (f"{len(packs)} packs ({versions} versions: {names}), {len(registry.overlays)} "
            f"overlay(s), from {registry.root}")


def check_scenarios(registry: Registry) -> str:
    from cspr_desktop.core.rules.scenarios import run_all

    results = run_all(registry)
    if not results:
        raise CheckFailed("no scenarios found")
    failed = [r.line() for r in results if not r.passed]
    if failed:
        raise CheckFailed(f"{len(failed)} of {len(results)} failed: " + " | ".join(failed[:5]))
    return f"{len(results)} passed, 0 failed"


def check_resources() -> str:
    from PySide6.QtGui import QFontDatabase, QIcon, QImage
    from PySide6.QtSvg import QSvgRenderer

    folder = resources_dir()
    template = folder / "templates" / "discussion_record.html.j2"
    if not template.is_file():
        raise CheckFailed(f"the record template is missing ({template})")
    for name in FONT_FILES:
        if QFontDatabase.addApplicationFont(str(folder / "fonts" / name)) < 0:
            raise CheckFailed(f"the font {name} did not load")
    drawing = folder / "bodymap" / "infant.svg"
    if not QSvgRenderer(str(drawing)).isValid():
        raise CheckFailed(f"the body-map drawing did not load ({drawing})")
    if QImage(str(folder / "icons" / "cspr-desktop.svg")).isNull():
        raise CheckFailed("the SVG icon did not load: Qt's SVG image plug-in is missing")
    if QIcon(str(folder / "icons" / "cspr-desktop.png")).isNull():
        raise CheckFailed("the PNG icon did not load")
    return f"template, {len(FONT_FILES)} fonts, body map and icons from {folder}"


def check_exports(registry: Registry) -> str:
    from cspr_desktop.core.record_ids import export_file_name
    from cspr_desktop.core.records.keys import signing_key
    from cspr_desktop.core.records.trust import load_trust
    from cspr_desktop.core.records.verification import Status, verify_record
    from cspr_desktop.core.report.export_json import ImportRefused, read_export, read_import_file
    from cspr_desktop.core.report.export_pipeline import EXPORT_FORMATS
    from cspr_desktop.printing.export_writers import exporter_here

    with tempfile.TemporaryDirectory(prefix="cspr-self-test-") as tmp:
        folder = Path(tmp)
        record, loaded, overlay = sample_record(registry, folder)
        if verify_record(record).status != Status.SIGNED:
            raise CheckFailed("the signed record's seals and signatures do not verify")
        exporter = exporter_here(loaded, overlay, lambda: signing_key(folder),
                                 lambda: SIGNED + timedelta(days=4))
        files = {fmt: folder / export_file_name(record.id, fmt) for fmt in EXPORT_FORMATS}
        for fmt, path in files.items():
            exporter.export(record, fmt, path)
        data = files["pdf"].read_bytes()
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
            raise CheckFailed("the PDF written is not a complete PDF file")
        pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
        _check_pdf_worker(exporter.paper(record), folder / "worker.pdf")
        if not files["docx"].read_bytes().startswith(b"PK"):
            raise CheckFailed("the Word file written is not a .docx (zip) file")
        try:
            back = read_export(read_import_file(files["json"]), "self-test.json",
                               SIGNED + timedelta(days=5), load_trust(folder))
        except ImportRefused as exc:
            raise CheckFailed(f"the JSON export does not import: {exc}") from exc
        if back.record.id != record.id or back.verification.untrusted():
            raise CheckFailed("the JSON export does not hold the record, signed by this "
                              "installation")
        keep = os.environ.get(KEEP_ENV)
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            for fmt in ("pdf", "docx", "json"):
                shutil.copy2(files[fmt], Path(keep) / files[fmt].name)
    return (f"record {record.id} ({loaded.id} {loaded.version}, with a strategy discussion) "
            f"to PDF ({len(data) // 1024} KB, {pages} pages), Word, HTML and JSON"
            + (f", kept in {keep}" if keep else ", in a temporary folder"))


def _check_pdf_worker(paper: PaperRecord, path: Path) -> None:
    """The app writes PDFs in a worker process (this very program, `--pdf-worker`, when
    frozen): check it starts, writes a PDF and does not fall back to working in the app."""
    from PySide6.QtCore import QEventLoop, QTimer

    from cspr_desktop.printing.pdf import PageDecor
    from cspr_desktop.printing.pdf_job import PdfJob

    job = PdfJob(paper.html, path, PageDecor.of(paper), fallback=False)
    loop = QEventLoop()
    job.finished.connect(lambda _problem: loop.quit())
    QTimer.singleShot(WORKER_TIMEOUT_MS, loop.quit)
    job.start()
    loop.exec()
    if job.state != "done" or not path.read_bytes().startswith(b"%PDF-"):
        job.cancel()
        raise CheckFailed("the PDF worker process did not write the PDF")


# --------------------------------------------------------------------------------- running


def check_encryption() -> str:
    """The SQLCipher binding and the key derivation work in this copy of the app."""
    from cspr_desktop.core.records import store_crypto as crypto
    from cspr_desktop.core.records.records import new_record
    from cspr_desktop.core.records.store import Store
    from cspr_desktop.core.records.vault import Vault

    if not crypto.AVAILABLE:
        raise CheckFailed("SQLCipher (the sqlcipher3 package) is missing")
    secret, passphrase = "SELF-TEST-ENCRYPTED-0001", "self-test passphrase"
    with tempfile.TemporaryDirectory(prefix="cspr-self-test-") as temp:
        folder = Path(temp)
        vault = Vault(folder)
        vault.enable(passphrase, [Store(folder / "records.sqlite")], crypto.KdfParams())
        store = Store(folder / "records.sqlite", key=vault.key)
        store.save(new_record("self-test", "1.0.0", "0" * 64, SIGNED, child_ref=secret))
        store.close()
        if any(secret.encode() in path.read_bytes() for path in folder.iterdir()):
            raise CheckFailed("a child reference is readable in the encrypted records file")
        try:
            Vault(folder).unlock("not the passphrase")
        except crypto.WrongPassphrase:
            pass
        else:
            raise CheckFailed("a wrong passphrase opened the records")
        again = Vault(folder)
        again.unlock(passphrase)
        store = Store(folder / "records.sqlite", key=again.key)
        found = [summary.child_ref for summary in store.summaries()]
        store.close()
    if found != [secret]:
        raise CheckFailed("the encrypted record did not read back")
    version = crypto.sqlite3.connect(":memory:").execute("PRAGMA cipher_version").fetchone()
    return f"SQLCipher {version[0] if version else '?'}, Argon2id key; wrong passphrase refused"


def _run(name: str, check: Callable[[], str]) -> Outcome:
    start = time.perf_counter()
    try:
        detail = check()
        ok = True
    except CheckFailed as exc:
        detail, ok = str(exc), False
    except Exception as exc:  # a crash in a check is a failure of that check, reported
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if "cspr_desktop" in Path(f.filename).parts] or frames
        where = ", ".join(f"{Path(f.filename).name}:{f.lineno}" for f in (ours[-1], frames[-1]))
        detail = f"{type(exc).__name__}: {exc} (at {where})"
        ok = False
    return Outcome(name, ok, detail, time.perf_counter() - start)


def _default_out() -> Callable[[str], None]:
    """Print; a windowed app on Windows has no standard output, so there the lines go to
    cspr-desktop-self-test.txt in the temporary folder (%TEMP%) instead."""
    if sys.stdout is not None:
        return lambda line: print(line, flush=True)
    report = Path(tempfile.gettempdir()) / REPORT_FILE
    report.write_text("", encoding="utf-8")

    def write(line: str) -> None:
        with report.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    return write


def run_self_test(rules: Path | None = None, out: Callable[[str], None] | None = None) -> int:
    """Run every check, print one line each and a summary; 0 when all pass, else 1."""
    out = out or _default_out()
    draw_offscreen()  # no window is shown: no display needed
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - Qt needs it
    started = time.perf_counter()
    registries: list[Registry] = []  # filled by the rules check, used by the later ones

    def registry() -> Registry:
        if not registries:
            raise CheckFailed("the rules did not load")
        return registries[0]

    checks: list[tuple[str, Callable[[], str]]] = [
        ("version", check_version),
        ("rules", lambda: check_rules(rules or rules_dir(), registries)),
        ("scenarios", lambda: check_scenarios(registry())),
        ("resources", check_resources),
        ("exports", lambda: check_exports(registry())),
        ("encryption", check_encryption),
    ]
    outcomes = []
    for name, check in checks:
        outcome = _run(name, check)
        outcomes.append(outcome)
        out(f"{'ok  ' if outcome.ok else 'FAIL'} {name:<10} {outcome.detail} "
            f"({outcome.seconds:.1f} s)")
    failed = [o.name for o in outcomes if not o.ok]
    total = time.perf_counter() - started
    frozen = "frozen bundle" if getattr(sys, "frozen", False) else "source"
    if failed:
        out(f"self-test FAILED ({frozen}, {total:.1f} s): {', '.join(failed)}")
        return 1
    out(f"self-test passed ({frozen}, {len(outcomes)} checks, {total:.1f} s)")
    return 0
