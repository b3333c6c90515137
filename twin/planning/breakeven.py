"""Break-even over volume with both routes re-sized at every volume, per equipment policy.

At each volume the units are sized again from the same pilots (cells from a cell's measured
rate and spread; the body line re-takted from its measured efficiency, with its robots), and
costed with the efficiencies the plan's simulation at the study's demand measured (scrap,
energy per unit): the capacity steps move with the volume, the process figures do not (they
would need a simulation per volume). Two policies side by side:

* ``dedicated``: whole cells and whole body lines for this product;
* ``shared``: cells, joining and the body line shared with other products; a shared body line
  keeps its nominal takt, and the study pays the fraction of cell and line time it uses.

Each crossing is named by what changed between the grid points around it: a cell added, a
body line added, robots added by a faster takt, or no step (fixed costs spreading).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lines.routes import CastingRouteSpec, casting, welded
from lines.study import Study
from parts_catalog import Catalog
from twin.cost import CostRates, RouteCostInputs, cost_breakdown
from twin.cost.breakeven import crossings
from twin.cost.defaults import body_shop_capex_usd, joining_capex_usd
from twin.planning.scenarios import available_hours_per_year
from twin.planning.sizing import (
    PilotCapacity,
    cells_needed,
    takt_for_demand,
    whole_cells,
    z_value,
)

DEFAULT_VOLUMES = tuple(float(v) for v in np.arange(50_000, 500_001, 10_000))
"""50k to 500k bodies a year in 10k steps (the published range of rear-underbody volumes)."""
POLICIES = ("dedicated", "shared")


@dataclass(frozen=True)
class SizedAt:
    """Both routes' units at one volume and policy."""

    cells: float
    lines: float
    takt_s: float
    robots: int


def sized_at(study: Study, catalog: Catalog, pilots: dict[str, PilotCapacity],
             volume: float, policy: str) -> SizedAt:
    """Cells, body lines, takt and weld robots at ``volume`` under ``policy``."""
    z = z_value(study.run.meet_demand_confidence)
    margin = 1.0 + study.run.capacity_margin_share
    cell, line = pilots["casting"], pilots["welded"]
    cell_h = available_hours_per_year(study, "casting_cell")
    body_h = available_hours_per_year(study, "body_shop")
    if policy == "shared":
        cells = cells_needed(volume / cell_h, cell.good_per_hour)
        takt = study.welded.takt_s
        lines = volume / (3600.0 * line.efficiency_share / takt * body_h)
    else:
        cells = float(whole_cells(volume * margin / cell_h, cell.good_per_hour,
                                  cell.sd_over(study.run.horizon_days), z))
        cv = line.sd_over(study.run.horizon_days) / line.good_per_hour
        takt, whole = takt_for_demand(volume * margin / body_h, line.efficiency_share, cv, z)
        lines = float(whole)
    robots = welded.weld_robots(study.welded.with_changes(takt_s=takt), catalog)
    return SizedAt(cells, lines, takt, robots)


def _resized_welded(base: RouteCostInputs, study: Study, catalog: Catalog, at: SizedAt,
                    volume: float) -> RouteCostInputs:
    spec = study.welded.with_changes(takt_s=at.takt_s)
    steps = tuple(
        s.with_changes(cycle_time_s=at.takt_s, lines_installed=at.lines,
                       capex_per_line_usd=body_shop_capex_usd(spec, catalog))
        if s.name == welded.BODY_STEP else s
        for s in base.steps
    )
    return base.with_changes(steps=steps, annual_volume_units=volume)


def _resized_casting(base: RouteCostInputs, study: Study, catalog: Catalog, joints: int,
                     at: SizedAt, volume: float) -> RouteCostInputs:
    whole = max(1, math.ceil(at.cells - 1e-9))
    spec: CastingRouteSpec = study.casting.with_changes(cells=whole)
    _, robots = casting.join_cycle_s(spec, joints)
    steps = tuple(
        s.with_changes(lines_installed=at.cells) if s.name == casting.CELL_STEP
        else s.with_changes(capex_per_line_usd=joining_capex_usd(robots, catalog),
                            lines_installed=at.cells / whole if at.cells < whole else 1.0)
        if s.name == casting.JOIN_STEP else s
        for s in base.steps
    )
    return base.with_changes(steps=steps, annual_volume_units=volume)


