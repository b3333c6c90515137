"""Atomic file output: write to a temporary file beside the target, then rename.

A reader never sees a half-written file, and a failed run leaves no partial output.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd


def file_mode() -> int:
    """The mode a new file gets from ``open``: 0666 less the process umask."""
    mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), file_mode())  # mkstemp makes 0600 whatever the umask
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically and return the path."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def csv_text(frame: pd.DataFrame) -> str:
    """The one CSV form of a table (no index, Unix line endings): files and app downloads."""
    return frame.to_csv(index=False, lineterminator="\n")


def atomic_write_csv(path: str | os.PathLike[str], frame: pd.DataFrame) -> Path:
    """Write a DataFrame as CSV (no index, Unix line endings) atomically."""
    return atomic_write_text(path, csv_text(frame))


@contextlib.contextmanager
def atomic_directory(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a staging directory whose files are moved into ``path`` only if the block succeeds.

    Each file is moved with an atomic rename, so a reader of ``path`` sees either the old
    or the new version of every file, and a failure inside the block writes nothing.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield staging
        target.mkdir(parents=True, exist_ok=True)
        for item in sorted(staging.rglob("*")):
            if item.is_file():
                destination = target / item.relative_to(staging)
                destination.parent.mkdir(parents=True, exist_ok=True)
                os.replace(item, destination)
    finally:
        for item in sorted(staging.rglob("*"), reverse=True):
            item.rmdir() if item.is_dir() else item.unlink()
        staging.rmdir()
