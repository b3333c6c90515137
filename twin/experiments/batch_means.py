"""Batch means: a confidence interval from one long run instead of many replications.

The series of one long run after its warm-up (hourly output, say) is autocorrelated, so its
plain t-interval is far too narrow. Cut it into k batches of b observations; if b is long
enough the batch means are nearly independent and normal, and their t-interval with k - 1
degrees of freedom is valid (Law 2015, section 9.5.3). The batch size starts at 1 and
doubles until the lag-1 autocorrelation of the batch means is not significantly positive at
level ``alpha`` (a one-sided test of r1 against its null distribution, mean -1/k and variance
about 1/k), keeping at least ``min_batches`` batches. A high ``alpha`` (0.2) makes the test
quick to reject independence, which errs towards longer batches: wider, honest intervals.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from lines.spec import Scenario
from twin.experiments.warmup import batch_means
from twin.runtime.results import ReplicationResult


@dataclass(frozen=True)
class BatchMeansResult:
    """The batch-means interval of one series and the batch size behind it."""

    mean: float
    ci_low: float
    ci_high: float
    batch_size: int
    batches: int
    lag1_autocorrelation: float
    independent: bool
    """False if even the longest batches allowed stayed correlated: run longer."""
    confidence: float

    @property
    def half_width(self) -> float:
        """Half the interval's width."""
        return (self.ci_high - self.ci_low) / 2


def lag1_autocorrelation(values: Sequence[float] | np.ndarray) -> float:
    """Sample lag-1 autocorrelation (0 for a constant series)."""
    data = np.asarray(values, dtype=float)
    centred = data - data.mean()
    denominator = float(centred @ centred)
    return float(centred[1:] @ centred[:-1]) / denominator if denominator else 0.0


def looks_independent(batches: np.ndarray, alpha: float) -> bool:
    """Whether the lag-1 autocorrelation is not significantly positive at level ``alpha``."""
    k = len(batches)
    z = (lag1_autocorrelation(batches) + 1.0 / k) * math.sqrt(k)
    return z <= float(stats.norm.ppf(1 - alpha))


def batch_means_interval(
    series: Sequence[float] | np.ndarray, confidence: float = 0.95, min_batches: int = 10,
    alpha: float = 0.2, first_batch_size: int = 1,
) -> BatchMeansResult:
    """The batch-means confidence interval of the series' steady-state mean.

    ``first_batch_size`` is where the doubling starts: a whole cycle of a periodic series
    (a shift calendar's week), so no batch mean carries part of a cycle.
    """
    data = np.asarray(series, dtype=float)
    if len(data) < 2 * min_batches * first_batch_size:
        raise ValueError(f"batch means needs at least {2 * min_batches * first_batch_size} "
                         f"observations ({min_batches} batches of {2 * first_batch_size}), "
                         f"got {len(data)}")
    size = first_batch_size
    while True:
        batches = batch_means(data, size)
        independent = looks_independent(batches, alpha)
        if independent or len(data) // (2 * size) < min_batches:
            break
        size *= 2
    k = len(batches)
    mean = float(batches.mean())
    t = float(stats.t.ppf(0.5 + confidence / 2, k - 1))
    half = t * float(batches.std(ddof=1)) / math.sqrt(k)
    return BatchMeansResult(mean, mean - half, mean + half, size, k,
                            lag1_autocorrelation(batches), independent, confidence)


def calendar_cycle_h(scenario: Scenario) -> int:
    """Hours of the line's calendar cycle: 1 for 24/7, a day if every day works, else a week."""
    calendar = scenario.calendar
    if calendar is None:
        return 1
    return 24 if calendar.days_per_week == 7 and not calendar.holidays else 168


def throughput_batch_means(
    result: ReplicationResult, scenario: Scenario, confidence: float = 0.95
) -> BatchMeansResult:
    """Batch means of one long run's hourly output: an interval for ``throughput_uph``.

    The mean of the hourly output over the whole hours of the horizon is the run's
    throughput; batches start at one calendar cycle (:func:`calendar_cycle_h`).
    """
    hours = int(result.horizon_s // 3600)
    series = np.asarray(result.finished_per_hour[:hours], dtype=float)
    return batch_means_interval(series, confidence, first_batch_size=calendar_cycle_h(scenario))
