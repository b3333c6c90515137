import numpy as np
import pytest

from ml import FEATURES, ProcessWindow, ShotSampler
from ml._window import SAMPLED


def _draws(seed, n=50):
    sampler = ShotSampler(ProcessWindow(), np.random.default_rng(seed), block_size=16)
    return np.array([sampler.draw(200.0 - i % 7, i, 110.0 + i % 3).copy() for i in range(n)])


def test_same_seed_same_draws_across_block_refills():
    np.testing.assert_array_equal(_draws(5), _draws(5))
    assert not np.array_equal(_draws(5), _draws(6))


def test_live_state_is_echoed_and_die_lags_are_previous_calls():
    sampler = ShotSampler(rng=1)
    rows = [sampler.draw(t, n, 100.0 + n).copy() for n, t in enumerate([150.0, 170.0, 185.0])]
    idx = {name: FEATURES.index(name) for name in FEATURES}
    assert rows[0][idx["die_temp_prev1_c"]] == 150.0 == rows[0][idx["die_temp_prev2_c"]]
    assert rows[2][idx["die_temp_c"]] == 185.0
    assert rows[2][idx["die_temp_prev1_c"]] == 170.0
    assert rows[2][idx["die_temp_prev2_c"]] == 150.0
    assert rows[2][idx["shots_since_die_change"]] == 2
    assert rows[2][idx["cycle_time_s"]] == 102.0


def test_rows_stay_valid_after_later_draws():
    sampler = ShotSampler(rng=2, block_size=4)
    first = sampler.draw(200.0, 0)
    kept = first.copy()
    for _ in range(20):
        sampler.draw(210.0, 1)
    np.testing.assert_array_equal(first, kept)


def test_draws_scatter_around_the_set_points():
    window, n = ProcessWindow(), 40_000
    sampler = ShotSampler(window, rng=3)
    X = np.array([sampler.draw(200.0, 0) for _ in range(n)])
    for name in SAMPLED:
        p = window.parameter(name)
        # drift: AR(1) with time constant tau has ~n / (2 tau) independent values
        se = np.hypot(p.noise_sd / np.sqrt(n), p.drift_sd / np.sqrt(n / (2 * p.drift_shots)))
        assert X[:, FEATURES.index(name)].mean() == pytest.approx(p.setpoint, abs=4 * se)
        assert X[:, FEATURES.index(name)].std() == pytest.approx(
            np.hypot(p.noise_sd, p.drift_sd), rel=0.3)
