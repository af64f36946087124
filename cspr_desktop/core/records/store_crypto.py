"""Encryption at rest for the SQLite stores: SQLCipher, keyed with a key from Argon2id.

Every store is opened through `connect`, with the SQLCipher build of SQLite (the `sqlcipher3`
wheel) when it is installed. Without a key that is plain SQLite, file for file; with one, every
page of the file and of its write-ahead log is encrypted (AES-256, with an HMAC per page), so
nothing of a record, its summary columns or its indexes is readable on disk.

The key is derived from the passphrase with Argon2id (memory-hard, from `cryptography`) and
given to SQLCipher as a raw key, so SQLCipher's own, weaker key derivation is not used. The salt
is the one SQLCipher keeps in the first 16 bytes of the records file, so a copied file needs only
the passphrase (and, if they were changed, the parameters in `PARAMS_FILE`). The passphrase is
never stored; the key lives only in memory, in the caller's hands and SQLCipher's.

A plain store becomes encrypted by `encrypt_file`: an encrypted copy is written beside it,
read back and compared with the original, and only then moved over it in one rename.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3
else:
    try:
        from sqlcipher3 import dbapi2 as sqlite3
    except ImportError:  # no SQLCipher wheel for this platform: plain stores only
        import sqlite3

__all__ = ["AVAILABLE", "EncryptionError", "KdfParams", "NeedsPassphrase", "StoreInUse",
           "WrongPassphrase", "connect", "derive_key", "encrypt_file", "file_salt",
           "is_encrypted", "private_file", "private_folder", "protect_data_folder",
           "read_params", "rekey_file", "sqlite3", "write_params"]

AVAILABLE = sqlite3.__name__.startswith("sqlcipher3")
PLAIN_HEADER = b"SQLite format 3\x00"
SALT_BYTES = 16
KEY_BYTES = 32
PARAMS_FILE = "encryption.json"
ENCRYPTING_SUFFIX = ".encrypting"


class EncryptionError(Exception):
    """An expected failure of encryption; the message says what happened and what to do."""


class WrongPassphrase(EncryptionError):
    """The passphrase does not open the file (or the file is damaged: the two look the same)."""


class NeedsPassphrase(EncryptionError):
    """The file is encrypted and was opened without a key."""


class StoreInUse(EncryptionError):
    """Another window or process has the store open, so it cannot be replaced now."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id's cost: about 0.15 s and 64 MiB on a laptop, per unlock."""

    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4


def read_params(folder: Path) -> KdfParams:
    """The key-derivation parameters of a data folder (the defaults if the file is missing)."""
    try:
        raw = json.loads((folder / PARAMS_FILE).read_text("utf-8"))
        return KdfParams(int(raw["memory_kib"]), int(raw["iterations"]), int(raw["lanes"]))
    except FileNotFoundError:
        return KdfParams()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EncryptionError(f"The file {folder / PARAMS_FILE} cannot be read, so the "
                              "records cannot be unlocked. Restore it from a backup.") from exc


def write_params(folder: Path, params: KdfParams) -> None:
    """Record how keys are derived here (not secret: no salt, key or passphrase in it)."""
    path = folder / PARAMS_FILE
    private_file(path)
    text = json.dumps({"format": "cspr-encryption/1", "cipher": "sqlcipher4",
                       "kdf": "argon2id", **asdict(params)}, indent=2)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """The 256-bit key for `passphrase`; deliberately slow and memory-hungry to guess."""
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    kdf = Argon2id(salt=salt, length=KEY_BYTES, iterations=params.iterations,
                   lanes=params.lanes, memory_cost=params.memory_kib)
    return kdf.derive(passphrase.encode("utf-8"))


