"""Lifecycle CO2e per vehicle of one route: production of the body plus the car's use phase.

Production is the cost model's footprint per good body (``twin.cost.carbon``): electricity at
the plant grid, steel blanks and the alloy bought, each at the parts catalog's factor (the
alloy's from its recycled share). The use phase is lifetime km x energy use x the charging
grid. Only what differs between the routes is counted: the rest of the car is the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from parts_catalog import AlloyMix
from twin.cost import CostBreakdown, CostRates, co2e_kg_per_body


@dataclass(frozen=True)
class ProductionFootprint:
    """One route's production CO2e per good body, split into what the Monte Carlo varies."""

    route: str
    co2e_kg: float
    electricity_kwh: float
    plant_grid_kg_co2e_per_kwh: float
    steel_kg: float
    steel_kg_co2e_per_kg: float
    alloy_kg: float
    alloy_kg_co2e_per_kg: float
    alloy_mix: AlloyMix | None = None

    def with_factors(self, steel_kg_co2e_per_kg: float, alloy_kg_co2e_per_kg: float) -> float:
        """Production CO2e per body at other steel and alloy factors [kg]."""
        return (self.electricity_kwh * self.plant_grid_kg_co2e_per_kwh
                + self.steel_kg * steel_kg_co2e_per_kg + self.alloy_kg * alloy_kg_co2e_per_kg)


def production_footprint(breakdown: CostBreakdown, rates: CostRates,
                         alloy_mix: AlloyMix | None = None) -> ProductionFootprint:
    """The production footprint of a costed route (the figure of ``carbon.csv``)."""
    return ProductionFootprint(
        route=breakdown.route,
        co2e_kg=co2e_kg_per_body(breakdown, rates),
        electricity_kwh=sum(breakdown.kwh_per_body.values()),
        plant_grid_kg_co2e_per_kwh=rates.grid_kg_co2e_per_kwh,
        steel_kg=breakdown.sheet_blank_kg_per_body,
        steel_kg_co2e_per_kg=breakdown.sheet_kg_co2e_per_kg,
        alloy_kg=breakdown.alloy_kg_per_body,
        alloy_kg_co2e_per_kg=breakdown.alloy_kg_co2e_per_kg,
        alloy_mix=alloy_mix,
    )


def use_co2e_kg(distance_km: float, energy_kwh_per_100km: float,
                grid_kg_co2e_per_kwh: float) -> float:
    """CO2e of driving ``distance_km`` at an energy use and a charging grid [kg]."""
    return distance_km / 100.0 * energy_kwh_per_100km * grid_kg_co2e_per_kwh
