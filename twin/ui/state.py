"""Session-state keys and cached calls to the public APIs, shared by every page.

Experiments and sweeps report progress to the page, so they cannot live in ``st.cache_data``
(a cached function may not touch an element created outside it). They go through a small
bounded store held by ``st.cache_resource`` instead: results are immutable, keyed by the
frozen scenario, the run settings and the seed, and ``st.cache_resource.clear()`` empties it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
import trimesh

from lines import Scenario, load_scenario
from lines.routes import RouteSpec, build_route_scenario
from lines.study import Study
from ml import (
    MAP_PARAMETERS,
    DefectModel,
    DefectScorer,
    calibration_table,
    evaluate,
    generate_shots,
    load_default_model,
    process_window_map,
)
from parts_catalog import Catalog, load_catalog
from twin import ExperimentResult, ReplicationResult, comparison, run_experiment, run_replication
from twin.cost import CostRates, catalog_prices
from twin.experiments.sweeps import SweepResult, run_sweep
from twin.experiments.warmup_runs import WarmupRecommendation, recommend_warmup
from twin.planning import PlanResult, run_plan
from twin.ui import pool

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = {
    "Body-shop sub-line (example)": "examples/body_subline.yaml",
    "Two-station line (example)": "examples/two_station_line.yaml",
    "Assembly cell (example)": "examples/assembly_cell.yaml",
}
"""Shipped example lines, by the label shown in the app."""
DEFAULT_LINE = "Body-shop sub-line (example)"

SCENARIO_KEY = "scenario"
"""Session key of the scenario the What-if page edits (a frozen ``Scenario``)."""
UPLOADED_KEY = "uploaded_scenarios"
"""Session key of the scenarios a user uploaded this session, by label."""

Progress = Callable[[int, int], None]
T = TypeVar("T")


@st.cache_data(show_spinner=False)
def example_scenario(label: str) -> Scenario:
    """The shipped example scenario shown as ``label``."""
    return load_scenario(REPO / EXAMPLES[label])


ROUTE_LABELS = {"casting": "Giga-casting route", "welded": "Welded route"}
"""The two routes in the line library, by the label shown in the app."""


def scenario_library() -> dict[str, Scenario]:
    """Every line the user can pick: the two routes, the shipped examples, then uploads.

    The routes are built from the session's route specs, so What-if changes show here too.
    """
    specs = route_specs()
    library = {label: route_scenario(specs[route]) for route, label in ROUTE_LABELS.items()}
    library.update({label: example_scenario(label) for label in EXAMPLES})
    library.update(st.session_state.get(UPLOADED_KEY, {}))
    return library


def add_uploaded(scenario: Scenario) -> str:
    """Keep an uploaded scenario in the session's library and return its label."""
    label = f"{scenario.name} (uploaded)"
    st.session_state.setdefault(UPLOADED_KEY, {})[label] = scenario
    return label


class ResultStore:
    """A thread-safe least-recently-used store of immutable results."""

    def __init__(self, max_entries: int = 32) -> None:
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The stored value of ``key``, computing and storing it on a miss."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._max:
                self._items.popitem(last=False)
        return value

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._items


@st.cache_resource(show_spinner=False)
def result_store() -> ResultStore:
    """The process-wide store of experiment and sweep results."""
    return ResultStore()


def experiment_key(scenario: Scenario, replications: int, seed: int) -> tuple[Any, ...]:
    """Store key of an experiment (the scenario's content hash, not its object id)."""
    return ("experiment", scenario.digest(), replications, seed)


def experiment(
    scenario: Scenario, replications: int, seed: int = 0, progress: Progress | None = None
) -> ExperimentResult:
    """Replications of ``scenario``, stored by content (serially, when not stored yet).

    The pages run theirs on the app's process pool (:mod:`twin.ui.pool`) and store the
    result under the same key.
    """
    return result_store().get_or_compute(
        experiment_key(scenario, replications, seed),
        lambda: run_experiment(scenario, replications, seed, progress=progress),
    )


def sweep(
    scenario: Scenario,
    grid: Mapping[str, Sequence[Any]],
    replications: int,
    seed: int = 0,
    progress: Progress | None = None,
) -> SweepResult:
    """Every grid point of ``grid`` run with the same seeds (common random numbers)."""
    key = ("sweep", scenario.digest(), tuple((p, tuple(v)) for p, v in grid.items()),
           replications, seed)
    return result_store().get_or_compute(
        key, lambda: run_sweep(scenario, grid, replications, seed, progress=progress)
    )


