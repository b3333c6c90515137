"""``gigatwin run``: replications of one scenario file, KPIs with confidence intervals, CSVs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lines.scenario_io import load_scenario
from lines.spec import Scenario
from twin.cli.errors import fail
from twin.cli.options import (
    Days,
    OutDir,
    Replications,
    Scheduler,
    Seed,
    WarmupH,
    Workers,
    arguments,
)
from twin.cli.report import console, print_summary, run_with_progress
from twin.experiments.replications import ExperimentResult
from twin.outputs import experiment_metadata, write_experiments
from twin.runtime.engine import DeadlockError


def run_command(
    ctx: typer.Context,
    scenario_file: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    days: Days = None,
    replications: Replications = 10,
    seed: Seed = 0,
    out: OutDir = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    warmup_h: WarmupH = None,
) -> None:
    """Run replications of a scenario; print KPIs with confidence intervals; write CSVs."""
    scenario = load_or_fail(scenario_file, days, warmup_h)
    try:
        experiments = run_with_progress(console, {scenario.name: scenario}, replications, seed,
                                        workers, scheduler, scenario.name)
    except DeadlockError as error:
        raise fail(str(error)) from None
    print_summary(console, experiments)
    if out is not None:
        write(out, experiments, arguments(ctx))


def load_or_fail(path: Path, days: float | None, warmup_h: float | None) -> Scenario:
    """The scenario file with the run-length options applied; bad input exits 2."""
    changes = {k: v for k, v in {"horizon_days": days, "warmup_h": warmup_h}.items()
               if v is not None}
    try:
        scenario = load_scenario(path)
        return scenario.with_changes(**changes) if changes else scenario
    except ValueError as error:  # ScenarioError, or a run length the scenario rejects
        raise fail(str(error)) from None


def write(out: Path, experiments: dict[str, ExperimentResult], given: dict[str, object]) -> None:
    """The KPI tables, the scenario and ``metadata.json``, all or nothing."""
    written = write_experiments(out, experiments,
                                metadata=experiment_metadata(experiments, "run", given))
    console.print(f"wrote {', '.join(p.name for p in written)} to {out}")
