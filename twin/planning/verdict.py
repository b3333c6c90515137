"""The plan's answer in words, generated from its numbers (the CLI prints it, the app shows it)."""

from __future__ import annotations

import math

import pandas as pd

from lines.routes import CastingRouteSpec, WeldedRouteSpec
from twin.planning.sizing import RouteSizing

ELEMENTS = ("material", "direct_labour", "energy", "equipment", "tooling", "building",
            "maintenance", "overhead_labour", "working_capital")


def _units(sizing: RouteSizing) -> str:
    if isinstance(sizing.spec, CastingRouteSpec):
        cells = sizing.installed.get("giga_cell", math.nan)
        whole = sizing.spec.cells
        shared = "" if cells == whole else f" (shared: {cells:.2f} of their time paid)"
        return f"{whole} giga cell{'s' if whole != 1 else ''}{shared}"
    assert isinstance(sizing.spec, WeldedRouteSpec)
    takt = sizing.spec.takt_s
    robots = next((int(float(r["installed_units"]))  # type: ignore[arg-type]
                   for r in sizing.rows if r["unit"] == "weld robots"), 0)
    lines = f"{sizing.lines} body lines" if sizing.lines > 1 else "one body line"
    return f"{lines} at a {takt:.1f} s takt with {robots} weld robots"


def plan_verdict(summary: pd.DataFrame, sizings: dict[str, RouteSizing],
                 risk: pd.DataFrame | None, demand: float) -> str:
    """The plan in a few sentences: sizing, attainment, cost difference, its cause and risk.

    The difference comes with its paired interval and the element that decided it; with a
    risk table, its spread under uncertain prices and rates.
    """
    rows = summary.set_index("kpi")
    met = rows.loc["demand_met"]
    n = int(rows.loc["cost_per_body_usd", "replications_count"])
    routes = "; ".join(
        f"the {route} route needs {_units(sizings[route])} and meets the demand in "
        f"{round(float(met[f'{route}_mean']) * n)} of {n} replications"
        for route in ("welded", "casting"))
    cost = rows.loc["cost_per_body_usd"]
    gap = float(cost["difference_mean"])
    low, high = float(cost["difference_ci_low"]), float(cost["difference_ci_high"])
    dearer = "more" if gap > 0 else "less"
    real = (not math.isnan(low)) and (low > 0 or high < 0)
    elements = {e: float(rows.loc[f"{e}_usd_per_body", "difference_mean"]) for e in ELEMENTS}
    decisive = (max if gap > 0 else min)(elements, key=elements.__getitem__)
    text = (f"For {demand:,.0f} good bodies a year, {routes}. A casting body costs US$ "
            f"{abs(gap):,.1f} {dearer} than a welded one (95 % CI {low:+,.1f} to {high:+,.1f}, "
            f"paired over {n} replications: "
            f"{'a real difference' if real else 'within the simulation noise'}), decided most "
            f"by {decisive.replace('_', ' ')} ({elements[decisive]:+,.1f} US$ per body).")
    if risk is not None and not risk.empty:
        d = risk.set_index("quantity").loc["difference"]
        text += (f" With uncertain prices and rates the difference is P10 "
                 f"{d['p10_usd_per_body']:+,.0f} / P50 {d['p50_usd_per_body']:+,.0f} / P90 "
                 f"{d['p90_usd_per_body']:+,.0f} US$, and casting is cheaper in "
                 f"{float(d['casting_cheaper_share']):.0%} of the draws.")
    return text


__all__ = ["plan_verdict"]
