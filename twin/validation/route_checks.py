"""Both routes against the published plant figures of REFERENCE.md 5.4."""

from __future__ import annotations

from lines.routes import (
    CastingRouteSpec,
    WeldedRouteSpec,
    build_casting_scenario,
    build_welded_scenario,
)
from lines.spec import ShiftCalendar
from parts_catalog import Catalog, load_catalog
from twin.experiments.kpis import confidence_interval
from twin.experiments.replications import run_experiment
from twin.validation.checks import Check, band_check, bound_check, interval_check

AREA = "routes"
THREE_EIGHT_HOUR_SHIFTS = ShiftCalendar(shifts_per_day=3, shift_length_h=8.0)


def _per_day(spec: CastingRouteSpec, catalog: Catalog, replications: int, seed: int) -> list[float]:
    experiment = run_experiment(build_casting_scenario(spec, catalog), replications, seed)
    return [r.finished / spec.horizon_days for r in experiment.results]


def castings_per_day(catalog: Catalog) -> Check:
    """IDRA/EPO (B): one cell at 120 s on three 8-h shifts makes ~500 castings a day."""
    spec = CastingRouteSpec(cells=1, cycle_time_s=120.0, horizon_days=15,
                            calendar=THREE_EIGHT_HOUR_SHIFTS)
    mean, _, low, high, _ = confidence_interval(_per_day(spec, catalog, 4, 11))
    return band_check(AREA, "1 cell at 120 s, 3 x 8 h: castings per day",
                      "5.4 (1): ~500/day, IDRA/EPO (B); band +-10 %", 450, 550, mean,
                      "castings/day", ci=(low, high))


def castings_per_year(catalog: Catalog) -> Check:
    """Caniniandrea (C): a press makes at most ~120,000 castings a year."""
    spec = CastingRouteSpec(cells=1, cycle_time_s=120.0, horizon_days=28)
    mean, *_ = confidence_interval(_per_day(spec, catalog, 3, 12))
    return bound_check(AREA, "1 cell, shipped calendar: castings per year",
                       "5.4 (2): <= ~120,000/yr/press (C), +10 %", 132_000, mean * 365,
                       "castings/yr")


def volvo_gap(catalog: Catalog) -> Check:
    """Volvo (B): 2 cells at 120 s 'about 60 cars/h' needs ~100 % availability: show the gap."""
    spec = CastingRouteSpec(cells=2, cycle_time_s=120.0, horizon_days=7,
                            calendar=THREE_EIGHT_HOUR_SHIFTS)
    experiment = run_experiment(build_casting_scenario(spec, catalog), 3, seed=13)
    jph = [r.finished / (r.planned_time_s / 3600) for r in experiment.results]
    return bound_check(AREA, "2 cells at 120 s: castings per on-shift hour",
                       "5.4 (3): Volvo ~60/h only at ~100 % availability (B)", 60.0,
                       max(jph), "castings/h")


def welded_takt(catalog: Catalog) -> Check:
    """The paced welded line: JPH = 3600 / takt x availability x (1 - scrap)."""
    spec = WeldedRouteSpec(horizon_days=10)
    stations = len(catalog.subassemblies("welded"))
    availability = 1 / (1 + stations * spec.station_mttr_min / 60 / spec.station_mtbf_h)
    predicted = 3600 / spec.takt_s * availability * (1 - spec.scrap_share)
    experiment = run_experiment(build_welded_scenario(spec, catalog), 5, seed=14)
    jph = [r.finished / (r.planned_time_s / 3600) for r in experiment.results]
    return interval_check(AREA, "welded paced line: bodies per on-shift hour",
                          "takt x availability x (1 - scrap), A = 1/(1 + sum MTTR/MTBF)",
                          predicted, jph, "bodies/h")


def metal_balance(catalog: Catalog) -> Check:
    """Melted = good castings + dross loss + remelt + change of the metal held, exactly."""
    experiment = run_experiment(build_casting_scenario(CastingRouteSpec(horizon_days=3),
                                                       catalog), 1, seed=1)
    extras = experiment.results[0].stations[0].extras
    rest = sum(extras[key] for key in ("metal_good_castings_kg", "metal_loss_kg",
                                       "metal_remelt_kg", "metal_holding_change_kg",
                                       "metal_in_process_change_kg"))
    error = abs(extras["metal_melted_kg"] - rest) / extras["metal_melted_kg"]
    return bound_check(AREA, "metal balance of the casting cell", "conservation of mass",
                       1e-9, error, "relative error")


def mass_saving(catalog: Catalog) -> Check:
    """Xiaomi 17 %, Nissan 20 %, IDRA 30 % (B): the casting is 10-30 % lighter (geometry)."""
    welded = catalog.route_totals("welded").mass_kg
    casting = catalog.route_totals("casting").mass_kg
    return band_check(AREA, "mass saving of the casting route (from geometry)",
                      "5.3/5.4 (6): 10-30 % lighter (B)", 0.10, 0.30,
                      1 - casting / welded, "share")


def route_checks() -> list[Check]:
    """All route checks."""
    catalog = load_catalog()
    return [check(catalog) for check in (castings_per_day, castings_per_year, volvo_gap,
                                         welded_takt, metal_balance, mass_saving)]
