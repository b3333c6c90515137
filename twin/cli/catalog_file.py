"""A parts catalog read for a command: its encoding and fields reported like every other file.

``parts_catalog`` sits below ``lines`` and cannot use the one file reader, so the front door
checks the file's text with it first and renders the catalog's pydantic errors as
``FILE: field.path: message``.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from lines.file_reader import FileFormatError, read_text, validation_problems
from parts_catalog import Catalog, load_catalog


def read_catalog(path: Path | None) -> Catalog:
    """The shipped catalog, or the one at ``path``; bad files raise ``ValueError`` naming it."""
    if path is None:
        return load_catalog()
    read_text(path, "catalog")
    try:
        return load_catalog(path)
    except ValueError as error:
        cause = error.__cause__
        if isinstance(cause, ValidationError):
            raise FileFormatError(str(path), validation_problems(cause), "catalog") from None
        raise
