"""Route parameter files: YAML with a ``route: welded|casting`` key plus the spec's fields."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from lines.routes.casting import CastingRouteSpec
from lines.routes.common import RouteSpec
from lines.routes.welded import WeldedRouteSpec

ROUTE_KINDS: dict[str, type[RouteSpec]] = {"welded": WeldedRouteSpec, "casting": CastingRouteSpec}
"""The spec class of each ``route:`` value."""


def load_route_spec(path: str | os.PathLike[str]) -> RouteSpec:
    """Read a route parameter file; its ``route:`` key says welded or casting."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return route_spec_from_dict(raw, str(path))


def route_spec_from_dict(raw: object, source: str = "route file") -> RouteSpec:
    """Validate route parameters given as a mapping with a ``route: welded|casting`` key."""
    if not isinstance(raw, dict):
        raise ValueError(f"{source}: a route file holds a mapping of fields, e.g. 'route: casting'")
    kinds = ROUTE_KINDS
    fields = dict(raw)
    route = fields.pop("route", None)
    if route not in kinds:
        raise ValueError(f"{source}: 'route' must be one of {sorted(kinds)}, got {route!r}")
    return kinds[route].model_validate(fields)
