"""Signing keys: this installation's Ed25519 key pair, and a partnership's organisation key.

Each installation makes its own key pair the first time it runs, in `<data folder>/keys/`.
The private key is a PKCS#8 PEM file readable by the user only (mode 0600, in a 0700 folder);
it is not encrypted with a passphrase, because the app signs without asking for one: protect it
with the data folder (full-disk or the app's at-rest encryption). A partnership may instead
issue an organisation key (`cspr keys create-org`, then `cspr keys import-org` on each
installation); an installation that holds one signs with it. Public keys travel as PEM files
(`cspr keys export`) and are named by their fingerprint, the SHA-256 of the raw 32-byte key.

cryptography is imported by the functions that sign, verify, read or make a key, not with this
module: a record can be listed, opened and answered without it (start-up time and memory).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from cspr_desktop.core.errors import KeyProblem

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

KeyKind = Literal["installation", "organisation"]
KEYS_FOLDER = "keys"
INSTALLATION_KEY = "installation-key.pem"
ORGANISATION_KEY = "organisation-key.pem"
KIND_WORDS: dict[str, str] = {"installation": "installation key",
                              "organisation": "organisation key"}


def fingerprint(raw_public: bytes) -> str:
    """The key's name: SHA-256 of its raw 32 bytes, 64 hex digits."""
    return hashlib.sha256(raw_public).hexdigest()


def short_fingerprint(full: str) -> str:
    """The first 128 bits in groups of four, as people compare them: `3F2A 9C01 …`."""
    head = full[:32].upper()
    return " ".join(head[i:i + 4] for i in range(0, len(head), 4))


def raw_public(key: Ed25519PublicKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_pem(key: Ed25519PublicKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo)


def verify_signature(public_b64: str, signature_b64: str, message: bytes) -> bool:
    """True when `signature_b64` is a valid Ed25519 signature of `message` by that key."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        raw = base64.b64decode(public_b64, validate=True)
        signature = base64.b64decode(signature_b64, validate=True)
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, message)
    except (ValueError, InvalidSignature):
        return False
    return True


@dataclass(frozen=True)
class SigningKey:
    """A private key this installation signs with, and what kind of key it is."""

    private: Ed25519PrivateKey
    kind: KeyKind
    path: Path | None = None

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    @property
    def public_b64(self) -> str:
        return base64.b64encode(raw_public(self.public)).decode("ascii")

    @property
    def fingerprint(self) -> str:
        return fingerprint(raw_public(self.public))

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self.private.sign(message)).decode("ascii")

    @staticmethod
    def generate(kind: KeyKind = "installation") -> SigningKey:
        """A fresh key held in memory only (tests, and before it is written)."""
        return SigningKey(_new_private(), kind)


def _new_private() -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate()


def _private_pem(key: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def write_private(path: Path, key: Ed25519PrivateKey) -> bool:
    """Write a private key readable by the user only; False if `path` already exists.

    The key is written to a 0600 temporary file and linked into place, so a crash never
    leaves half a key and two processes starting at once keep one key between them.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temp = tempfile.mkstemp(prefix=".key-", dir=path.parent)  # mkstemp makes it 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_private_pem(key))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, path)
        except FileExistsError:
            return False
        return True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def read_private(path: Path, kind: KeyKind) -> SigningKey:
    """A private key file, or KeyProblem saying it is damaged."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise KeyProblem(f"The key file {path} is damaged or is not an unencrypted Ed25519 "
                        "private key. Restore it from a backup, or move it away and the app "
                        "will make a new installation key.") from exc
    except OSError as exc:
        raise KeyProblem(f"The key file {path} cannot be read ({exc.strerror}). Check the "
                        "data folder's permissions.") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyProblem(f"The key file {path} does not hold an Ed25519 key.")
    return SigningKey(key, kind, path)


def keys_folder(data_dir: Path) -> Path:
    return data_dir / KEYS_FOLDER


def installation_key(data_dir: Path) -> SigningKey:
    """This installation's key, made on first use (mode 0600) and read after that."""
    path = keys_folder(data_dir) / INSTALLATION_KEY
    if not path.exists():
        try:
            write_private(path, _new_private())
        except OSError as exc:
            raise KeyProblem(f"The signing key could not be created in {path.parent} "
                            f"({exc.strerror}). Start the app with a data folder you can "
                            "write to.") from exc
    return read_private(path, "installation")


def organisation_key(data_dir: Path) -> SigningKey | None:
    """The partnership's organisation key, if one was imported here."""
    path = keys_folder(data_dir) / ORGANISATION_KEY
    return read_private(path, "organisation") if path.exists() else None


def signing_key(data_dir: Path) -> SigningKey:
    """The key records made here are signed with: the organisation key if imported, else
    this installation's own key."""
    return organisation_key(data_dir) or installation_key(data_dir)


def import_organisation_key(data_dir: Path, source: Path) -> SigningKey:
    """Install an organisation key file here; it then signs what this installation signs."""
    key = read_private(source, "organisation")
    target = keys_folder(data_dir) / ORGANISATION_KEY
    if target.exists():
        existing = read_private(target, "organisation")
        if existing.fingerprint == key.fingerprint:
            return existing
        raise KeyProblem(f"Another organisation key is already installed ({target}). Move it "
                        "away first if the partnership has replaced it.")
    write_private(target, key.private)
    return read_private(target, "organisation")


def create_organisation_key(path: Path) -> SigningKey:
    """A new organisation key pair: the private key at `path` (0600), never overwritten."""
    key = _new_private()
    try:
        written = write_private(path, key)
    except OSError as exc:
        raise KeyProblem(f"{path} could not be written ({exc.strerror}).") from exc
    if not written:
        raise KeyProblem(f"{path} already exists; choose another file name.")
    return SigningKey(key, "organisation", path)
