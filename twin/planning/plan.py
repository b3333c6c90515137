"""Plan for a demand: size both routes, simulate them at the demand, cost every replication.

``run_plan(study)`` is the one entry point the CLI (``gigatwin plan``) and the app call:

1. pilots of one unit per route (unlimited supply) measure capacity;
2. sizing for the demand (:mod:`twin.planning.sizing`);
3. both sized routes run at the demand with the same seeds (common random numbers);
4. each replication is costed on its own results (:mod:`twin.planning.costing`);
5. the summary with intervals and paired differences, the correlated cost risk, the
   break-even over re-sized volumes, and the verdict sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import pandas as pd

from lines.spec import Scenario
from lines.study import Study
from parts_catalog import Catalog, load_catalog
from twin.cost import CostComparison, CostRates, RouteCostInputs, cost_breakdown, inputs_from_route
from twin.experiments import ExperimentResult, run_experiments
from twin.lifecycle import lifecycle_from_costs, lifecycle_table
from twin.planning.attainment import attainment_rows
from twin.planning.breakeven import DEFAULT_VOLUMES, breakeven_table, crossing_table
from twin.planning.costing import apply_study, cost_row, plan_rates, replication_inputs
from twin.planning.risk import cost_draws, risk_summary
from twin.planning.scenarios import demand_scenario
from twin.planning.sizing import (
    PilotCapacity,
    RouteSizing,
    capacity_from_pilot,
    pilot_scenario,
    size_casting,
    size_welded,
    sizing_table,
)
from twin.planning.summary import plan_summary
from twin.planning.verdict import plan_verdict

ROUTES = ("welded", "casting")
Stage = Callable[[str, int, int], None]
"""Called as ``stage(name, done, total)`` while the plan runs (a progress bar)."""
ScenarioAdjust = Callable[[dict[str, Scenario], Executor | None], dict[str, Scenario]]
"""Changes the sized routes' demand scenarios before they run (e.g. a detected warm-up)."""


@dataclass(frozen=True)
class PlanResult:
    """Everything a plan computed; :func:`plan_tables` gives its CSV files."""

    study: Study
    rates: CostRates
    pilots: dict[str, PilotCapacity]
    sizings: dict[str, RouteSizing]
    experiments: dict[str, ExperimentResult]
    replications: pd.DataFrame
    summary: pd.DataFrame
    risk: pd.DataFrame
    risk_draws: pd.DataFrame
    breakeven: pd.DataFrame
    crossings: pd.DataFrame
    lifecycle: pd.DataFrame
    verdict: str

    @property
    def sizing(self) -> pd.DataFrame:
        """Both routes' sizing table (``sizing.csv``)."""
        return sizing_table([self.sizings[r] for r in ROUTES])


def run_pilots(study: Study, catalog: Catalog, executor: Executor | None,
               stage: Stage | None = None) -> tuple[dict[str, RouteSizing],
                                                    dict[str, PilotCapacity]]:
    """Pilots of both routes at once, then the sizing (the body line re-piloted at its takt)."""
    specs = {"welded": study.welded, "casting": study.casting}
    scenarios = {r: pilot_scenario(study, r, specs[r], catalog) for r in ROUTES}
    report = (lambda done, total: stage("pilot", done, total)) if stage else None
    pilots = run_experiments(scenarios, study.run.pilot_replications, study.run.seed, executor,
                             report)
    capacity = {r: capacity_from_pilot(study, r, specs[r], pilots[r]) for r in ROUTES}
    cast = size_casting(study, catalog, executor, pilot=capacity["casting"])
    weld = size_welded(study, catalog, executor, pilot=capacity["welded"])
    return {"welded": weld, "casting": cast}, {"welded": weld.pilot, "casting": cast.pilot}


def run_at_demand(study: Study, catalog: Catalog, sizings: dict[str, RouteSizing],
                  executor: Executor | None, stage: Stage | None = None,
                  adjust: ScenarioAdjust | None = None) -> dict[str, ExperimentResult]:
    """Both sized routes releasing the demand's orders, same seeds, all tasks at once."""
    demand = study.annual_demand_bodies
    scenarios = {r: demand_scenario(study, r, sizings[r].spec, catalog,
                                    demand / sizings[r].lines) for r in ROUTES}
    if adjust is not None:
        scenarios = adjust(scenarios, executor)
    report = (lambda done, total: stage("simulate", done, total)) if stage else None
    return run_experiments(scenarios, study.run.replications, study.run.seed, executor, report)


