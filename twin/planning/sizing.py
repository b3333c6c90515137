"""Sizing both routes for a demand (the operations model), from simulated capacity.

* **Giga cells**: a pilot run of the route with one cell and an unlimited supply measures a
  cell's good castings per hour it can run (failures, die care, warm-up and defect scrap
  included: no assumed OEE), its mean and its spread. Dedicated cells: the fewest whole
  cells whose output over the horizon reaches the demand (plus any planned margin) with the
  study's confidence, i.e. ``n mu H - z sqrt(n) sigma H >= D`` with ``sigma`` the spread of
  one cell's rate over the horizon and the pilot mean's own uncertainty; shared cells: the
  fraction of cell time the demand uses, ``D / (mu H)`` (other products use the rest).
* **Body shop**: the welded line is re-takted to the demand. A pilot run at the spec's takt
  measures the line's efficiency (good bodies per ideal cycle) and its spread; the takt that
  makes the demand with the same confidence is ``3600 e (1 - z cv) H / D``, rounded down to
  0.1 s, and a second pilot at that takt refines it. Robots per station then follow the takt
  (``lines.routes.welded``), so a low volume gets a slower line with fewer robots. A takt
  below :data:`MIN_BODY_LINE_TAKT_S` takes a second line.
* **Press lines** follow the takt (presses per press line from the load at takt) and are
  shared with the rest of the car: the cost model pays the stamping hours used.

Everything here is a pure function of the study, the catalog and the pilot results, so the
hand-computed tests can check each number.
"""

from __future__ import annotations

import math
from concurrent.futures import Executor
from dataclasses import dataclass, field
from statistics import NormalDist

import pandas as pd

from lines.routes import CastingRouteSpec, RouteSpec, WeldedRouteSpec, casting, welded
from lines.spec import Scenario
from lines.study import Study
from parts_catalog import Catalog
from twin.experiments import ExperimentResult, confidence_interval, run_experiments
from twin.planning.scenarios import available_hours_per_year, route_scenario

MIN_BODY_LINE_TAKT_S = 45.0
"""Fastest takt of one body line [s]: practitioners target 45-60 s per station (sources page,
"station cycle at 60 JPH", D); a demand that needs a faster takt gets a second line."""
CASTINGS_PER_PRESS_YEAR_CEILING = 120_000
"""Published ceiling of one giga press at full production [castings/yr] (sources page, C)."""
VEHICLES_PER_SIX_PRESSES = 500_000
"""'Six giga presses for 500,000 vehicles a year' (sources page, B): ~83k per press."""
TESLA_WELDS_PER_ROBOT = 1_600 / 300
"""Spot welds removed per robot removed when Tesla cast its underbody (sources page, B)."""


@dataclass(frozen=True)
class PilotCapacity:
    """What a pilot run measured for one unit (a cell, or one body line at a takt)."""

    route: str
    unit: str
    cycle_s: float
    good_per_hour: float
    good_per_hour_ci: tuple[float, float]
    yield_share: float
    replications: int
    good_per_hour_sd: float = 0.0
    pilot_days: float = 1.0

    @property
    def efficiency_share(self) -> float:
        """Good units per ideal cycle: the share of run time that made a good unit."""
        return self.good_per_hour * self.cycle_s / 3600.0

    def sd_over(self, horizon_days: float) -> float:
        """Spread of one unit's mean rate over ``horizon_days``, plus the pilot mean's error.

        The pilot's replication spread scales with 1 / sqrt(horizon) (periods nearly
        independent); the mean's standard error adds in quadrature (a prediction interval).
        """
        sd = self.good_per_hour_sd
        if not sd or math.isnan(sd):
            return 0.0
        return math.sqrt(sd**2 * self.pilot_days / horizon_days + sd**2 / self.replications)


