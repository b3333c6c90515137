"""Batch means on one long run: the lag-1 rule picks long enough batches for a valid interval."""

import numpy as np
import pytest
from scipy.signal import lfilter

from twin.experiments.batch_means import batch_means_interval, lag1_autocorrelation

MACRO = 200


def ar1(seed, n, phi, mean=10.0):
    """Stationary AR(1) around ``mean``: its mean's variance is 1 / ((1 - phi)^2 n)."""
    e = np.random.default_rng([31, seed]).normal(size=n + 200)
    return lfilter([1.0], [1.0, -phi], e)[200:] + mean


def test_lag1_autocorrelation_by_hand():
    assert lag1_autocorrelation([1.0, -1.0, 1.0, -1.0]) == pytest.approx(-0.75)
    assert lag1_autocorrelation([2.0, 2.0, 2.0]) == 0.0


def test_independent_data_keep_batches_of_one():
    result = batch_means_interval(np.random.default_rng(4).normal(size=2000))
    assert result.batch_size == 1
    assert result.independent


@pytest.mark.parametrize("phi", [0.5, 0.9])
def test_interval_covers_the_known_mean_at_95_percent(phi, coverage_band):
    """200 long runs of 4000 autocorrelated observations each (hourly output of 167 days)."""
    results = [batch_means_interval(ar1(s, 4000, phi)) for s in range(MACRO)]
    covered = sum(r.ci_low <= 10.0 <= r.ci_high for r in results)
    low, high = coverage_band(MACRO)
    assert low <= covered <= high
    # a naive t-interval on the raw series would be sqrt((1 + phi) / (1 - phi)) times too narrow
    assert np.median([r.batch_size for r in results]) >= 8


def test_correlation_that_batches_cannot_remove_is_flagged():
    """A random walk never forgets: the longest batches stay correlated."""
    walk = np.cumsum(np.random.default_rng(2).normal(size=400))
    assert not batch_means_interval(walk).independent


def test_too_short_a_run_is_refused():
    with pytest.raises(ValueError, match="at least 20 observations"):
        batch_means_interval(np.ones(15))
