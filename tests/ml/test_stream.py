import numpy as np
import pytest

from ml import (
    FEATURES,
    ConstantRateModel,
    InLoopScorer,
    ProcessWindow,
    ShotStream,
    load_default_model,
    scrap_form_for,
)
from ml._glm import sigmoid

# Stated tolerance of the fused path's single scrap form against the exact per-class
# combination, over a warm-up trajectory and steady shots: mean < 0.006, p99 < 0.05.
MEAN_TOL, P99_TOL = 0.006, 0.05


def _die_path(n, rng):
    """Die temperatures with stops: a cold restart every 300 shots, warming back to 200 degC."""
    die, out = 200.0, []
    for shot in range(n):
        die = 130.0 if shot % 300 == 0 else 200.0 + 0.82 * (die - 200.0) + rng.normal(0, 3)
        out.append(die)
    return out


def _run(stream, dies):
    p = [stream.next(d, 1000 + i, None) for i, d in enumerate(dies)]
    return np.array(p), stream


@pytest.fixture(scope="module")
def default_scorer():
    return load_default_model().in_loop_scorer()


def test_same_seed_same_sequence(default_scorer):
    dies = _die_path(600, np.random.default_rng(0))
    first, _ = _run(ShotStream(default_scorer, rng=4, block_size=128), dies)
    again, _ = _run(ShotStream(default_scorer, rng=4, block_size=128), dies)
    np.testing.assert_array_equal(first, again)


def test_fast_path_equals_its_scrap_form_on_the_rebuilt_row(default_scorer):
    stream, form = ShotStream(default_scorer, rng=5, block_size=64), scrap_form_for(default_scorer)
    rng = np.random.default_rng(1)
    for shot, die in enumerate(_die_path(300, rng)):
        p = stream.next(die, shot, 105.0 + shot % 10)
        row = stream.last_row()
        assert p == pytest.approx(sigmoid(form.logits(row[None, :]))[0, 0], rel=1e-9, abs=1e-12)
        assert row[FEATURES.index("die_temp_c")] == die
    np.testing.assert_allclose(stream.p_by_class(), default_scorer.p_by_class(row))


@pytest.mark.parametrize("which", ["truth", "default"])
def test_fast_path_error_against_exact_per_class_scoring(which, default_scorer):
    scorer = InLoopScorer.from_truth() if which == "truth" else default_scorer
    stream = ShotStream(scorer, ProcessWindow(), rng=6)
    fast, exact = [], []
    for shot, die in enumerate(_die_path(20_000, np.random.default_rng(2))):
        fast.append(stream.next(die, 5_000 + shot))
        exact.append(scorer.p_scrap(stream.last_row()))
    err = np.abs(np.array(fast) - np.array(exact))
    assert err.mean() < MEAN_TOL
    assert np.quantile(err, 0.99) < P99_TOL


def test_cold_die_raises_the_streamed_scrap_risk(default_scorer):
    stream = ShotStream(default_scorer, rng=7)
    warm = np.mean([stream.next(200.0, 1_000) for _ in range(2_000)])
    cold = np.mean([stream.next(135.0, 1_000) for _ in range(2_000)])
    assert cold > 2 * warm


def test_constant_rate_stream():
    stream = ShotStream(ConstantRateModel(0.04), rng=8)
    assert stream.next(150.0, 3, 120.0) == 0.04
    assert stream.last_row()[FEATURES.index("cycle_time_s")] == 120.0
    assert stream.p_by_class().sum() == pytest.approx(0.04, abs=1e-3)