@dataclass(frozen=True)
class RouteSizing:
    """A route sized for the demand: the spec to simulate and the units the cost model pays."""

    route: str
    spec: RouteSpec
    lines: int
    units_exact: float
    installed: dict[str, float]
    pilot: PilotCapacity
    rows: list[dict[str, object]] = field(default_factory=list)


def pilot_spec(route: str, spec: RouteSpec) -> tuple[RouteSpec, str, str, float]:
    """The spec a pilot runs (one cell), its unit, the station it measures, its ideal cycle."""
    if route == "casting":
        assert isinstance(spec, CastingRouteSpec)
        return spec.with_changes(cells=1), "giga cell", casting.GIGA_CELL, spec.cycle_time_s
    assert isinstance(spec, WeldedRouteSpec)
    station = welded.BODY_LINE if spec.layout == "paced" else welded.GATE
    return spec, "body line", station, spec.takt_s


def pilot_scenario(study: Study, route: str, spec: RouteSpec, catalog: Catalog) -> Scenario:
    """One unit of the route with an unlimited supply, over the study's pilot horizon."""
    return route_scenario(study, route, pilot_spec(route, spec)[0], catalog,
                          study.run.pilot_days)


def capacity_from_pilot(study: Study, route: str, spec: RouteSpec,
                        experiment: ExperimentResult) -> PilotCapacity:
    """Good units per hour one unit ran in the pilot, their spread and the yield."""
    _, unit, station, cycle = pilot_spec(route, spec)
    rates, yields = _pilot_rates(experiment, station)
    mean, sd, low, high, n = confidence_interval(rates)
    return PilotCapacity(route, unit, cycle, mean, (low, high), float(pd.Series(yields).mean()),
                         int(n), sd, study.run.pilot_days)


def pilot_capacity(study: Study, route: str, spec: RouteSpec, catalog: Catalog,
                   executor: Executor | None = None) -> PilotCapacity:
    """Good units per hour one unit can run, from a short simulation with unlimited supply."""
    scenario = pilot_scenario(study, route, spec, catalog)
    experiment = run_experiments({route: scenario}, study.run.pilot_replications, study.run.seed,
                                 executor)[route]
    return capacity_from_pilot(study, route, spec, experiment)


def _pilot_rates(experiment: ExperimentResult, station: str) -> tuple[list[float], list[float]]:
    """Good bodies per on-shift hour of ``station`` and the yield, per replication."""
    stations = experiment.stations.set_index(["replication", "station"])
    horizon_h = experiment.scenario.horizon_s / 3600.0
    rates, yields = [], []
    for row in experiment.replications.itertuples():
        on_shift_h = horizon_h * (1.0 - float(stations.loc[(row.replication, station),
                                                           "off_shift_share"]))
        rates.append(float(row.good_units) / on_shift_h)
        started = float(stations.loc[(row.replication, station), "processed_units"])
        yields.append(float(row.good_units) / started if started else math.nan)
    return rates, yields


def z_value(confidence: float) -> float:
    """One-sided standard-normal quantile of ``confidence`` (1.28 for 0.9)."""
    return float(NormalDist().inv_cdf(confidence))


def cells_needed(demand_per_hour: float, good_per_hour: float, sd_per_hour: float = 0.0,
                 z: float = 0.0) -> float:
    """Cells (continuous) whose output reaches ``demand_per_hour`` with margin ``z`` sd.

    Solves ``n mu - z sqrt(n) sigma = d`` for n (n cells' rates add; their spreads add in
    quadrature): with x = sqrt(n), ``mu x^2 - z sigma x - d = 0``.
    """
    mu, sigma, d = good_per_hour, sd_per_hour, demand_per_hour
    x = (z * sigma + math.sqrt((z * sigma) ** 2 + 4.0 * mu * d)) / (2.0 * mu)
    return x * x


def whole_cells(demand_per_hour: float, good_per_hour: float, sd_per_hour: float = 0.0,
                z: float = 0.0) -> int:
    """The fewest whole cells with ``n mu - z sqrt(n) sigma >= d``."""
    return max(1, math.ceil(cells_needed(demand_per_hour, good_per_hour, sd_per_hour, z) - 1e-9))


