"""The two routes of the rear underbody, as parameter specs and builders of engine scenarios.

Examples:
    >>> from parts_catalog import load_catalog
    >>> from lines.routes import CastingRouteSpec, build_casting_scenario
    >>> spec = CastingRouteSpec().with_changes(cells=2, die_life_shots=80_000)
    >>> build_casting_scenario(spec, load_catalog()).station("giga_cell").machines
    2
"""

from lines.routes.casting import CastingRouteSpec, build_casting_scenario
from lines.routes.common import SCENARIO_DIR, RouteSpec, load_route_spec, route_spec_from_dict
from lines.routes.welded import WeldedRouteSpec, build_welded_scenario, press_load
from lines.spec import Scenario
from parts_catalog import Catalog


def build_route_scenario(spec: RouteSpec, catalog: Catalog) -> Scenario:
    """Build the scenario of either route from its spec."""
    if isinstance(spec, WeldedRouteSpec):
        return build_welded_scenario(spec, catalog)
    if isinstance(spec, CastingRouteSpec):
        return build_casting_scenario(spec, catalog)
    raise TypeError(f"not a route spec: {type(spec).__name__}")


__all__ = [
    "SCENARIO_DIR",
    "CastingRouteSpec",
    "RouteSpec",
    "WeldedRouteSpec",
    "build_casting_scenario",
    "build_route_scenario",
    "build_welded_scenario",
    "load_route_spec",
    "route_spec_from_dict",
    "press_load",
]
