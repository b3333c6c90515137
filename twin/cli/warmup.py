"""``gigatwin warmup``: how long a scenario's warm-up should be (MSER-5), with the series behind it.

Runs replications from empty and idle, averages their hourly output per on-shift hour, and
prints the truncation MSER-5 recommends (``twin.experiments.recommend_warmup``). ``--out``
writes ``warmup_series.csv`` (the average and Welch's moving average per hour),
``warmup_mser.csv`` (the statistic per deletion) and ``metadata.json``. The file may be a
scenario YAML or a route parameter file (``route: welded|casting``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from lines.file_reader import read_yaml_mapping
from lines.routes import build_route_scenario, load_route_spec
from lines.scenario_io import load_scenario
from lines.spec import Scenario
from parts_catalog import load_catalog
from twin.cli.errors import fail
from twin.cli.options import OutDir, Scheduler, Seed, Workers, arguments
from twin.cli.output_analysis import warmup_line
from twin.cli.report import console, progress_bar
from twin.experiments import (
    WarmupRecommendation,
    executor_kind,
    make_executor,
    recommend_warmup,
)
from twin.experiments.warmup_runs import DEFAULT_SERIES, SERIES
from twin.outputs import RunMetadata, write_outputs
from twin.runtime.engine import DeadlockError


def warmup_command(
    ctx: typer.Context,
    scenario_file: Annotated[Path, typer.Argument(help="Scenario or route parameter YAML.")],
    kpi: Annotated[str, typer.Option(
        help=f"Hourly series to read the warm-up from: {', '.join(SERIES)} (output_uph: good "
             "units per on-shift hour; wip_units: time-average units in the line).")
    ] = DEFAULT_SERIES,
    replications: Annotated[int, typer.Option(
        help="Replications run from empty (their average is analysed).", min=1,
        max=1000)] = 5,
    seed: Seed = 0,
    run_length_h: Annotated[float | None, typer.Option(
        help="Hours each replication runs from empty (default: the scenario's warm-up + "
             "horizon).", min=1, max=8784)] = None,
    welch_window_h: Annotated[int, typer.Option(
        help="Half-width of Welch's moving average [h].", min=0, max=500)] = 5,
    out: OutDir = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
) -> None:
    """Recommend a warm-up (MSER-5 on runs from empty); print and write the series."""
    if kpi not in SERIES:
        raise fail(f"--kpi {kpi!r}: the engine keeps these hourly series: {', '.join(SERIES)}")
    scenario = scenario_or_fail(scenario_file)
    kind, address = executor_kind(replications, workers, scheduler)
    bar, update = progress_bar(console, f"{scenario.name}: from empty")
    try:
        with bar, make_executor(kind, workers, address) as executor:
            found = recommend_warmup(scenario, replications, seed, executor, run_length_h, kpi,
                                     welch_window_h, update)
    except DeadlockError as error:
        raise fail(str(error)) from None
    except ValueError as error:  # a run too short for MSER-5
        raise fail(f"{scenario_file}: {error}; give a longer --run-length-h") from None
    console.print(recommendation_table(found, scenario))
    typer.echo(warmup_line(scenario.name, found))
    if out is not None:
        write(out, found, scenario, seed, arguments(ctx))


def scenario_or_fail(path: Path) -> Scenario:
    """A scenario file, or the scenario built from a route file; bad input exits 2."""
    try:
        raw = read_yaml_mapping(path, "scenario or route file", "")
        if isinstance(raw, dict) and "route" in raw:
            return build_route_scenario(load_route_spec(path), load_catalog())
        return load_scenario(path)
    except (ValueError, OSError) as error:
        raise fail(str(error)) from None


def recommendation_table(found: WarmupRecommendation, scenario: Scenario) -> Table:
    """The recommendation next to the scenario's own warm-up, with the figures behind it."""
    table = Table(title=f"Warm-up of {scenario.name} (MSER-5, {found.replications} "
                        f"replications from empty, {found.run_length_h:g} h each)")
    table.add_column("figure")
    table.add_column("value", justify="right")
    average = found.average
    rows = [
        ("recommended warm-up (h)", f"{found.warmup_h:g}"),
        ("scenario's warm-up (h)", f"{scenario.warmup_h:g}"),
        ("MSER minimum at (h)", f"{found.hours[found.mser.minimiser]}"),
        ("mean shift of that deletion (standard errors)", f"{found.mser.mean_shift_se:.2f}"),
        ("minimum at the end of the search", "yes: run longer" if found.mser.at_search_limit
         else "no"),
        (f"first 5 on-shift hours, {found.series_name}",
         ", ".join(f"{v:.1f}" for v in average[:5])),
        (f"mean after the warm-up, {found.series_name}",
         f"{sum(average[found.mser.truncation:]) / len(average[found.mser.truncation:]):.2f}"),
    ]
    for figure, value in rows:
        table.add_row(figure, value)
    return table


def write(out: Path, found: WarmupRecommendation, scenario: Scenario, seed: int,
          given: dict[str, object]) -> None:
    """The series, the statistic and ``metadata.json``, all or nothing."""
    metadata = RunMetadata(command="warmup", arguments=given,
                           scenarios={scenario.name: scenario.digest()}, seed=seed,
                           replications=found.replications, details=found.details())
    written = write_outputs(out, {"warmup_series": found.series_table(),
                                  "warmup_mser": found.statistic_table()}, metadata)
    console.print(f"wrote {', '.join(p.name for p in written)} to {out}")
