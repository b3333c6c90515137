"""Shared helpers of the experiment tests."""

import pytest
from scipy import stats


def band(trials: int, confidence: float = 0.95, tolerance: float = 0.995) -> tuple[int, int]:
    """Counts of covering intervals compatible with ``confidence`` (two-sided ``tolerance``)."""
    low, high = stats.binom.ppf([(1 - tolerance) / 2, (1 + tolerance) / 2], trials, confidence)
    return int(low), int(high)


@pytest.fixture
def coverage_band():
    """The binomial band of covering counts: ``coverage_band(trials) -> (low, high)``."""
    return band
