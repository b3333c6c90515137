"""Break-even: cost per body of both routes over annual volume, and where the curves cross.

Fixed costs spread over more bodies as volume rises, and a dedicated route steps up each time
it needs one more line or cell; so the curves are saw-tooth shaped and can cross more than once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from twin.cost.inputs import RouteCostInputs
from twin.cost.rates import CostRates
from twin.cost.route_costs import cost_breakdown

DEFAULT_VOLUMES = tuple(float(v) for v in np.arange(20_000, 500_001, 5_000))
"""20k to 500k bodies a year in 5k steps (sources §5.1 range 100k-500k, widened downwards)."""


def cost_curve(
    inputs: RouteCostInputs, volumes: Sequence[float], rates: CostRates | None = None
) -> np.ndarray:
    """Total cost per good body of ``inputs`` at each annual volume [US$]."""
    return np.array([cost_breakdown(inputs.with_volume(v), rates).total_usd for v in volumes])


def crossings(volumes: Sequence[float], difference: np.ndarray) -> list[float]:
    """Volumes where ``difference`` changes sign, by linear interpolation between grid points."""
    x = np.asarray(volumes, dtype=float)
    found = [float(x[i]) for i in np.flatnonzero(difference == 0)]
    for i in np.flatnonzero(difference[:-1] * difference[1:] < 0):
        d0, d1 = difference[i], difference[i + 1]
        found.append(float(x[i] + (x[i + 1] - x[i]) * d0 / (d0 - d1)))
    return sorted(found)


def breakeven_volumes(
    welded: RouteCostInputs,
    casting: RouteCostInputs,
    rates: CostRates | None = None,
    volumes: Sequence[float] = DEFAULT_VOLUMES,
) -> list[float]:
    """Every volume on the grid where casting and welded cost the same per body (may be empty)."""
    difference = cost_curve(casting, volumes, rates) - cost_curve(welded, volumes, rates)
    return crossings(volumes, difference)


def breakeven_volume(
    welded: RouteCostInputs,
    casting: RouteCostInputs,
    rates: CostRates | None = None,
    volumes: Sequence[float] = DEFAULT_VOLUMES,
) -> float | None:
    """The lowest volume above which the cheaper route changes, or ``None`` if they never cross."""
    found = breakeven_volumes(welded, casting, rates, volumes)
    return found[0] if found else None


def breakeven_table(
    welded: RouteCostInputs,
    casting: RouteCostInputs,
    rates: CostRates | None = None,
    volumes: Sequence[float] = DEFAULT_VOLUMES,
) -> pd.DataFrame:
    """Tidy table: route, annual_volume_units, cost_per_body_usd (one row per route and volume)."""
    frames = [
        pd.DataFrame(
            {
                "route": inputs.route,
                "annual_volume_units": np.asarray(volumes, dtype=float),
                "cost_per_body_usd": cost_curve(inputs, volumes, rates),
            }
        )
        for inputs in (welded, casting)
    ]
    return pd.concat(frames, ignore_index=True)
