"""Small Streamlit building blocks shared by the pages (pickers, metrics, downloads, runs).

They hold no model logic: they lay out widgets and call :mod:`twin.ui.state`.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from lines import Scenario
from twin import ExperimentResult
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
