"""The passphrase of one data folder: whether its stores are encrypted, and their key.

The records file decides: if it is encrypted, the folder is. `unlock` derives the key from the
passphrase and the records file's salt and checks it by opening the file; `lock` forgets it.
The key is kept in memory only while unlocked, and every store of the folder (the records and
the training records) is keyed with it. The passphrase itself is never kept.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from cspr_desktop.core.records import store_crypto as crypto
from cspr_desktop.core.records.store import Store

RECORDS_FILE = "records.sqlite"
MIN_PASSPHRASE = 10
FORGOTTEN = ("If the passphrase is forgotten, the records cannot be recovered: not by you, your "
             "IT team or the app's makers. No copy of it is kept anywhere, and there is no "
             "reset. Keep it where your organisation keeps such secrets.")


def passphrase_problem(passphrase: str, confirmation: str) -> str:
    """Why a new passphrase cannot be used, or '' if it can."""
    if len(passphrase) < MIN_PASSPHRASE:
        return (f"Use at least {MIN_PASSPHRASE} characters: a few unrelated words are easy to "
                "remember and hard to guess.")
    if passphrase.strip() != passphrase:
        return "Leave out spaces at the start and end: they are easy to forget."
    if passphrase != confirmation:
        return "The two passphrases differ. Type the same passphrase in both boxes."
    return ""


class Vault:
    """Encryption state and key of one data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._key: bytes | None = None

    @property
    def records_path(self) -> Path:
        return self.data_dir / RECORDS_FILE

    @property
    def encrypted(self) -> bool:
        return crypto.is_encrypted(self.records_path)

    @property
    def available(self) -> bool:
        return crypto.AVAILABLE

    @property
    def key(self) -> bytes | None:
        """The key while unlocked (None for a plain folder, or once locked)."""
        return self._key

    @property
    def locked(self) -> bool:
        return self.encrypted and self._key is None

    def unlock(self, passphrase: str, stores: Iterable[Store] = ()) -> bytes:
        """Derive the key, check it opens the records (raises WrongPassphrase if not), and
        open the given stores again with it."""
        salt = crypto.file_salt(self.records_path)
        key = crypto.derive_key(passphrase, salt, crypto.read_params(self.data_dir))
        crypto.connect(self.records_path, key).close()
        self._key = key
        for store in stores:
            store.reopen(key)
        return key

    def lock(self, stores: Iterable[Store] = ()) -> None:
        """Close the stores (SQLCipher wipes its copy of the key) and forget ours."""
        for store in stores:
            store.close()
        self._key = None

    def open_store(self, path: Path) -> Store:
        """A store of this folder, keyed if the folder is encrypted (a plain one is encrypted
        first, e.g. a training file left over from before)."""
        if self._key is not None and crypto.is_encrypted(path) is False and _has_data(path):
            crypto.encrypt_file(path, self._key)
        return Store(path, key=self._key)

    def change(self, old: str, new: str, stores: Iterable[Store]) -> None:
        """Re-encrypt every store of the folder under a key from `new` (the same salt).

        `old` must open the records (WrongPassphrase otherwise). The training file is done
        first and put back if the records file then fails, so both always open with one
        passphrase. The stores are closed meanwhile and opened again with the key in force.
        """
        open_stores = list(stores)
        salt = crypto.file_salt(self.records_path)
        params = crypto.read_params(self.data_dir)
        old_key = crypto.derive_key(old, salt, params)
        crypto.connect(self.records_path, old_key).close()
        new_key = crypto.derive_key(new, salt, params)
        for store in open_stores:
            store.close()
        others = {store.path for store in open_stores} | set(_other_stores(self.data_dir))
        others.discard(self.records_path)
        done: list[Path] = []
        key = old_key
        try:
            for path in sorted(p for p in others if crypto.is_encrypted(p)):
                crypto.rekey_file(path, old_key, new_key)
                done.append(path)
            crypto.rekey_file(self.records_path, old_key, new_key)
            key = new_key
        except crypto.EncryptionError:
            for path in done:
                crypto.rekey_file(path, new_key, old_key)
            raise
        finally:
            self._key = key
            for store in open_stores:
                store.reopen(key)

    def enable(self, passphrase: str, stores: Iterable[Store],
               params: crypto.KdfParams | None = None) -> None:
        """Encrypt the folder's stores with a new passphrase.

        The stores are closed, each file is replaced by a verified encrypted copy, and the
        stores are opened again, keyed. On failure every store is opened again as it was and
        the error is raised: nothing is lost, the records stay unencrypted.
        """
        if self.encrypted:
            raise crypto.EncryptionError("These records are already encrypted.")
        params = params or crypto.KdfParams()
        salt = os.urandom(crypto.SALT_BYTES)
        key = crypto.derive_key(passphrase, salt, params)
        open_stores = list(stores)
        paths = {store.path for store in open_stores} | {self.records_path}
        for store in open_stores:
            store.close()
        try:
            crypto.write_params(self.data_dir, params)
            crypto.private_file(self.records_path)
            crypto.encrypt_file(self.records_path, key, salt)
        except BaseException:
            for store in open_stores:
                store.reopen(None)
            raise
        self._key = key
        failed: crypto.EncryptionError | None = None
        for path in sorted(paths - {self.records_path}):
            if _has_data(path):
                try:
                    crypto.encrypt_file(path, key)
                except crypto.EncryptionError as exc:  # retried when the store is next opened
                    failed = exc
        for store in open_stores:
            store.reopen(key if crypto.is_encrypted(store.path) else None)
        if failed is not None:
            raise failed


def _other_stores(folder: Path) -> list[Path]:
    return [folder / name for name in crypto.APP_FILES
            if name.endswith(".sqlite") and (folder / name).exists()]


def open_records(data_dir: Path, ask_passphrase: Callable[[], str]) -> Store:
    """The records store of a data folder for a command-line tool; asks for the passphrase
    only if the folder is encrypted (raises WrongPassphrase if it does not open it)."""
    vault = Vault(crypto.protect_data_folder(data_dir))
    if vault.encrypted:
        vault.unlock(ask_passphrase())
    return vault.open_store(vault.records_path)


def _has_data(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False
