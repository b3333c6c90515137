"""``gigatwin run``: replications of one scenario file, KPIs with confidence intervals, CSVs.

Several files (``gigatwin run A.yaml B.yaml C.yaml``) run with common random numbers; they are
compared against the first with Bonferroni-adjusted paired intervals and the best one is
picked by KN (``twin.cli.output_analysis``). ``--warmup-h auto`` and ``--precision`` choose
the warm-up and the number of replications.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from lines.scenario_io import load_scenario
from lines.spec import Scenario
from twin.cli import recording
from twin.cli.errors import fail
from twin.cli.options import (
    BatchMeans,
    Days,
    Delta,
    Kpis,
    MaxReplications,
    OutDir,
    Precision,
    Replications,
    Scheduler,
    Seed,
    WarmupHOrAuto,
    Workers,
    arguments,
)
from twin.cli.output_analysis import (
    AUTO,
    auto_warmups,
    batch_means_report,
    check_variants_or_fail,
    kpis_or_fail,
    precision_details,
    run_experiments_cli,
    variants,
    warmup_details,
)
from twin.cli.report import console, print_summary
from twin.experiments.replications import ExperimentResult
from twin.outputs import experiment_metadata, write_experiments
from twin.runtime.engine import DeadlockError


def run_command(
    ctx: typer.Context,
    scenario_file: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    more_scenarios: Annotated[list[Path] | None, typer.Argument(
        help="More scenario files: compared against the first (common random numbers).",
        show_default=False)] = None,
    days: Days = None,
    replications: Replications = 10,
    seed: Seed = 0,
    out: OutDir = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    warmup_h: WarmupHOrAuto = None,
    precision: Precision = None,
    max_replications: MaxReplications = 200,
    kpi: Kpis = None,
    delta: Delta = None,
    batch_means: BatchMeans = False,
    tag: recording.Tag = None,
    note: recording.Note = None,
    no_record: recording.NoRecord = False,
    store: recording.StoreUrl = None,
) -> None:
    """Run replications of a scenario; print KPIs with confidence intervals; write CSVs."""
    files = [scenario_file, *(more_scenarios or [])]
    hours = None if warmup_h == AUTO else warmup_h
    scenarios = named({path: load_or_fail(path, days, hours) for path in files})
    kpis_or_fail(kpi)
    check_variants_or_fail(len(scenarios), replications, precision)
    if batch_means and (precision is not None or len(scenarios) > 1):
        raise fail("--batch-means is one long run of one scenario: not with --precision or "
                   "several scenario files")
    record = recording.start(store, no_record, tag, note)
    extra, details = {}, {}
    try:
        if warmup_h == AUTO:
            scenarios, found = auto_warmups(console, scenarios, seed, workers, scheduler)
            details.update(warmup_details(found))
        experiments, outcome = run_experiments_cli(
            console, scenarios, 1 if batch_means else replications, seed, workers, scheduler,
            next(iter(scenarios)), precision, kpi, max_replications)
        print_summary(console, experiments)
        if batch_means:
            extra["batch_means"], more = batch_means_report(console, experiments)
            details.update(more)
        if outcome is not None:
            extra["precision"] = outcome.achieved
            details.update(precision_details(outcome))
        if len(scenarios) > 1:
            tables, more = variants(console, scenarios, experiments, kpi, delta, seed, workers,
                                    scheduler, max_replications)
            extra.update(tables)
            details.update(more)
    except DeadlockError as error:
        raise fail(str(error)) from None
    if out is not None:
        write(out, experiments, arguments(ctx), extra, details)
    recording.finish(record, ctx, "run", experiments, out, details)


def named(scenarios: dict[Path, Scenario]) -> dict[str, Scenario]:
    """Scenarios keyed by name; by file name where names repeat, numbered if that repeats."""
    names = [s.name for s in scenarios.values()]
    keys = [s.name if names.count(s.name) == 1 else path.stem
            for path, s in scenarios.items()]
    keys = [k if keys.count(k) == 1 else f"{k}_{i + 1}" for i, k in enumerate(keys)]
    return dict(zip(keys, scenarios.values(), strict=True))


def load_or_fail(path: Path, days: float | None, warmup_h: float | str | None) -> Scenario:
    """The scenario file with the run-length options applied; bad input exits 2."""
    changes = {k: v for k, v in {"horizon_days": days, "warmup_h": warmup_h}.items()
               if v is not None}
    try:
        scenario = load_scenario(path)
        return scenario.with_changes(**changes) if changes else scenario
    except ValueError as error:  # ScenarioError, or a run length the scenario rejects
        raise fail(str(error)) from None


def write(out: Path, experiments: dict[str, ExperimentResult], given: dict[str, object],
          extra: dict[str, pd.DataFrame] | None = None,
          details: dict[str, object] | None = None) -> None:
    """The KPI tables, the scenario and ``metadata.json``, all or nothing."""
    written = write_experiments(out, experiments, extra_tables=extra,
                                metadata=experiment_metadata(experiments, "run", given, details))
    console.print(f"wrote {', '.join(p.name for p in written)} to {out}")
