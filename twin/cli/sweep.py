"""``gigatwin sweep``: a grid of what-if values on one scenario, with common random numbers.

Every grid point runs the same replications (same seeds), so the points can be compared in
pairs. With two or more points and replications, every point is compared with the first
(point 0, the baseline) on each ``--kpi`` by Bonferroni-adjusted paired intervals (the k - 1
intervals hold together with probability >= 95 %), and KN (Kim & Nelson) picks the best
point on the first ``--kpi`` with probability >= 95 % when it beats the others by at least
``--delta``; KN reuses the sweep's replications and adds more to the points still in doubt,
up to ``--max-replications``. ``--out`` then also writes ``sweep_against_baseline.csv`` and
``sweep_selection.csv``, whose columns are named after the KPI (which carries its unit).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
import yaml

from lines.limits import MAX_REPLICATIONS, REPLICATIONS_REASON, at_most_message
from lines.scenario_io import ScenarioError, load_scenario, scenario_to_yaml
from lines.spec import Scenario
from twin.cli import recording
from twin.cli.errors import fail
from twin.cli.options import (
    Days,
    Delta,
    Kpis,
    MaxReplications,
    Replications,
    Scheduler,
    Seed,
    Workers,
    arguments,
    check_out_dir,
)
from twin.cli.output_analysis import (
    kpis_or_fail,
    paired_table,
    selection_line,
)
from twin.cli.report import console, progress_bar
from twin.experiments.executors import executor_kind, make_executor
from twin.experiments.precision import DEFAULT_KPIS
from twin.experiments.selection import LARGER_IS_BETTER, SelectionOutcome, default_delta
from twin.experiments.sweeps import SweepResult, run_sweep
from twin.outputs import experiment_metadata, write_outputs
from twin.runtime.engine import DeadlockError

SweepOut = Annotated[Path | None, typer.Option(
    "--out", help="Directory for sweep_summary.csv, sweep_replications.csv, "
    "sweep_against_baseline.csv, sweep_selection.csv, the scenario and metadata.json.",
    callback=check_out_dir)]
ALPHA = 0.05
"""1 - ALPHA: the family confidence of the intervals and the confidence of the KN pick."""


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
    kpi: Kpis = None,
    delta: Delta = None,
    max_replications: MaxReplications = 200,
    tag: recording.Tag = None,
    note: recording.Note = None,
    no_record: recording.NoRecord = False,
    store: recording.StoreUrl = None,
) -> None:
    """Run a grid of what-if values with common random numbers; compare, pick the best point."""
    kpis_or_fail(kpi)
    chosen = list(kpi or DEFAULT_KPIS)
    grid = dict(parse_set(option) for option in set_)
    runs = replications * math.prod(len(values) for values in grid.values())
    if runs > MAX_REPLICATIONS:
        raise fail(f"--set: the grid needs {runs:,} runs (points x replications); "
                   f"{at_most_message(MAX_REPLICATIONS, REPLICATIONS_REASON)}")
    record = recording.start(store, no_record, tag, note)
    try:
        scenario = load_scenario(scenario_file)
        scenario = scenario.with_changes(horizon_days=days) if days else scenario
        result, tables, analysis = run_grid(scenario, grid, replications, seed, workers,
                                            scheduler, chosen, delta, max_replications)
    except (ScenarioError, DeadlockError) as error:
        raise fail(str(error)) from None
    if out is not None:
        write(out, scenario, grid, result, arguments(ctx), tables, analysis)
    recording.finish(record, ctx, "sweep", dict(zip(
        (f"point {i}" for i in range(len(result.points))), result.experiments, strict=True)),
        out, {"grid": grid, "points": list(result.points), "base_scenario": scenario.name,
              **analysis})


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
             workers: int | None, scheduler: str | None,
             kpis: Sequence[str] = DEFAULT_KPIS, delta: float | None = None,
             max_replications: int = 200
             ) -> tuple[SweepResult, dict[str, pd.DataFrame], dict[str, object]]:
    """Every grid point on the chosen executor (progress bar), printed, then compared.

    Returns the sweep, the comparison tables (empty with one point or one replication) and
    their ``metadata.json`` details.
    """
    tasks = replications * math.prod(len(values) for values in grid.values())
    kind, address = executor_kind(tasks, workers, scheduler)
    bar, update = progress_bar(console, "sweep")
    with make_executor(kind, workers, address) as executor:
        with bar:
            result = run_sweep(scenario, grid, replications, seed, executor, update)
        print_grid(result, list(grid), replications)
        tables, details = compare_points(result, kpis, delta, executor, max_replications)
    return result, tables, details


def compare_points(result: SweepResult, kpis: Sequence[str], delta: float | None,
                   executor: Executor | None = None, max_replications: int = 200,
                   alpha: float = ALPHA) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """Every point against point 0 (Bonferroni) and the KN pick on ``kpis[0]``; printed.

    Needs two points and two replications; otherwise it says why and returns nothing.
    """
    replications = len(result.experiments[0].results)
    if len(result.points) < 2 or replications < 2:
        console.print("One grid point or one replication: no comparison between points "
                      "(give two values to --set and --replications 2 or more).", markup=False)
        return {}, {}
    paired = result.against_first(kpis, alpha)
    console.print(f"baseline: point 0 {result.points[0]}", markup=False)
    console.print(paired_table(paired, alpha))
    kpi = kpis[0]
    if delta is None:
        delta = default_delta(result.experiments[0].replications[kpi].astype(float).mean())
    best, outcome = result.best_point(kpi, delta, alpha, executor, max_replications)
    console.print(selection_line(f"point {best} {result.points[best]}", kpi,
                                 outcome.guaranteed, delta, alpha), markup=False)
    tables = {"sweep_against_baseline": against_baseline_table(result, paired),
              "sweep_selection": selection_csv(result, kpi, outcome)}
    details: dict[str, object] = {
        "against_baseline": {"baseline_point": 0, "kpis": list(kpis), "alpha": alpha,
                             "method": "Bonferroni paired t (ratio KPIs: delta method), "
                                       "common random numbers"},
        "selection": {"method": "KN (Kim & Nelson 2001), common random numbers", "kpi": kpi,
                      "delta": delta, "alpha": alpha, "n0": outcome.n0, "picked_point": best,
                      "picked_settings": result.points[best],
                      "guaranteed": outcome.guaranteed,
                      "larger_is_better": kpi in LARGER_IS_BETTER,
                      "replications": list(outcome.replications)}}
    return tables, details


def against_baseline_table(result: SweepResult, paired: pd.DataFrame) -> pd.DataFrame:
    """One row per point after the first: its settings, then per KPI the paired difference.

    Columns end with the KPI's name (which carries its unit): ``difference_<kpi>``,
    ``ci_low_<kpi>``, ``ci_high_<kpi>``, ``differs_<kpi>``.
    """
    rows = []
    for point, group in paired.groupby("variant", sort=True):
        row: dict[str, Any] = {"point": point, "baseline_point": 0, **result.points[point]}
        for found in group.itertuples():
            row |= {f"difference_{found.kpi}": found.mean_difference,
                    f"ci_low_{found.kpi}": found.ci_low, f"ci_high_{found.kpi}": found.ci_high,
                    f"differs_{found.kpi}": found.differs}
        row |= {"replication_pairs_count": int(group["n"].min()),
                "confidence_each_share": float(group["confidence_each"].iloc[0]),
                "family_confidence_share": float(group["family_confidence"].iloc[0])}
        rows.append(row)
    return pd.DataFrame(rows)


def selection_csv(result: SweepResult, kpi: str, outcome: SelectionOutcome) -> pd.DataFrame:
    """One row per point: its settings, KN's mean of ``kpi``, replications used, the pick."""
    return pd.DataFrame([{
        "point": i, **point, f"mean_{kpi}": outcome.means[i],
        "replications_count": outcome.replications[i],
        "eliminated_at_replications_count": pd.NA if outcome.eliminated_at[i] is None
        else outcome.eliminated_at[i],
        "picked": i == outcome.best, f"delta_{kpi}": outcome.delta,
        "alpha_share": outcome.alpha, "first_stage_replications_count": outcome.n0,
        "maximise": outcome.maximise, "guaranteed": outcome.guaranteed,
    } for i, point in enumerate(result.points)])


