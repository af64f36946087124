"""Writing an export to disk safely, and the one error every export raises when it cannot.

An export is first written to a temporary file in the target folder and then renamed over the
target in one step, so a failed export never leaves half a file and never destroys an earlier
copy. Failures become an `ExportError` whose message says what happened and what to do.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cspr_desktop.core.record_ids import is_reserved_name


class ExportError(Exception):
    """An expected export failure; the message is a headline and what to do."""


def folder_problem(path: Path, exc: OSError) -> ExportError:
    """The user-facing explanation of an OS error while writing `path`."""
    folder = path.parent
    reason = exc.strerror or str(exc)
    return ExportError(f"The export could not be saved in {folder} ({reason}). Nothing was "
                       "written and the record is unchanged: choose a folder you can save to, "
                       "such as your Documents folder, and export again.")


@contextmanager
def temporary_beside(path: Path) -> Iterator[Path]:
    """A fresh temporary path in `path`'s folder; renamed onto `path` if the block succeeds.

    The temporary file is removed whatever happens, so a failure leaves the folder as it was.
    """
    temp = new_temporary_beside(path)
    try:
        yield temp
        move_into_place(temp, path)
    finally:
        discard(temp)


def new_temporary_beside(path: Path) -> Path:
    """An empty temporary file in `path`'s folder, for an export written in steps (the PDF,
    written by another process); `move_into_place` or `discard` it afterwards."""
    check_target(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise folder_problem(path, exc) from exc
    os.close(fd)
    temp = Path(name)
    try:
        _private(temp)
    except OSError:
        discard(temp)
        raise
    return temp


def move_into_place(temp: Path, path: Path) -> None:
    """Rename a finished temporary file onto the target in one step (ExportError if not)."""
    try:
        os.replace(temp, path)
    except OSError as exc:
        raise folder_problem(path, exc) from exc


def discard(temp: Path) -> None:
    """Remove a temporary file that is not wanted (any more); quietly if it is gone."""
    with contextlib.suppress(OSError):
        temp.unlink()


def _private(path: Path) -> None:
    """An export holds a record: readable by its owner only (0600), wherever it is saved.
    On Windows the folder's access list decides, as for any file."""
    if os.name == "posix":
        os.chmod(path, 0o600)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` all at once, or not at all (raises ExportError)."""
    write_with(path, lambda temp: _write_bytes(temp, data))


def check_target(path: Path) -> None:
    """ExportError unless `path` can name an export file: not a folder, not a device name."""
    if path.is_dir():
        raise ExportError(f"{path} is a folder. Give a file name for the export, such as "
                          f"{path / 'record.pdf'}.")
    if is_reserved_name(path.name):
        raise ExportError(f"'{path.name}' is a name Windows keeps for a device, so no file can "
                          "have it there. Nothing was written: choose another file name, such "
                          "as the record's id.")


def write_with(path: Path, writer: Callable[[Path], None]) -> None:
    """Let `writer` fill a temporary file beside `path`, then move it into place."""
    with temporary_beside(path) as temp:
        try:
            writer(temp)
        except OSError as exc:
            raise folder_problem(path, exc) from exc


def _write_bytes(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
