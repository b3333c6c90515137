"""The plan's summary: each KPI per route with its interval, and the paired difference.

Cost, energy and CO2e per body are per-replication figures (each replication is one
plant-year costed on its own results), so their mean and Student-t interval are those of the
replications; the difference casting - welded is paired by replication (both routes ran with
the same seeds). The share of replications that met the demand gets a Wilson interval. A
route's bounds are clipped to the physical range (nothing below zero, a share at most one;
attainment may exceed one when a backlog is caught up); differences are not clipped.
"""

from __future__ import annotations

import math

import pandas as pd
from scipy import stats

from twin.experiments import confidence_interval

PLAN_KPIS = {
    "annual_good_bodies": "bodies/yr",
    "attainment_share": "share",
    "demand_met": "share",
    "order_backlog_bodies": "bodies",
    "required_jph_on_shift": "bodies/on-shift h",
    "achieved_jph_on_shift": "bodies/on-shift h",
    "shortfall_bodies_per_year": "bodies/yr",
    "overtime_h_per_year": "h/yr",
    "scrap_share": "share",
    "cost_per_body_usd": "US$/body",
    "material_usd_per_body": "US$/body",
    "direct_labour_usd_per_body": "US$/body",
    "energy_usd_per_body": "US$/body",
    "equipment_usd_per_body": "US$/body",
    "tooling_usd_per_body": "US$/body",
    "building_usd_per_body": "US$/body",
    "maintenance_usd_per_body": "US$/body",
    "overhead_labour_usd_per_body": "US$/body",
    "working_capital_usd_per_body": "US$/body",
    "energy_kwh_per_body": "kWh/body",
    "co2e_kg_per_body": "kg CO2e/body",
}
"""The KPIs of ``plan_summary.csv`` and their units."""
ROUTES = ("welded", "casting")


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a binomial share (good at 0 or n successes, unlike Wald)."""
    if n == 0:
        return math.nan, math.nan
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _route_stats(values: pd.Series, kpi: str, confidence: float) -> dict[str, float]:
    if kpi == "demand_met":
        count = int(values.count())
        low, high = wilson_interval(int(values.sum()), count, confidence)
        return {"mean": float(values.mean()), "ci_low": low, "ci_high": high, "n": count}
    mean, _, low, high, n = confidence_interval(values.to_numpy(dtype=float), confidence)
    # a t-interval knows no physical limits: every plan KPI is >= 0, a share at most 1
    low = max(low, 0.0)
    if PLAN_KPIS[kpi] == "share" and kpi != "attainment_share":
        high = min(high, 1.0)
    return {"mean": mean, "ci_low": low, "ci_high": high, "n": n}


def plan_summary(replications: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """One row per KPI: each route's mean and interval, and casting - welded paired."""
    by_route = {r: replications[replications["route"] == r].set_index("replication")
                for r in ROUTES}
    rows = []
    for kpi, unit in PLAN_KPIS.items():
        row: dict[str, object] = {"kpi": kpi, "unit": unit}
        for route in ROUTES:
            values = by_route[route][kpi].astype(float)
            row |= {f"{route}_{k}": v for k, v in _route_stats(values, kpi, confidence).items()
                    if k != "n"}
        diff = (by_route["casting"][kpi].astype(float)
                - by_route["welded"][kpi].astype(float)).dropna()
        mean, _, low, high, n = confidence_interval(diff.to_numpy(), confidence)
        if kpi == "demand_met":
            low = high = math.nan  # a paired t-interval of 0/1 outcomes says little
        rows.append(row | {"difference_mean": mean, "difference_ci_low": low,
                           "difference_ci_high": high, "replications_count": n,
                           "confidence": confidence})
    return pd.DataFrame(rows)


__all__ = ["PLAN_KPIS", "plan_summary", "wilson_interval"]
