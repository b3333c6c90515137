"""Confidence intervals for ratio KPIs (energy per body, scrap rate, mean lead time).

A ratio KPI is a total over a total: kWh over good bodies, scrapped over left units. What the
plant means by "energy per body" is the long-run ratio E[X] / E[Y], not the average of each
replication's X / Y: when the good bodies of a replication vary, the mean of the ratios is
biased (Jensen), and the bias does not shrink with more replications. We therefore use the
ratio estimator R = sum X / sum Y with the delta-method variance

    Var(R) ~ sum (X_i - R Y_i)^2 / ((n - 1) n Ybar^2)

and a Student-t interval with n - 1 degrees of freedom (Law 2015, section 9.6; Glynn &
Whitt). With a denominator that is the same in every replication (planned hours) it is the
ordinary t-interval.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats


def ratio_interval(
    numerators: Sequence[float] | np.ndarray, denominators: Sequence[float] | np.ndarray,
    confidence: float = 0.95
) -> tuple[float, float, float, float, int]:
    """Ratio estimate, its standard error, the interval bounds and n (NaN pairs dropped).

    Returns (ratio, se, low, high, n); se and bounds are NaN for n < 2 or a zero total
    denominator.
    """
    x = np.asarray(numerators, dtype=float)
    y = np.asarray(denominators, dtype=float)
    keep = ~(np.isnan(x) | np.isnan(y))
    x, y = x[keep], y[keep]
    n = len(x)
    if n == 0 or y.sum() == 0:
        return math.nan, math.nan, math.nan, math.nan, n
    ratio = float(x.sum() / y.sum())
    if n == 1:
        return ratio, math.nan, math.nan, math.nan, 1
    residual = x - ratio * y
    se = float(np.sqrt(residual.var(ddof=1) / n) / abs(y.mean()))
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * se
    return ratio, se, ratio - half, ratio + half, n


def ratio_difference_interval(
    numerators_a: Sequence[float] | np.ndarray, denominators_a: Sequence[float] | np.ndarray,
    numerators_b: Sequence[float] | np.ndarray, denominators_b: Sequence[float] | np.ndarray,
    confidence: float = 0.95,
) -> tuple[float, float, float, float, int]:
    """Ratio of b minus ratio of a over replications paired by position (common random numbers).

    The delta method on the pair: each replication contributes the linearised residual
    (X_b - R_b Y_b) / Ybar_b - (X_a - R_a Y_a) / Ybar_a, whose variance over n gives the
    variance of R_b - R_a. Returns (difference, se, low, high, n).
    """
    xa, ya, xb, yb = (np.asarray(v, dtype=float) for v in
                      (numerators_a, denominators_a, numerators_b, denominators_b))
    keep = ~(np.isnan(xa) | np.isnan(ya) | np.isnan(xb) | np.isnan(yb))
    xa, ya, xb, yb = xa[keep], ya[keep], xb[keep], yb[keep]
    n = len(xa)
    if n == 0 or ya.sum() == 0 or yb.sum() == 0:
        return math.nan, math.nan, math.nan, math.nan, n
    ra, rb = xa.sum() / ya.sum(), xb.sum() / yb.sum()
    difference = float(rb - ra)
    if n == 1:
        return difference, math.nan, math.nan, math.nan, 1
    residual = (xb - rb * yb) / yb.mean() - (xa - ra * ya) / ya.mean()
    se = float(np.sqrt(residual.var(ddof=1) / n))
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * se
    return difference, se, difference - half, difference + half, n
