"""Warm-up detection on an output series: MSER-5, and Welch's moving average for the eye.

A run that starts empty and idle spends its first hours filling buffers; averaging those hours
in biases every KPI. MSER (White 1997; MSER-5: White, Cobb & Spratt 2000) picks the number of
initial observations ``d`` to delete that minimises

    MSER(d) = sum_{j>d} (Z_j - mean(Z_{d+1..m}))^2 / (m - d)^2

over batch means ``Z_1..Z_m`` of 5 observations each: the squared width of a confidence
interval of the truncated mean, which grows if a biased start is kept and also if too much
data is thrown away. The search is limited to the first half of the series (deleting more is
a sign the run is too short). When the chosen deletion moves the mean by less than half a
standard error of the truncated mean, the bias removed is well inside the noise: we report
that no warm-up is needed (on stationary series this is the answer in about 98 % of cases
for independent data and for AR(1) with phi = 0.5, 85 % for phi = 0.9).

Welch's procedure (Welch 1983; Law 2015, section 9.5.1) averages the series over replications
and smooths it with a centred moving average of half-width ``w``; the plot is for the modeller
to see where the curve flattens.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

MSER_BATCH = 5
"""Observations per batch of MSER-5."""
NEGLIGIBLE_SHIFT_SE = 0.5
"""A deletion that moves the mean by less than this many standard errors is not needed."""


@dataclass(frozen=True)
class MserResult:
    """The MSER-5 truncation of one series and the statistic it minimised."""

    truncation: int
    """Observations to delete from the start (a multiple of the batch size; 0: none needed)."""
    statistic: tuple[float, ...]
    """MSER(d) for d = 0 .. m // 2 deleted batches."""
    batch_size: int
    observations: int
    at_search_limit: bool
    """True if the minimum is at the end of the search: the series is too short to tell."""
    mean_shift_se: float
    """How many standard errors deleting moves the mean (0 if nothing is deleted)."""
    minimiser: int = 0
    """Observations MSER's minimum deletes, before the negligible-shift rule."""

    @property
    def needed(self) -> bool:
        """Whether a warm-up should be deleted at all."""
        return self.truncation > 0


def batch_means(series: Sequence[float] | np.ndarray, batch_size: int) -> np.ndarray:
    """Means of consecutive non-overlapping batches; an incomplete last batch is dropped."""
    data = np.asarray(series, dtype=float)
    m = len(data) // batch_size
    return data[: m * batch_size].reshape(m, batch_size).mean(axis=1)


def mser_statistic(batches: np.ndarray) -> np.ndarray:
    """MSER(d) for every d = 0 .. m - 1 deleted batches (sums taken from the end)."""
    tail = batches[::-1]
    count = np.arange(1, len(batches) + 1, dtype=float)
    total, squares = np.cumsum(tail), np.cumsum(tail * tail)
    sum_sq_dev = np.maximum(squares - total * total / count, 0.0)
    return (sum_sq_dev / count**2)[::-1]


def mser(series: Sequence[float] | np.ndarray, batch_size: int = MSER_BATCH) -> MserResult:
    """The MSER-``batch_size`` truncation of ``series`` (MSER-5 by default).

    Needs at least 4 batches. The truncation is reported as 0 when the deletion MSER picks
    moves the mean by less than :data:`NEGLIGIBLE_SHIFT_SE` standard errors.
    """
    batches = batch_means(series, batch_size)
    m = len(batches)
    if m < 4:
        raise ValueError(f"MSER needs at least {4 * batch_size} observations, got {len(series)}")
    statistic = mser_statistic(batches)[: m // 2 + 1]
    deleted = int(np.argmin(statistic))
    shift = _mean_shift_se(batches, deleted)
    keep = deleted if shift >= NEGLIGIBLE_SHIFT_SE else 0
    return MserResult(
        truncation=keep * batch_size,
        statistic=tuple(float(s) for s in statistic),
        batch_size=batch_size,
        observations=len(series),
        at_search_limit=deleted == m // 2,
        mean_shift_se=shift,
        minimiser=deleted * batch_size,
    )


def _mean_shift_se(batches: np.ndarray, deleted: int) -> float:
    """|mean of all - mean after deleting| in standard errors of the truncated mean."""
    if deleted == 0:
        return 0.0
    rest = batches[deleted:]
    se = float(rest.std(ddof=1)) / math.sqrt(len(rest))
    shift = abs(float(batches.mean()) - float(rest.mean()))
    return math.inf if se == 0 and shift > 0 else (shift / se if se else 0.0)


def replication_average(series: Sequence[Sequence[float]]) -> np.ndarray:
    """The series averaged over replications, cut to the shortest replication."""
    length = min(len(s) for s in series)
    return np.mean([np.asarray(s[:length], dtype=float) for s in series], axis=0)


def welch_moving_average(average: Sequence[float] | np.ndarray, window: int) -> np.ndarray:
    """Welch's centred moving average of half-width ``window`` over a replication average.

    Point i averages i-w .. i+w, or 0 .. 2i near the start where fewer points exist (Law 2015),
    for i = 0 .. n - w - 1.
    """
    data = np.asarray(average, dtype=float)
    if window < 0:
        raise ValueError(f"window must be >= 0, got {window}")
    cumulative = np.concatenate([[0.0], np.cumsum(data)])
    out = []
    for i in range(len(data) - window):
        half = min(i, window)
        out.append((cumulative[i + half + 1] - cumulative[i - half]) / (2 * half + 1))
    return np.asarray(out)
