"""Encryption at rest: nothing of a record is readable in any file of an encrypted data folder,
a wrong passphrase is refused, files are private, and encrypting an existing store never loses
a record (another window open, a full disk, a failed check). All people here are fictional."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from cspr_desktop.core.records import store_crypto as crypto
from cspr_desktop.core.records.records import new_record, set_answer
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.records.vault import FORGOTTEN, Vault, passphrase_problem
from cspr_desktop.core.training.cases import TRAINING_RECORDS_FILE
from tests.recordkit import DECISION, SIGNED, full_record

pytestmark = pytest.mark.skipif(not crypto.AVAILABLE, reason="SQLCipher is not installed")

PASSPHRASE = "heron lantern copper meadow"
FAST = crypto.KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)  # tests only
CHILD_REF = "ZQ-4471-FICTIONAL"
FREE_TEXT = "Grandmother Winifred Ashcombe-Pelling visits on Thursdays"
SECRETS = (CHILD_REF, "Dana Whitfield", "Priya Raman", "Amara", DECISION[:40],
           "Winifred Ashcombe-Pelling", "maternal grandmother")


def strings(data: bytes) -> str:
    """What `strings -e s` and `strings -e l` / `-e b` print: runs of 4+ printable characters,
    single-byte and UTF-16 (little- and big-endian), one per line."""
    found = [m.decode("latin-1") for m in re.findall(rb"[\x20-\x7e\t]{4,}", data)]
    for pattern in (rb"(?:[\x20-\x7e\t]\x00){4,}", rb"(?:\x00[\x20-\x7e\t]){4,}"):
        for match in re.findall(pattern, data):
            found.append(match.replace(b"\x00", b"").decode("latin-1"))
    return "\n".join(found)


def scan(folder: Path) -> dict[str, list[str]]:
    """Each secret and the files whose strings (or raw bytes, in any of three encodings)
    contain it."""
    hits: dict[str, list[str]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        text = strings(data)
        for secret in SECRETS:
            raw = any(secret.encode(enc) in data for enc in ("utf-8", "utf-16-le", "utf-16-be"))
            if secret in text or raw:
                hits.setdefault(secret, []).append(path.name)
    return hits


def write_records(data: Path, build: Path, key: bytes | None = None) -> None:
    """A signed record with a signed-off meeting and an addendum, plus a draft with free text,
    in the records store; a training draft in the training store."""
    record, _, _ = full_record(build, text=FREE_TEXT)
    record = record.model_copy(update={"child_ref": CHILD_REF})
    store = Store(data / "records.sqlite", key=key)
    store.save(record)
    draft = new_record(record.pack_id, record.pack_version, record.pack_sha256,
                       SIGNED + timedelta(days=1), child_ref=CHILD_REF + "-2")
    draft = set_answer(draft, "mark_description", FREE_TEXT, SIGNED + timedelta(days=1))
    store.save(draft)
    store.close()
    training = Store(data / TRAINING_RECORDS_FILE, key=key)
    training.save(draft.model_copy(update={"kind": "training", "id": draft.id + "-t"}))
    training.close()


def test_the_scan_finds_every_secret_in_a_plain_folder(tmp_path: Path) -> None:
    """The control: without encryption the same scan finds every secret, so it can see."""
    data = crypto.protect_data_folder(tmp_path / "data")
    write_records(data, tmp_path / "build")
    assert set(scan(data)) == set(SECRETS)


def test_no_record_content_is_readable_in_an_encrypted_folder(tmp_path: Path) -> None:
    """Records written before encryption was turned on (then migrated) and after it, drafts,
    the meeting and the training store: no file under the data folder shows any of them."""
    data = crypto.protect_data_folder(tmp_path / "data")
    write_records(data, tmp_path / "build-1")  # plain, then encrypted in place
    vault = Vault(data)
    store = Store(data / "records.sqlite")
    training = Store(data / TRAINING_RECORDS_FILE)
    vault.enable(PASSPHRASE, [store, training], FAST)
    store.close()
    training.close()
    write_records(data, tmp_path / "build-2", key=vault.key)  # and more once encrypted
    files = sorted(p.name for p in data.iterdir())
    assert "records.sqlite" in files and TRAINING_RECORDS_FILE in files
    assert not [name for name in files if name.endswith(crypto.ENCRYPTING_SUFFIX)]
    assert scan(data) == {}
    # and the records are all there behind the passphrase
    reopened = Vault(data)
    assert reopened.encrypted and reopened.locked
    reopened.unlock(PASSPHRASE)
    store = Store(data / "records.sqlite", key=reopened.key)
    assert {s.child_ref for s in store.summaries()} == {CHILD_REF, CHILD_REF + "-2"}
    records = [store.get(record_id) for record_id in store.summary_ids()]
    assert len(records) == 4 and sum(r.meeting is not None for r in records) == 2
    store.close()


def test_the_write_ahead_log_is_encrypted_while_the_store_is_open(tmp_path: Path) -> None:
    data = crypto.protect_data_folder(tmp_path / "data")
    vault = Vault(data)
    vault.enable(PASSPHRASE, [Store(data / "records.sqlite")], FAST)
    store = Store(data / "records.sqlite", key=vault.key)
    record, _, _ = full_record(tmp_path / "build", text=FREE_TEXT)
    store.save(record.model_copy(update={"child_ref": CHILD_REF}))
    assert (data / "records.sqlite-wal").stat().st_size > 0  # still open: the change is here
    assert scan(data) == {}
    store.close()


def test_a_wrong_passphrase_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    data = tmp_path / "data"
    vault = Vault(data)
    store = Store(data / "records.sqlite")
    vault.enable(PASSPHRASE, [store], FAST)
    store.close()
    again = Vault(data)
    with pytest.raises(crypto.WrongPassphrase, match="does not open these records"):
        again.unlock("heron lantern copper meadoW")
    assert again.key is None and again.locked
    with pytest.raises(crypto.NeedsPassphrase, match="encrypted"):
        Store(data / "records.sqlite")
    again.unlock(PASSPHRASE)
    Store(data / "records.sqlite", key=again.key).close()


def test_a_new_passphrase_is_checked_and_forgetting_it_is_explained() -> None:
    assert "at least 10" in passphrase_problem("short", "short")
    assert "differ" in passphrase_problem(PASSPHRASE, PASSPHRASE + "x")
    assert passphrase_problem(PASSPHRASE, PASSPHRASE) == ""
    assert "cannot be recovered" in FORGOTTEN


def test_the_key_file_holds_no_secret(tmp_path: Path) -> None:
    data = tmp_path / "data"
    vault = Vault(data)
    vault.enable(PASSPHRASE, [Store(data / "records.sqlite")], FAST)
    text = (data / crypto.PARAMS_FILE).read_text("utf-8")
    assert vault.key is not None
    assert PASSPHRASE not in text and vault.key.hex() not in text
    assert crypto.file_salt(data / "records.sqlite").hex() not in text


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes; Windows uses the profile's ACL")
def test_data_folder_and_store_files_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    crypto.protect_data_folder(data)
    vault = Vault(data)
    vault.enable(PASSPHRASE, [Store(data / "records.sqlite")], FAST)
    store = Store(data / "records.sqlite", key=vault.key)
    training = vault.open_store(data / TRAINING_RECORDS_FILE)
    record, _, _ = full_record(tmp_path / "build")
    store.save(record)
    training.save(record.model_copy(update={"kind": "training"}))
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    names = {p.name: stat.S_IMODE(p.stat().st_mode) for p in data.iterdir()}
    assert {"records.sqlite", "records.sqlite-wal", "records.sqlite-shm",
            "training.sqlite", "training.sqlite-wal", crypto.PARAMS_FILE} <= set(names)
    assert {name: mode for name, mode in names.items() if mode != 0o600} == {}
    store.close()
    training.close()


def test_an_old_world_readable_folder_is_made_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    for name in ("records.sqlite", "records.sqlite-wal", "notes-of-the-user.txt"):
        (data / name).write_bytes(b"")
        os.chmod(data / name, 0o644)
    crypto.protect_data_folder(data)
    if os.name == "posix":
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        assert stat.S_IMODE((data / "records.sqlite").stat().st_mode) == 0o600
        assert stat.S_IMODE((data / "records.sqlite-wal").stat().st_mode) == 0o600
        assert stat.S_IMODE((data / "notes-of-the-user.txt").stat().st_mode) == 0o644


def _plain_store_with_records(tmp_path: Path) -> tuple[Path, list[str]]:
    data = tmp_path / "data"
    write_records(data, tmp_path / "build")
    store = Store(data / "records.sqlite")
    ids = store.summary_ids()
    store.close()
    return data, ids


def _still_plain_and_whole(data: Path, ids: list[str]) -> None:
    assert not crypto.is_encrypted(data / "records.sqlite")
    store = Store(data / "records.sqlite")
    assert store.summary_ids() == ids
    for record_id in ids:
        store.get(record_id)
    store.close()
    assert not list(data.glob(f"*{crypto.ENCRYPTING_SUFFIX}*"))


def test_encrypting_while_another_window_has_the_store_open_changes_nothing(
        tmp_path: Path) -> None:
    data, ids = _plain_store_with_records(tmp_path)
    other_window = Store(data / "records.sqlite")
    vault = Vault(data)
    with pytest.raises(crypto.StoreInUse, match="another cspr-desktop window"):
        vault.enable(PASSPHRASE, [Store(data / "records.sqlite")], FAST)
    assert vault.key is None
    other_window.close()
    _still_plain_and_whole(data, ids)


def test_a_copy_that_does_not_match_is_discarded(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    data, ids = _plain_store_with_records(tmp_path)
    digests = iter(["copy", "original"])
    monkeypatch.setattr(crypto, "_digest", lambda db: next(digests))
    store = Store(data / "records.sqlite")
    with pytest.raises(crypto.EncryptionError, match="did not match"):
        Vault(data).enable(PASSPHRASE, [store], FAST)
    assert store.summary_ids() == ids  # the open store was opened again, plain
    store.close()
    _still_plain_and_whole(data, ids)


FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from cspr_desktop.core.records import store_crypto as crypto
from cspr_desktop.core.records.store import Store
from cspr_desktop.core.records.vault import Vault
data = Path(sys.argv[1])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
limit = (data / "records.sqlite").stat().st_size // 2
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
store = Store(data / "records.sqlite")
try:
    Vault(data).enable("heron lantern copper meadow", [store],
                       crypto.KdfParams(memory_kib=8192, iterations=1, lanes=1))
except crypto.EncryptionError as exc:
    print("REFUSED", exc)
print("IDS", len(store.summary_ids()))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE on Linux")
def test_a_full_disk_while_encrypting_loses_nothing(tmp_path: Path) -> None:
    data, ids = _plain_store_with_records(tmp_path)
    padding = "x" * 4000
    store = Store(data / "records.sqlite")
    record = store.get(ids[0])
    for number in range(60):  # make the copy bigger than the space left
        store.set_setting(f"padding-{number}", padding)
    store.close()
    result = subprocess.run([sys.executable, "-c", FULL_DISK, str(data)], capture_output=True,
                            text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(Path.cwd())}, check=False)
    assert "REFUSED" in result.stdout, result.stdout + result.stderr
    assert "Nothing was changed" in result.stdout
    assert f"IDS {len(ids)}" in result.stdout
    assert "Traceback" not in result.stderr
    _still_plain_and_whole(data, ids)
    assert Store(data / "records.sqlite").get(ids[0]) == record


def test_a_plain_training_file_left_behind_is_encrypted_when_opened(tmp_path: Path) -> None:
    data, _ = _plain_store_with_records(tmp_path)
    (data / TRAINING_RECORDS_FILE).rename(tmp_path / "kept.sqlite")
    vault = Vault(data)
    vault.enable(PASSPHRASE, [Store(data / "records.sqlite")], FAST)
    (tmp_path / "kept.sqlite").rename(data / TRAINING_RECORDS_FILE)
    training = vault.open_store(data / TRAINING_RECORDS_FILE)
    assert crypto.is_encrypted(data / TRAINING_RECORDS_FILE)
    assert len(training.summary_ids()) == 1
    training.close()


def test_locking_closes_the_stores_and_unlocking_opens_them_again(tmp_path: Path) -> None:
    data, ids = _plain_store_with_records(tmp_path)
    store = Store(data / "records.sqlite")
    vault = Vault(data)
    vault.enable(PASSPHRASE, [store], FAST)
    assert store.summary_ids() == ids  # the same object, now on the encrypted file
    vault.lock([store])
    assert vault.key is None and vault.locked
    with pytest.raises(crypto.WrongPassphrase):
        vault.unlock("not the passphrase", [store])
    vault.unlock(PASSPHRASE, [store])
    assert store.summary_ids() == ids
    store.close()


def test_changing_the_passphrase_re_encrypts_every_store(tmp_path: Path) -> None:
    data, ids = _plain_store_with_records(tmp_path)
    store = Store(data / "records.sqlite")
    training = Store(data / TRAINING_RECORDS_FILE)
    vault = Vault(data)
    vault.enable(PASSPHRASE, [store, training], FAST)
    with pytest.raises(crypto.WrongPassphrase):
        vault.change("not the passphrase", "violet harbour seven kites", [store, training])
    assert store.summary_ids() == ids  # a wrong current passphrase changes nothing
    vault.change(PASSPHRASE, "violet harbour seven kites", [store, training])
    assert store.summary_ids() == ids and len(training.summary_ids()) == 1
    store.close()
    training.close()
    with pytest.raises(crypto.WrongPassphrase):
        Vault(data).unlock(PASSPHRASE)
    again = Vault(data)
    again.unlock("violet harbour seven kites")
    assert len(again.open_store(data / TRAINING_RECORDS_FILE).summary_ids()) == 1


def test_a_failed_change_leaves_both_files_on_the_old_passphrase(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, ids = _plain_store_with_records(tmp_path)
    store = Store(data / "records.sqlite")
    training = Store(data / TRAINING_RECORDS_FILE)
    vault = Vault(data)
    vault.enable(PASSPHRASE, [store, training], FAST)
    real = crypto.rekey_file

    def fail_on_records(path: Path, old: bytes, new: bytes) -> None:
        if path.name == "records.sqlite":
            raise crypto.EncryptionError("The disk is too full. Nothing was changed.")
        real(path, old, new)

    monkeypatch.setattr(crypto, "rekey_file", fail_on_records)
    with pytest.raises(crypto.EncryptionError, match="too full"):
        vault.change(PASSPHRASE, "violet harbour seven kites", [store, training])
    assert store.summary_ids() == ids and len(training.summary_ids()) == 1
    store.close()
    training.close()
    again = Vault(data)
    again.unlock(PASSPHRASE)
    assert len(again.open_store(data / TRAINING_RECORDS_FILE).summary_ids()) == 1
