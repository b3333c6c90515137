"""The comparison of the two simulated routes: costs, one table of KPIs, and the verdict.

It joins the simulated experiments (``twin.experiments``) and the cost model
(``twin.cost``) into one row per KPI with each route's mean, confidence interval and the
paired difference (casting - welded), plus a one-line verdict. The CLI and the app both
show these, so they show the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from lines.routes import RouteSpec
from parts_catalog import Catalog
from twin.comparison.routes import ROUTES
from twin.cost import (
    CostBreakdown,
    CostComparison,
    CostRates,
    co2e_kg_per_body,
    cost_breakdown,
    inputs_from_route,
)
from twin.experiments import ExperimentResult, compare


@dataclass(frozen=True)
class Costs:
    """Cost per body of both routes, their CO2e and the cost-model scenario (for levers)."""

    breakdowns: dict[str, CostBreakdown]
    co2e_kg: dict[str, float]
    scenario: CostComparison


def route_costs(
    specs: Mapping[str, RouteSpec],
    experiments: Mapping[str, ExperimentResult],
    catalog: Catalog,
    volume: float,
    rates: CostRates,
) -> Costs:
    """Cost per good body of each route from its simulated line (process-based cost model)."""
    inputs = {r: inputs_from_route(specs[r], catalog, experiments[r], volume) for r in ROUTES}
    breakdowns = {r: cost_breakdown(inputs[r], rates) for r in ROUTES}
    co2e = {r: co2e_kg_per_body(breakdowns[r], rates) for r in ROUTES}
    return Costs(breakdowns, co2e, CostComparison(inputs["welded"], inputs["casting"], rates))


SIMULATED = (
    ("throughput_on_shift_uph", "Good bodies per on-shift hour", "JPH", 1.0, 1),
    ("line_oee_share", "OEE", "%", 100.0, 1),
    ("scrap_share", "Scrap", "%", 100.0, 2),
)
"""Simulated KPIs shown per route: key, label, unit, scale, decimals."""


def comparison_table(
    experiments: Mapping[str, ExperimentResult],
    masses_kg: Mapping[str, float],
    costs: Costs,
) -> pd.DataFrame:
    """One row per KPI: each route's mean and 95 % CI, and casting - welded.

    Simulated KPIs carry confidence intervals from the replications (the difference is
    paired: both routes ran with the same seeds); mass comes from the catalog geometry and
    cost, energy and CO2e from the cost model at the replication means (no interval).
    """
    differences = compare(experiments["welded"], experiments["casting"])
    rows = [_simulated_row(kpi, experiments, differences) for kpi in SIMULATED]
    rows.append(_fixed_row("mass_kg", "Mass per body", "kg", masses_kg, 1))
    total = {r: costs.breakdowns[r].total_usd for r in ROUTES}
    rows.append(_fixed_row("cost_usd", "Cost per body", "US$", total, 0))
    energy = {r: sum(costs.breakdowns[r].kwh_per_body.values()) for r in ROUTES}
    rows.append(_fixed_row("energy_kwh", "Energy per body", "kWh", energy, 0))
    rows.append(_fixed_row("co2e_kg", "CO2e per body", "kg", costs.co2e_kg, 0))
    return pd.DataFrame(rows)


def _simulated_row(
    kpi: tuple[str, str, str, float, int],
    experiments: Mapping[str, ExperimentResult],
    differences: pd.DataFrame,
) -> dict[str, object]:
    key, label, unit, scale, digits = kpi
    row: dict[str, object] = {"kpi": key, "label": label, "unit": unit, "digits": digits}
    for route in ROUTES:
        line = experiments[route].summary.query("scope == 'line' and kpi == @key").iloc[0]
        row |= {f"{route}_{s}": float(line[s]) * scale for s in ("mean", "ci_low", "ci_high")}
    diff = differences.set_index("kpi").loc[key]
    row |= {"difference_mean": float(diff["mean_difference"]) * scale,
            "difference_ci_low": float(diff["ci_low"]) * scale,
            "difference_ci_high": float(diff["ci_high"]) * scale}
    return row


def _fixed_row(
    key: str, label: str, unit: str, values: Mapping[str, float], digits: int
) -> dict[str, object]:
    row: dict[str, object] = {"kpi": key, "label": label, "unit": unit, "digits": digits}
    for route in ROUTES:
        row |= {f"{route}_mean": values[route], f"{route}_ci_low": math.nan,
                f"{route}_ci_high": math.nan}
    return row | {"difference_mean": values["casting"] - values["welded"],
                  "difference_ci_low": math.nan, "difference_ci_high": math.nan}


def csv_table(table: pd.DataFrame) -> pd.DataFrame:
    """The comparison for download: one row per KPI and statistic column, unit in a column."""
    return table.drop(columns=["label", "digits"])


def significant(row: pd.Series) -> bool:
    """True when the paired difference's 95 % interval excludes zero."""
    low, high = float(row["difference_ci_low"]), float(row["difference_ci_high"])
    return not math.isnan(low) and (low > 0 or high < 0)


def verdict(table: pd.DataFrame, costs: Costs) -> str:
    """One or two sentences: which route is cheaper, by how much, and what decided it."""
    rows = table.set_index("kpi")
    cost = rows.loc["cost_usd"]
    cheaper = "casting" if cost["difference_mean"] < 0 else "welded"
    gap = abs(float(cost["difference_mean"]))
    elements = {e: costs.breakdowns["casting"].cost_per_body_usd[e]
                - costs.breakdowns["welded"].cost_per_body_usd[e]
                for e in costs.breakdowns["welded"].cost_per_body_usd}
    pick = min if cheaper == "casting" else max  # the element that pushed the result most
    decisive = pick(elements, key=elements.__getitem__)
    jph = rows.loc["throughput_on_shift_uph"]
    output = (f"at installed capacity the casting route makes {jph['difference_mean']:+.1f} good "
              f"bodies per on-shift hour "
              f"({'a real difference' if significant(jph) else 'within the noise'}: 95 % CI "
              f"{jph['difference_ci_low']:+.1f} to {jph['difference_ci_high']:+.1f})")
    volume = costs.breakdowns["welded"].annual_volume_units
    return (
        f"The {cheaper} route is cheaper by US$ {gap:,.0f} per body at {volume:,.0f} bodies "
        f"a year; the largest single difference is {decisive.replace('_', ' ')} "
        f"(casting - welded: US$ {elements[decisive]:+,.0f} per body). On the line, {output}."
    )
