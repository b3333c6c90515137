"""The ``gigatwin`` command line: thin wrappers that parse options and call the public API."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.console import Console

from lines.scenario_io import ScenarioError, load_scenario, scenario_to_yaml
from lines.spec import Scenario
from twin.cli import compare, cost, parts, train_defects
from twin.cli.report import print_summary, progress_bar, run_with_progress
from twin.experiments.executors import executor_kind, make_executor
from twin.experiments.sweeps import run_sweep
from twin.outputs.atomic import atomic_directory, atomic_write_csv, atomic_write_text
from twin.outputs.writer import versions, write_experiments
from twin.runtime.engine import DeadlockError

app = typer.Typer(
    name="gigatwin",
    help="Digital twin of car-body manufacturing: welded body-in-white versus giga-casting.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)


Days = Annotated[
    float | None,
    typer.Option(help="Measured days after the warm-up (overrides the scenario).", min=0.001),
]
Replications = Annotated[int, typer.Option(help="Independent replications.", min=1)]
Seed = Annotated[
    int, typer.Option(help="Root seed; replication i uses the streams of (seed, i).", min=0)
]
Workers = Annotated[
    int | None,
    typer.Option(help="Local worker processes (default: one per core; 1 = run here).", min=1),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        help="Dask scheduler address, e.g. tcp://host:8786, or 'local' for a local Dask cluster."
    ),
]
OutDir = Annotated[
    Path | None, typer.Option("--out", help="Directory for the CSV files and metadata.json.")
]


def fail(message: str) -> typer.Exit:
    """Print ``message`` to stderr and return the exit for bad input (status 2)."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


@app.command("run")
def run_command(
    scenario_file: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    days: Days = None,
    replications: Replications = 10,
    seed: Seed = 0,
    out: OutDir = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    warmup_h: Annotated[
        float | None, typer.Option(help="Warm-up hours (overrides the scenario).", min=0)
    ] = None,
) -> None:
    """Run replications of a scenario; print KPIs with confidence intervals; write CSVs."""
    try:
        scenario = load_scenario(scenario_file)
        changes = {
            k: v for k, v in {"horizon_days": days, "warmup_h": warmup_h}.items() if v is not None
        }
        scenario = scenario.with_changes(**changes) if changes else scenario
    except ScenarioError as error:
        raise fail(str(error)) from None
    try:
        experiment = run_with_progress(
            console, {scenario.name: scenario}, replications, seed, workers, scheduler,
            scenario.name)[scenario.name]
    except DeadlockError as error:
        raise fail(str(error)) from None
    print_summary(console, {scenario.name: experiment})
    if out is not None:
        written = write_experiments(out, {scenario.name: experiment})
        console.print(f"wrote {', '.join(p.name for p in written)} to {out}")


def parse_set(option: str) -> tuple[str, list[object]]:
    """``path=v1,v2,...`` -> (path, values); each value is read as YAML (numbers, null, ...)."""
    path, sep, values = option.partition("=")
    if not sep or not path or not values:
        raise fail(
            f"--set {option!r}: expected PATH=VALUE[,VALUE...], e.g. stations.weld.machines=1,2"
        )
    return path.strip(), [yaml.safe_load(v) for v in values.split(",")]


@app.command("sweep")
def sweep_command(
    scenario_file: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    set_: Annotated[
        list[str],
        typer.Option("--set", help="PATH=V1,V2,... e.g. stations.weld.buffer_capacity=0,2,4"),
    ],
    days: Days = None,
    replications: Replications = 5,
    seed: Seed = 0,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Directory for sweep_summary.csv, sweep_replications.csv, the scenario "
        "and metadata.json.")] = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
) -> None:
    """Run a grid of what-if values with common random numbers; print and write the KPIs."""
    grid = dict(parse_set(option) for option in set_)
    try:
        scenario = load_scenario(scenario_file)
        scenario = scenario.with_changes(horizon_days=days) if days else scenario
        tasks = replications * math.prod(len(values) for values in grid.values())
        kind, address = executor_kind(tasks, workers, scheduler)
        bar, update = progress_bar(console, "sweep")
        with bar, make_executor(kind, workers, address) as executor:
            result = run_sweep(scenario, grid, replications, seed, executor, update)
    except (ScenarioError, DeadlockError) as error:
        raise fail(str(error)) from None
    summary = result.summary
    table = summary.query("kpi == 'throughput_uph'")[[*grid, "mean", "ci_low", "ci_high"]]
    console.print(
        f"throughput [units/h] over the grid ({replications} replications per point)", markup=False
    )
    console.print(table.to_string(index=False))
    if out is not None:
        with atomic_directory(out) as staging:
            atomic_write_csv(staging / "sweep_summary.csv", summary)
            atomic_write_csv(staging / "sweep_replications.csv", result.replications)
            atomic_write_text(staging / "scenario.yaml", scenario_to_yaml(scenario))
            atomic_write_text(staging / "metadata.json", json.dumps({
                "scenario": scenario.name, "scenario_sha256_16": scenario.digest(),
                "grid": grid, "seed": seed, "replications": replications,
                "versions": versions()}, indent=2, default=str) + "\n")
        console.print(f"wrote sweep_summary.csv, sweep_replications.csv, metadata.json to {out}")


@app.command("schema")
def schema_command(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the schema here instead of printing it.")
    ] = None,
) -> None:
    """Print (or write) the JSON Schema of scenario files, for editors and validators."""
    text = json.dumps(Scenario.model_json_schema(), indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(out, text)
        console.print(f"wrote {out}")


for _module in (parts, train_defects, compare, cost):
    _module.register(app)


def main() -> None:
    """Entry point of the ``gigatwin`` console script."""
    app()


if __name__ == "__main__":
    main()
