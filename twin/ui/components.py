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
from twin.ui import downloads, pool, session_views, state
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
    """Run (or fetch from the cache) an experiment on the app's pool, with a progress bar."""
    scenario = scenario.with_changes(horizon_days=settings.days)
    key = state.experiment_key(scenario, settings.replications, settings.seed)
    if key in state.result_store():
        return state.experiment(scenario, settings.replications, settings.seed)
    stop_if_cancelled()
    bar = st.progress(0.0, text="Simulating ...")
    slot = cancel_button("cancel_line")
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Simulating on {pool.POOL_WORKERS} workers: {done} "
                                        f"of {total} replications done")

    found = pool.run_on_pool({"line": scenario}, settings.replications, settings.seed, progress)
    slot.empty()
    result = state.result_store().get_or_compute(key, lambda: found["line"])
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


CANCELLED_KEY = "runs_cancelled"
"""Session key set by a Cancel button: the run it interrupted is not started again."""


def cancel_button(key: str) -> Any:
    """A Cancel button for the run below it; returns its placeholder (empty it when done).

    Pressing it reruns the script, which stops the run at its next progress update
    (:mod:`twin.ui.pool` cancels what has not started); the rerun then stops here.
    """
    slot = st.empty()
    slot.button("Cancel the run", key=key, icon=":material/cancel:",
                on_click=lambda: st.session_state.update({CANCELLED_KEY: True}))
    return slot


def stop_if_cancelled() -> None:
    """After a Cancel: say so and end this run of the page (the next Run starts again)."""
    if st.session_state.pop(CANCELLED_KEY, False):
        st.warning("Run cancelled: the unfinished replications were dropped. Press Run to "
                   "simulate again.", icon=":material/cancel:")
        st.stop()


def run_routes(specs: dict[str, RouteSpec], run: dict[str, Any]) -> dict[str, ExperimentResult]:
    """Both routes run with the same seeds (paired) on the app's process pool.

    One progress bar over both routes, and a Cancel button while they run.
    """
    scenarios = {r: state.route_scenario(specs[r].with_changes(horizon_days=run["days"]))
                 for r in comparison.ROUTES}
    reps, seed = int(run["replications"]), int(run["seed"])
    keys = {r: state.experiment_key(s, reps, seed) for r, s in scenarios.items()}
    if all(key in state.result_store() for key in keys.values()):
        return {r: state.experiment(s, reps, seed) for r, s in scenarios.items()}
    stop_if_cancelled()
    bar = st.progress(0.0, text="Simulating both routes ...")
    slot = cancel_button("cancel_routes")
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Simulating both routes on {pool.POOL_WORKERS} "
                                        f"workers: {done} of {total} replications done")

    found = pool.run_on_pool(scenarios, reps, seed, progress)
    slot.empty()
    results = {r: state.result_store().get_or_compute(keys[r], lambda r=r: found[r])
               for r in scenarios}
    seconds = time.perf_counter() - started
    bar.progress(1.0, text=f"Both routes simulated ({reps} replications of {run['days']:g} "
                           f"days each) in {seconds:.1f} s")
    return results


def download_all_button(experiments: dict[str, ExperimentResult], page: str) -> None:
    """A "Download all" zip of these runs: ``compare --out``'s files, metadata, session.

    The tables have the CLI's schema and bytes; the zip is built only when clicked.
    """
    specs, cat, session = state.route_specs(), state.catalog(), session_views.current_session()
    st.download_button(
        "Download all (zip)", lambda: downloads.download_all(specs, experiments, cat, session,
                                                            page),
        file_name=downloads.ZIP_NAME, mime="application/zip", key=f"dl_all_{page}",
        on_click="ignore", icon=":material/folder_zip:",
        help="Every table of this comparison as `gigatwin compare --out` writes it, with "
             "metadata.json and the session file that reproduces it.")


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
