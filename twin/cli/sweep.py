"""``gigatwin sweep``: a grid of what-if values on one scenario, with common random numbers."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer
import yaml

from lines.limits import MAX_REPLICATIONS, REPLICATIONS_REASON, at_most_message
from lines.scenario_io import ScenarioError, load_scenario, scenario_to_yaml
from lines.spec import Scenario
from twin.cli import recording
from twin.cli.errors import fail
from twin.cli.options import (
    Days,
    Replications,
    Scheduler,
    Seed,
    Workers,
    arguments,
    check_out_dir,
)
from twin.cli.report import console, progress_bar
from twin.experiments.executors import executor_kind, make_executor
from twin.experiments.sweeps import SweepResult, run_sweep
from twin.outputs import experiment_metadata, write_outputs
from twin.runtime.engine import DeadlockError

SweepOut = Annotated[Path | None, typer.Option(
    "--out", help="Directory for sweep_summary.csv, sweep_replications.csv, the scenario "
    "and metadata.json.", callback=check_out_dir)]


def sweep_command(
    ctx: typer.Context,
    scenario_file: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    set_: Annotated[
        list[str],
        typer.Option("--set", help="PATH=V1,V2,... e.g. stations.weld.buffer_capacity=0,2,4"),
    ],
    days: Days = None,
    replications: Replications = 5,
    seed: Seed = 0,
    out: SweepOut = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    tag: recording.Tag = None,
    note: recording.Note = None,
    no_record: recording.NoRecord = False,
    store: recording.StoreUrl = None,
) -> None:
    """Run a grid of what-if values with common random numbers; print and write the KPIs."""
    grid = dict(parse_set(option) for option in set_)
    runs = replications * math.prod(len(values) for values in grid.values())
    if runs > MAX_REPLICATIONS:
        raise fail(f"--set: the grid needs {runs:,} runs (points x replications); "
                   f"{at_most_message(MAX_REPLICATIONS, REPLICATIONS_REASON)}")
    record = recording.start(store, no_record, tag, note)
    try:
        scenario = load_scenario(scenario_file)
        scenario = scenario.with_changes(horizon_days=days) if days else scenario
        result = run_grid(scenario, grid, replications, seed, workers, scheduler)
    except (ScenarioError, DeadlockError) as error:
        raise fail(str(error)) from None
    print_grid(result, list(grid), replications)
    if out is not None:
        write(out, scenario, grid, result, arguments(ctx))
    recording.finish(record, ctx, "sweep", dict(zip(
        (f"point {i}" for i in range(len(result.points))), result.experiments, strict=True)),
        out, {"grid": grid, "points": list(result.points), "base_scenario": scenario.name})


def parse_set(option: str) -> tuple[str, list[object]]:
    """``path=v1,v2,...`` -> (path, values); each value is read as YAML (numbers, null, ...)."""
    path, sep, values = option.partition("=")
    if not sep or not path or not values:
        raise fail(
            f"--set {option!r}: expected PATH=VALUE[,VALUE...], e.g. stations.weld.machines=1,2"
        )
    try:
        return path.strip(), [yaml.safe_load(v) for v in values.split(",")]
    except yaml.YAMLError as error:
        raise fail(f"--set {option!r}: a value is not valid YAML ({error})") from None


def run_grid(scenario: Scenario, grid: dict[str, list[object]], replications: int, seed: int,
             workers: int | None, scheduler: str | None) -> SweepResult:
    """Every grid point on the chosen executor, with a progress bar."""
    tasks = replications * math.prod(len(values) for values in grid.values())
    kind, address = executor_kind(tasks, workers, scheduler)
    bar, update = progress_bar(console, "sweep")
    with bar, make_executor(kind, workers, address) as executor:
        return run_sweep(scenario, grid, replications, seed, executor, update)


def print_grid(result: SweepResult, paths: list[str], replications: int) -> None:
    """Throughput with its confidence interval at each grid point."""
    table = result.summary.query("kpi == 'throughput_uph'")[[*paths, "mean", "ci_low", "ci_high"]]
    console.print(
        f"throughput [units/h] over the grid ({replications} replications per point)", markup=False
    )
    console.print(table.to_string(index=False))


def write(out: Path, scenario: Scenario, grid: dict[str, list[object]], result: SweepResult,
          given: dict[str, object]) -> None:
    """Both sweep tables, the base scenario and ``metadata.json``, all or nothing."""
    points = {f"point {i}": experiment for i, experiment in enumerate(result.experiments)}
    details = {"grid": grid, "points": list(result.points), "base_scenario": scenario.name,
               "base_scenario_sha256_16": scenario.digest()}
    tables = {"sweep_summary": result.summary, "sweep_replications": result.replications}
    written = write_outputs(out, tables, experiment_metadata(points, "sweep", given, details),
                            {"scenario.yaml": scenario_to_yaml(scenario)})
    console.print(f"wrote {', '.join(p.name for p in written)} to {out}")