def print_grid(result: SweepResult, paths: list[str], replications: int) -> None:
    """Throughput with its confidence interval at each grid point."""
    table = result.summary.query("kpi == 'throughput_uph'")[[*paths, "mean", "ci_low", "ci_high"]]
    console.print(
        f"throughput [units/h] over the grid ({replications} replications per point)", markup=False
    )
    console.print(table.to_string(index=False))


def write(out: Path, scenario: Scenario, grid: dict[str, list[object]], result: SweepResult,
          given: dict[str, object], comparison: dict[str, pd.DataFrame] | None = None,
          analysis: dict[str, object] | None = None) -> None:
    """The sweep tables (and the comparison's), the base scenario and ``metadata.json``."""
    points = {f"point {i}": experiment for i, experiment in enumerate(result.experiments)}
    details = {"grid": grid, "points": list(result.points), "base_scenario": scenario.name,
               "base_scenario_sha256_16": scenario.digest(), **(analysis or {})}
    tables = {"sweep_summary": result.summary, "sweep_replications": result.replications,
              **(comparison or {})}
    written = write_outputs(out, tables, experiment_metadata(points, "sweep", given, details),
                            {"scenario.yaml": scenario_to_yaml(scenario)})
    console.print(f"wrote {', '.join(p.name for p in written)} to {out}")
