"""A study as an optimiser's objective: equipment settings in, cost per body and demand met out.

:func:`study_objective` returns ``evaluate(settings, fidelity, seed)`` (the callable
``twin.optimise`` searches) for one route of a study. The settings ARE the equipment, there
is no sizing: a plain name (``cells``, ``takt_s``, ``cycle_time_s``, any field of the route's
spec) changes the route spec, a dotted name (``stations.laser_trim.buffer_capacity``) is a
scenario path of the built scenario (:mod:`lines.overrides`). The route then runs at the
study's demand (:func:`twin.planning.demand_scenario`: orders released on the study's
calendar, with a backlog) for the fidelity's horizon and replications, with the seed given
(every trial the same seed: common random numbers). Each replication is costed on its own
results exactly as ``gigatwin plan`` costs it (:func:`twin.planning.replication_inputs`,
with a :class:`RouteSizing` whose installed units are the settings' cells, or one body
line), and judged as the plan judges it (:func:`twin.planning.attainment_rows`).

Metrics per replication: ``cost_per_body_usd`` (and its elements), ``demand_met_share``
(1 if the replication met the demand, else 0, so its mean is the share of replications that
met it), ``attainment_share``, ``order_backlog_days``, ``scrap_share`` and
``achieved_jph_on_shift``; a constraint may bound any of them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from lines.overrides import apply_overrides
from lines.routes import CastingRouteSpec, RouteSpec, casting, welded
from lines.spec import Scenario
from lines.study import RunSettings, Study
from parts_catalog import Catalog, load_catalog
from twin.cost import cost_breakdown
from twin.experiments import run_experiment
from twin.optimise import Evaluate, Evaluation, Fidelity
from twin.planning.attainment import attainment_rows
from twin.planning.costing import cost_row, plan_rates, replication_inputs
from twin.planning.scenarios import demand_scenario
from twin.planning.sizing import PilotCapacity, RouteSizing

ROUTES = ("casting", "welded")
ROUTE_SETTING = "route"
"""A setting that names the route (allowed only if it is the objective's route)."""
ATTAINMENT_METRICS = ("attainment_share", "order_backlog_days", "scrap_share",
                      "achieved_jph_on_shift")
"""Columns of :func:`attainment_rows` returned as metrics, next to the cost and demand met."""
METRICS = ("cost_per_body_usd", "demand_met_share", "energy_kwh_per_body", "co2e_kg_per_body",
           *ATTAINMENT_METRICS)
"""Metrics every evaluation returns; the cost elements (``*_usd_per_body``) come too."""


def is_metric(name: str) -> bool:
    """True if an evaluation returns ``name`` (an objective or a constraint may use it)."""
    return name in METRICS or name.endswith("_usd_per_body")


def study_at_fidelity(study: Study, fidelity: Fidelity) -> Study:
    """The study with the fidelity's horizon (None: the study's) and replications."""
    run = study.run.model_dump() | {"replications": fidelity.replications}
    if fidelity.horizon_days is not None:
        run["horizon_days"] = fidelity.horizon_days
    return study.with_changes(run=RunSettings.model_validate(run))


def split_settings(route: str, settings: Mapping[str, Any]
                   ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Route-spec fields and scenario paths (dotted) of ``settings``; a wrong route raises."""
    spec_changes, paths = {}, {}
    for name, value in settings.items():
        if name == ROUTE_SETTING:
            if value != route:
                raise ValueError(f"setting route={value!r}: this objective runs the {route} "
                                 "route (one route per search)")
        elif "." in name:
            paths[name] = value
        else:
            spec_changes[name] = value
    return spec_changes, paths


def route_spec(study: Study, route: str, changes: Mapping[str, Any]) -> RouteSpec:
    """The study's route spec with ``changes`` (validated; an unknown field raises)."""
    spec: RouteSpec = study.casting if route == "casting" else study.welded
    known = type(spec).model_fields
    unknown = [name for name in changes if name not in known]
    if unknown:
        raise ValueError(f"setting {', '.join(unknown)}: not a field of the {route} route "
                         f"spec (fields: {', '.join(known)}; scenario paths have dots, e.g. "
                         "stations.laser_trim.buffer_capacity)")
    return spec.with_changes(**changes) if changes else spec


def settings_sizing(study: Study, route: str, spec: RouteSpec) -> RouteSizing:
    """The equipment of ``spec`` as a sizing: its cells (casting) or one body line (welded).

    As :mod:`twin.planning.sizing` builds it, but nothing is measured: no pilot ran (its
    figures are NaN) and the installed units are the settings', not a demand's.
    """
    demand = study.annual_demand_bodies
    if route == "casting":
        assert isinstance(spec, CastingRouteSpec)
        cells = float(spec.cells)
        pilot = _unmeasured(route, "giga cell", spec.cycle_time_s)
        installed = {casting.CELL_STEP: cells, casting.JOIN_STEP: 1.0}
        rows = [_row(route, "casting_cell", "giga cells", study.policy("casting_cell"), demand,
                     cells)]
        return RouteSizing(route, spec, 1, cells, installed, pilot, rows)
    pilot = _unmeasured(route, "body line", spec.takt_s)  # type: ignore[attr-defined]
    rows = [_row(route, "body_shop", "body lines", study.policy("body_shop"), demand, 1.0)]
    return RouteSizing(route, spec, 1, 1.0, {welded.BODY_STEP: 1.0}, pilot, rows)


def _unmeasured(route: str, unit: str, cycle_s: float) -> PilotCapacity:
    return PilotCapacity(route, unit, cycle_s, math.nan, (math.nan, math.nan), math.nan, 0)


def _row(route: str, area: str, unit: str, policy: str, demand: float,
         installed: float) -> dict[str, object]:
    return {"route": route, "area": area, "unit": unit, "policy": policy,
            "required_bodies_per_year": demand, "required_units": math.nan,
            "installed_units": installed, "basis": "set by the optimiser (no sizing)"}


def settings_scenario(study: Study, route: str, settings: Mapping[str, Any],
                      catalog: Catalog) -> tuple[RouteSizing, Scenario]:
    """The equipment of ``settings`` and the route's scenario at the study's demand.

    Builds (and so validates) without simulating: a wrong field, path or value raises
    ``ValueError`` (``ScenarioError`` for a scenario path) naming it.
    """
    spec_changes, paths = split_settings(route, settings)
    sizing = settings_sizing(study, route, route_spec(study, route, spec_changes))
    scenario = demand_scenario(study, route, sizing.spec, catalog,
                               study.annual_demand_bodies / sizing.lines)
    return sizing, apply_overrides(scenario, paths) if paths else scenario


def study_objective(study: Study, route: str, catalog: Catalog | None = None) -> Evaluate:
    """``evaluate(settings, fidelity, seed)`` for ``route`` of ``study`` (module docstring).

    Raises:
        ValueError: an unknown route here; an unknown or invalid setting when evaluated.
    """
    if route not in ROUTES:
        raise ValueError(f"route {route!r}: expected one of {', '.join(ROUTES)}")
    catalog = catalog or load_catalog()
    rates = plan_rates(study)

    def evaluate(settings: Mapping[str, Any], fidelity: Fidelity, seed: int) -> Evaluation:
        run_study = study_at_fidelity(study, fidelity)
        sizing, scenario = settings_scenario(run_study, route, settings, catalog)
        experiment = run_experiment(scenario, fidelity.replications, seed)
        metrics: dict[str, list[float]] = {}
        for row in attainment_rows(run_study, experiment, sizing.lines, route):
            inputs = replication_inputs(run_study, sizing, experiment,
                                        int(row["replication"]),  # type: ignore[call-overload]
                                        catalog, float(row["annual_good_bodies"]))  # type: ignore[arg-type]
            found = cost_row(cost_breakdown(inputs, rates), rates)
            found |= {"demand_met_share": float(bool(row["demand_met"]))}
            found |= {name: float(row[name]) for name in ATTAINMENT_METRICS}  # type: ignore[arg-type]
            for name, value in found.items():
                metrics.setdefault(name, []).append(value)
        return Evaluation({k: np.asarray(v, dtype=float) for k, v in metrics.items()},
                          experiment)

    return evaluate


__all__ = [
    "ATTAINMENT_METRICS",
    "METRICS",
    "ROUTES",
    "ROUTE_SETTING",
    "is_metric",
    "route_spec",
    "settings_scenario",
    "settings_sizing",
    "split_settings",
    "study_at_fidelity",
    "study_objective",
]
