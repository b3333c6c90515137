"""Variants of one route against a baseline: the table a user edits, and the comparison (pure).

Each row of the variants table sets the route's levers (``twin.ui.levers``); the first row
is the baseline. The comparison is the one ``gigatwin run A B C`` makes: Bonferroni paired
intervals against the first (common random numbers) and the KN indifference-zone pick
(``twin.experiments.selection``), so its tables have the columns of ``variants.csv`` and
``selection.csv``. No Streamlit here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from typing import Any

import pandas as pd

from lines import Scenario
from lines.routes import RouteSpec
from twin import ExperimentResult
from twin.cost import CostRates
from twin.experiments.selection import (
    DEFAULT_DELTA_SHARE,
    LARGER_IS_BETTER,
    VariantComparison,
)
from twin.experiments.selection import compare_variants as shared_compare_variants
from twin.ui.levers import LEVERS, Lever, apply_levers, lever_value

__all__ = [
    "DEFAULT_DELTA_SHARE",
    "KPI_CHOICES",
    "MAX_VARIANTS",
    "ROUTE_LEVERS",
    "VariantComparison",
    "compare_variants",
    "default_table",
    "variant_specs",
]

ROUTE_LEVERS = {"casting": ("cycle", "cells", "die_life", "warmup", "shifts"),
                "welded": ("mtbf", "mttr", "weld", "shifts")}
"""The levers a variant of each route can set (the route's own and the shifts)."""
MAX_VARIANTS = 6
"""Most variants, the baseline included: each costs a full set of replications."""
KPI_CHOICES = ("throughput_on_shift_uph", "throughput_uph", "line_oee_share", "scrap_share",
               "lead_time_mean_min", "wip_mean_units", "energy_kwh_per_unit")
"""Line KPIs compared (the first is the default for the pick)."""


def _levers(route: str) -> list[Lever]:
    by_key = {lever.key: lever for lever in LEVERS}
    return [by_key[key] for key in ROUTE_LEVERS[route]]


def default_table(route: str, specs: Mapping[str, RouteSpec], volume: float, rates: CostRates,
                  prices: Mapping[str, float]) -> pd.DataFrame:
    """The baseline (the session's values) and two example variants, one row each.

    Columns: ``variant`` then one column per lever, titled with its unit.
    """
    base = {lever.title: lever_value(lever, specs, volume, rates, prices)
            for lever in _levers(route)}
    rows = [{"variant": "baseline", **base}]
    for lever, factor in zip(_levers(route)[:2], (0.9, 1.25), strict=True):
        value = _rounded(lever, base[lever.title] * factor)
        rows.append({**base, "variant": f"{lever.label.lower()} {value:g} {lever.unit}",
                     lever.title: value})
    return pd.DataFrame(rows)[["variant", *base]]


def _rounded(lever: Lever, value: float) -> float:
    return max(lever.minimum, round(value) if lever.integer else round(value, 2))


def variant_specs(route: str, specs: Mapping[str, RouteSpec], rates: CostRates,
                  table: pd.DataFrame) -> dict[str, RouteSpec]:
    """The route spec of every row, by variant name, the baseline (first row) first.

    Raises:
        ValueError: fewer than two or more than ``MAX_VARIANTS`` rows, an empty or repeated
            name, a missing or non-finite value, or a value the spec refuses, naming the row.
    """
    rows = table.to_dict("records")
    if not 2 <= len(rows) <= MAX_VARIANTS:
        raise ValueError(f"give between 2 and {MAX_VARIANTS} variants (the first is the "
                         f"baseline), got {len(rows)}")
    out: dict[str, RouteSpec] = {}
    for number, row in enumerate(rows, 1):
        name = str(row.get("variant") or "").strip()
        where = f"row {number}" + (f" '{name}'" if name else "")
        if not name or name == "nan":
            raise ValueError(f"{where}: give the variant a name")
        if name in out:
            raise ValueError(f"{where}: the name is used twice; names must differ")
        values: dict[str, Any] = {}
        for lever in _levers(route):
            value = row.get(lever.title)
            if value is None or not isinstance(value, int | float) or not math.isfinite(value):
                raise ValueError(f"{where}: {lever.title}: give a finite number (got {value!r})")
            if value < lever.minimum:
                raise ValueError(f"{where}: {lever.title}: must be >= {lever.minimum:g} "
                                 f"(got {value:g})")
            values[lever.key] = value
        try:
            new_specs = apply_levers(specs, rates, values)[0]
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from None
        out[name] = new_specs[route]
    return out


def compare_variants(
    scenarios: Mapping[str, Scenario], experiments: Mapping[str, ExperimentResult],
    kpis: Sequence[str], delta: float | None, seed: int, executor: Executor | None = None,
    max_replications: int = 40, alpha: float = 0.05,
) -> VariantComparison[str]:
    """``gigatwin run A B C``'s analysis (``twin.experiments.compare_variants``).

    The app caps KN's extra replications lower than the CLI (40 a variant): a page waits.
    """
    return shared_compare_variants(scenarios, experiments, kpis, delta, seed, executor,
                                   max_replications, alpha)


def larger_is_better(kpi: str) -> bool:
    """True when the pick maximises ``kpi``."""
    return kpi in LARGER_IS_BETTER
