"""Both routes against closed forms and conservation laws (verification, not prediction).

The published plant figures are in ``calibrated_checks`` (a parameter was fitted to them) and
``predicted_checks`` (none was).
"""

from __future__ import annotations

from lines.routes import (
    CastingRouteSpec,
    WeldedRouteSpec,
    build_casting_scenario,
    build_welded_scenario,
)
from lines.spec import ShiftCalendar
from parts_catalog import Catalog, load_catalog
from twin.experiments.replications import run_experiment
from twin.validation.checks import Check, bound_check, interval_check

AREA = "routes"
THREE_EIGHT_HOUR_SHIFTS = ShiftCalendar(shifts_per_day=3, shift_length_h=8.0)


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


def defects_conserved(catalog: Catalog) -> Check:
    """Per defect class: made = rejected at the cell + in the chain + escaped + in the chain."""
    spec = CastingRouteSpec(horizon_days=3, warmup_h=0)
    result = run_experiment(build_casting_scenario(spec, catalog), 1, seed=2).results[0]
    extras = [s.extras for s in result.stations]
    made = sum(v for e in extras for k, v in e.items() if k.startswith("defects_made_"))
    rejected = sum(v for e in extras for k, v in e.items()
                   if k.startswith("scrap_") and k != "scrap_warmup_units")
    escaped = sum(e.get("escaped_defects_units", 0.0) for e in extras)
    in_chain = sum(e.get("defects_in_chain_units", 0.0) for e in extras)
    return bound_check(AREA, "defective castings conserved (made = caught + escaped + in chain)",
                       "conservation of units", 0.0, abs(made - rejected - escaped - in_chain),
                       "castings")


def route_checks() -> list[Check]:
    """All route checks."""
    catalog = load_catalog()
    return [check(catalog) for check in (welded_takt, metal_balance, defects_conserved)]
