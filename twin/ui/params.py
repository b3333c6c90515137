"""Which scenario fields a user can sweep or edit, and parsing of typed value lists (pure)."""

from __future__ import annotations

import re
from typing import Any

from lines import Scenario

SKIPPED = {"power", "floor_space_m2", "operators_per_shift", "share", "first_shift_start_h"}
"""Fields that rarely make a what-if and would only lengthen the list."""
MAX_VALUES = 8
"""Most values per swept parameter: keeps a sweep within interactive time."""


def sweepable_paths(scenario: Scenario) -> dict[str, float | int | None]:
    """Every numeric field of the stations and the calendar, by override path.

    Paths are those of :func:`lines.overrides.apply_overrides` (``stations.<name>.<field>``,
    with named list items such as failures by their name). ``buffer_capacity`` is listed
    even when unlimited (value ``None``).
    """
    data = scenario.model_dump(mode="json")
    paths: dict[str, float | int | None] = {}
    for station in data["stations"]:
        _walk(station, f"stations.{station['name']}", paths)
        paths.setdefault(f"stations.{station['name']}.buffer_capacity", None)
    if data.get("calendar"):
        _walk(data["calendar"], "calendar", paths)
    return paths


def _walk(node: Any, prefix: str, out: dict[str, float | int | None]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in SKIPPED:
                _walk(value, f"{prefix}.{key}", out)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            name = item.get("name", index) if isinstance(item, dict) else index
            _walk(item, f"{prefix}.{name}", out)
    elif isinstance(node, int | float) and not isinstance(node, bool):
        out[prefix] = node


def parse_values(text: str, current: float | int | None) -> list[float | int]:
    """Parse ``"0, 2, 4"`` into numbers; integers when the field holds an integer.

    Raises:
        ValueError: with a message for the user when the text is empty, not numeric, or
            lists more than ``MAX_VALUES`` values.
    """
    items = [item for item in re.split(r"[,;\s]+", text.strip()) if item]
    if not items:
        raise ValueError("give at least one value, e.g. 0, 2, 4")
    if len(items) > MAX_VALUES:
        raise ValueError(f"give at most {MAX_VALUES} values (got {len(items)})")
    try:
        numbers = [float(item) for item in items]
    except ValueError:
        raise ValueError(f"values must be numbers separated by commas, got {text!r}") from None
    if (current is None or isinstance(current, int)) and all(n.is_integer() for n in numbers):
        return [int(n) for n in numbers]
    return numbers
