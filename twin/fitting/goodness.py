"""Goodness of fit that stays valid with censoring: Kaplan-Meier against the fitted survival.

The Kaplan-Meier estimate (``scipy.stats.ecdf`` of censored data) is the distribution-free
survival curve of the durations; the statistic is its largest vertical gap to the fitted
survival function. Because the parameters were fitted to the same data, the gap's null
distribution is not Kolmogorov's: a parametric bootstrap draws samples from the fit, censors
them with times drawn from the censoring distribution (the reverse Kaplan-Meier estimate),
refits, and counts how often the gap is at least as large as the observed one. A small
p-value says the family does not fit.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import stats

from twin.fitting.candidates import CandidateFit, Estimate, fit_candidate, maximise
from twin.fitting.samples import Sample

BOOTSTRAP_MAX_ROWS = 2000
"""Larger samples are tested on a random subsample of this many rows (for speed)."""


def kaplan_meier(sample: Sample) -> tuple[np.ndarray, np.ndarray]:
    """Event times and the Kaplan-Meier survival just after each of them."""
    data = stats.CensoredData.right_censored(sample.values, sample.censored)
    sf = stats.ecdf(data).sf
    return np.asarray(sf.quantiles), np.asarray(sf.probabilities)


def km_distance(fit: CandidateFit, sample: Sample) -> float:
    """Largest gap between the Kaplan-Meier curve and the fitted survival (both sides of steps)."""
    times, after = kaplan_meier(sample)
    before = np.r_[1.0, after[:-1]]
    fitted = fit.survival(times)
    return float(max(np.abs(after - fitted).max(), np.abs(before - fitted).max()))


def bootstrap_p_value(
    fit: CandidateFit, sample: Sample, resamples: int = 99, seed: int = 0
) -> float:
    """Parametric-bootstrap p-value of :func:`km_distance` (NaN for the empirical candidate)."""
    dist = fit.frozen()
    if dist is None or resamples < 1:
        return float("nan")
    rng = np.random.default_rng(seed)
    if len(sample.values) > BOOTSTRAP_MAX_ROWS:
        pick = rng.choice(len(sample.values), BOOTSTRAP_MAX_ROWS, replace=False)
        sample = Sample(sample.values[pick], sample.censored[pick])
    observed = km_distance(fit, sample)
    censoring = _censoring_times(sample)
    start = np.asarray(fit.theta)
    exceed = 0
    for _ in range(resamples):
        draws = dist.rvs(size=len(sample.values), random_state=rng)
        limits = censoring(rng)
        redrawn = Sample(np.minimum(draws, limits), draws > limits)
        exceed += _gap(fit.family, redrawn, start) >= observed
    return (1 + exceed) / (resamples + 1)


def _gap(family: str, sample: Sample, start: np.ndarray) -> float:
    """The statistic of one bootstrap sample, refitted (the exponential in closed form)."""
    if family == "exponential":
        refit = fit_candidate(family, sample)
    else:
        theta = maximise(family, sample, start, tolerance=1e-4)
        refit = CandidateFit(family, tuple(theta), 0.0, {}, Estimate(np.nan, np.nan, np.nan))
    return km_distance(refit, sample)


def _censoring_times(sample: Sample) -> Callable[[np.random.Generator], np.ndarray]:
    """A sampler of censoring times from the reverse Kaplan-Meier estimate.

    The censored rows are its events; beyond the last one a duration is never censored.
    """
    if not sample.censored.any():
        return lambda rng: np.full(len(sample.values), np.inf)
    data = stats.CensoredData.right_censored(sample.values, ~sample.censored)
    sf = stats.ecdf(data).sf
    times, cdf = np.asarray(sf.quantiles), 1.0 - np.asarray(sf.probabilities)

    def draw(rng: np.random.Generator) -> np.ndarray:
        index = np.searchsorted(cdf, rng.uniform(size=len(sample.values)), side="left")
        return np.where(index < len(times), times[np.minimum(index, len(times) - 1)], np.inf)

    return draw
