"""Sweeps page: vary one or two scenario parameters over a few values and chart a KPI.

Every grid point runs the same replications with the same seeds (common random numbers), so
differences between points come from the parameter, not from different random draws.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from lines import Scenario, ScenarioError
from twin.ui import components as ui
from twin.ui import figures, params, state, tables

REQUEST_KEY = "sweep_request"
NONE = "(none)"


def _default_path(scenario: Scenario, paths: list[str]) -> int:
    """The first buffer between two stations (a buffer fed by a source changes little)."""
    fed = {source.to for source in scenario.sources}
    for index, path in enumerate(paths):
        if path.endswith("buffer_capacity") and path.split(".")[1] not in fed:
            return index
    return 0


def sweep_form(scenario: Scenario) -> dict[str, Any] | None:
    """The sweep definition form; returns the request when Run was pressed and it parses."""
    paths = params.sweepable_paths(scenario)
    names = list(paths)
    with st.form("sweep_form"):
        left, right = st.columns(2)
        first = left.selectbox("Parameter 1", names, _default_path(scenario, names), key="sweep_p1")
        first_values = left.text_input("Values of parameter 1", "0, 2, 4, 8", key="sweep_v1",
                                       help="Numbers separated by commas.")
        second = right.selectbox("Parameter 2 (optional)", [NONE, *names], key="sweep_p2")
        second_values = right.text_input("Values of parameter 2", "", key="sweep_v2")
        settings = ui.run_settings("sweep", days=7.0, replications=3)
        submitted = st.form_submit_button("Run sweep", type="primary")
    if not submitted:
        return None
    try:
        grid = {first: params.parse_values(first_values, paths[first])}
        if second != NONE and second != first:
            grid[second] = params.parse_values(second_values, paths[second])
    except ValueError as error:
        st.error(f"Cannot read the values: {error}")
        return None
    return {"scenario": scenario.with_changes(horizon_days=settings.days), "grid": grid,
            "replications": settings.replications, "seed": settings.seed}


def run(request: dict[str, Any]) -> None:
    """Run the sweep with a progress bar (or fetch it from the cache) and show it."""
    bar = st.progress(0.0, text="Sweeping ...")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Sweeping: {done} of {total} runs done")

    try:
        result = state.sweep(request["scenario"], request["grid"], request["replications"],
                             request["seed"], progress)
    except ScenarioError as error:
        bar.empty()
        st.error(f"This sweep is not a valid scenario: {error}")
        return
    bar.progress(1.0, text=f"{len(result.points)} grid points x {request['replications']} "
                           "replications done")
    show(result.summary, list(request["grid"]))


def show(summary: Any, swept: list[str]) -> None:
    """The KPI chart and the table of every grid point with its CSV."""
    table = tables.sweep_table(summary, swept)
    kpi = st.selectbox("KPI to chart", list(tables.SWEEP_KPIS),
                       format_func=tables.SWEEP_KPIS.__getitem__, key="sweep_kpi")
    st.plotly_chart(figures.sweep_chart(table, kpi, tables.SWEEP_KPIS[kpi], swept),
                    key="sweep_chart", width="stretch")
    shown = [*swept, *(f"{kpi}_{stat}" for stat in ("mean", "ci_low", "ci_high"))]
    st.dataframe(table[shown].round(3), hide_index=True, width="stretch")
    ui.csv_download(table, "sweep.csv", "dl_sweep", "Download CSV (all KPIs)")


def render() -> None:
    """Draw the page."""
    st.title("Sweeps: vary a parameter, watch a KPI")
    st.caption("Choose one or two parameters and their values; every point runs with the "
               "same random numbers, so differences are the parameter's effect.")
    _, scenario = ui.line_picker("sweeps")
    request = sweep_form(scenario)
    if request is not None:
        st.session_state[REQUEST_KEY] = request
    if REQUEST_KEY in st.session_state:
        run(st.session_state[REQUEST_KEY])


render()