def cost_replications(study: Study, catalog: Catalog, rates: CostRates,
                      sizings: dict[str, RouteSizing],
                      experiments: dict[str, ExperimentResult]
                      ) -> tuple[pd.DataFrame, list[CostComparison]]:
    """Demand attainment and cost per body of every replication of both routes."""
    rows, inputs_by_rep = [], {}
    for route in ROUTES:
        sizing, experiment = sizings[route], experiments[route]
        for row in attainment_rows(study, experiment, sizing.lines, route):
            rep = int(row["replication"])  # type: ignore[call-overload]
            inputs = replication_inputs(study, sizing, experiment, rep, catalog,
                                        float(row["annual_good_bodies"]))  # type: ignore[arg-type]
            inputs_by_rep[(route, rep)] = inputs
            rows.append(row | cost_row(cost_breakdown(inputs, rates), rates))
    reps = sorted({rep for _, rep in inputs_by_rep})
    comparisons = [CostComparison(inputs_by_rep[("welded", r)], inputs_by_rep[("casting", r)],
                                  rates) for r in reps]
    return pd.DataFrame(rows), comparisons


def mean_inputs(study: Study, catalog: Catalog, sizings: dict[str, RouteSizing],
                experiments: dict[str, ExperimentResult]) -> dict[str, RouteCostInputs]:
    """Each route's inputs at the replications' means (the break-even's process figures)."""
    return {r: apply_study(inputs_from_route(sizings[r].spec, catalog, experiments[r],
                                             study.annual_demand_bodies),
                           study, sizings[r].installed) for r in ROUTES}


def run_plan(study: Study, catalog: Catalog | None = None, executor: Executor | None = None,
             stage: Stage | None = None, volumes: Sequence[float] = DEFAULT_VOLUMES,
             risk: bool = True, adjust: ScenarioAdjust | None = None) -> PlanResult:
    """Size, simulate and cost both routes for the study's demand (see the module docstring).

    ``adjust`` changes the sized demand scenarios before they run (``--warmup-h auto``).
    """
    catalog = catalog or load_catalog()
    rates = plan_rates(study)
    sizings, pilots = run_pilots(study, catalog, executor, stage)
    experiments = run_at_demand(study, catalog, sizings, executor, stage, adjust)
    table, comparisons = cost_replications(study, catalog, rates, sizings, experiments)
    summary = plan_summary(table)
    draws = (cost_draws(comparisons, study.run.risk_draws, study.run.seed) if risk
             else pd.DataFrame())
    risk_table = risk_summary(draws) if risk else pd.DataFrame()
    means = mean_inputs(study, catalog, sizings, experiments)
    breakeven = breakeven_table(study, catalog, rates, means, pilots, volumes)
    masses = {r: catalog.route_totals(r).mass_kg for r in ROUTES}
    life = lifecycle_from_costs(masses, CostComparison(means["welded"], means["casting"], rates),
                                study.vehicle, catalog)
    lifecycle = lifecycle_table(life, catalog, seed=study.run.seed)  # compare's schema
    verdict = plan_verdict(summary, sizings, risk_table if risk else None,
                           study.annual_demand_bodies)
    return PlanResult(study, rates, pilots, sizings, experiments, table, summary, risk_table,
                      draws, breakeven, crossing_table(breakeven), lifecycle, verdict)


def plan_details(result: PlanResult) -> dict[str, object]:
    """What metadata.json (and the store) keep about the plan beyond the experiments."""
    study = result.study
    return {"study": study.model_dump(mode="json"),
            "annual_demand_bodies": study.annual_demand_bodies,
            "sizing": {r: {"spec_changes": _sized_fields(s.spec.model_dump(mode="json")),
                           "lines": s.lines, "installed": s.installed}
                       for r, s in result.sizings.items()},
            "verdict": result.verdict,
            "rates": result.rates.model_dump(mode="json")}


def _sized_fields(spec: dict[str, object]) -> dict[str, object]:
    return {k: spec[k] for k in ("cells", "takt_s") if k in spec}


def plan_tables(result: PlanResult) -> dict[str, pd.DataFrame]:
    """The plan's CSV files by name (``gigatwin plan --out`` writes these)."""
    return {
        "sizing.csv": result.sizing,
        "plan_summary.csv": result.summary,
        "cost_replications.csv": result.replications,
        "breakeven_resized.csv": result.breakeven,
        "breakeven_crossings.csv": result.crossings,
        "risk.csv": result.risk,
        "risk_draws.csv": result.risk_draws,
        "lifecycle.csv": result.lifecycle,
    }


__all__ = ["ROUTES", "PlanResult", "ScenarioAdjust", "cost_replications", "mean_inputs",
           "plan_details", "plan_tables", "run_at_demand", "run_pilots", "run_plan"]
