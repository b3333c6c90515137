"""Read catalog YAML files, following ``include:`` lists, into one validated ``CatalogSpec``.

The shipped catalog is split into files a reviewer can read one at a time (materials, press
lines, the welded underbody, the casting); a user's catalog may be one file or several.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

import pydantic
import yaml

from parts_catalog.errors import CatalogError
from parts_catalog.schema import CatalogSpec

DEFAULT_CATALOG = "catalog.yaml"
MAX_INCLUDE_DEPTH = 8


def default_catalog_path() -> Path:
    """Path of the shipped default catalog (package data)."""
    return Path(str(resources.files("parts_catalog") / "data" / DEFAULT_CATALOG))


def read_yaml(path: Path) -> dict[str, Any]:
    """One YAML mapping, or a ``CatalogError`` naming the file and the problem."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CatalogError(f"{path}: cannot read catalog file: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise CatalogError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(document, dict):
        raise CatalogError(f"{path}: expected a mapping of catalog sections at the top level")
    return document


def merge(into: dict[str, Any], other: dict[str, Any], where: str) -> None:
    """Merge ``other`` into ``into``: lists extend, mappings merge, scalars must not clash."""
    for key, value in other.items():
        if key not in into:
            into[key] = value
        elif isinstance(into[key], list) and isinstance(value, list):
            into[key] = into[key] + value
        elif isinstance(into[key], dict) and isinstance(value, dict):
            merge(into[key], value, f"{where}.{key}")
        elif into[key] != value:
            raise CatalogError(f"{where}: '{key}' is given twice with different values")


def read_with_includes(path: Path, depth: int = 0) -> dict[str, Any]:
    """A catalog file with its ``include:`` files (relative to it) merged in, depth first."""
    if depth > MAX_INCLUDE_DEPTH:
        raise CatalogError(f"{path}: includes nested deeper than {MAX_INCLUDE_DEPTH} (a cycle?)")
    document = read_yaml(path)
    includes = document.pop("include", [])
    if not isinstance(includes, list):
        raise CatalogError(f"{path}: 'include' must be a list of file names")
    merged: dict[str, Any] = {}
    for name in includes:
        merge(merged, read_with_includes(path.parent / str(name), depth + 1), str(path))
    merge(merged, document, str(path))
    return merged


def read_catalog_spec(path: str | os.PathLike[str]) -> CatalogSpec:
    """Validate a catalog file (and its includes) against the schema."""
    source = Path(path)
    try:
        return CatalogSpec.model_validate(read_with_includes(source))
    except pydantic.ValidationError as error:
        raise CatalogError(f"{source}: {error}") from error
