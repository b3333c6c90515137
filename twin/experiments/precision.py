"""Replications to a precision: add replications until every chosen KPI is known well enough.

The rule (Hoad, Robinson & Davies 2010, the automated replications algorithm also in the
``sim-tools`` package): after each replication n >= ``initial``, compute the relative
half-width of the confidence interval, half-width / |estimate|, of every chosen KPI of every
scenario. The first n where all are at or below the target is a candidate; it is accepted
only if the target still holds at every n up to n + look-ahead (5 replications, or 5 % of n
beyond 100), so one lucky replication does not stop the experiment early. The experiment
uses all the replications up to the accepted point, whose precision is therefore also at or
below the target.

Replications run in stages of ``batch`` on any executor, but every decision is taken
replication by replication in replication order, and replications beyond the stopping point
are dropped: the same seed gives the same stopping point and the same numbers, serially or
in parallel, whatever the stage size.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import TypeVar

import pandas as pd

from lines.spec import Scenario
from twin.experiments.kpis import LINE_UNITS, kpi_interval, replications_table
from twin.experiments.replications import ExperimentResult, Progress, run_replication_range
from twin.runtime.results import ReplicationResult

K = TypeVar("K", bound=Hashable)
DEFAULT_KPIS = ("throughput_on_shift_uph",)


@dataclass(frozen=True)
class PrecisionRule:
    """How precise each KPI must be, and how replications are added."""

    target: float
    """Largest accepted relative half-width of the confidence interval (0.02 = +/- 2 %)."""
    kpis: tuple[str, ...] = DEFAULT_KPIS
    initial: int = 10
    """Replications before the first check (at least 3)."""
    batch: int = 5
    """Replications run per stage (a fixed number: it never changes the stopping point)."""
    look_ahead: int = 5
    """Replications the target must keep holding for (5 % of n beyond 100 replications)."""
    max_replications: int = 200
    confidence: float = 0.95

    def __post_init__(self) -> None:
        if not 0 < self.target < 1:
            raise ValueError(f"precision target must be in (0, 1), got {self.target}")
        if self.initial < 3:
            raise ValueError(f"initial replications must be >= 3, got {self.initial}")
        if self.max_replications < self.initial:
            raise ValueError(f"max replications ({self.max_replications}) must be >= the "
                             f"initial replications ({self.initial})")
        if self.batch < 1 or self.look_ahead < 0:
            raise ValueError("batch must be >= 1 and look-ahead >= 0")
        if not self.kpis:
            raise ValueError("the precision rule must name at least one KPI")

    def look_ahead_at(self, n: int) -> int:
        """Replications the target must hold for after a candidate at n (Hoad et al.)."""
        return self.look_ahead if n <= 100 else math.floor(self.look_ahead * n / 100)


@dataclass(frozen=True)
class PrecisionOutcome:
    """Where the rule stopped, and the precision reached per scenario and KPI."""

    replications: int
    reached: bool
    """False if ``max_replications`` ran out before the target held."""
    candidate: int | None
    """The first n of the accepted run of checks (None if not reached)."""
    achieved: pd.DataFrame
    """scenario, kpi, estimate, ci_low, ci_high, relative_half_width, target, met."""
    history: tuple[tuple[int, float], ...] = field(default=())
    """(n, worst relative half-width over the KPIs) at every check."""

    def details(self) -> dict[str, object]:
        """The outcome as plain values, for ``metadata.json`` details."""
        return {"replications": self.replications, "reached": self.reached,
                "candidate_replications": self.candidate,
                "achieved": self.achieved.to_dict(orient="records")}


def relative_half_width(table: pd.DataFrame, kpi: str, confidence: float) -> float:
    """Half-width of the KPI's interval over |estimate| (inf if unknown or the estimate is 0)."""
    estimate, _sd, low, high, _n = kpi_interval(table, kpi, confidence)
    if math.isnan(low) or math.isnan(high) or math.isnan(estimate):
        return math.inf
    half = (high - low) / 2
    return half / abs(estimate) if estimate else (0.0 if half == 0 else math.inf)


