"""Parameter sweeps: a grid of what-if overrides, each run with the same seeds.

Every grid point runs replications 0..n-1 with the same seed, so the points share their
random numbers (common random numbers) and differences between points are not noise from
different draws. All (point, replication) tasks go to one executor, so a sweep fills a
process pool or a Dask cluster. Ratio KPIs are summarised as in ``summary.csv`` (ratio of
totals, delta method). :meth:`SweepResult.against_first` compares every point with the first
(Bonferroni), :meth:`SweepResult.best_point` picks the best one with KN.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lines.overrides import apply_overrides
from lines.spec import Scenario
from twin.experiments.kpis import LINE_UNITS, kpi_interval
from twin.experiments.replications import ExperimentResult, Progress, run_experiments
from twin.experiments.selection import SelectionOutcome, paired_against_baseline, select_best


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
            e.replications.assign(point=i, **p)
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
                mean, sd, low, high, n = kpi_interval(reps, kpi, experiment.confidence)
                rows.append(
                    {
                        "point": i,
                        **point,
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

    def against_first(self, kpis: Sequence[str], alpha: float = 0.05) -> pd.DataFrame:
        """Every point minus point 0 per KPI, paired, Bonferroni-adjusted (``variant`` = point)."""
        tables = {i: e.replications for i, e in enumerate(self.experiments)}
        return paired_against_baseline(tables, 0, kpis, alpha)

    def best_point(
        self, kpi: str, delta: float, alpha: float = 0.05, executor: Executor | None = None,
        max_replications: int = 200,
    ) -> tuple[int, SelectionOutcome]:
        """The point KN picks on ``kpi`` (indifference zone ``delta``), reusing the sweep's runs.

        Returns the point number and the outcome; more replications of the surviving points
        run on ``executor`` if the sweep's are not enough to separate them.
        """
        first = self.experiments[0]
        scenarios = {i: e.scenario for i, e in enumerate(self.experiments)}
        best, outcome, _ = select_best(
            scenarios, kpi, delta, alpha, len(first.results), first.seed, executor,
            max_replications=max(max_replications, len(first.results)),
            done={i: e.results for i, e in enumerate(self.experiments)})
        return best, outcome


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
    runs = run_experiments(dict(enumerate(variants)), replications, seed, executor, progress)
    experiments = tuple(runs[i] for i in range(len(variants)))
    return SweepResult(tuple(points), experiments)