@st.cache_data(show_spinner="Tracing one replication ...", max_entries=8)
def traced_replication(scenario: Scenario, seed: int = 0) -> ReplicationResult:
    """Replication 0 of ``scenario`` with its state trace (for the shift Gantt chart)."""
    return run_replication(scenario, 0, seed, trace=True)


@st.cache_data(show_spinner="Running from empty to find the warm-up (MSER-5) ...",
               max_entries=8)
def warmup_recommendation(scenario: Scenario, seed: int = 0) -> WarmupRecommendation:
    """MSER-5's warm-up for ``scenario`` from 3 replications run from empty (Lines page).

    Each runs for the scenario's warm-up + horizon, at least a week (as ``--warmup-h auto``).
    """
    length_h = max(scenario.warmup_h + 24 * scenario.horizon_days, 168.0)
    return recommend_warmup(scenario, replications=3, seed=seed, run_length_h=length_h)


@st.cache_resource(show_spinner="Loading the parts catalog ...")
def shipped_catalog() -> Catalog:
    """The shipped rear-underbody parts catalog (both routes) at its own prices."""
    return load_catalog()


@st.cache_resource(show_spinner="Re-pricing the parts catalog ...", max_entries=8)
def _priced_catalog(steel_usd_per_kg: float | None, alloy_usd_per_kg: float | None,
                    alloy_recycled_share: float | None = None) -> Catalog:
    shipped = shipped_catalog()
    if alloy_recycled_share is not None:  # the share first: a price entered is applied after
        shipped = shipped.with_recycled_share(alloy_recycled_share)
    return shipped.with_prices(steel_usd_per_kg, alloy_usd_per_kg)


def catalog() -> Catalog:
    """The session's catalog: the shipped one, re-priced by the What-if price levers.

    The catalog owns material prices, so the Parts page and the cost model read the same.
    """
    prices = cost_settings().get("prices") or {}
    if not prices:
        return shipped_catalog()
    return _priced_catalog(prices.get("steel_usd_per_kg"), prices.get("alloy_usd_per_kg"),
                           prices.get("alloy_recycled_share"))


@st.cache_resource(show_spinner="Building the 3D geometry ...")
def assembly_groups(route: str) -> dict[str, trimesh.Trimesh]:
    """The route's placed part meshes merged per sub-assembly (a handful of 3D traces)."""
    cat = catalog()
    meshes = cat.assembly_meshes(route)
    table = cat.parts_table(route).set_index("part_number")
    groups: dict[str, list[trimesh.Trimesh]] = {}
    for number, mesh in meshes.items():
        groups.setdefault(str(table.loc[number, "subassembly"]), []).append(mesh)
    return {name: _merge(parts) for name, parts in groups.items()}


def _merge(parts: list[trimesh.Trimesh]) -> trimesh.Trimesh:
    merged = trimesh.util.concatenate(parts)
    assert isinstance(merged, trimesh.Trimesh)  # concatenating meshes gives a mesh
    return merged


@st.cache_resource(show_spinner="Loading the defect model ...")
def defect_model() -> DefectModel:
    """The shipped, pre-trained casting defect model."""
    return load_default_model()


