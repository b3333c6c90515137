"""Named cost levers: one number each, set on the rates or on a route's step or die.

A lever is how the sensitivity analysis, the Monte Carlo and the published-claim examples
change a scenario. Low/high are the ranges of sources §4.4/5.2/5.3.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar

from pydantic import BaseModel

from twin.cost.inputs import RouteCostInputs
from twin.cost.rates import CostRates

Target = Literal["rates", "material", "alloy_mix", "step", "tool", "cycle_scale", "shared"]
"""What a lever sets: a rate, a material price on both routes (read from ``route``), the
alloy's recycled share (its price and footprint follow), a step or tool field of ``route``, a
cycle scaled from its reference, or shared cells."""


@dataclass(frozen=True)
class Lever:
    """One scalar input of the cost model with its unit, range and source."""

    name: str
    unit: str
    low: float
    high: float
    target: Target
    field: str
    route: str = ""
    item: str = ""
    reference: float = 1.0
    source: str = ""


@dataclass(frozen=True)
class CostComparison:
    """Both routes and the rates: what a lever changes."""

    welded: RouteCostInputs
    casting: RouteCostInputs
    rates: CostRates

    def route(self, name: str) -> RouteCostInputs:
        """The route called ``name``."""
        return self.welded if name == "welded" else self.casting


LEVERS: dict[str, Lever] = {
    lever.name: lever
    for lever in (
        Lever("alloy_price", "US$/kg", 2.2, 3.5, "material", "alloy_usd_per_kg", "casting",
              source="sources §4.4 (X)"),
        Lever("recycled_al_share", "share", 0.3, 1.0, "alloy_mix", "recycled_share",
              "casting", source="Tesla's scrap-tolerant alloy patent: 30-100 % scrap input "
              "(B); moves the alloy price and CO2e along the catalog grade's alloy_mix"),
        Lever("die_life", "shots", 60_000, 150_000, "tool", "life_units", "casting", "giga_die",
              source="sources §4.4/5.3 (X)"),
        Lever("cell_capex", "US$", 15e6, 40e6, "step", "capex_per_line_usd", "casting",
              "giga_cell", source="sources §4.4/5.3 (X)"),
        Lever("cycle_time", "s", 80.0, 180.0, "step", "cycle_time_s", "casting", "giga_cell",
              source="sources §5.3 (B)"),
        Lever("scrap_rate", "share", 0.02, 0.10, "step", "scrap_rate", "casting", "giga_cell",
              source="sources §5.3 (B/A-)"),
        Lever("steel_price", "US$/kg", 0.8, 1.4, "material", "sheet_usd_per_kg", "welded",
              source="sources §4.4 (X)"),
        Lever("weld_time", "s/spot", 2.0, 4.0, "cycle_scale", "cycle_time_s", "welded",
              "body_shop", reference=3.0, source="sources §5.2 (X); body-shop cycle scales "
              "with it"),
        Lever("labour_rate", "US$/h", 10.0, 70.0, "rates", "labour_usd_per_h",
              source="sources §4.4/5.1 (X)"),
        Lever("cost_of_capital", "1/yr", 0.06, 0.12, "rates", "cost_of_capital",
              source="sources §4.4 (X)"),
        Lever("electricity_price", "US$/kWh", 0.08, 0.20, "rates", "electricity_usd_per_kwh",
              source="sources §4.4 (A-)"),
    )
}  # fmt: skip
"""The numeric levers of the tornado and the Monte Carlo, by name."""


M = TypeVar("M", bound=BaseModel)


def _with(model: M, changes: Mapping[str, object]) -> M:
    return type(model).model_validate(model.model_dump() | dict(changes))


def _set_step(route: RouteCostInputs, step: str, field: str, value: object) -> RouteCostInputs:
    steps = tuple(s.with_changes(**{field: value}) if s.name == step else s for s in route.steps)
    return route.with_changes(steps=steps)


def _set_tool(route: RouteCostInputs, tool: str, field: str, value: float) -> RouteCostInputs:
    tools = tuple(t.with_changes(**{field: value}) if t.name == tool else t
                  for t in route.tooling)
    return route.with_changes(tooling=tools)


def _set_material(route: RouteCostInputs, field: str, value: float) -> RouteCostInputs:
    return route.with_changes(material=route.material.with_changes(**{field: value}))


def set_recycled_share(route: RouteCostInputs, share: float) -> RouteCostInputs:
    """``route`` with its alloy at another recycled share: footprint and price follow the mix.

    The footprint is the mix's; the price moves by the mix's price change, so a price set
    before (the ``alloy_price`` lever: the market level) keeps its level.
    """
    material = route.material
    if material.alloy_mix is None:
        if material.alloy_shot_kg == 0:
            return route  # no alloy on this route: nothing to change
        raise ValueError(f"route {route.route!r}: the alloy has no alloy_mix in the catalog, "
                         "so it has no recycled share to set")
    mix = material.alloy_mix.with_share(share)
    price = material.alloy_usd_per_kg + mix.price_usd_per_kg - material.alloy_mix.price_usd_per_kg
    return route.with_changes(material=material.with_changes(
        alloy_mix=mix.model_dump(), alloy_usd_per_kg=price,
        alloy_kg_co2e_per_kg=mix.co2e_kg_per_kg))


def _counted_die(route: RouteCostInputs, lever: Lever) -> bool:
    """True when ``lever`` sets the giga die's life and the route counts its die events."""
    return (lever.item == "giga_die" and lever.field == "life_units"
            and route.die_events is not None)


