"""Sensitivity of the cost difference (casting - welded, US$ per body) to the main levers.

* ``tornado``: one lever at a time to its low and its high value, the others at their
  scenario values; sorted by swing, widest first.
* ``monte_carlo``: all levers drawn at once from triangular distributions (low, scenario
  value, high) with a seeded ``numpy.random.Generator``; ``percentiles`` gives P10/P50/P90.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from twin.cost.levers import LEVERS, CostComparison, Lever, apply_lever, lever_value
from twin.cost.route_costs import cost_breakdown


def cost_difference_usd(scenario: CostComparison) -> float:
    """Casting minus welded cost per good body [US$] (negative: casting is cheaper)."""
    casting = cost_breakdown(scenario.casting, scenario.rates).total_usd
    welded = cost_breakdown(scenario.welded, scenario.rates).total_usd
    return casting - welded


def tornado_row(scenario: CostComparison, lever: Lever) -> dict[str, object]:
    """The cost difference with ``lever`` at its low and at its high value."""
    low = cost_difference_usd(apply_lever(scenario, lever, lever.low))
    high = cost_difference_usd(apply_lever(scenario, lever, lever.high))
    return {
        "lever": lever.name,
        "low_value": lever.low,
        "high_value": lever.high,
        "base_value": lever_value(scenario, lever),
        "unit": lever.unit,
        "cost_difference_low_usd": low,
        "cost_difference_high_usd": high,
        "swing_usd": abs(high - low),
        "source": lever.source,
    }


def tornado(scenario: CostComparison, levers: Sequence[Lever] | None = None) -> pd.DataFrame:
    """One-at-a-time sweep: one row per lever, widest swing first, with the base difference."""
    rows = [tornado_row(scenario, lever) for lever in levers or LEVERS.values()]
    table = pd.DataFrame(rows).sort_values("swing_usd", ascending=False, ignore_index=True)
    return table.assign(cost_difference_base_usd=cost_difference_usd(scenario))


def draw_levers(
    scenario: CostComparison, levers: Sequence[Lever], draws: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Triangular draws (low, scenario value, high) of every lever, one column per lever."""
    columns = {}
    for lever in levers:
        mode = min(max(lever_value(scenario, lever), lever.low), lever.high)
        columns[lever.name] = rng.triangular(lever.low, mode, lever.high, size=draws)
    return pd.DataFrame(columns)


def monte_carlo(
    scenario: CostComparison,
    draws: int = 1_000,
    seed: int = 0,
    levers: Sequence[Lever] | None = None,
) -> pd.DataFrame:
    """Cost difference for ``draws`` joint draws of the levers; reproducible from ``seed``."""
    if draws < 1:
        raise ValueError(f"draws must be >= 1, got {draws}")
    chosen = list(levers or LEVERS.values())
    table = draw_levers(scenario, chosen, draws, np.random.default_rng(seed))
    differences = []
    for values in table.itertuples(index=False):
        drawn = scenario
        for lever, value in zip(chosen, values, strict=True):
            drawn = apply_lever(drawn, lever, float(value))
        differences.append(cost_difference_usd(drawn))
    return table.assign(draw=range(draws), seed=seed, cost_difference_usd=differences)


def percentiles(draws: pd.DataFrame, column: str = "cost_difference_usd") -> dict[str, float]:
    """P10, P50 and P90 of a Monte Carlo column, plus the share of draws below zero."""
    values = draws[column].to_numpy(dtype=float)
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return {
        "p10_usd": float(p10),
        "p50_usd": float(p50),
        "p90_usd": float(p90),
        "share_casting_cheaper": float(np.mean(values < 0)),
    }
