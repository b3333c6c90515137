"""Experiments: replications of a scenario with confidence intervals, and paired comparisons.

Replication i of an experiment with seed s runs with the random streams of (s, i), whatever
executor runs it, so an experiment is reproduced exactly by its scenario and seed. Two
scenarios run with the same seed share their random numbers element by element (common
random numbers), so their difference is estimated from paired replications.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass

import pandas as pd

from lines.spec import Scenario
from twin.engine import run_replication
from twin.executors import SerialExecutor
from twin.kpis import LINE_UNITS, paired_difference, replications_table, stations_table, summarise
from twin.results import ReplicationResult

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
    if replications < 1:
        raise ValueError(f"replications must be >= 1, got {replications}")
    if executor is None or isinstance(executor, SerialExecutor):  # report as each one ends
        results = []
        for index in range(replications):
            results.append(run_replication(scenario, index, seed))
            if progress:
                progress(index + 1, replications)
        return tuple(results)
    futures = [executor.submit(run_replication, scenario, i, seed) for i in range(replications)]
    done = []
    for count, future in enumerate(as_completed(futures), start=1):
        done.append(future.result())
        if progress:
            progress(count, replications)
    return tuple(sorted(done, key=lambda r: r.replication))


def run_experiments(
    scenarios: dict[str, Scenario],
    replications: int = 10,
    seed: int = 0,
    executor: Executor | None = None,
    progress: Progress | None = None,
    confidence: float = 0.95,
) -> dict[str, ExperimentResult]:
    """Run several scenarios with the same seed (common random numbers), all tasks at once.

    Submitting every (scenario, replication) pair together keeps all workers busy until the
    end, instead of idling while the last replications of the first scenario finish.
    """
    if executor is None:
        executor = SerialExecutor()
    if isinstance(executor, SerialExecutor):  # runs each task on submit: report as they go
        done_count, total = 0, replications * len(scenarios)
        results: dict[str, list[ReplicationResult]] = {}
        for key, scenario in scenarios.items():
            results[key] = []
            for i in range(replications):
                results[key].append(run_replication(scenario, i, seed))
                done_count += 1
                if progress:
                    progress(done_count, total)
        return {key: ExperimentResult(scenarios[key], seed, tuple(r), confidence)
                for key, r in results.items()}
    futures = {executor.submit(run_replication, scenario, i, seed): key
               for key, scenario in scenarios.items() for i in range(replications)}
    done: dict[str, list[ReplicationResult]] = {key: [] for key in scenarios}
    for count, future in enumerate(as_completed(futures), start=1):
        done[futures[future]].append(future.result())
        if progress:
            progress(count, len(futures))
    return {key: ExperimentResult(scenarios[key], seed,
                                  tuple(sorted(results, key=lambda r: r.replication)), confidence)
            for key, results in done.items()}


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
