"""The two routes of the comparison and their parameter files (read, written, uploaded)."""

from __future__ import annotations

import yaml

from lines import Scenario, parse_scenario
from lines.file_reader import parse_yaml
from lines.routes import SCENARIO_DIR, RouteSpec, route_spec_from_dict

ROUTES = ("welded", "casting")
"""The routes compared, in display order (differences are casting - welded)."""
ROUTE_LABELS = {"welded": "Welded steel (100+ parts)", "casting": "Aluminium giga-casting"}
"""A reader's name for each route."""
ROUTE_FILES = {route: SCENARIO_DIR / f"{route}_rear_underbody.yaml" for route in ROUTES}
"""The shipped route parameter files."""


def default_specs() -> dict[str, RouteSpec]:
    """The shipped route parameter files, read fresh."""
    return {route: read_route_yaml(path.read_text(encoding="utf-8"))[1]
            for route, path in ROUTE_FILES.items()}


def read_route_yaml(text: str) -> tuple[str, RouteSpec]:
    """A route parameter file (``route: welded|casting`` plus spec fields) from YAML text.

    Raises:
        ValueError: the text is not YAML, has no valid ``route`` key, or a field is invalid
            (pydantic's ``ValidationError`` is a ``ValueError``).
    """
    raw = parse_yaml(text, "the uploaded route file", "route file")
    spec = route_spec_from_dict(raw, "the uploaded route file")
    return str(raw["route"]), spec


def read_uploaded_yaml(text: str, source: str) -> tuple[str, RouteSpec] | Scenario:
    """An uploaded file: a route file when it has a ``route`` key, else a line scenario.

    Raises:
        ValueError: with every problem found (``ScenarioError`` is a ``ValueError``).
    """
    raw = parse_yaml(text, source)
    if isinstance(raw, dict) and "route" in raw:
        return read_route_yaml(text)
    return parse_scenario(text, source)


def route_yaml(route: str, spec: RouteSpec) -> str:
    """A route spec as a route parameter file that :func:`read_route_yaml` reads back."""
    data = {"route": route, **spec.model_dump(mode="json")}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
