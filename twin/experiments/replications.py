"""Experiments: replications of a scenario with confidence intervals, and paired comparisons.

Replication i of an experiment with seed s runs with the random streams of (s, i), whatever
executor runs it, so an experiment is reproduced exactly by its scenario and seed. Two
scenarios run with the same seed share their random numbers element by element (common
random numbers), so their difference is estimated from paired replications.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd

from lines.spec import Scenario
from twin.experiments.executors import SerialExecutor
from twin.experiments.kpis import (
    LINE_UNITS,
    paired_difference,
    replications_table,
    stations_table,
    summarise,
)
from twin.runtime.engine import run_replication
from twin.runtime.results import ReplicationResult

K = TypeVar("K", bound=Hashable)
Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each finished replication."""


@dataclass(frozen=True)
class ExperimentResult:
    """The replications of one scenario and their KPI tables."""

    scenario: Scenario
    seed: int
    results: tuple[ReplicationResult, ...]
    confidence: float = 0.95

    @property
    def replications(self) -> pd.DataFrame:
        """Line KPIs, one row per replication."""
        return replications_table(self.results)

    @property
    def stations(self) -> pd.DataFrame:
        """Station KPIs, one row per replication and station."""
        return stations_table(self.results)

    @property
    def summary(self) -> pd.DataFrame:
        """Mean, standard deviation and confidence interval of every KPI."""
        return summarise(self.replications, self.stations, self.confidence)


def run_replications(
    scenario: Scenario,
    replications: int = 10,
    seed: int = 0,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> tuple[ReplicationResult, ...]:
    """Run replications 0..n-1 of ``scenario`` on ``executor`` (serial if None)."""
    return run_experiments({"": scenario}, replications, seed, executor, progress)[""].results


def run_experiments(
    scenarios: Mapping[K, Scenario],
    replications: int = 10,
    seed: int = 0,
    executor: Executor | None = None,
    progress: Progress | None = None,
    confidence: float = 0.95,
) -> dict[K, ExperimentResult]:
    """Run several scenarios with the same seed (common random numbers), all tasks at once.

    Submitting every (scenario, replication) pair together keeps all workers busy until the
    end, instead of idling while the last replications of the first scenario finish.
    """
    if replications < 1:
        raise ValueError(f"replications must be >= 1, got {replications}")
    tasks = [(key, i) for key in scenarios for i in range(replications)]
    done: dict[K, list[ReplicationResult]] = {key: [] for key in scenarios}
    for count, (key, result) in enumerate(_finished(tasks, scenarios, seed, executor), 1):
        done[key].append(result)
        if progress:
            progress(count, len(tasks))
    return {key: ExperimentResult(scenarios[key], seed,
                                  tuple(sorted(results, key=lambda r: r.replication)), confidence)
            for key, results in done.items()}


def run_replication_range(
    scenarios: Mapping[K, Scenario],
    replications: range,
    seed: int = 0,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> dict[K, list[ReplicationResult]]:
    """Replications ``replications`` (e.g. ``range(10, 15)``) of each scenario, by number.

    For procedures that add replications in stages (precision, ranking and selection):
    replication i is the same whichever stage or executor runs it.
    """
    tasks = [(key, i) for key in scenarios for i in replications]
    done: dict[K, list[ReplicationResult]] = {key: [] for key in scenarios}
    for count, (key, result) in enumerate(_finished(tasks, scenarios, seed, executor), 1):
        done[key].append(result)
        if progress:
            progress(count, len(tasks))
    return {key: sorted(results, key=lambda r: r.replication) for key, results in done.items()}


def _finished(
    tasks: list[tuple[K, int]], scenarios: Mapping[K, Scenario], seed: int,
    executor: Executor | None,
) -> Iterator[tuple[K, ReplicationResult]]:
    """Each task's result as it finishes: one by one here, or as the executor's workers end."""
    if executor is None or isinstance(executor, SerialExecutor):
        for key, i in tasks:
            yield key, run_replication(scenarios[key], i, seed)
        return
    futures = {executor.submit(run_replication, scenarios[key], i, seed): key for key, i in tasks}
    for future in as_completed(futures):
        yield futures[future], future.result()


def run_experiment(
    scenario: Scenario,
    replications: int = 10,
    seed: int = 0,
    executor: Executor | None = None,
    progress: Progress | None = None,
    confidence: float = 0.95,
) -> ExperimentResult:
    """Run ``replications`` of ``scenario`` and return them with their KPI tables."""
    results = run_replications(scenario, replications, seed, executor, progress)
    return ExperimentResult(scenario, seed, results, confidence)


def compare(baseline: ExperimentResult, alternative: ExperimentResult) -> pd.DataFrame:
    """Paired differences (alternative - baseline) of the line KPIs, with confidence intervals."""
    if baseline.seed != alternative.seed:
        raise ValueError("compare experiments run with the same seed (common random numbers)")
    return paired_difference(
        baseline.replications, alternative.replications, list(LINE_UNITS), baseline.confidence
    )
