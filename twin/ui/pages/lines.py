"""Lines page: each station's time split with the bottleneck, throughput over time, one shift.

A plant engineer picks a line, the page runs a few short replications (cached), and shows
where every station's time goes, how steady the output is, and a Gantt chart of one shift.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lines import Scenario
from twin import ExperimentResult
from twin.ui import components as ui
from twin.ui import figures, state, tables

LINE_METRICS = (
    ("throughput_uph", "Throughput", 1, 1.0, "units/h"),
    ("scrap_share", "Scrap rate", 2, 100.0, "%"),
    ("lead_time_mean_min", "Mean lead time", 1, 1.0, "min"),
    ("wip_mean_units", "Work in process", 1, 1.0, "units"),
    ("energy_kwh_per_unit", "Energy", 2, 1.0, "kWh/unit"),
)


def show_metrics(result: ExperimentResult, bottleneck: str) -> None:
    """The line KPIs as metrics with confidence intervals, then the bottleneck."""
    summary = result.summary
    line = summary[summary["scope"] == "line"].set_index("kpi")
    columns = st.columns(len(LINE_METRICS) + 1)
    for column, (kpi, label, digits, scale, unit) in zip(columns, LINE_METRICS, strict=False):
        ui.kpi_metric(column, label, line.loc[kpi], digits, scale, unit)
    columns[-1].metric("Bottleneck", bottleneck,
                       help="The station that is most often the one in the longest ongoing "
                       "active period (working, setup, maintenance or failed): the active-period "
                       "method of Roser, Nakano & Tanaka (2001); see docs/reference/kpis.md.")
    columns[-1].caption("active-period method")


def show_time_split(split: pd.DataFrame) -> None:
    """Stacked time-split bars and their CSV."""
    st.plotly_chart(figures.time_split_bars(split), key="time_split", width="stretch")
    ui.csv_download(split, "time_split.csv", "dl_time_split")


def show_throughput(result: ExperimentResult) -> None:
    """Hourly output over the run and its CSV."""
    hourly = tables.throughput_by_hour([r.finished_per_hour for r in result.results])
    st.plotly_chart(figures.throughput_over_time(hourly), key="throughput", width="stretch")
    ui.csv_download(hourly, "throughput_by_hour.csv", "dl_throughput")


def show_warmup(scenario: Scenario, seed: int) -> None:
    """Welch's plot with the warm-up MSER-5 picks, from 3 replications run from empty."""
    with st.expander("Warm-up: how long until the line is in steady state? (MSER-5)"):
        st.caption(f"The scenario discards the first {scenario.warmup_h:g} h. Run it from "
                   "empty to see where the output settles (3 replications of the warm-up + "
                   "run length, at least a week).")
        if not st.toggle("Find the warm-up", key="lines_warmup"):
            return
        found = state.warmup_recommendation(scenario, seed)
        series = found.series_table()
        st.plotly_chart(figures.warmup_plot(series, found.warmup_h, found.series_name),
                        key="warmup", width="stretch")
        verdict = (f"MSER-5 recommends {found.warmup_h:g} h" if found.mser.needed else
                   "MSER-5 finds no warm-up needed")
        st.caption(f"{verdict}; the scenario uses {scenario.warmup_h:g} h."
                   + (" The minimum is at the end of the search: run longer to trust it."
                      if found.mser.at_search_limit else ""))
        ui.csv_download(series, "warmup_series.csv", "dl_warmup")


def show_shift(scenario: Scenario, seed: int) -> None:
    """A Gantt chart of the machine states in the first shift after the warm-up."""
    short = scenario.with_changes(horizon_days=min(scenario.horizon_days, 2.0))
    traced = state.traced_replication(short, seed)
    trace = traced.trace or ()
    working = [t for t, _, _, s in trace if s == "working"]
    if not working:
        st.info("No machine worked in the traced run, so there is no shift to show.")
        return
    shift_h = scenario.calendar.shift_length_h if scenario.calendar else 8.0
    start = min(working)
    names = [station.name for station in scenario.stations]
    intervals = tables.state_intervals(trace, start, start + shift_h * 3600.0, names)
    title = f"Machine states in one shift ({shift_h:g} h from the first work after warm-up)"
    st.plotly_chart(figures.state_gantt(intervals, title), key="gantt", width="stretch")
    ui.csv_download(intervals, "shift_states.csv", "dl_gantt")


def station_table(result: ExperimentResult) -> pd.DataFrame:
    """Mean station KPIs over the replications, with units in the column names."""
    stations = result.stations.drop(columns=["replication", "bottleneck"])
    numeric = stations.select_dtypes("number").columns
    mean = stations.groupby(["scenario", "station"], sort=False)[list(numeric)].mean()
    return tables.with_units(mean.reset_index())


def render() -> None:
    """Draw the page."""
    st.title("Lines: where the time goes")
    st.caption("Pick a line; the page simulates a few short replications and caches them.")
    _, scenario = ui.line_picker("lines")
    with st.expander("Run settings", expanded=False):
        settings = ui.run_settings("lines")
    result = ui.run_experiment(scenario, settings)
    split = tables.time_split(result.stations)
    show_metrics(result, tables.bottleneck_name(split))
    show_time_split(split)
    show_throughput(result)
    show_warmup(scenario.with_changes(horizon_days=settings.days), settings.seed)
    show_shift(scenario, settings.seed)
    st.subheader("Station KPIs (mean over replications)")
    ui.table_with_download(station_table(result), "station_means.csv", "dl_stations")


render()