@st.cache_data(show_spinner="Scoring the defect model on held-out shots ...")
def defect_report(shots: int = 20_000, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scores (ROC AUC, Brier) and the calibration curve on freshly generated shots.

    The generator knows the true probability of each shot, which is scored as ``truth``:
    the best any model could do on the same shots.
    """
    frame = generate_shots(shots, seed=seed)
    scorers: dict[str, DefectScorer] = {"model": defect_model()}
    return evaluate(scorers, frame), calibration_table(scorers, frame)


@st.cache_data(show_spinner="Mapping the process window ...")
def window_map(x_param: str = MAP_PARAMETERS[0], y_param: str = MAP_PARAMETERS[1]) -> pd.DataFrame:
    """Predicted scrap probability over two process parameters (others at set-point)."""
    return process_window_map(defect_model(), x_param, y_param)


def clear_all() -> None:
    """Empty every cache of the app (tests call this between runs)."""
    st.cache_data.clear()
    st.cache_resource.clear()


SPECS_KEY = "route_specs"
"""Session key of the route specs the What-if page edits ({"welded": ..., "casting": ...})."""
COST_KEY = "cost_settings"
"""Session key of the cost-model settings ({"volume": bodies/yr, "rates": CostRates,
"prices": catalog prices set by levers, US$/kg})."""
ROUTE_RUN_KEY = "route_run"
"""Session key of the run settings of the route comparison."""
ROUTE_RUN_DEFAULT = {"days": 5.0, "replications": 3, "seed": 0}
"""Small default runs: the comparison answers in a few seconds; users can raise them."""


@st.cache_data(show_spinner=False)
def default_specs() -> dict[str, RouteSpec]:
    """The shipped route specs."""
    return comparison.default_specs()


def route_specs() -> dict[str, RouteSpec]:
    """The session's route specs (the shipped ones until What-if changes them)."""
    return dict(st.session_state.get(SPECS_KEY, default_specs()))


def cost_settings() -> dict[str, Any]:
    """The session's annual volume [bodies/yr] and cost rates."""
    return dict(st.session_state.get(
        COST_KEY, {"volume": 250_000.0, "rates": CostRates(), "prices": {}}))


def route_run() -> dict[str, Any]:
    """The session's run length [days], replications and seed for the routes."""
    return dict(st.session_state.get(ROUTE_RUN_KEY, ROUTE_RUN_DEFAULT))


@st.cache_data(show_spinner="Building the line from the parts catalog ...", max_entries=16)
def route_scenario(spec: RouteSpec) -> Scenario:
    """The engine scenario of a route spec (built from the parts catalog)."""
    return build_route_scenario(spec, catalog())


PLAN_RUN_KEY = "plan_run"
"""Session key of the plan's run settings (demand, days, replications, seed)."""
PLAN_RUN_DEFAULT = {"demand": 250_000.0, "days": 28.0, "replications": 4, "seed": 0}
"""The app's plan: four 4-week replications per route answer in well under a minute here;
``gigatwin plan`` runs the study's plant-year x 10 replications."""


def plan_run() -> dict[str, Any]:
    """The session's plan settings: demand [bodies/yr], days, replications, seed."""
    return dict(st.session_state.get(PLAN_RUN_KEY, PLAN_RUN_DEFAULT))


def session_study() -> Study:
    """The study of the session: the What-if route specs, rates and shifts at the demand.

    The study owns the calendar, so the What-if shift lever reaches it as the pattern's
    shifts per day; the route specs' own calendar fields are replaced by the study's.
    """
    return study_from_settings(route_specs(), cost_settings(), plan_run())


def study_from_settings(specs: Mapping[str, RouteSpec], cost: Mapping[str, Any],
                        run: Mapping[str, Any]) -> Study:
    """The study of What-if settings (pure: the page and the tests build the same one)."""
    base = Study()
    pattern = base.operating_pattern.model_copy(
        update={"shifts_per_day": specs["welded"].calendar.shifts_per_day})
    defaults = CostRates().model_dump()
    rates = {k: v for k, v in cost["rates"].model_dump().items()
             if v != defaults[k] and k != "tooling_life_years"}
    settings = base.run.model_copy(update={
        "horizon_days": float(run["days"]), "replications": int(run["replications"]),
        "seed": int(run["seed"]), "pilot_days": min(28.0, float(run["days"])),
        "pilot_replications": 2, "risk_draws": 50})
    return base.with_changes(
        annual_demand_bodies=float(run["demand"]), operating_pattern=pattern.model_dump(),
        run=settings, welded=specs["welded"], casting=specs["casting"], rates=rates)


def plan(study: Study, stage: Callable[[str, int, int], None] | None = None) -> PlanResult:
    """The plan of ``study`` on the session's catalog, run on the app's pool (cached)."""
    cat = catalog()
    return result_store().get_or_compute(plan_key(study), lambda: pool.on_pool(
        lambda executor: run_plan(study, cat, executor, stage=stage)))


def plan_key(study: Study) -> tuple[Any, ...]:
    """Store key of a study's plan on the session's catalog."""
    return ("plan", study.model_dump_json(),
            tuple(sorted(catalog_prices(catalog()).items())))
