"""Reading and writing scenario files, with errors a plant engineer can act on.

Every problem in a file is reported as one line: where (file, and the field path such as
``stations[2] 'weld_1'.cycle_time_s.mean``) and what was expected.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from lines.spec import Scenario


class ScenarioError(ValueError):
    """A scenario file or override that cannot be used; the message lists every problem."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        listing = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{source}: invalid scenario\n{listing}")


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and validate a YAML scenario file."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ScenarioError(source, [f"cannot read the file: {error.strerror or error}"]) from error
    return parse_scenario(text, source)


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    """Validate a scenario given as YAML text."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ScenarioError(source, [f"{where}not valid YAML ({problem})"]) from error
    if not isinstance(raw, Mapping):
        raise ScenarioError(
            source, ["the file must hold a mapping of fields (name:, stations:, ...)"]
        )
    return scenario_from_dict(raw, source)


def scenario_from_dict(raw: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate a scenario given as a dict, reporting every problem with its field path."""
    try:
        return Scenario.model_validate(raw)
    except ValidationError as error:
        problems = [_describe(entry, raw) for entry in error.errors(include_url=False)]
        raise ScenarioError(source, problems) from None


def scenario_to_yaml(scenario: Scenario) -> str:
    """The scenario as YAML text, every field spelled out, that reads back to an equal scenario."""
    data = scenario.model_dump(mode="json")
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


_UNION_TAGS = {
    "fixed",
    "exponential",
    "normal",
    "lognormal",
    "triangular",
    "uniform",
    "weibull",
    "empirical",
    "function-after[_ordered(), Triangular]",
    "function-after[_ordered(), Uniform]",
    "str",
    "dict[str,float]",
    "constrained-float",
    "function-before[_number_means_fixed(), tagged-union[...]]",
}


def _describe(entry: Mapping[str, Any], raw: Mapping[str, Any]) -> str:
    """One line for one pydantic error: field path, message, and the value given."""
    path = _path(entry["loc"], raw)
    message = str(entry["msg"]).removeprefix("Value error, ")
    if entry["type"] == "extra_forbidden":
        message = "unknown field (check its spelling; see `gigatwin schema` for the fields)"
    elif entry["type"] == "missing":
        message = "required field is missing"
    given = entry.get("input")
    if entry["type"] not in ("missing", "model_type") and _is_scalar(given):
        message += f" (got {given!r})"
    return f"{path}: {message}" if path else message


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float | bool) or value is None


def _path(loc: tuple[Any, ...], raw: Mapping[str, Any]) -> str:
    """A readable field path; list items of named things also show the name."""
    parts: list[str] = []
    node: Any = raw
    for key in loc:
        if isinstance(key, str) and key in _UNION_TAGS | {"dict[str,constrained-float]"}:
            continue  # pydantic names the union member it tried; the user never wrote it
        if isinstance(key, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{key}]"]
            node = node[key] if isinstance(node, list) and key < len(node) else None
            if isinstance(node, Mapping) and isinstance(node.get("name"), str):
                parts[-1] += f" {node['name']!r}"
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, Mapping) else None
    return ".".join(parts)
