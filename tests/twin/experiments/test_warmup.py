"""MSER-5 finds known initial transients and asks for no warm-up on stationary series."""

import numpy as np
import pytest
from scipy.signal import lfilter

from twin.experiments.warmup import (
    batch_means,
    mser,
    mser_statistic,
    replication_average,
    welch_moving_average,
)


def ar1(rng, n, phi):
    """A stationary AR(1) series with unit innovations, started in its stationary law."""
    e = rng.normal(size=n)
    e[0] /= np.sqrt(1 - phi**2)
    return lfilter([1.0], [1.0, -phi], e)


def mm1_sojourns(rng, replications, customers, arrival_rate, service_rate=1.0):
    """Sojourn of each customer of an M/M/1 queue started empty (Lindley), per replication."""
    a = rng.exponential(1 / arrival_rate, (customers, replications))
    s = rng.exponential(1 / service_rate, (customers, replications))
    w, queue = np.empty((customers, replications)), np.zeros(replications)
    for j in range(customers):
        w[j] = queue + s[j]
        queue = np.maximum(0.0, queue + s[j] - a[(j + 1) % customers])
    return w.T


def test_mser_statistic_matches_its_definition_by_hand():
    z = np.array([5.0, 1.0, 2.0, 3.0])
    by_hand = [np.sum((z[d:] - z[d:].mean()) ** 2) / (4 - d) ** 2 for d in range(4)]
    assert mser_statistic(z) == pytest.approx(by_hand)


def test_batch_means_drop_the_incomplete_last_batch():
    assert batch_means(range(12), 5).tolist() == [2.0, 7.0]


def test_exponential_decay_is_cut_between_one_and_four_time_constants():
    """y = 10 + 5 exp(-t / 50) + N(0, 1): after 1 tau the bias is 1.8 sd, after 4 tau 0.09 sd."""
    tau, t = 50.0, np.arange(1000)
    cuts = [mser(10 + 5 * np.exp(-t / tau) + np.random.default_rng([3, s]).normal(size=1000))
            for s in range(100)]
    assert all(tau <= c.truncation <= 4 * tau for c in cuts), [c.truncation for c in cuts]
    assert not any(c.at_search_limit for c in cuts)


def test_mm1_started_empty_at_high_load_is_truncated_and_the_bias_removed():
    """M/M/1 at rho = 0.9 from empty, mean sojourn W = 1 / (mu - lambda) = 10.

    Its relaxation time is about 1 / (mu (1 - sqrt(rho))^2) = 380 services (Odoni & Roth
    1983). Stated tolerance, over 12 seeds of 400 replications x 3000 customers: every cut
    deletes at least a quarter relaxation time and stays inside the search; the truncated
    mean, averaged over the seeds, is within 1.5 % of W (about 3 standard errors), while the
    untruncated mean is biased low by more than 2 %.
    """
    relaxation, truth = 380, 10.0
    truncated, full = [], []
    for seed in range(12):
        average = replication_average(mm1_sojourns(np.random.default_rng([5, seed]), 400,
                                                   3000, 0.9))
        cut = mser(average)
        assert cut.truncation >= relaxation / 4, cut.truncation
        assert not cut.at_search_limit
        truncated.append(average[cut.truncation:].mean())
        full.append(average.mean())
    assert np.mean(truncated) == pytest.approx(truth, rel=0.015)
    assert np.mean(full) < 0.98 * truth


@pytest.mark.parametrize("phi", [0.0, 0.5])
def test_stationary_series_need_no_warmup(phi):
    """Started in steady state: at least 95 % of 200 series get no truncation (about 98 %)."""
    cuts = [mser(ar1(np.random.default_rng([11, s]), 1000, phi)) for s in range(200)]
    assert sum(not c.needed for c in cuts) >= 190


def test_too_short_a_series_is_refused_with_the_length_needed():
    with pytest.raises(ValueError, match="at least 20 observations"):
        mser(np.ones(12))


def test_welch_moving_average_by_hand():
    """Half-width 1: point 0 is itself, then centred means of three."""
    smooth = welch_moving_average([1.0, 2.0, 6.0, 4.0, 8.0], 1)
    assert smooth.tolist() == pytest.approx([1.0, 3.0, 4.0, 6.0])


def test_replication_average_cuts_to_the_shortest():
    assert replication_average([[1, 3, 5], [3, 5]]).tolist() == [2.0, 4.0]
