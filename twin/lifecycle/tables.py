"""The lifecycle table (``lifecycle.csv``): one row per route, units in the column names."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from parts_catalog import Catalog
from twin.experiments import ExperimentResult
from twin.lifecycle.model import RouteLifecycle
from twin.lifecycle.monte_carlo import break_even_interval, monte_carlo
from twin.lifecycle.supply_chain import simulated_supply_chain, supply_chain_kpis


def _finite(value: float) -> float:
    """Infinite distances ("never") are written as empty cells."""
    return math.nan if math.isinf(value) else value


def lifecycle_table(life: RouteLifecycle, catalog: Catalog | None = None, draws: int = 2_000,
                    seed: int = 0,
                    experiments: Mapping[str, ExperimentResult] | None = None) -> pd.DataFrame:
    """Per route: the car's energy, range and battery, lifecycle CO2e and the break-even.

    The break-even columns are the same on both rows (they describe the pair); its interval
    comes from :func:`twin.lifecycle.monte_carlo` with ``draws`` and ``seed``. With
    ``catalog`` the supply-chain counts are appended, and with the simulated ``experiments``
    too the logistics moves and supermarket stock.
    """
    interval = break_even_interval(monte_carlo(life, draws, seed)) if draws else {}
    crossing = life.break_even
    rows = []
    for route, energy in life.energy.items():
        row = {
            "route": route,
            "body_mass_kg": energy.body_mass_kg,
            "mass_saving_kg": energy.mass_saving_kg,
            "energy_use_kwh_per_100km": energy.energy_kwh_per_100km,
            "energy_saving_kwh_per_100km": energy.energy_saving_kwh_per_100km,
            "range_at_equal_battery_km": energy.range_km_at_equal_battery,
            "battery_saved_at_equal_range_kwh": energy.battery_kwh_saved_at_equal_range,
            "battery_saved_at_equal_range_usd": energy.battery_usd_saved_at_equal_range,
            "production_co2e_kg": life.production[route].co2e_kg,
            "use_co2e_kg": life.lifetime_co2e_kg(route) - life.production[route].co2e_kg,
            "lifecycle_co2e_kg": life.lifetime_co2e_kg(route),
            "lifetime_km": life.vehicle.lifetime_km,
            "use_grid_kg_co2e_per_kwh": life.vehicle.use_grid_kg_co2e_per_kwh,
            "lighter_route": crossing.lighter_route,
            "break_even_km": _finite(crossing.distance_km),
            "break_even_status": crossing.status,
            **{key: (_finite(value) if key.endswith("_km") else value)
               for key, value in interval.items()},
            "monte_carlo_draws": draws,
            "seed": seed,
        }
        if catalog is not None:
            row |= supply_chain_kpis(catalog, route)
            if experiments is not None and route in experiments:
                row |= simulated_supply_chain(experiments[route], catalog, route)
        rows.append(row)
    return pd.DataFrame(rows)
