"""Tidy tables for cost analysts: one fact per row, units in the column names.

``cost_tables`` is what ``gigatwin compare --out`` and ``gigatwin cost`` write as CSV.
"""

from __future__ import annotations

import pandas as pd

from twin.cost.breakeven import DEFAULT_VOLUMES, breakeven_table
from twin.cost.carbon import carbon_table
from twin.cost.inputs import RouteCostInputs
from twin.cost.levers import CostComparison
from twin.cost.rates import CostRates
from twin.cost.route_costs import CostBreakdown, cost_breakdown
from twin.cost.sensitivity import tornado

SENSITIVITY_COLUMNS = [
    "lever",
    "low_value",
    "high_value",
    "base_value",
    "unit",
    "cost_difference_low_usd",
    "cost_difference_high_usd",
    "cost_difference_base_usd",
    "swing_usd",
    "source",
]


def breakdown_rows(breakdown: CostBreakdown) -> list[dict[str, object]]:
    """Rows (route, element, cost_per_body_usd, share) of one route, then its total."""
    shares = breakdown.shares
    rows: list[dict[str, object]] = [
        {"route": breakdown.route, "element": element, "cost_per_body_usd": cost,
         "share": shares[element]}
        for element, cost in breakdown.cost_per_body_usd.items()
    ]  # fmt: skip
    total = {"route": breakdown.route, "element": "total", "share": 1.0}
    return [*rows, total | {"cost_per_body_usd": breakdown.total_usd}]


def cost_breakdown_table(breakdowns: list[CostBreakdown]) -> pd.DataFrame:
    """Tidy table: route, element, cost_per_body_usd, share, annual_volume_units."""
    rows = [
        row | {"annual_volume_units": b.annual_volume_units}
        for b in breakdowns
        for row in breakdown_rows(b)
    ]
    return pd.DataFrame(rows)


def lines_table(breakdowns: list[CostBreakdown]) -> pd.DataFrame:
    """Tidy table: route, step, lines_needed, units_started_per_year."""
    rows = [
        {"route": b.route, "step": step, "lines_needed": lines,
         "units_started_per_year": b.units_started[step]}
        for b in breakdowns
        for step, lines in b.lines_needed.items()
    ]  # fmt: skip
    return pd.DataFrame(rows)


def cost_tables(
    welded: RouteCostInputs,
    casting: RouteCostInputs,
    rates: CostRates | None = None,
    volumes: tuple[float, ...] = DEFAULT_VOLUMES,
) -> dict[str, pd.DataFrame]:
    """Every cost table of a comparison, keyed by CSV stem.

    Returns ``cost_breakdown``, ``breakeven``, ``sensitivity``, ``carbon`` and ``cost_lines``.
    """
    rates = rates or CostRates()
    breakdowns = [cost_breakdown(welded, rates), cost_breakdown(casting, rates)]
    return {
        "cost_breakdown": cost_breakdown_table(breakdowns),
        "breakeven": breakeven_table(welded, casting, rates, volumes),
        "sensitivity": tornado(CostComparison(welded, casting, rates))[SENSITIVITY_COLUMNS],
        "carbon": carbon_table(breakdowns, rates),
        "cost_lines": lines_table(breakdowns),
    }
