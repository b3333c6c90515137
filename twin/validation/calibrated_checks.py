"""Calibrated figures: each one a parameter was fitted to, with the parameter and the fit.

A calibrated check only shows that the fit still holds; it is not evidence that the model
predicts anything. Circular checks (a figure the data were sized to land on) are labelled
circular here, so no reader mistakes them for predictions.
"""

from __future__ import annotations

from pathlib import Path

from lines.routes import CastingRouteSpec, build_casting_scenario
from lines.spec import ShiftCalendar
from parts_catalog import Catalog, load_catalog
from twin.cost import CostComparison, CostRates, default_casting_inputs, default_welded_inputs
from twin.cost.claims import evaluate_claim, load_claim_example
from twin.experiments.kpis import confidence_interval
from twin.experiments.replications import run_experiment
from twin.validation.checks import Check, band_check
from twin.validation.paths import EXAMPLES

AREA = "calibrated"
THREE_EIGHT_HOUR_SHIFTS = ShiftCalendar(shifts_per_day=3, shift_length_h=8.0)


def castings_per_day(catalog: Catalog) -> Check:
    """IDRA/EPO (B): one cell at 120 s on three 8-h shifts makes ~500 castings a day."""
    spec = CastingRouteSpec(cells=1, cycle_time_s=120.0, horizon_days=15,
                            calendar=THREE_EIGHT_HOUR_SHIFTS)
    experiment = run_experiment(build_casting_scenario(spec, catalog), 4, seed=11)
    per_day = [r.finished / spec.horizon_days for r in experiment.results]
    mean, _, low, high, _ = confidence_interval(per_day)
    return band_check(AREA, "1 cell at 120 s, 3 x 8 h: good castings per day",
                      "5.4 (1): ~500/day, IDRA/EPO (B); band +-10 %", 450, 550, mean,
                      "castings/day", ci=(low, high)).noted(
        f"fitted: cell_mtbf_h = {spec.cell_mtbf_h:g} h with cell_mttr_min = "
        f"{spec.cell_mttr_min:g} min (refitted from 5.0 h when the thermal units and the "
        "finishing chain lowered the scrap)")


def mature_defect_scrap(catalog: Catalog) -> Check:
    """The defect model's scrap at the set-point: the generator was tuned to ~5 % (5.3)."""
    spec = CastingRouteSpec(cells=1, horizon_days=10)
    experiment = run_experiment(build_casting_scenario(spec, catalog), 3, seed=21)
    shares = []
    for result in experiment.results:
        made = sum(v for s in result.stations for k, v in s.extras.items()
                   if k.startswith("defects_made_"))
        shares.append(made / result.stations[0].processed)
    mean, _, low, high, _ = confidence_interval(shares)
    return band_check(AREA, "defective shots at the set-point (all classes)",
                      "5.3: mature scrap 5 % (B, range 2-10 %)", 0.02, 0.10, mean, "share",
                      ci=(low, high)).noted(
        "fitted: the defect generator's intercepts (ml GeneratorSettings) were set so the "
        "mature defect rate is ~5 %")


def mass_saving(catalog: Catalog) -> Check:
    """Xiaomi 17 %, Nissan 20 %, IDRA 30 % (B): the casting is 10-30 % lighter (geometry)."""
    welded = catalog.route_totals("welded").mass_kg
    casting = catalog.route_totals("casting").mass_kg
    return band_check(AREA, "mass saving of the casting route (from geometry)",
                      "5.3/5.4 (6): 10-30 % lighter (B)", 0.10, 0.30,
                      1 - casting / welded, "share").noted(
        "circular: the catalog's dimensions were sized to land in this band")


def claims(catalog: Catalog) -> list[Check]:
    """Each published-claim example lands in the range its claim implies (4.3)."""
    comparison = CostComparison(default_welded_inputs(catalog), default_casting_inputs(catalog),
                                CostRates())
    checks = []
    for path in sorted(Path(EXAMPLES / "cost").glob("*.yaml")):
        example = load_claim_example(path)
        share = evaluate_claim(example, comparison)["cost_difference_share"]
        low, high = example.expected_difference_share
        checks.append(band_check(AREA, f"claim '{example.name}': casting vs welded cost",
                                 example.source, low, high, share, "share").noted(
            "circular: the example's levers were chosen to land the claim"))
    return checks


def calibrated_checks() -> list[Check]:
    """All calibrated and circular checks."""
    catalog = load_catalog()
    return [castings_per_day(catalog), mature_defect_scrap(catalog), mass_saving(catalog),
            *claims(catalog)]
