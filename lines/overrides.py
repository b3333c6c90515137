"""What-if changes to a scenario by field path, e.g. ``{"stations.weld.machines": 2}``.

Paths walk the scenario's fields; in a list of named items (stations, sources, failures,
maintenance plans) the next part is the item's name or its index. The changed scenario is
validated again, so an override can never produce a scenario that a file could not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lines.scenario_io import ScenarioError, scenario_from_dict
from lines.spec import Scenario


def apply_overrides(scenario: Scenario, overrides: Mapping[str, Any]) -> Scenario:
    """Return ``scenario`` with each ``path: value`` of ``overrides`` applied and re-validated."""
    data = scenario.model_dump(mode="json")  # lists, not tuples, so items can be replaced
    for path, value in overrides.items():
        _assign(data, path, value)
    return scenario_from_dict(data, source=f"{scenario.name} with {dict(overrides)}")


def _assign(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node: Any = data
    for depth, part in enumerate(parts[:-1]):
        node = _child(node, part, path, ".".join(parts[: depth + 1]))
    last = parts[-1]
    if isinstance(node, list):
        node[_index(node, last, path)] = value
    elif isinstance(node, dict) and last in node:
        node[last] = value
    else:
        raise _error(path, f"unknown field {last!r}", node)


def _child(node: Any, part: str, path: str, where: str) -> Any:
    if isinstance(node, list):
        return node[_index(node, part, path)]
    if isinstance(node, dict) and part in node and node[part] is not None:
        return node[part]
    raise _error(path, f"nothing to change at {where!r}", node)


def _index(items: list[Any], part: str, path: str) -> int:
    names = [item.get("name") if isinstance(item, dict) else None for item in items]
    if part in names:
        return names.index(part)
    if part.isdigit() and int(part) < len(items):
        return int(part)
    raise _error(path, f"no item named {part!r}", items)


def _error(path: str, message: str, node: Any) -> ScenarioError:
    if isinstance(node, dict):
        hint = f" (fields here: {', '.join(node)})"
    elif isinstance(node, list):
        hint = (
            f" (items: {', '.join(str(i.get('name', '?')) for i in node if isinstance(i, dict))})"
        )
    else:
        hint = ""
    return ScenarioError("override", [f"{path}: {message}{hint}"])
