"""Locking an encrypted app: after the idle time and with Ctrl+L the window hides every record
and asks for the passphrase; a wrong one is refused; the right one returns the user to where
they were with what they typed. Setting a passphrase from the File menu, and at start-up."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton, QVBoxLayout
from pytestqt.qtbot import QtBot

from cspr_desktop.core.context import AppContext
from cspr_desktop.core.records import store_crypto as crypto
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.records.vault import Vault
from cspr_desktop.core.rules.registry import load_registry
from cspr_desktop.ui.app import build_context, parse_args
from cspr_desktop.ui.lock_screen import LOCKED_TITLE, SETTING_LOCK_MINUTES
from cspr_desktop.ui.main_window import MainWindow
from cspr_desktop.ui.passphrase_dialog import SetPassphraseDialog, UnlockDialog, ask_to_unlock
from tests.ui.ui_driver import FIXED_NOW, REPO, answer, click, make_window, start, when_dialog

pytestmark = pytest.mark.skipif(not crypto.AVAILABLE, reason="SQLCipher is not installed")

PASSPHRASE = "heron lantern copper meadow"
FAST = crypto.KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
CHILD_REF = "ZQ-4471-FICTIONAL"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def encrypted_window(qtbot: QtBot, data: Path, minutes: int = 0) -> MainWindow:
    """A shown main window on an encrypted data folder, unlocked."""
    vault = Vault(data)
    vault.enable(PASSPHRASE, [Store(data / "records.sqlite")], FAST)
    store = Store(data / "records.sqlite", key=vault.key)
    if minutes:
        store.set_setting(SETTING_LOCK_MINUTES, str(minutes))
    context = AppContext(registry=load_registry(REPO / "rules", FIXED_NOW.date()), store=store,
                         clock=lambda: FIXED_NOW, data_dir=data, log_file=data / "log.txt",
                         app_version="test", with_vault=vault)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    return window


def unlock_dialog(window: MainWindow) -> UnlockDialog:
    dialog = window.locking.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def type_passphrase(qtbot: QtBot, dialog: UnlockDialog, passphrase: str) -> None:
    dialog.passphrase.setFocus()
    qtbot.keyClicks(dialog.passphrase, passphrase)
    click(qtbot, dialog.unlock_button)


def assert_locked(window: MainWindow) -> None:
    assert window.locking.is_locked
    assert window.stack.currentWidget() is window.locking.locked_page
    assert window.windowTitle() == LOCKED_TITLE
    assert not window.menuBar().isEnabled()
    assert window.context.vault.key is None
    assert window.checklist is None or not window.checklist.isVisible()
    assert window.home.isHidden() or not window.home.isVisible()
    assert unlock_dialog(window).isModal()


def test_idle_time_locks_and_the_passphrase_returns_to_the_same_place(
        qtbot: QtBot, tmp_path: Path) -> None:
    window = encrypted_window(qtbot, tmp_path / "data", minutes=2)
    clock = FakeClock()
    window.locking.idle.clock = clock
    window.locking.idle.start(window.locking.lock_minutes())
    assert window.locking.idle.timer.interval() == 120_000
    checklist = start(qtbot, window, "bruising-non-mobile")
    qtbot.keyClicks(checklist.child_ref, CHILD_REF)  # typed, not yet saved
    answer(qtbot, checklist, "age_months", 3)
    focused = QApplication.focusWidget()

    clock.now += 90  # 90 s after the timer started: not idle for two minutes yet
    window.locking.idle.timer.timeout.emit()
    assert not window.locking.is_locked
    qtbot.keyClick(checklist.child_ref, Qt.Key.Key_End)  # the user is back at 90 s
    clock.now += 60  # 150 s after the start, but only 60 s after the key press
    window.locking.idle.timer.timeout.emit()
    assert not window.locking.is_locked
    assert window.locking.idle.timer.isActive()  # waiting for the 60 s that are left
    clock.now += 61  # 121 s without input
    window.locking.idle.timer.timeout.emit()
    assert_locked(window)

    # what was typed was saved before locking, encrypted
    other = Vault(tmp_path / "data")
    other.unlock(PASSPHRASE)
    saved = Store(tmp_path / "data" / "records.sqlite", key=other.key)
    assert [s.child_ref for s in saved.summaries()] == [CHILD_REF]
    saved.close()

    dialog = unlock_dialog(window)
    type_passphrase(qtbot, dialog, "heron lantern copper")
    assert dialog.isVisible() and dialog.problem.isVisible()
    assert "does not open these records" in dialog.problem.text()
    assert window.locking.is_locked and dialog.passphrase.text() == ""

    type_passphrase(qtbot, dialog, PASSPHRASE)
    assert not dialog.isVisible()
    assert not window.locking.is_locked
    assert window.stack.currentWidget() is checklist
    assert checklist.child_ref.text() == CHILD_REF
    assert QApplication.focusWidget() is focused
    assert window.menuBar().isEnabled() and window.windowTitle() != LOCKED_TITLE
    answer(qtbot, checklist, "age_months", 4)  # the store works again
    window.flush()
    assert window.context.store.get(checklist.session.record.id).answers["age_months"]
    assert window.locking.idle.timer.isActive()


def test_ctrl_l_locks_at_once(qtbot: QtBot, tmp_path: Path) -> None:
    window = encrypted_window(qtbot, tmp_path / "data")
    qtbot.keyClick(window.home, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert_locked(window)
    type_passphrase(qtbot, unlock_dialog(window), PASSPHRASE)
    assert not window.locking.is_locked
    assert window.stack.currentWidget() is window.home


def test_an_open_dialog_shows_nothing_while_locked_and_keeps_what_was_typed(
        qtbot: QtBot, tmp_path: Path) -> None:
    window = encrypted_window(qtbot, tmp_path / "data")
    dialog = QDialog(window)
    layout = QVBoxLayout(dialog)
    edit = QLineEdit()
    layout.addWidget(edit)
    dialog.show()
    qtbot.keyClicks(edit, "Addendum about Winifred")
    window.locking.lock()
    assert dialog.isVisible() and not edit.isVisible()
    type_passphrase(qtbot, unlock_dialog(window), PASSPHRASE)
    assert edit.isVisible() and edit.text() == "Addendum about Winifred"


def test_the_lock_screen_cannot_be_dismissed_without_the_passphrase(
        qtbot: QtBot, tmp_path: Path) -> None:
    window = encrypted_window(qtbot, tmp_path / "data")
    window.locking.lock()
    dialog = unlock_dialog(window)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible() and window.locking.is_locked


def test_lock_is_off_until_a_passphrase_is_set(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    assert not window.locking.lock_action.isEnabled()
    assert window.locking.encrypt_action.isVisible()
    window.locking.lock()
    assert not window.locking.is_locked
    assert not window.locking.idle.timer.isActive()


def test_setting_a_passphrase_from_the_file_menu_encrypts_the_records(
        qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    checklist = start(qtbot, window, "bruising-non-mobile")
    qtbot.keyClicks(checklist.child_ref, CHILD_REF)
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, SetPassphraseDialog)
        seen["warning"] = "cannot be recovered" in " ".join(
            label.text() for label in dialog.findChildren(type(dialog.problem)))
        seen["ok_before"] = dialog.ok.isEnabled()
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.keyClicks(dialog.confirm, PASSPHRASE + "!")
        click(qtbot, dialog.understood)
        click(qtbot, dialog.ok)
        seen["mismatch"] = dialog.problem.text()
        qtbot.keyClicks(dialog.confirm, PASSPHRASE)
        click(qtbot, dialog.ok)

    when_dialog(fill)
    window.locking.encrypt_action.trigger()
    assert seen["warning"] and seen["ok_before"] is False
    assert "differ" in str(seen["mismatch"])
    assert window.context.vault.encrypted
    assert crypto.is_encrypted(tmp_path / "records.sqlite")
    assert window.locking.lock_action.isEnabled()
    assert not window.locking.encrypt_action.isVisible()
    assert window.locking.idle.timer.isActive()
    assert window.context.store.summaries()[0].child_ref == CHILD_REF  # the same store, keyed
    assert checklist.child_ref.text() == CHILD_REF
    with pytest.raises(crypto.NeedsPassphrase):
        Store(tmp_path / "records.sqlite")


def test_start_up_asks_for_the_passphrase_and_refuses_a_wrong_one(
        qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    vault = Vault(data)
    vault.enable(PASSPHRASE, [Store(data / "records.sqlite")], FAST)
    problems: list[str] = []

    def answer_twice(dialog: QDialog) -> None:
        assert isinstance(dialog, UnlockDialog)
        type_passphrase(qtbot, dialog, "wrong passphrase here")
        problems.append(dialog.problem.text())
        type_passphrase(qtbot, dialog, PASSPHRASE)

    when_dialog(answer_twice)
    context = build_context(parse_args(["--data-dir", str(data)]), unlock=ask_to_unlock)
    assert "does not open these records" in problems[0]
    assert context.vault.key is not None
    context.store.summaries()
    context.store.close()


def test_start_up_quit_leaves_the_records_locked(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    Vault(data).enable(PASSPHRASE, [Store(data / "records.sqlite")], FAST)
    when_dialog(lambda dialog: click(qtbot, dialog.findChild(QPushButton, "quit-button")))
    assert ask_to_unlock(Vault(data)) is False


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes; Windows uses the profile's ACL")
def test_the_app_makes_its_data_and_log_folders_private(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    context = build_context(parse_args(["--data-dir", str(data)]), unlock=lambda vault: False)
    modes = {p.relative_to(data).as_posix(): stat.S_IMODE(p.stat().st_mode)
             for p in [data, *data.rglob("*")]}
    context.store.close()
    assert modes["."] == 0o700 and modes["logs"] == 0o700
    assert modes["logs/cspr-desktop.log"] == 0o600 and modes["records.sqlite"] == 0o600
    assert {name for name, mode in modes.items() if mode not in (0o600, 0o700)} == set()


def test_nothing_typed_or_logged_in_a_session_is_readable_in_the_data_folder(
        qtbot: QtBot, tmp_path: Path) -> None:
    """The whole app on a new data folder: encrypt from the File menu, a signed record with a
    meeting and an addendum, a draft typed in the window, lock, quit; then every file under the
    data folder (the stores, their -wal and -shm, encryption.json and the log) is scanned."""
    from tests.core.test_store_crypto import FREE_TEXT, SECRETS, scan
    from tests.recordkit import full_record

    data = tmp_path / "data"
    handlers = list(logging.getLogger("cspr_desktop").handlers)
    context = build_context(parse_args(["--data-dir", str(data)]), unlock=lambda vault: False)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    try:

        def fill(dialog: QDialog) -> None:
            assert isinstance(dialog, SetPassphraseDialog)
            for edit in (dialog.passphrase, dialog.confirm):
                qtbot.keyClicks(edit, PASSPHRASE)
            click(qtbot, dialog.understood)
            click(qtbot, dialog.ok)

        when_dialog(fill)
        window.locking.encrypt_action.trigger()
        assert context.vault.encrypted
        record, _, _ = full_record(tmp_path / "build", text=FREE_TEXT, child_ref=CHILD_REF)
        context.store.save(record)
        window.refresh_home()
        window.open_record(record.id)
        assert window.review is not None and window.review.isVisible()
        checklist = start(qtbot, window, "bruising-non-mobile")
        qtbot.keyClicks(checklist.child_ref, CHILD_REF + "-2")
        answer(qtbot, checklist, "age_months", 3)
        answer(qtbot, checklist, "injury_types", ["bruise"])
        answer(qtbot, checklist, "mark_description", FREE_TEXT)
        window.activateWindow()  # offscreen, a closed dialog leaves no window active
        QApplication.processEvents()
        click(qtbot, checklist.child_ref)  # Ctrl+L works while typing in a field
        qtbot.keyClick(checklist.child_ref, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert window.locking.is_locked
    finally:
        window.close()
        context.store.close()
        for handler in logging.getLogger("cspr_desktop").handlers:
            if handler not in handlers:
                handler.close()
                logging.getLogger("cspr_desktop").removeHandler(handler)
    log_text = (data / "logs" / "cspr-desktop.log").read_text("utf-8")
    assert "Locked" in log_text and "Records encrypted" in log_text
    names = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()}
    assert {"records.sqlite", "encryption.json", "logs/cspr-desktop.log"} <= names
    assert scan(data) == {}, f"readable in {sorted(names)}"
    assert SECRETS  # the same secrets the plain control finds


def test_changing_the_passphrase_from_the_file_menu(qtbot: QtBot, tmp_path: Path) -> None:
    window = encrypted_window(qtbot, tmp_path / "data")
    new = "violet harbour seven kites"

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, SetPassphraseDialog)
        qtbot.keyClicks(dialog.current, PASSPHRASE)
        for edit in (dialog.passphrase, dialog.confirm):
            qtbot.keyClicks(edit, new)
        click(qtbot, dialog.understood)
        click(qtbot, dialog.ok)

    assert window.locking.change_action.isVisible()
    when_dialog(fill)
    window.locking.change_action.trigger()
    window.context.store.summaries()  # still open, on the new key
    window.locking.lock()
    dialog = unlock_dialog(window)
    type_passphrase(qtbot, dialog, PASSPHRASE)
    assert window.locking.is_locked and dialog.problem.isVisible()
    type_passphrase(qtbot, dialog, new)
    assert not window.locking.is_locked
