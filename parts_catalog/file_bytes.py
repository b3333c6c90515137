"""The byte level of the project's one file reader: size, kind of path, encoding.

It sits in the lowest layer so that every package can use it: ``parts_catalog`` for mesh
files, ``lines.file_reader`` (which adds YAML and pydantic on top and re-exports these
names) for scenario, route, study and catalog files, ``twin`` for event logs and CSVs. Every
problem is a :class:`FileFormatError` that names the file and, where it has one, the line.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

MAX_FILE_BYTES = 50_000_000
"""Largest input file read [bytes]: the project's YAML, CSV and mesh inputs are far smaller,
and reading a bigger file (a wrong path, a video) would only fill memory."""

UTF8_BOM = b"\xef\xbb\xbf"


class FileFormatError(ValueError):
    """A file that cannot be used; the message names the file and lists every problem."""

    def __init__(self, source: str, problems: Sequence[str], what: str = "file") -> None:
        self.source = source
        self.problems = list(problems)
        self.what = what
        if len(self.problems) == 1:
            message = f"{source}: {self.problems[0]}"
        else:
            listing = "\n".join(f"  - {problem}" for problem in self.problems)
            message = f"{source}: invalid {what} ({len(self.problems)} problems)\n{listing}"
        super().__init__(message)


def check_size(size_bytes: int, source: str, what: str = "file") -> None:
    """Refuse an input larger than ``MAX_FILE_BYTES`` (a file on disk or an upload's bytes)."""
    if size_bytes > MAX_FILE_BYTES:
        raise FileFormatError(source, [
            f"is {size_bytes / 1e6:.0f} MB; a {what} is at most {MAX_FILE_BYTES / 1e6:.0f} MB "
            "(is this the right file?)"], what)


def read_bytes(path: str | os.PathLike[str], what: str = "file") -> bytes:
    """The bytes of a file no larger than ``MAX_FILE_BYTES``, or a ``FileFormatError``."""
    source, target = str(path), Path(path)
    try:
        size = target.stat().st_size
        if target.is_dir():
            raise FileFormatError(source, [f"is a directory, not a {what}"], what)
        check_size(size, source, what)
        return target.read_bytes()
    except OSError as error:
        raise FileFormatError(source, [f"cannot read the file: {error.strerror or error}"],
                              what) from None


def decode_text(data: bytes, source: str, what: str = "file") -> str:
    """UTF-8 text of ``data``, a leading byte-order mark dropped.

    Binary data and other encodings are refused with the line and column of the first byte
    that is not UTF-8.
    """
    data = data.removeprefix(UTF8_BOM)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise FileFormatError(source, [
            "is UTF-16 text; save it as UTF-8 (it starts with a UTF-16 byte-order mark; "
            "in Excel: 'CSV UTF-8')"], what)
    if b"\x00" in data[:8192]:
        raise FileFormatError(source, [f"is a binary file, not a {what} (YAML or CSV text)"],
                              what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise FileFormatError(source, [
            f"line {line}, column {column}: byte 0x{data[error.start]:02x} is not UTF-8 text; "
            "save the file as UTF-8"], what) from None


def read_text(path: str | os.PathLike[str], what: str = "file") -> str:
    """The UTF-8 text of a file, with every encoding problem reported as a ``FileFormatError``."""
    return decode_text(read_bytes(path, what), str(path), what)