def breakeven_table(study: Study, catalog: Catalog, rates: CostRates,
                    inputs: dict[str, RouteCostInputs], pilots: dict[str, PilotCapacity],
                    volumes: Sequence[float] = DEFAULT_VOLUMES) -> pd.DataFrame:
    """Both routes' cost per body at each volume and policy, with their sized units."""
    rows = []
    joints = sum(catalog.route_totals("casting").joints_by_type.values())
    for policy in POLICIES:
        shared = policy == "shared"
        for volume in volumes:
            at = sized_at(study, catalog, pilots, volume, policy)
            welded_in = _with_policy(_resized_welded(inputs["welded"], study, catalog, at,
                                                     volume), shared, welded.BODY_STEP)
            casting_in = _with_policy(_resized_casting(inputs["casting"], study, catalog, joints,
                                                       at, volume), shared, casting.CELL_STEP)
            w = cost_breakdown(welded_in, rates).total_usd
            c = cost_breakdown(casting_in, rates).total_usd
            rows.append({"policy": policy, "annual_volume_units": volume,
                         "welded_cost_per_body_usd": w, "casting_cost_per_body_usd": c,
                         "difference_cost_per_body_usd": c - w, "giga_cells_count": at.cells,
                         "body_lines_count": at.lines, "body_line_takt_s": at.takt_s,
                         "weld_robots_count": at.robots * max(1, math.ceil(at.lines - 1e-9))})
    return pd.DataFrame(rows)


def _with_policy(inputs: RouteCostInputs, shared: bool, step: str) -> RouteCostInputs:
    steps = tuple(s.with_changes(dedicated=not shared) if s.name == step else s
                  for s in inputs.steps)
    return inputs.with_changes(steps=steps)


def crossing_table(table: pd.DataFrame) -> pd.DataFrame:
    """Every volume where the cheaper route changes, per policy, with what decided it."""
    rows = []
    for policy, group in table.groupby("policy", sort=False):
        group = group.reset_index(drop=True)
        volumes = group["annual_volume_units"].to_numpy()
        difference = group["difference_cost_per_body_usd"].to_numpy()
        for volume in crossings(volumes, difference):
            i = int(np.searchsorted(volumes, volume, side="right")) - 1
            j = min(i + 1, len(group) - 1)
            rows.append({"policy": policy, "breakeven_volume_units": volume,
                         "cheaper_above": "casting" if difference[j] < 0 else "welded",
                         "decided_by": _decided_by(group.iloc[i], group.iloc[j])})
    return pd.DataFrame(rows, columns=["policy", "breakeven_volume_units", "cheaper_above",
                                       "decided_by"])


def _decided_by(before: pd.Series, after: pd.Series) -> str:
    steps = []
    if math.ceil(after["giga_cells_count"] - 1e-9) > math.ceil(before["giga_cells_count"] - 1e-9):
        steps.append(f"a giga cell added ({math.ceil(after['giga_cells_count'] - 1e-9)} cells)")
    if math.ceil(after["body_lines_count"] - 1e-9) > math.ceil(before["body_lines_count"] - 1e-9):
        steps.append(f"a body line added ({math.ceil(after['body_lines_count'] - 1e-9)} lines)")
    if after["weld_robots_count"] > before["weld_robots_count"]:
        steps.append(f"weld robots {int(before['weld_robots_count'])} -> "
                     f"{int(after['weld_robots_count'])}"
                     f" (takt {after['body_line_takt_s']:.1f} s)")
    return "; ".join(steps) or "no capacity step: fixed costs spread over more bodies"


__all__ = ["DEFAULT_VOLUMES", "POLICIES", "SizedAt", "breakeven_table", "crossing_table",
           "sized_at"]
