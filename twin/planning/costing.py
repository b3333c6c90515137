"""Cost per good body of each replication: the PBCM on that replication's own results.

Each replication of a sized route gives its own output, scrap, energy by state, shots and
operators; the cost model runs on exactly those (``twin.cost.inputs_from_route`` with the
replication), with the units the sizing installed and each step's area policy (dedicated or
shared) and break rule (relief crews). The mean of the replications' costs is then a mean
like any other KPI, with a confidence interval and a paired difference between the routes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lines.file_reader import validate
from lines.routes import casting, welded
from lines.study import Study
from parts_catalog import Catalog
from twin.cost import (
    CostBreakdown,
    CostRates,
    RouteCostInputs,
    co2e_kg_per_body,
    inputs_from_route,
)
from twin.experiments import ExperimentResult
from twin.planning.sizing import RouteSizing


def step_area(step: str) -> str:
    """The plant area of a cost step (its policy and break rule are the area's)."""
    if step.startswith("press_"):
        return "press_shop"
    return {welded.BODY_STEP: "body_shop", casting.CELL_STEP: "casting_cell",
            casting.JOIN_STEP: "joining"}.get(step, "casting_finishing")


def plan_rates(study: Study, source: str = "study") -> CostRates:
    """The study's rates, with the model life as the dies' life (one owner: the study)."""
    fields: dict[str, Any] = dict(study.rates) | {"tooling_life_years": study.model_life_years}
    return validate(CostRates, fields, f"{source}: rates", "study")


def apply_study(inputs: RouteCostInputs, study: Study,
                installed: Mapping[str, float]) -> RouteCostInputs:
    """Each step with its area's policy and break rule, and the units the sizing installed."""
    pattern = study.operating_pattern
    steps = tuple(
        step.with_changes(
            dedicated=study.policy(step_area(step.name)) == "dedicated",
            relief_crews=pattern.runs_through_breaks(step_area(step.name)),
            lines_installed=installed.get(step.name),
        )
        for step in inputs.steps
    )
    return inputs.with_changes(steps=steps)


def replication_inputs(study: Study, sizing: RouteSizing, experiment: ExperimentResult,
                       replication: int, catalog: Catalog,
                       annual_good_bodies: float) -> RouteCostInputs:
    """The route's cost inputs from one replication, at the output that replication made."""
    inputs = inputs_from_route(sizing.spec, catalog, experiment, annual_good_bodies, replication)
    return apply_study(inputs, study, sizing.installed)


def cost_row(breakdown: CostBreakdown, rates: CostRates) -> dict[str, float]:
    """Cost per body by element, its total, energy and CO2e of one breakdown (flat columns)."""
    return {
        **{f"{element}_usd_per_body": usd
           for element, usd in breakdown.cost_per_body_usd.items()},
        "cost_per_body_usd": breakdown.total_usd,
        "energy_kwh_per_body": sum(breakdown.kwh_per_body.values()),
        "co2e_kg_per_body": co2e_kg_per_body(breakdown, rates),
    }


__all__ = ["apply_study", "cost_row", "plan_rates", "replication_inputs", "step_area"]
