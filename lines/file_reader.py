"""The one reader of the project's text files: every problem names the file, the line and the field.

Scenario, route, study, rates and claim files (and, through the front doors, catalogs and
CSV inputs) are read here, so every kind of bad file is reported the same way, as a few
lines a plant engineer can act on:

- **encoding**: the bytes must be UTF-8 text (a byte-order mark is accepted and dropped);
  binary or other encodings are refused with the position of the first bad byte;
- **syntax**: a YAML error gives its line and column;
- **shape**: the top level must be a mapping;
- **values**: a pydantic error becomes ``FILE: field.path: message (got value)`` without
  pydantic's banner and web link.

The byte level (size, directories, encoding, :class:`FileFormatError`) is defined once in
:mod:`parts_catalog.file_bytes`, the lowest layer, so that mesh files and event logs share
it; its names are re-exported here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from parts_catalog.file_bytes import (
    MAX_FILE_BYTES,
    UTF8_BOM,
    FileFormatError,
    check_size,
    decode_text,
    read_bytes,
    read_text,
)

__all__ = [
    "MAX_FILE_BYTES", "UTF8_BOM", "FileFormatError", "check_size", "decode_text", "describe",
    "field_path", "parse_yaml", "parse_yaml_mapping", "read_bytes", "read_text",
    "read_yaml_mapping", "validate", "validation_problems",
]

Model = TypeVar("Model", bound=BaseModel)


def parse_yaml(text: str, source: str, what: str = "file") -> Any:
    """The YAML document in ``text``; a syntax error gives its line and column."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise FileFormatError(source, [f"{where}not valid YAML ({problem})"], what) from None
    except RecursionError:
        raise FileFormatError(source, ["nested too deeply to be a YAML input"], what) from None


def parse_yaml_mapping(text: str, source: str, what: str = "file", hint: str = "") -> dict:
    """The YAML mapping in ``text``; any other top level (a list, a number, empty) is refused."""
    raw = parse_yaml(text, source, what)
    if not isinstance(raw, Mapping):
        found = "nothing" if raw is None else f"a {type(raw).__name__}"
        raise FileFormatError(source, [
            f"the file must hold a mapping of fields{hint}, found {found}"], what)
    return dict(raw)


def read_yaml_mapping(path: str | os.PathLike[str], what: str = "file", hint: str = "") -> dict:
    """Read a YAML file whose top level is a mapping (every YAML input of the project)."""
    return parse_yaml_mapping(read_text(path, what), str(path), what, hint)


def validate(model: type[Model], raw: Mapping[str, Any], source: str, what: str = "file") -> Model:
    """``model`` validated from ``raw``; every pydantic problem as ``field.path: message``."""
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise FileFormatError(source, validation_problems(error, raw), what) from None


def validation_problems(error: ValidationError, raw: Any = None) -> list[str]:
    """One line per pydantic error: field path, message and the value given.

    List items show their ``name``; pydantic's banner and web link are left out.
    """
    return [describe(entry, raw) for entry in error.errors(include_url=False)]


_UNION_TAGS = {
    "fixed", "exponential", "gamma", "normal", "lognormal", "triangular", "uniform", "weibull",
    "empirical", "function-after[_ordered(), Triangular]", "function-after[_ordered(), Uniform]",
    "str", "dict[str,float]", "constrained-float", "dict[str,constrained-float]",
    "function-before[_number_means_fixed(), tagged-union[...]]",
}
"""Names pydantic gives the union member it tried; the user never wrote them."""


def describe(entry: Mapping[str, Any], raw: Any = None) -> str:
    """One line for one pydantic error: field path, message, and the value given."""
    path = field_path(entry["loc"], raw)
    message = str(entry["msg"]).removeprefix("Value error, ")
    if entry["type"] == "extra_forbidden":
        message = "unknown field (check its spelling; see `gigatwin schema` for the fields)"
    elif entry["type"] == "missing":
        message = "required field is missing"
    elif entry["type"] == "finite_number":
        message = "must be a finite number (inf and nan have no meaning here)"
    given = entry.get("input")
    if entry["type"] not in ("missing", "model_type") and _is_scalar(given):
        message += f" (got {given!r})"
    return f"{path}: {message}" if path else message


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float | bool) or value is None


def field_path(loc: Sequence[Any], raw: Any = None) -> str:
    """A readable field path such as ``stations[2] 'weld_1'.cycle_time_s.mean``."""
    parts: list[str] = []
    node: Any = raw
    for key in loc:
        if isinstance(key, str) and (key in _UNION_TAGS or key.startswith("function-")):
            continue
        if key == "value" and parts and not isinstance(node, Mapping | list | tuple):
            continue  # a bare number the user wrote, validated as {dist: fixed, value: ...}
        if isinstance(key, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{key}]"]
            node = node[key] if isinstance(node, list | tuple) and key < len(node) else None
            if isinstance(node, Mapping) and isinstance(node.get("name"), str):
                parts[-1] += f" {node['name']!r}"
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, Mapping) else None
    return ".".join(parts)
