"""The plan for a demand on screen: the verdict, the sizing, the KPIs with intervals, risk.

Layout only: every number comes from :func:`twin.planning.run_plan` through
:mod:`twin.ui.state`; the verdict sentence is the package's (the CLI prints the same).
"""

from __future__ import annotations

import math
import time

import pandas as pd
import streamlit as st

from lines.study import Study
from twin.planning import PlanResult, plan_tables
from twin.ui import downloads, figures, session_views, state
from twin.ui.components import csv_download

SHOWN = (
    ("cost_per_body_usd", "Cost per good body", "US$", 1.0, 1,
     "Process-based cost per good body, each replication costed on its own simulated year."),
    ("demand_met", "Replications meeting the demand", "%", 100.0, 0,
     "Share of replications whose order backlog at the end is at most one working day."),
    ("achieved_jph_on_shift", "Good bodies per on-shift hour", "JPH", 1.0, 1,
     "Good bodies over the on-shift hours of the line's calendar (the plant's JPH); the "
     "demand needs the required JPH."),
    ("scrap_share", "Scrap", "%", 100.0, 2, "Scrapped units over units leaving the line."),
    ("energy_kwh_per_body", "Energy per good body", "kWh", 1.0, 0,
     "Electricity of every station in every state (and melting) over the good bodies."),
    ("co2e_kg_per_body", "CO2e per good body", "kg", 1.0, 0,
     "Electricity at the grid factor plus the cradle-to-gate footprint of the material bought."),
)
"""The plan KPIs on the page: key, label, unit, scale, decimals, definition (help)."""


def run_plan_with_bar(study: Study) -> PlanResult:
    """The study's plan (cached), with a progress bar while it runs."""
    if state.plan_key(study) in state.result_store():
        return state.plan(study)
    bar = st.progress(0.0, text="Planning ...")
    started = time.perf_counter()
    labels = {"pilot": "Pilot runs of one unit per route",
              "simulate": "Both sized routes at the demand"}

    def stage(name: str, done: int, total: int) -> None:
        bar.progress(done / total, text=f"{labels.get(name, name)}: {done} of {total} runs")

    result = state.plan(study, stage)
    bar.progress(1.0, text=f"Planned in {time.perf_counter() - started:.1f} s")
    return result


def show_plan(result: PlanResult) -> None:
    """Verdict, sizing table, KPIs per route with intervals, break-even and risk."""
    st.info(result.verdict, icon=":material/balance:")
    st.subheader("What each route needs for the demand")
    sizing = result.sizing
    st.dataframe(sizing.round(3), hide_index=True, width="stretch")
    csv_download(sizing, "sizing.csv", "dl_sizing")
    _kpi_rows(result.summary)
    left, right = st.columns([3, 2])
    left.plotly_chart(figures.plan_breakeven(result.breakeven, result.crossings),
                      width="stretch")
    right.markdown("**Break-even volumes** (the step that decides each)")
    right.dataframe(result.crossings.round(0), hide_index=True, width="stretch")
    if not result.risk.empty:
        right.markdown("**Cost risk** (uncertain prices and rates x replications) [US$/body]")
        right.dataframe(result.risk.round(1), hide_index=True, width="stretch")
    with st.expander("Download the plan's tables"):
        session = session_views.current_session()
        st.download_button(
            "Download all (zip)", lambda: downloads.plan_download(result, session),
            file_name=downloads.PLAN_ZIP_NAME, mime="application/zip", key="dl_plan_all",
            on_click="ignore", icon=":material/folder_zip:",
            help="The files `gigatwin plan --out` writes, metadata.json and the session file.")
        for name, table in plan_tables(result).items():
            csv_download(table, name, f"dl_plan_{name}", f"Download {name}")


def _kpi_rows(summary: pd.DataFrame) -> None:
    rows = summary.set_index("kpi")
    n = int(rows.loc["cost_per_body_usd", "replications_count"])
    head = st.columns(3)
    for column, title in zip(head, ("Welded", "Giga-casting", "Difference (casting - welded)"),
                             strict=True):
        column.subheader(title)
    for key, label, unit, scale, digits, definition in SHOWN:
        row = rows.loc[key]
        columns = st.columns(3)
        for column, route in zip(columns, ("welded", "casting"), strict=False):
            mean = float(row[f"{route}_mean"]) * scale
            if key == "demand_met":
                column.metric(f"{label}", f"{round(mean * n / 100)} of {n}", help=definition)
            else:
                column.metric(f"{label} [{unit}]", f"{mean:,.{digits}f}", help=definition)
            low, high = (float(row[f"{route}_ci_{s}"]) * scale for s in ("low", "high"))
            column.caption("95 % CI: needs two or more replications" if math.isnan(low)
                           else f"95 % CI: {low:,.{digits}f} to {high:,.{digits}f}")
        diff = float(row["difference_mean"]) * scale
        columns[2].metric(f"Δ {label} [{unit}]", f"{diff:+,.{digits}f}", help=definition)
        low, high = (float(row[f"difference_ci_{s}"]) * scale for s in ("low", "high"))
        columns[2].caption(f"paired 95 % CI: {low:+,.{digits}f} to {high:+,.{digits}f}"
                           if not math.isnan(low) else "no paired interval for a share of runs")
    required = float(rows.loc["required_jph_on_shift", "welded_mean"])
    st.caption(f"The demand needs {required:.1f} good bodies per on-shift hour on the study's "
               "calendar; each route releases orders at that rate and catches up after "
               "stops.")
