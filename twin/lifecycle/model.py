"""Both routes' cars over their life: energy, production and use-phase CO2e, break-even.

Typical use::

    from twin.lifecycle import route_lifecycle
    life = route_lifecycle(masses_kg, costs.breakdowns, rates, vehicle)
    life.break_even.label   # "never within 200,000 km (only at ... km)"
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lines.vehicle import VehicleSpec
from parts_catalog import AlloyMix, Catalog
from twin.cost import CostBreakdown, CostComparison, CostRates, cost_breakdown
from twin.lifecycle.breakeven import BreakEven, break_even
from twin.lifecycle.energy import VehicleEnergy, vehicle_energy
from twin.lifecycle.footprint import ProductionFootprint, production_footprint, use_co2e_kg


@dataclass(frozen=True)
class RouteLifecycle:
    """Energy, production and use-phase CO2e of both routes' cars, and their break-even."""

    vehicle: VehicleSpec
    energy: dict[str, VehicleEnergy]
    production: dict[str, ProductionFootprint]
    break_even: BreakEven
    steel_range_kg_co2e_per_kg: tuple[float, float] | None = None

    def use_kg_per_km(self, route: str) -> float:
        """Use-phase CO2e of ``route``'s car per km [kg/km]."""
        return use_co2e_kg(1.0, self.energy[route].energy_kwh_per_100km,
                           self.vehicle.use_grid_kg_co2e_per_kwh)

    def cumulative_co2e_kg(self, route: str, distance_km: float) -> float:
        """Production plus use-phase CO2e after ``distance_km`` [kg]."""
        return self.production[route].co2e_kg + distance_km * self.use_kg_per_km(route)

    def lifetime_co2e_kg(self, route: str) -> float:
        """Production plus use-phase CO2e over the lifetime [kg]."""
        return self.cumulative_co2e_kg(route, self.vehicle.lifetime_km)


def route_lifecycle(
    body_masses_kg: Mapping[str, float],
    breakdowns: Mapping[str, CostBreakdown],
    rates: CostRates,
    vehicle: VehicleSpec | None = None,
    alloy_mixes: Mapping[str, AlloyMix | None] | None = None,
    steel_range_kg_co2e_per_kg: tuple[float, float] | None = None,
) -> RouteLifecycle:
    """The lifecycle of both routes from their body masses and their costed breakdowns.

    ``alloy_mixes`` (route -> the alloy mix its inputs carry) lets the Monte Carlo vary the
    recycled share; without it the alloy factor is held at its value. The steel factor's
    Monte Carlo range is the vehicle block's, else ``steel_range_kg_co2e_per_kg`` (the
    catalog's electric-arc to blast-furnace factors), else it is held at its value.
    """
    vehicle = vehicle or VehicleSpec()
    energy = vehicle_energy(body_masses_kg, vehicle)
    mixes = alloy_mixes or {}
    production = {route: production_footprint(breakdowns[route], rates, mixes.get(route))
                  for route in energy}
    use = {route: use_co2e_kg(1.0, energy[route].energy_kwh_per_100km,
                              vehicle.use_grid_kg_co2e_per_kwh) for route in energy}
    crossing = break_even({r: p.co2e_kg for r, p in production.items()}, use, vehicle.lifetime_km)
    return RouteLifecycle(vehicle, energy, production, crossing, steel_range_kg_co2e_per_kg)


def cumulative_co2e_table(life: RouteLifecycle, points: int = 41) -> pd.DataFrame:
    """Cumulative CO2e over km of both routes' cars, 0 to the lifetime (the break-even chart)."""
    distances = np.linspace(0.0, life.vehicle.lifetime_km, points)
    rows = [{"route": route, "distance_km": float(km),
             "cumulative_co2e_kg": life.cumulative_co2e_kg(route, float(km))}
            for route in life.energy for km in distances]
    return pd.DataFrame(rows)


def steel_route_range(catalog: Catalog) -> tuple[float, float] | None:
    """Lowest electric-arc and highest blast-furnace factor of the catalog's steel grades."""
    blocks = [m.steelmaking for m in catalog.materials.values() if m.steelmaking is not None]
    if not blocks:
        return None
    return (min(b.eaf_co2e_kg_per_kg for b in blocks), max(b.bf_bof_co2e_kg_per_kg for b in blocks))


def lifecycle_from_costs(body_masses_kg: Mapping[str, float], scenario: CostComparison,
                         vehicle: VehicleSpec | None = None,
                         catalog: Catalog | None = None) -> RouteLifecycle:
    """The lifecycle of a cost scenario (both routes' inputs and rates), e.g. ``Costs.scenario``.

    The routes are costed here, and each route's alloy mix is taken from its inputs so that
    the Monte Carlo can vary the recycled share; ``catalog`` gives the steel factor's range.
    """
    routes = {"welded": scenario.welded, "casting": scenario.casting}
    breakdowns = {name: cost_breakdown(inputs, scenario.rates) for name, inputs in routes.items()}
    mixes = {name: inputs.material.alloy_mix for name, inputs in routes.items()}
    steel = steel_route_range(catalog) if catalog is not None else None
    return route_lifecycle(body_masses_kg, breakdowns, scenario.rates, vehicle, mixes, steel)
