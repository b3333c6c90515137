"""From the factory to the car: energy use, range, battery and lifecycle CO2e of both routes.

Typical use::

    from lines.vehicle import VehicleSpec
    from twin.lifecycle import route_lifecycle, lifecycle_table
    life = route_lifecycle(masses_kg, costs.breakdowns, costs.scenario.rates, VehicleSpec())
    life.break_even.label            # e.g. "never within 200,000 km (only at ... km)"
    lifecycle_table(life, catalog)   # the rows of lifecycle.csv

Method and sources: docs/background/lifecycle.md.
"""

from twin.lifecycle.breakeven import BreakEven, break_even, break_even_km
from twin.lifecycle.energy import (
    VehicleEnergy,
    energy_saving_kwh_per_100km,
    range_km,
    route_energy,
    vehicle_energy,
)
from twin.lifecycle.footprint import ProductionFootprint, production_footprint, use_co2e_kg
from twin.lifecycle.model import (
    RouteLifecycle,
    cumulative_co2e_table,
    lifecycle_from_costs,
    route_lifecycle,
)
from twin.lifecycle.monte_carlo import FIGURES, break_even_interval, draw_figures, monte_carlo
from twin.lifecycle.supply_chain import (
    simulated_supply_chain,
    supply_chain_kpis,
    supply_chain_table,
)
from twin.lifecycle.tables import lifecycle_table

__all__ = [
    "FIGURES",
    "BreakEven",
    "ProductionFootprint",
    "RouteLifecycle",
    "VehicleEnergy",
    "break_even",
    "break_even_interval",
    "break_even_km",
    "cumulative_co2e_table",
    "draw_figures",
    "energy_saving_kwh_per_100km",
    "lifecycle_from_costs",
    "lifecycle_table",
    "monte_carlo",
    "production_footprint",
    "range_km",
    "route_energy",
    "route_lifecycle",
    "simulated_supply_chain",
    "supply_chain_kpis",
    "supply_chain_table",
    "use_co2e_kg",
    "vehicle_energy",
]