def takt_for_demand(demand_per_hour: float, efficiency: float, cv: float = 0.0, z: float = 0.0,
                    min_takt_s: float = MIN_BODY_LINE_TAKT_S) -> tuple[float, int]:
    """Body-line takt [s] and line count that make ``demand_per_hour`` with margin ``z`` sd.

    One line at takt c makes ``3600 e / c`` good bodies an hour with relative spread ``cv``;
    the takt with ``3600 e (1 - z cv) / c = d`` is rounded down to 0.1 s (never slower than
    needed); below ``min_takt_s`` the demand is split over whole lines.
    """
    takt = 3600.0 * efficiency * (1.0 - z * cv) / demand_per_hour
    lines = max(1, math.ceil(min_takt_s / takt - 1e-9)) if takt < min_takt_s else 1
    return math.floor(takt * lines * 10.0) / 10.0, lines


def size_casting(study: Study, catalog: Catalog, executor: Executor | None = None,
                 demand: float | None = None, pilot: PilotCapacity | None = None) -> RouteSizing:
    """Giga cells for the demand from a one-cell pilot, per the study's cell policy."""
    demand = demand or study.annual_demand_bodies
    spec = study.casting
    pilot = pilot or pilot_capacity(study, "casting", spec, catalog, executor)
    hours = available_hours_per_year(study, "casting_cell")
    per_hour = demand * (1.0 + study.run.capacity_margin_share) / hours
    z, sd = z_value(study.run.meet_demand_confidence), pilot.sd_over(study.run.horizon_days)
    exact = cells_needed(per_hour, pilot.good_per_hour, sd, z)
    planned = demand / (pilot.good_per_hour * hours)  # what shared cells pay: the time used
    cells = whole_cells(per_hour, pilot.good_per_hour, sd, z)
    shared = study.policy("casting_cell") == "shared"
    sized = spec.with_changes(cells=cells)
    joints = sum(catalog.route_totals("casting").joints_by_type.values())
    _, join_robots = casting.join_cycle_s(sized, joints)
    per_cell = pilot.good_per_hour * hours
    rows = [
        _row("casting", "casting_cell", "giga cells", study.policy("casting_cell"), demand,
             exact, planned if shared else cells, per_cell,
             f"pilot: {pilot.good_per_hour:.2f} good castings per cell-hour over {hours:,.0f} "
             f"h/yr (yield {pilot.yield_share:.1%})",
             _press_check(demand / cells)),
        _row("casting", "joining", "joining robots", study.policy("joining"), demand,
             join_robots, join_robots, math.nan, "robots for the cells' pace at 80 % load",
             ""),
    ]
    installed = {casting.CELL_STEP: planned if shared else float(cells),
                 casting.JOIN_STEP: 1.0}
    return RouteSizing("casting", sized, 1, exact, installed, pilot, rows)


