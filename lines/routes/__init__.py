"""The two routes of the rear underbody, as parameter specs and builders of engine scenarios.

Station names and cost steps are constants of the route module that owns them
(``lines.routes.casting.GIGA_CELL``, ``lines.routes.welded.BODY_LINE``), used by the runtime,
the cost mapping and the app.

Examples:
    >>> from parts_catalog import load_catalog
    >>> from lines.routes import CastingRouteSpec, build_casting_scenario
    >>> spec = CastingRouteSpec().with_changes(cells=2, die_life_shots=80_000)
    >>> build_casting_scenario(spec, load_catalog()).station("giga_cell").machines
    2
"""

from lines.routes import casting, welded
from lines.routes.casting import CastingRouteSpec, build_casting_scenario
from lines.routes.common import REFERENCE_CALENDAR, SCENARIO_DIR, RouteSpec
from lines.routes.files import ROUTE_KINDS, load_route_spec, route_spec_from_dict
from lines.routes.welded import WeldedRouteSpec, build_welded_scenario, press_load
from lines.spec import Scenario
from parts_catalog import Catalog


def route_cost_steps(spec: RouteSpec, scenario: Scenario) -> dict[str, tuple[str, ...]]:
    """Each route's simulated cost steps and the stations they cover (the route owns this)."""
    if isinstance(spec, WeldedRouteSpec):
        return welded.cost_steps(spec, scenario)
    if isinstance(spec, CastingRouteSpec):
        return casting.cost_steps(spec)
    raise TypeError(f"not a route spec: {type(spec).__name__}")


def build_route_scenario(spec: RouteSpec, catalog: Catalog) -> Scenario:
    """Build the scenario of either route from its spec."""
    if isinstance(spec, WeldedRouteSpec):
        return build_welded_scenario(spec, catalog)
    if isinstance(spec, CastingRouteSpec):
        return build_casting_scenario(spec, catalog)
    raise TypeError(f"not a route spec: {type(spec).__name__}")


__all__ = [
    "REFERENCE_CALENDAR",
    "ROUTE_KINDS",
    "SCENARIO_DIR",
    "CastingRouteSpec",
    "RouteSpec",
    "WeldedRouteSpec",
    "build_casting_scenario",
    "build_route_scenario",
    "build_welded_scenario",
    "casting",
    "load_route_spec",
    "route_spec_from_dict",
    "press_load",
    "route_cost_steps",
    "welded",
]