def _set_route(scenario: CostComparison, route: RouteCostInputs) -> CostComparison:
    if route.route == "welded":
        return CostComparison(route, scenario.casting, scenario.rates)
    return CostComparison(scenario.welded, route, scenario.rates)


def lever_value(scenario: CostComparison, lever: Lever) -> float:
    """The lever's current value in ``scenario``."""
    if lever.target == "rates":
        return float(getattr(scenario.rates, lever.field))
    route = scenario.route(lever.route)
    if lever.target == "material":
        return float(getattr(route.material, lever.field))
    if lever.target == "alloy_mix":
        mix = route.material.alloy_mix
        return float(getattr(mix, lever.field)) if mix is not None else float("nan")
    if lever.target == "tool":
        if _counted_die(route, lever):
            return float(route.die_events.die_life_shots)  # type: ignore[union-attr]
        return float(
            next(getattr(t, lever.field) or 0 for t in route.tooling if t.name == lever.item)
        )
    if lever.target == "cycle_scale":
        return lever.reference
    return float(getattr(route.step(lever.item), lever.field))


def apply_lever(scenario: CostComparison, lever: Lever, value: float) -> CostComparison:
    """A copy of ``scenario`` with ``lever`` set to ``value`` (validated: bad values raise)."""
    if lever.target == "rates":
        rates = _with(scenario.rates, {lever.field: value})
        return CostComparison(scenario.welded, scenario.casting, rates)
    if lever.target == "material":  # a price is the catalog's: the same on both routes
        return CostComparison(_set_material(scenario.welded, lever.field, value),
                              _set_material(scenario.casting, lever.field, value), scenario.rates)
    route = scenario.route(lever.route)
    if lever.target == "alloy_mix":
        return _set_route(scenario, set_recycled_share(route, value))
    if lever.target == "tool":
        if _counted_die(route, lever):  # the giga die is costed from its counted events
            events = route.die_events.with_changes(die_life_shots=round(value))  # type: ignore[union-attr]
            return _set_route(scenario, route.with_changes(die_events=events))
        return _set_route(scenario, _set_tool(route, lever.item, lever.field, value))
    if lever.target == "cycle_scale":
        cycle = route.step(lever.item).cycle_time_s * value / lever.reference
        return _set_route(scenario, _set_step(route, lever.item, lever.field, cycle))
    return _set_route(scenario, _set_step(route, lever.item, lever.field, value))


def share_step(
    scenario: CostComparison, route: str, step: str, shared: bool = True
) -> CostComparison:
    """Run ``step`` of ``route`` on shared lines (pay a fraction) or dedicated ones."""
    changed = _set_step(scenario.route(route), step, "dedicated", not shared)
    return _set_route(scenario, changed)


def apply_settings(
    scenario: CostComparison, settings: Mapping[str, float | bool]
) -> CostComparison:
    """Apply named lever values, plus ``shared_cells: true`` and any CostRates field by name."""
    for name, value in settings.items():
        if name == "shared_cells":
            scenario = share_step(scenario, "casting", "giga_cell", bool(value))
        elif name in LEVERS:
            scenario = apply_lever(scenario, LEVERS[name], float(value))
        elif name in CostRates.model_fields:
            rates = _with(scenario.rates, {name: value})
            scenario = CostComparison(scenario.welded, scenario.casting, rates)
        else:
            raise ValueError(f"unknown lever {name!r}; known: {sorted(LEVERS)} or a rates field")
    return scenario