def is_encrypted(path: Path) -> bool:
    """True for an existing, non-empty file that is not plain SQLite."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(PLAIN_HEADER))
    except FileNotFoundError:
        return False
    return bool(head) and head != PLAIN_HEADER


def file_salt(path: Path) -> bytes:
    """The salt SQLCipher keeps at the start of an encrypted file."""
    with path.open("rb") as handle:
        salt = handle.read(SALT_BYTES)
    if len(salt) != SALT_BYTES:
        raise WrongPassphrase(f"The records file {path} is too short to be an encrypted store: "
                              "it is damaged. Restore it from a backup.")
    return salt


def private_file(path: Path) -> None:
    """Create `path` (if missing) readable and writable by its owner only (0600 on POSIX).

    SQLite gives a store's -wal and -shm files the store file's own mode, so they are private
    too. On Windows the user profile's access list does this job.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    if os.name == "posix":
        os.chmod(path, 0o600)


def private_folder(path: Path) -> Path:
    """Create `path` (and parents) if missing; make it its owner's only (0700 on POSIX).

    Used for the data folder and the log folder. On Windows they are inside the user profile,
    whose access list already keeps other users out.
    """
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


APP_FILES = ("records.sqlite", "training.sqlite", PARAMS_FILE)


def protect_data_folder(path: Path) -> Path:
    """Make the data folder and the app's files in it private, including ones made by an
    older version with the usual, world-readable permissions (other files are left alone)."""
    private_folder(path)
    if os.name == "posix":
        for child in path.iterdir():
            ours = child.name.startswith(APP_FILES)
            if ours and child.is_file() and not child.is_symlink():
                os.chmod(child, 0o600)
    return path


def _key_literal(key: bytes, salt: bytes | None = None) -> str:
    """SQLCipher's raw-key syntax: x'<key hex>[<salt hex>]' (no key derivation of its own)."""
    if len(key) != KEY_BYTES:
        raise ValueError("a store key is 32 bytes")
    return f"x'{key.hex()}{salt.hex() if salt else ''}'"


def connect(path: Path, key: bytes | None, salt: bytes | None = None) -> sqlite3.Connection:
    """Open a store file: plain without a key, encrypted with one (`salt` only for a new file).

    Raises NeedsPassphrase for an encrypted file opened without a key, WrongPassphrase when the
    key does not open it, EncryptionError when a key is given for a plain file.
    """
    private_file(path)
    encrypted = is_encrypted(path)
    if key is None and encrypted:
        raise NeedsPassphrase(f"The records in {path.parent} are encrypted. Unlock them with "
                              "their passphrase in the app.")
    if key is not None and not encrypted and path.stat().st_size > 0:
        raise EncryptionError(f"The file {path} is not encrypted, though this data folder's "
                              "records are. Start the app to encrypt it.")
    db = sqlite3.connect(path, isolation_level=None, timeout=5.0)
    if key is not None:
        _apply_key(db, key, salt, path)
    return db


def _apply_key(db: sqlite3.Connection, key: bytes, salt: bytes | None, path: Path) -> None:
    if not AVAILABLE:
        db.close()
        raise EncryptionError("This copy of the app has no SQLCipher, so it cannot open "
                              "encrypted records. Install the full app.")
    with contextlib.suppress(sqlite3.Error):
        db.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is ours to report
    db.execute(f'PRAGMA key = "{_key_literal(key, salt)}"')
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        db.close()
        raise WrongPassphrase(
            "That passphrase does not open these records. Check it and try again (capital "
            "letters count). If you are sure it is right, the file may be damaged: keep a "
            f"copy of {path.name} and restore it from a backup.") from exc


def rekey_file(path: Path, old: bytes, new: bytes) -> None:
    """Re-encrypt a store under a new key, in one SQLCipher transaction (all or nothing)."""
    db = connect(path, old)
    try:
        db.execute(f'PRAGMA rekey = "{_key_literal(new)}"')
    except sqlite3.Error as exc:
        raise _failed(exc) from exc
    finally:
        db.close()
    connect(path, new).close()  # proves the new key opens it


