"""Cost risk: uncertain prices and rates drawn jointly, crossed with the replications.

Each draw sets the uncertain levers at once; every draw is applied to every replication's
cost inputs, so the spread combines the simulation's variation (replications) with the
economic uncertainty (draws). Levers are triangular (low, the study's value, high) and drawn
through a Gaussian copula, so tied inputs move together (correlations: assumptions, X):

* alloy price ~ electricity price, 0.5: primary aluminium is made by electrolysis and its
  price follows power prices;
* steel price ~ alloy price, 0.4: both follow the same industrial demand cycle;
* steel price ~ electricity price, 0.3: electric-arc steel and energy-intensive rolling.

Process levers (cycle, scrap, weld time) are not drawn: the replications simulate them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from twin.cost import CostComparison, cost_breakdown
from twin.cost.levers import LEVERS, Lever, apply_lever, lever_value

RISK_LEVERS = ("alloy_price", "steel_price", "electricity_price", "labour_rate",
               "cost_of_capital", "cell_capex")
"""The economic levers drawn in the risk analysis (``twin.cost.levers.LEVERS``)."""
CORRELATIONS = {
    ("alloy_price", "electricity_price"): 0.5,
    ("steel_price", "alloy_price"): 0.4,
    ("steel_price", "electricity_price"): 0.3,
}
"""Rank correlations between tied levers (assumptions, X; see the module docstring)."""


def correlation_matrix(names: Sequence[str]) -> np.ndarray:
    """The copula's correlation matrix of ``names`` from :data:`CORRELATIONS`."""
    matrix = np.eye(len(names))
    index = {name: i for i, name in enumerate(names)}
    for (a, b), rho in CORRELATIONS.items():
        if a in index and b in index:
            matrix[index[a], index[b]] = matrix[index[b], index[a]] = rho
    return matrix


def triangular_ppf(u: np.ndarray, low: float, mode: float, high: float) -> np.ndarray:
    """Inverse CDF of the triangular distribution (low, mode, high) at probabilities ``u``."""
    if high <= low:
        return np.full_like(u, low)
    c = (mode - low) / (high - low)
    return stats.triang.ppf(u, c, loc=low, scale=high - low)


def draw_levers(base: CostComparison, draws: int, seed: int,
                names: Sequence[str] = RISK_LEVERS) -> pd.DataFrame:
    """Correlated triangular draws of the levers, one column per lever (reproducible)."""
    levers = [LEVERS[name] for name in names]
    rng = np.random.default_rng(seed)
    normal = rng.multivariate_normal(np.zeros(len(levers)), correlation_matrix(names), draws)
    u = stats.norm.cdf(normal)
    columns = {}
    for i, lever in enumerate(levers):
        mode = min(max(lever_value(base, lever), lever.low), lever.high)
        columns[lever.name] = triangular_ppf(u[:, i], lever.low, mode, lever.high)
    return pd.DataFrame(columns)


def _apply(comparison: CostComparison, levers: Sequence[Lever],
           values: Sequence[float]) -> CostComparison:
    for lever, value in zip(levers, values, strict=True):
        comparison = apply_lever(comparison, lever, float(value))
    return comparison


def cost_draws(comparisons: Sequence[CostComparison], draws: int, seed: int,
               names: Sequence[str] = RISK_LEVERS) -> pd.DataFrame:
    """Both routes' cost per body for every draw x replication (``risk_draws.csv``).

    The draws are the same for every replication (drawn once from ``seed``), so the table is
    a full cross of draws and replications.
    """
    table = draw_levers(comparisons[0], draws, seed, names)
    levers = [LEVERS[name] for name in names]
    rows = []
    for replication, comparison in enumerate(comparisons):
        for draw, values in enumerate(table.itertuples(index=False)):
            drawn = _apply(comparison, levers, values)
            welded = cost_breakdown(drawn.welded, drawn.rates).total_usd
            casting = cost_breakdown(drawn.casting, drawn.rates).total_usd
            rows.append({"draw": draw, "replication": replication,
                         **dict(zip(lever_columns(names), map(float, values), strict=True)),
                         "welded_cost_per_body_usd": welded,
                         "casting_cost_per_body_usd": casting,
                         "difference_cost_per_body_usd": casting - welded})
    return pd.DataFrame(rows)


UNIT_SUFFIXES = {"US$/kg": "usd_per_kg", "US$/kWh": "usd_per_kwh", "US$/h": "usd_per_h",
                 "1/yr": "per_yr", "US$": "usd", "share": "share", "shots": "shots",
                 "s": "s"}
"""Column suffix of a lever's unit in ``risk_draws.csv``."""


def lever_columns(names: Sequence[str]) -> list[str]:
    """The drawn levers' column names with their units (``alloy_price_usd_per_kg``)."""
    return [f"{name}_{UNIT_SUFFIXES.get(LEVERS[name].unit, 'value')}" for name in names]


def risk_summary(draws: pd.DataFrame) -> pd.DataFrame:
    """P10/P50/P90 and mean of each route's cost and of the difference (``risk.csv``)."""
    rows = []
    for quantity in ("welded", "casting", "difference"):
        values = draws[f"{quantity}_cost_per_body_usd"].to_numpy(dtype=float)
        p10, p50, p90 = np.percentile(values, [10, 50, 90])
        rows.append({"quantity": quantity, "mean_usd_per_body": float(values.mean()),
                     "p10_usd_per_body": float(p10), "p50_usd_per_body": float(p50),
                     "p90_usd_per_body": float(p90), "samples_count": len(values)})
    table = pd.DataFrame(rows)
    cheaper = float((draws["difference_cost_per_body_usd"] < 0).mean())
    return table.assign(casting_cheaper_share=cheaper)


__all__ = [
    "CORRELATIONS",
    "RISK_LEVERS",
    "correlation_matrix",
    "cost_draws",
    "draw_levers",
    "risk_summary",
    "triangular_ppf",
]
