"""Start the app: arguments, logging, crash handling, rules, store, then the main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from cspr_desktop.core.context import AppContext
from cspr_desktop.core.errors import KeyProblem
from cspr_desktop.core.paths import data_dir, log_dir, resources_dir, rules_dir
from cspr_desktop.core.records.store import StoreError
from cspr_desktop.core.records.store_crypto import (
    EncryptionError,
    private_file,
    private_folder,
    protect_data_folder,
)
from cspr_desktop.core.records.vault import Vault
from cspr_desktop.core.rules.registry import load_registry
from cspr_desktop.core.version import app_version
from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.theme import STYLE_SHEET

log = logging.getLogger("cspr_desktop")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cspr-desktop", description="Safeguarding checklists.")
    parser.add_argument("--data-dir", type=Path, help="folder for records (default: your "
                        "user data folder, or $CSPR_DATA_DIR)")
    parser.add_argument("--rules", type=Path, help="rules folder (default: the bundled rules)")
    parser.add_argument("--quit-when-ready", action="store_true", help="show the window, print "
                        "READY at the first event-loop turn and DONE once it has painted and "
                        "the menus, signing key and the rest are ready, and quit (for start-up "
                        "timing)")
    parser.add_argument("--self-test", action="store_true", help="check this copy of the app "
                        "without a display (rules, scenarios, resources, exports), print a "
                        "summary and exit 0, or 1 naming what failed")
    parser.add_argument("--pdf-worker", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


class LogFile(logging.Handler):
    """The rotating log file, opened at the first line logged: the standard handlers' module
    (sockets, pickling, queues) then loads after the window has painted, not before."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.file is None:
            from logging.handlers import RotatingFileHandler

            self.file = RotatingFileHandler(self.path, maxBytes=1_000_000, backupCount=3,
                                            encoding="utf-8")
            self.file.setFormatter(self.formatter)
        self.file.emit(record)

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        super().close()


def setup_logging(folder: Path) -> Path:
    """Log to a rotating file. Records' contents are never logged, only their ids."""
    private_folder(folder)
    log_file = folder / "cspr-desktop.log"
    private_file(log_file)
    handler = LogFile(log_file)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return log_file


def install_crash_handler(log_file: Path) -> None:
    """Unexpected exceptions: full details to the log, a dialog with Copy Details to the user."""

    def handle(kind: type[BaseException], value: BaseException,
               tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("Unexpected error\n%s", details)
        if QApplication.instance() is not None:
            from cspr_desktop.ui.dialogs import CrashDialog

            CrashDialog(f"cspr-desktop {app_version()}\n{details}", str(log_file)).exec()

    sys.excepthook = handle


def _ask_to_unlock(vault: Vault) -> bool:
    from cspr_desktop.ui.passphrase_dialog import ask_to_unlock  # only for encrypted records

    return ask_to_unlock(vault)


class Cancelled(Exception):
    """The user chose to quit rather than unlock the records."""


def build_context(args: argparse.Namespace,
                  unlock: Callable[[Vault], bool] | None = None) -> AppContext:
    data = protect_data_folder(data_dir(args.data_dir))
    log_file = setup_logging(log_dir(args.data_dir))
    registry = load_registry(args.rules or rules_dir(), cache_dir=data)
    for problem in registry.problems:
        log.warning("Rule file problem: %s", problem.format())
    vault = Vault(data)
    if vault.encrypted and not (unlock or _ask_to_unlock)(vault):
        raise Cancelled
    store = vault.open_store(vault.records_path)
    return AppContext(registry=registry, store=store, clock=datetime.now, data_dir=data,
                      log_file=log_file, app_version=app_version(), with_vault=vault)


def when_started(window: MainWindow, quit_when_ready: bool) -> None:
    """Once the whole window is made (the turn after it first painted): the log's first line,
    the signing key (made on a first run; cryptography is not needed to paint the window, and
    without the key records can be read but not signed), then DONE for start-up timing, or
    the offer to encrypt the records."""
    context = window.context
    log.info("Started cspr-desktop %s with %d checklist(s)", context.app_version,
             len(context.registry.current_packs()))
    try:
        log.info("Signing key %s", context.signing_key().fingerprint)
    except KeyProblem as exc:
        log.warning("No signing key: %s", exc)
    if quit_when_ready:
        print("DONE", flush=True)
        QApplication.quit()
    else:
        QTimer.singleShot(0, window.locking.offer_on_first_run)


def run(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.self_test:
        from cspr_desktop.selftest import run_self_test

        return run_self_test(args.rules)
    if args.pdf_worker:  # the frozen app as the PDF export's worker (see ui.pdf_job)
        from cspr_desktop.printing.pdf_worker import main as pdf_worker

        return pdf_worker()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("cspr-desktop")
    app.setStyleSheet(STYLE_SHEET)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "cspr-desktop.png")))
    if os.name == "posix":
        os.umask(0o077)  # every file the app creates (logs, exports) is the user's only
    try:
        context = build_context(args)
    except Cancelled:
        return 0
    except (StoreError, EncryptionError, OSError) as exc:
        QMessageBox.critical(None, "cspr-desktop cannot start", str(exc))
        return 1
    install_crash_handler(context.log_file)
    window = MainWindow(context, paint_first=True)
    window.started.connect(lambda: when_started(window, args.quit_when_ready))
    window.show()
    if args.quit_when_ready:  # READY: the event loop turns with the window shown, as a bare
        QTimer.singleShot(0, lambda: print("READY", flush=True))  # window's benchmark says
    return int(app.exec())
