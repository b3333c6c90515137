"""Uncertainty of the break-even distance: the cost risk's Monte Carlo on the lifecycle figures.

As ``twin.cost.sensitivity.monte_carlo``: every uncertain figure drawn at once from a
triangular distribution (low, value in use, high) with a seeded ``numpy`` generator. The
ranges are the vehicle block's ``ranges`` (the steel factor's, by default, the parts catalog's
electric-arc to blast-furnace factors). The alloy factor of a draw is its mix at the drawn
recycled share and primary footprint; the steel factor replaces every sheet grade's.
Everything else (masses, kWh, plant grid) is the costed scenario's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from twin.lifecycle.model import RouteLifecycle

FIGURES = ("mass_sensitivity_kwh_per_100km_per_100kg", "lifetime_km", "use_grid_kg_co2e_per_kwh",
           "recycled_al_share", "primary_al_kg_co2e_per_kg", "steel_kg_co2e_per_kg")
"""The figures drawn, each a field of ``LifecycleRanges``."""


def _mode(life: RouteLifecycle, name: str) -> float:
    """The value in use of a drawn figure (the mode of its triangle)."""
    vehicle = life.vehicle
    if hasattr(vehicle, name):
        return float(getattr(vehicle, name))
    mixes = [p.alloy_mix for p in life.production.values() if p.alloy_mix is not None]
    if name == "recycled_al_share":
        return mixes[0].recycled_share if mixes else float("nan")
    if name == "primary_al_kg_co2e_per_kg":
        return mixes[0].primary_co2e_kg_per_kg if mixes else float("nan")
    steel = [p for p in life.production.values() if p.steel_kg > 0]
    return steel[0].steel_kg_co2e_per_kg if steel else float("nan")


def draw_figures(life: RouteLifecycle, draws: int, rng: np.random.Generator) -> pd.DataFrame:
    """Triangular draws (low, value in use, high) of every figure, one column each."""
    columns = {}
    for name in FIGURES:
        mode = _mode(life, name)
        bounds = getattr(life.vehicle.ranges, name)
        if bounds is None:  # the steel factor: the catalog's route factors, else held
            bounds = life.steel_range_kg_co2e_per_kg or ((0.0, 0.0) if np.isnan(mode)
                                                         else (mode, mode))
        low, high = bounds
        mode = low if np.isnan(mode) else min(max(mode, low), high)
        columns[name] = (np.full(draws, low) if low == high
                         else rng.triangular(low, mode, high, size=draws))
    return pd.DataFrame(columns)


def _production(life: RouteLifecycle, route: str, drawn: pd.DataFrame) -> np.ndarray:
    p = life.production[route]
    alloy = np.full(len(drawn), p.alloy_kg_co2e_per_kg)
    if p.alloy_mix is not None:
        share = drawn["recycled_al_share"].to_numpy()
        alloy = (share * p.alloy_mix.recycled_co2e_kg_per_kg
                 + (1 - share) * drawn["primary_al_kg_co2e_per_kg"].to_numpy())
    return (p.electricity_kwh * p.plant_grid_kg_co2e_per_kwh
            + p.steel_kg * drawn["steel_kg_co2e_per_kg"].to_numpy() + p.alloy_kg * alloy)


def monte_carlo(life: RouteLifecycle, draws: int = 2_000, seed: int = 0) -> pd.DataFrame:
    """Break-even distance and lifetime CO2e difference per draw; reproducible from ``seed``.

    ``break_even_km`` is 0 when the lighter route is lower from the start and infinite when
    it never repays; ``lifetime_difference_co2e_kg`` is lighter minus heavier route.
    """
    if draws < 1:
        raise ValueError(f"draws must be >= 1, got {draws}")
    drawn = draw_figures(life, draws, np.random.default_rng(seed))
    lighter = life.break_even.lighter_route
    heavier = next(route for route in life.energy if route != lighter)
    mass_saving = life.energy[lighter].mass_saving_kg - life.energy[heavier].mass_saving_kg
    saving_kwh_per_km = (drawn["mass_sensitivity_kwh_per_100km_per_100kg"].to_numpy()
                         * mass_saving * (1 + life.vehicle.secondary_mass_share) / 1e4)
    use_saving = saving_kwh_per_km * drawn["use_grid_kg_co2e_per_kwh"].to_numpy()
    extra = _production(life, lighter, drawn) - _production(life, heavier, drawn)
    with np.errstate(divide="ignore", invalid="ignore"):
        distance = np.where(extra <= 0, 0.0,
                            np.where(use_saving > 0, extra / use_saving, np.inf))
    lifetime = drawn["lifetime_km"].to_numpy()
    return drawn.assign(
        draw=range(draws), seed=seed, production_extra_co2e_kg=extra,
        use_saving_co2e_kg_per_km=use_saving, break_even_km=distance,
        repays_within_lifetime=distance <= lifetime,
        lifetime_difference_co2e_kg=extra - use_saving * lifetime)


def break_even_interval(draws: pd.DataFrame) -> dict[str, float]:
    """P10/P50/P90 of the break-even distance (inf: never) and the share repaid in a lifetime.

    Percentiles are sample values (``method="nearest"``), so an infinite draw stays infinite.
    """
    values = draws["break_even_km"].to_numpy(dtype=float)
    p10, p50, p90 = np.percentile(values, [10, 50, 90], method="nearest")
    return {"break_even_p10_km": float(p10), "break_even_p50_km": float(p50),
            "break_even_p90_km": float(p90),
            "repays_within_lifetime_share": float(draws["repays_within_lifetime"].mean())}
