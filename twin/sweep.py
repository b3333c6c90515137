"""Parameter sweeps: a grid of what-if overrides, each run with the same seeds.

Every grid point runs replications 0..n-1 with the same seed, so the points share their
random numbers (common random numbers) and differences between points are not noise from
different draws. All (point, replication) tasks go to one executor, so a sweep fills a
process pool or a Dask cluster.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lines.overrides import apply_overrides
from lines.spec import Scenario
from twin.engine import run_replication
from twin.executors import SerialExecutor
from twin.experiment import ExperimentResult, Progress
from twin.kpis import LINE_UNITS, confidence_interval
from twin.results import ReplicationResult


def expand_grid(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every combination of the values in ``grid`` (the first path varies slowest)."""
    paths = list(grid)
    return [
        dict(zip(paths, values, strict=True))
        for values in itertools.product(*(grid[p] for p in paths))
    ]


@dataclass(frozen=True)
class SweepResult:
    """The experiments of a sweep, one per grid point, in grid order."""

    points: tuple[dict[str, Any], ...]
    experiments: tuple[ExperimentResult, ...]

    @property
    def replications(self) -> pd.DataFrame:
        """Line KPIs per grid point and replication, with one column per swept parameter."""
        frames = [
            e.replications.assign(point=i, **_columns(p))
            for i, (p, e) in enumerate(zip(self.points, self.experiments, strict=True))
        ]
        return pd.concat(frames, ignore_index=True)

    @property
    def summary(self) -> pd.DataFrame:
        """Mean and confidence interval of each line KPI at each grid point (tidy)."""
        rows = []
        for i, (point, experiment) in enumerate(zip(self.points, self.experiments, strict=True)):
            reps = experiment.replications
            for kpi, unit in LINE_UNITS.items():
                mean, sd, low, high, n = confidence_interval(reps[kpi], experiment.confidence)
                rows.append(
                    {
                        "point": i,
                        **_columns(point),
                        "kpi": kpi,
                        "unit": unit,
                        "mean": mean,
                        "sd": sd,
                        "ci_low": low,
                        "ci_high": high,
                        "n": n,
                    }
                )
        return pd.DataFrame(rows)


def _columns(point: Mapping[str, Any]) -> dict[str, Any]:
    return {path: value for path, value in point.items()}


def run_sweep(
    scenario: Scenario,
    grid: Mapping[str, Sequence[Any]],
    replications: int = 5,
    seed: int = 0,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> SweepResult:
    """Run every grid point of ``grid`` (paths as in :func:`lines.overrides.apply_overrides`)."""
    points = expand_grid(grid)
    variants = [apply_overrides(scenario, point) for point in points]  # validate all first
    tasks = [(i, r) for i in range(len(variants)) for r in range(replications)]
    results: dict[int, list[ReplicationResult]] = {i: [] for i in range(len(variants))}
    if executor is None or isinstance(executor, SerialExecutor):  # report as each one ends
        for done, (i, r) in enumerate(tasks, start=1):
            results[i].append(run_replication(variants[i], r, seed))
            if progress:
                progress(done, len(tasks))
    else:
        futures = {executor.submit(run_replication, variants[i], r, seed): i for i, r in tasks}
        for done, future in enumerate(as_completed(futures), start=1):
            results[futures[future]].append(future.result())
            if progress:
                progress(done, len(tasks))
    experiments = tuple(
        ExperimentResult(variant, seed, tuple(sorted(results[i], key=lambda x: x.replication)))
        for i, variant in enumerate(variants)
    )
    return SweepResult(tuple(points), experiments)