def encrypt_file(path: Path, key: bytes, salt: bytes | None = None) -> None:
    """Replace the plain store at `path` by an encrypted copy, losing nothing on any failure.

    The copy is written beside the store, read back with the key and compared with the
    original table by table, and then renamed over it. Until the rename the original is
    untouched (a full disk, a crash or a failed check leaves it as it was, with no copy behind).
    The old plain file is unlinked, but its blocks stay on the disk until they are reused:
    full-disk encryption is what covers them.
    """
    if not AVAILABLE:
        raise EncryptionError("This copy of the app has no SQLCipher, so it cannot encrypt "
                              "records. Install the full app.")
    temp = path.with_name(path.name + ENCRYPTING_SUFFIX)
    _remove_copy(temp)
    source = sqlite3.connect(path, isolation_level=None, timeout=0.5)
    try:
        _take_alone(source, path)
        private_file(temp)
        source.execute("ATTACH DATABASE ? AS enc KEY ?", (str(temp), _key_literal(key, salt)))
        source.execute("BEGIN EXCLUSIVE")
        version = int(source.execute("PRAGMA main.user_version").fetchone()[0])
        source.execute("SELECT sqlcipher_export('enc')").fetchall()
        source.execute(f"PRAGMA enc.user_version = {version}")
        source.execute("COMMIT")
        source.execute("DETACH DATABASE enc")
        _check_copy(source, temp, key)
        _fsync(temp)
        if os.name == "nt":  # Windows cannot rename over a file that is open
            source.close()
        os.replace(temp, path)
        _fsync_folder(path.parent)
    except sqlite3.Error as exc:
        raise _failed(exc) from exc
    except OSError as exc:
        raise EncryptionError(f"The encrypted copy could not be written ({exc.strerror}). "
                              "Nothing was changed: the records are as they were, "
                              "unencrypted.") from exc
    finally:
        source.close()
        _remove_copy(temp)


def _take_alone(db: sqlite3.Connection, path: Path) -> None:
    """Leave WAL mode (possible only with no other connection) and keep others out."""
    try:
        mode = db.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        mode = str(exc)
    if str(mode).lower() != "delete":
        raise StoreInUse(f"The records in {path.parent} are open in another cspr-desktop "
                         "window. Close it and try again; nothing was changed.")
    db.execute("PRAGMA locking_mode=EXCLUSIVE")


def _check_copy(source: sqlite3.Connection, temp: Path, key: bytes) -> None:
    copy = sqlite3.connect(temp, isolation_level=None)
    try:
        copy.execute(f'PRAGMA key = "{_key_literal(key)}"')
        same = _digest(copy) == _digest(source)
    finally:
        copy.close()
    if not same:
        raise EncryptionError("The encrypted copy did not match the records, so it was "
                              "discarded. Nothing was changed: the records are as they were, "
                              "unencrypted. Try again; if it happens again, contact support.")


def _digest(db: sqlite3.Connection) -> str:
    """A digest of the schema, the user version and every row, independent of row order."""
    total = hashlib.sha256()
    tables = db.execute("SELECT name, sql FROM main.sqlite_master WHERE type='table' "
                        "ORDER BY name").fetchall()
    total.update(repr((tables, db.execute("PRAGMA main.user_version").fetchone())).encode())
    for name, _sql in tables:
        quoted = '"' + str(name).replace('"', '""') + '"'
        rows = sorted(hashlib.sha256(repr(row).encode()).digest()
                      for row in db.execute(f"SELECT * FROM main.{quoted}"))
        total.update(name.encode() + b"".join(rows))
    return total.hexdigest()


def _failed(exc: sqlite3.Error) -> EncryptionError:
    text = str(exc).lower()
    if "full" in text:
        return EncryptionError("The disk is too full for the encrypted copy. Nothing was "
                               "changed: the records are as they were, unencrypted. Free some "
                               "space and try again.")
    if "locked" in text or "busy" in text:
        return StoreInUse("The records are open in another cspr-desktop window. Close it and "
                          "try again; nothing was changed.")
    return EncryptionError(f"The records could not be encrypted ({exc}). Nothing was changed: "
                           "they are as they were, unencrypted. Check there is free space on "
                           "the disk and try again.")


def _remove_copy(temp: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(temp) + suffix).unlink()


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