def worst_precision(tables: Mapping[K, pd.DataFrame], rule: PrecisionRule, n: int) -> float:
    """The largest relative half-width over scenarios and KPIs using replications 0..n-1."""
    return max(relative_half_width(table.iloc[:n], kpi, rule.confidence)
               for table in tables.values() for kpi in rule.kpis)


def replications_to_precision(
    draw: Callable[[range], Mapping[K, pd.DataFrame]], rule: PrecisionRule
) -> tuple[dict[K, pd.DataFrame], PrecisionOutcome]:
    """Drive the rule: ``draw(range)`` returns one KPI row per replication for each scenario.

    Returns the first ``replications`` rows of each scenario and the outcome.
    """
    tables: dict[K, pd.DataFrame] = {}
    available = checked = 0
    candidate: int | None = None
    history: list[tuple[int, float]] = []
    stop = None
    while stop is None:
        size = rule.initial if available == 0 else rule.batch
        new = draw(range(available, min(available + size, rule.max_replications)))
        tables = {key: pd.concat([tables.get(key), frame], ignore_index=True)
                  for key, frame in new.items()}
        available = min(available + size, rule.max_replications)
        for n in range(max(checked + 1, rule.initial), available + 1):
            worst = worst_precision(tables, rule, n)
            history.append((n, worst))
            candidate = (candidate or n) if worst <= rule.target else None
            if candidate is not None and n >= candidate + rule.look_ahead_at(candidate):
                stop = n
                break
        checked = available
        if stop is None and available >= rule.max_replications:
            stop, candidate = available, None
    kept = {key: table.iloc[:stop].reset_index(drop=True) for key, table in tables.items()}
    outcome = PrecisionOutcome(stop, candidate is not None, candidate,
                               achieved_table(kept, rule), tuple(history))
    return kept, outcome


def achieved_table(tables: Mapping[K, pd.DataFrame], rule: PrecisionRule) -> pd.DataFrame:
    """The estimate, interval and relative half-width of every scenario's chosen KPIs."""
    rows = []
    for key, table in tables.items():
        for kpi in rule.kpis:
            estimate, _sd, low, high, n = kpi_interval(table, kpi, rule.confidence)
            precision = relative_half_width(table, kpi, rule.confidence)
            rows.append({"scenario": key, "kpi": kpi, "estimate": estimate, "ci_low": low,
                         "ci_high": high, "n": n, "relative_half_width": precision,
                         "target": rule.target, "met": precision <= rule.target})
    return pd.DataFrame(rows)


def run_to_precision(
    scenarios: Mapping[K, Scenario],
    rule: PrecisionRule,
    seed: int = 0,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> tuple[dict[K, ExperimentResult], PrecisionOutcome]:
    """Run the scenarios (common random numbers) until the rule stops; results and outcome."""
    check_kpis(rule.kpis)
    results: dict[K, list[ReplicationResult]] = {key: [] for key in scenarios}

    def draw(replications: range) -> dict[K, pd.DataFrame]:
        new = run_replication_range(scenarios, replications, seed, executor, _stage(progress,
                                    replications, len(scenarios), rule.max_replications))
        for key, found in new.items():
            results[key] += found
        return {key: replications_table(found) for key, found in new.items()}

    _tables, outcome = replications_to_precision(draw, rule)
    experiments = {key: ExperimentResult(scenarios[key], seed,
                                         tuple(results[key][: outcome.replications]),
                                         rule.confidence)
                   for key in scenarios}
    return experiments, outcome


def check_kpis(kpis: Sequence[str]) -> None:
    """Refuse a KPI that is not a numeric line KPI, naming the ones there are."""
    unknown = [kpi for kpi in kpis if kpi not in LINE_UNITS]
    if unknown:
        raise ValueError(f"unknown KPI {', '.join(unknown)}; line KPIs: {', '.join(LINE_UNITS)}")


def _stage(progress: Progress | None, replications: range, scenarios: int,
           most: int) -> Progress | None:
    """Report a stage's progress as replications done out of the most the rule may run."""
    if progress is None:
        return None
    start = replications.start * scenarios
    return lambda done, _total: progress(start + done, most * scenarios)
