"""Terminal summaries of experiments (rich tables), for the CLI."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from lines.spec import Scenario
from twin.experiments.executors import executor_kind, make_executor
from twin.experiments.replications import ExperimentResult, run_experiments

HEADLINE = (
    "throughput_uph",
    "throughput_on_shift_uph",
    "line_oee_share",
    "scrap_share",
    "wip_mean_units",
    "lead_time_mean_min",
    "energy_kwh_per_unit",
)
STATION_COLUMNS = ("utilisation", "blocked_share", "starved_share", "failed_share", "oee")
console = Console()
"""The terminal the commands print their tables to."""


def _fmt(value: float, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{100 * value:.1f} %" if unit == "share" else f"{value:,.2f}"


def line_table(experiments: Mapping[str, ExperimentResult]) -> Table:
    """Headline line KPIs, mean and confidence interval, one column per experiment."""
    table = Table(title="Line KPIs (mean [95 % CI] over replications)")
    table.add_column("KPI")
    table.add_column("unit")
    for key in experiments:
        table.add_column(key, justify="right")
    summaries = {
        key: e.summary.query("scope == 'line'").set_index("kpi") for key, e in experiments.items()
    }
    for kpi in HEADLINE:
        unit = next(iter(summaries.values())).loc[kpi, "unit"]
        cells = []
        for summary in summaries.values():
            row = summary.loc[kpi]
            cells.append(
                f"{_fmt(row['mean'], unit)} [{_fmt(row['ci_low'], unit)}, "
                f"{_fmt(row['ci_high'], unit)}]"
            )
        table.add_row(kpi, "%" if unit == "share" else unit, *cells)
    return table


def station_table(key: str, experiment: ExperimentResult) -> Table:
    """Mean time split and OEE per station; the most frequent bottleneck is marked."""
    stations = experiment.stations
    means = stations.groupby("station", sort=False)[list(STATION_COLUMNS)].mean()
    neck = stations.groupby("station", sort=False)["bottleneck"].mean()
    table = Table(title=f"Stations of {key} (means; * = bottleneck, active-period method)")
    table.add_column("station")
    for column in STATION_COLUMNS:
        table.add_column(column.replace("_share", ""), justify="right")
    top = neck.idxmax()
    for name, row in means.iterrows():
        mark = f"* {name}" if name == top else str(name)
        table.add_row(mark, *(_fmt(row[column], "share") for column in STATION_COLUMNS))
    return table


def print_summary(
    console: Console,
    experiments: Mapping[str, ExperimentResult],
    differences: pd.DataFrame | None = None,
) -> None:
    """Print the line table, each station table, and paired differences if given."""
    console.print(line_table(experiments))
    for key, experiment in experiments.items():
        console.print(station_table(key, experiment))
    if differences is not None:
        table = Table(title="Paired difference (second - first, common random numbers)")
        for column in ("kpi", "unit", "mean_difference", "ci_low", "ci_high"):
            table.add_column(column, justify="right" if column != "kpi" else "left")
        for _, row in differences.iterrows():
            unit = row["unit"]
            table.add_row(
                row["kpi"],
                unit,
                _fmt(row["mean_difference"], unit),
                _fmt(row["ci_low"], unit),
                _fmt(row["ci_high"], unit),
            )
        console.print(table)


def run_with_progress(
    console: Console, scenarios: Mapping[str, Scenario], replications: int, seed: int,
    workers: int | None, scheduler: str | None, label: str,
) -> dict[str, ExperimentResult]:
    """Run the scenarios with common random numbers on the chosen executor, with a bar."""
    kind, address = executor_kind(replications * len(scenarios), workers, scheduler)
    bar, update = progress_bar(console, f"{label}: replications")
    with bar, make_executor(kind, workers, address) as executor:
        return run_experiments(scenarios, replications, seed, executor, update)


def progress_bar(console: Console, description: str) -> tuple[Progress, Callable[[int, int], None]]:
    """A rich progress bar and the ``progress(done, total)`` callback that drives it."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task(description, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, update
