"""Small Streamlit building blocks shared by the pages (pickers, metrics, downloads, runs).

They hold no model logic: they lay out widgets and call :mod:`twin.ui.state`.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from lines import Scenario
from lines.routes import RouteSpec
from twin import ExperimentResult, comparison
from twin.ui import state
from twin.ui.tables import csv_bytes


@dataclass(frozen=True)
class RunSettings:
    """How long and how often to run a scenario."""

    days: float
    replications: int
    seed: int


def line_picker(key: str, default: str = state.DEFAULT_LINE) -> tuple[str, Scenario]:
    """A select box over the scenario library; returns the label and the scenario."""
    library = state.scenario_library()
    labels = list(library)
    choice = st.selectbox(
        "Line", labels, index=labels.index(default) if default in labels else 0,
        key=f"{key}_line", help="Shipped examples and the scenarios you uploaded on What-if.",
    )
    return choice, library[choice]


def run_settings(key: str, days: float = 7.0, replications: int = 3) -> RunSettings:
    """Run length, replications and seed in three columns (small defaults: fast answers)."""
    left, middle, right = st.columns(3)
    return RunSettings(
        days=left.number_input(
            "Run length [days]", min_value=0.5, max_value=365.0, value=days, step=1.0,
            key=f"{key}_days", help="Measured days after the warm-up.",
        ),
        replications=int(middle.number_input(
            "Replications", min_value=2, max_value=200, value=replications, step=1,
            key=f"{key}_reps", help="Independent runs; more give narrower confidence intervals.",
        )),
        seed=int(right.number_input(
            "Seed", min_value=0, value=0, step=1, key=f"{key}_seed",
            help="The same seed gives the same numbers.",
        )),
    )


def run_experiment(scenario: Scenario, settings: RunSettings) -> ExperimentResult:
    """Run (or fetch from the cache) an experiment, showing a progress bar while it runs."""
    scenario = scenario.with_changes(horizon_days=settings.days)
    key = state.experiment_key(scenario, settings.replications, settings.seed)
    if key in state.result_store():
        return state.experiment(scenario, settings.replications, settings.seed)
    bar = st.progress(0.0, text="Simulating ...")
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Simulating: {done} of {total} replications done")

    result = state.experiment(scenario, settings.replications, settings.seed, progress)
    seconds = time.perf_counter() - started
    bar.progress(1.0, text=f"{settings.replications} replications simulated in {seconds:.1f} s")
    return result


def ci_text(low: float, high: float, digits: int, unit: str) -> str:
    """The 95 % confidence interval as a short caption."""
    if math.isnan(low):
        return "95 % CI: needs two or more replications"
    return f"95 % CI: {low:.{digits}f} to {high:.{digits}f} {unit}".rstrip()


def kpi_metric(
    column: st.delta_generator.DeltaGenerator,
    label: str,
    row: pd.Series,
    digits: int = 1,
    scale: float = 1.0,
    unit: str = "",
) -> None:
    """A metric with its confidence interval underneath (``row``: a summary table row).

    The unit goes into the label, so narrow columns never cut the number short.
    """
    mean, low, high = (float(row[c]) * scale for c in ("mean", "ci_low", "ci_high"))
    column.metric(f"{label} [{unit}]" if unit else label, f"{mean:.{digits}f}")
    column.caption(ci_text(low, high, digits, ""))


def csv_download(table: pd.DataFrame, filename: str, key: str, label: str = "Download CSV") -> None:
    """A CSV download button for ``table`` (no rerun on click)."""
    st.download_button(
        label, csv_bytes(table), file_name=filename, mime="text/csv", key=key, on_click="ignore"
    )


def table_with_download(table: pd.DataFrame, filename: str, key: str, digits: int = 2) -> None:
    """A rounded table on screen and the full-precision CSV under it."""
    st.dataframe(table.round(digits), hide_index=True, width="stretch")
    csv_download(table, filename, key)


def run_routes(specs: dict[str, RouteSpec], run: dict[str, Any]) -> dict[str, ExperimentResult]:
    """Both routes run with the same seeds (paired), with one progress bar over both."""
    scenarios = {r: state.route_scenario(specs[r].with_changes(horizon_days=run["days"]))
                 for r in comparison.ROUTES}
    reps, seed = int(run["replications"]), int(run["seed"])
    keys = [state.experiment_key(s, reps, seed) for s in scenarios.values()]
    if all(key in state.result_store() for key in keys):
        return {r: state.experiment(s, reps, seed) for r, s in scenarios.items()}
    bar = st.progress(0.0, text="Simulating both routes ...")
    started, total = time.perf_counter(), 2 * reps
    results = {}
    for offset, (route, scenario) in enumerate(scenarios.items()):

        def progress(done: int, _: int, offset: int = offset, route: str = route) -> None:
            bar.progress((offset * reps + done) / total,
                         text=f"Simulating the {route} route: {done} of {reps} replications")

        results[route] = state.experiment(scenario, reps, seed, progress)
    seconds = time.perf_counter() - started
    bar.progress(1.0, text=f"Both routes simulated ({reps} replications of {run['days']:g} "
                           f"days each) in {seconds:.1f} s")
    return results


def route_costs(experiments: dict[str, ExperimentResult]) -> comparison.Costs:
    """The cost model on the simulated routes, at the session's volume and rates."""
    settings = state.cost_settings()
    return comparison.route_costs(state.route_specs(), experiments, state.catalog(),
                               settings["volume"], settings["rates"])


def show_comparison(experiments: dict[str, ExperimentResult]) -> pd.DataFrame:
    """Metrics of both routes side by side with CIs and differences, and the verdict."""
    cat = state.catalog()
    masses = {r: cat.route_totals(r).mass_kg for r in comparison.ROUTES}
    costs = route_costs(experiments)
    table = comparison.comparison_table(experiments, masses, costs)
    st.info(comparison.verdict(table, costs), icon=":material/balance:")
    columns = st.columns(3)
    for column, route in zip(columns, comparison.ROUTES, strict=False):
        column.subheader(comparison.ROUTE_LABELS[route])
    columns[2].subheader("Difference (casting - welded)")
    for row in table.itertuples():
        _comparison_row(row)
    csv_download(comparison.csv_table(table), "comparison.csv", "dl_comparison")
    return table


def _comparison_row(row: Any) -> None:
    columns = st.columns(3)
    label, digits = f"{row.label} [{row.unit}]", int(row.digits)
    for column, route in zip(columns, comparison.ROUTES, strict=False):
        column.metric(label, f"{getattr(row, f'{route}_mean'):,.{digits}f}")
        low, high = getattr(row, f"{route}_ci_low"), getattr(row, f"{route}_ci_high")
        column.caption(ci_text(low, high, digits, "") if not math.isnan(low)
                       else _source_note(row.kpi))
    columns[2].metric(f"Δ {label}", f"{row.difference_mean:+,.{digits}f}")
    low, high = row.difference_ci_low, row.difference_ci_high
    columns[2].caption(f"paired 95 % CI: {low:+,.{digits}f} to {high:+,.{digits}f}"
                       if not math.isnan(low) else _source_note(row.kpi))


def _source_note(kpi: str) -> str:
    return "from the parts geometry" if kpi == "mass_kg" else "cost model, at the run means"