def size_welded(study: Study, catalog: Catalog, executor: Executor | None = None,
                demand: float | None = None, pilot: PilotCapacity | None = None,
                refine: bool = True) -> RouteSizing:
    """The body line re-takted to the demand from a pilot (refined by a second pilot)."""
    demand = demand or study.annual_demand_bodies
    spec = study.welded
    hours = available_hours_per_year(study, "body_shop")
    margin = study.run.capacity_margin_share
    per_hour = demand * (1.0 + margin) / hours
    z = z_value(study.run.meet_demand_confidence)
    pilot = pilot or pilot_capacity(study, "welded", spec, catalog, executor)

    def takt_of(p: PilotCapacity) -> tuple[float, int]:
        cv = p.sd_over(study.run.horizon_days) / p.good_per_hour
        return takt_for_demand(per_hour, p.efficiency_share, cv, z)

    takt, lines = takt_of(pilot)
    if refine and abs(takt - pilot.cycle_s) > 0.02 * pilot.cycle_s:
        pilot = pilot_capacity(study, "welded", spec.with_changes(takt_s=takt), catalog, executor)
        takt, lines = takt_of(pilot)
    sized = spec.with_changes(takt_s=takt)
    robots = welded.weld_robots(sized, catalog)
    welds = catalog.route_totals("welded").spot_welds
    per_line = 3600.0 * pilot.efficiency_share / takt * hours
    presses = welded.press_load(sized, catalog)["presses"]
    rows = [
        _row("welded", "body_shop", "body lines", study.policy("body_shop"), demand,
             demand * (1 + margin) / per_line, lines, per_line,
             f"takt {takt:.1f} s (pilot efficiency {pilot.efficiency_share:.1%}, "
             f"{pilot.good_per_hour:.1f} good bodies per line-hour)", ""),
        _row("welded", "body_shop", "weld robots", study.policy("body_shop"), demand,
             robots * lines, robots * lines, math.nan,
             f"{welds} spot welds x {spec.time_per_weld_s:g} s over the takt",
             _robot_check(welds, robots)),
        *(_row("welded", "press_shop", f"presses {line}", study.policy("press_shop"), demand,
               int(n), int(n), math.nan, "presses from the load at takt", "")
          for line, n in presses.items()),
    ]
    installed = {welded.BODY_STEP: float(lines)}
    return RouteSizing("welded", sized, lines, demand * (1 + margin) / per_line, installed,
                       pilot, rows)


def _row(route: str, area: str, unit: str, policy: str, demand: float, required: float,
         installed: float, capacity_per_unit: float, basis: str, check: str
         ) -> dict[str, object]:
    installed_capacity = installed * capacity_per_unit
    return {
        "route": route, "area": area, "unit": unit, "policy": policy,
        "required_bodies_per_year": demand, "required_units": required,
        "installed_units": installed,
        "capacity_bodies_per_unit_per_year": capacity_per_unit,
        "installed_capacity_bodies_per_year": installed_capacity,
        "expected_utilisation_share": demand / installed_capacity
        if installed_capacity and not math.isnan(installed_capacity) else math.nan,
        "basis": basis, "reference_check": check,
    }


def _press_check(castings_per_cell: float) -> str:
    """The castings per press a year against the published ceiling and the six-press figure."""
    verdict = "within" if castings_per_cell <= CASTINGS_PER_PRESS_YEAR_CEILING else "ABOVE"
    return (f"{castings_per_cell:,.0f} castings/press/yr: {verdict} the published ceiling of "
            f"{CASTINGS_PER_PRESS_YEAR_CEILING:,} (six presses per 500k vehicles: "
            f"{VEHICLES_PER_SIX_PRESSES / 6:,.0f} each)")


def _robot_check(welds: int, robots: int) -> str:
    ratio = welds / robots
    return (f"{ratio:.1f} spot welds per robot (Tesla: {TESLA_WELDS_PER_ROBOT:.1f} welds per "
            f"robot removed; welding-only robots at full load weld more)")


def sizing_table(sizings: list[RouteSizing]) -> pd.DataFrame:
    """One row per sized unit of both routes (the plan's ``sizing.csv``)."""
    return pd.DataFrame([row for sizing in sizings for row in sizing.rows])


__all__ = [
    "CASTINGS_PER_PRESS_YEAR_CEILING",
    "MIN_BODY_LINE_TAKT_S",
    "TESLA_WELDS_PER_ROBOT",
    "VEHICLES_PER_SIX_PRESSES",
    "PilotCapacity",
    "RouteSizing",
    "capacity_from_pilot",
    "cells_needed",
    "pilot_scenario",
    "pilot_spec",
    "whole_cells",
    "z_value",
    "pilot_capacity",
    "size_casting",
    "size_welded",
    "sizing_table",
    "takt_for_demand",
]
