"""Reading and writing scenario files, with errors a plant engineer can act on.

Every problem in a file is reported as one line: where (file, and the field path such as
``stations[2] 'weld_1'.cycle_time_s.mean``) and what was expected. Encoding, syntax and
shape problems are found by the one file reader (:mod:`lines.file_reader`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import yaml
from pydantic import ValidationError

from lines.file_reader import FileFormatError, parse_yaml_mapping, read_text, validation_problems
from lines.spec import Scenario

SHAPE_HINT = " (name:, stations:, ...)"


class ScenarioError(FileFormatError):
    """A scenario file or override that cannot be used; the message lists every problem."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        super().__init__(source, problems, "scenario")


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and validate a YAML scenario file."""
    try:
        text = read_text(path, "scenario")
    except FileFormatError as error:
        raise ScenarioError(error.source, error.problems) from None
    return parse_scenario(text, str(path))


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    """Validate a scenario given as YAML text."""
    try:
        raw = parse_yaml_mapping(text, source, "scenario", SHAPE_HINT)
    except FileFormatError as error:
        raise ScenarioError(error.source, error.problems) from None
    return scenario_from_dict(raw, source)


def scenario_from_dict(raw: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate a scenario given as a dict, reporting every problem with its field path."""
    try:
        return Scenario.model_validate(raw)
    except ValidationError as error:
        raise ScenarioError(source, validation_problems(error, raw)) from None


def scenario_to_yaml(scenario: Scenario) -> str:
    """The scenario as YAML text, every field spelled out, that reads back to an equal scenario."""
    data = scenario.model_dump(mode="json")
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
