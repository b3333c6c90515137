"""Route parameter files: YAML with a ``route: welded|casting`` key plus the spec's fields."""

from __future__ import annotations

import os
from pathlib import Path

from lines.casting_cell import resolve_defect_model
from lines.file_reader import FileFormatError, read_yaml_mapping, validate
from lines.routes.casting import CastingRouteSpec
from lines.routes.common import RouteSpec
from lines.routes.welded import WeldedRouteSpec

ROUTE_KINDS: dict[str, type[RouteSpec]] = {"welded": WeldedRouteSpec, "casting": CastingRouteSpec}
"""The spec class of each ``route:`` value."""


def load_route_spec(path: str | os.PathLike[str], expected: str | None = None) -> RouteSpec:
    """Read a route parameter file; its ``route:`` key says welded or casting.

    With ``expected`` (the route the file is used as, e.g. ``--casting FILE``), a file that
    declares another route is refused.

    Raises:
        FileFormatError: naming the file and the field (a ``ValueError``).
    """
    raw = read_yaml_mapping(path, "route file", " (route: welded|casting, name:, ...)")
    if isinstance(raw, dict) and "defect_model" in raw:  # a model file beside the route file
        raw = {**raw, "defect_model": resolve_defect_model(raw["defect_model"],
                                                           Path(path).parent)}
    return route_spec_from_dict(raw, str(path), expected)


def route_spec_from_dict(raw: object, source: str = "route file",
                         expected: str | None = None) -> RouteSpec:
    """Validate route parameters given as a mapping with a ``route: welded|casting`` key."""
    if not isinstance(raw, dict):
        raise FileFormatError(source, ["a route file holds a mapping of fields, e.g. "
                                       "'route: casting'"], "route file")
    kinds = ROUTE_KINDS
    fields = dict(raw)
    route = fields.pop("route", None)
    if not isinstance(route, str) or route not in kinds:
        raise FileFormatError(source, [f"route: must be one of {sorted(kinds)}, got {route!r}"],
                              "route file")
    if expected is not None and route != expected:
        raise FileFormatError(source, [
            f"route: the file declares route {route!r} but is used as the {expected} route "
            f"(give it as --{route}, or use a file with 'route: {expected}')"], "route file")
    return validate(kinds[route], fields, source, "route file")
