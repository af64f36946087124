"""Which signing keys this machine trusts: its own, and those its IT team put in a folder.

`<data folder>/trusted-keys/` holds public keys as PEM files (`*.pem` or `*.pub`), one per
file, exported elsewhere with `cspr keys export`; the file name is what the app calls the key.
A file that is not an Ed25519 public key is listed as a problem and trusts nothing.
A valid signature by a key not trusted here still proves the record is unchanged since that
key signed it; it does not say who holds the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from cspr_desktop.core.errors import KeyProblem
from cspr_desktop.core.records.keys import (
    fingerprint,
    installation_key,
    organisation_key,
    raw_public,
)

TRUSTED_FOLDER = "trusted-keys"
KEY_SUFFIXES = (".pem", ".pub")
OWN_KEY = "this installation's own key"
OWN_ORGANISATION_KEY = "the organisation key installed here"


@dataclass(frozen=True)
class Trust:
    """Trusted key fingerprints, each with where the trust comes from (in words)."""

    keys: Mapping[str, str] = field(default_factory=dict)
    folder: Path | None = None
    problems: tuple[str, ...] = ()

    def label(self, key_fingerprint: str) -> str | None:
        """Why this key is trusted here, or None when it is not."""
        return self.keys.get(key_fingerprint)


def read_public_key(path: Path) -> Ed25519PublicKey:
    """An Ed25519 public key from a PEM file, or KeyProblem saying what is wrong."""
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (ValueError, TypeError, OSError) as exc:
        raise KeyProblem(f"{path.name} is not a public key file (PEM).") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise KeyProblem(f"{path.name} is a public key, but not an Ed25519 one.")
    return key


def load_trust(data_dir: Path) -> Trust:
    """The keys this installation trusts; makes its own key if this is the first run."""
    keys: dict[str, str] = {}
    problems: list[str] = []
    folder = data_dir / TRUSTED_FOLDER
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in KEY_SUFFIXES:
                continue
            try:
                keys[fingerprint(raw_public(read_public_key(path)))] = \
                    f"trusted-keys/{path.name}"
            except KeyProblem as exc:
                problems.append(str(exc))
    try:
        keys[installation_key(data_dir).fingerprint] = OWN_KEY
        organisation = organisation_key(data_dir)
        if organisation is not None:
            keys[organisation.fingerprint] = OWN_ORGANISATION_KEY
    except KeyProblem as exc:
        problems.append(str(exc))
    return Trust(keys, folder, tuple(problems))
