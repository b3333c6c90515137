import numpy as np
import pytest

from ml import (
    FEATURES,
    ConstantRateModel,
    InLoopScorer,
    ShotSampler,
    generate_shots,
    true_process,
)
from ml._glm import combine_scrap, sigmoid

# Stated tolerance of the in-loop surrogate against the full scikit-learn model, on held-out
# shots including warm-ups (p_scrap): mean abs error < 0.015, 99th percentile < 0.08.
MEAN_TOL, P99_TOL = 0.015, 0.08


def test_truth_scorer_is_exactly_the_generators_probability():
    frame = generate_shots(2_000, seed=31)
    X = frame[list(FEATURES)].to_numpy()
    scorer = InLoopScorer.from_truth()
    np.testing.assert_allclose(scorer.p_scrap_batch(X), frame["p_true_scrap"], rtol=1e-10)
    for i in (0, 17, 1_999):
        assert scorer.p_scrap(X[i]) == pytest.approx(frame["p_true_scrap"].iloc[i], rel=1e-10)
        expected = sigmoid(true_process().logits(X[i:i + 1]))[0]
        np.testing.assert_allclose(scorer.p_by_class(X[i]), expected, rtol=1e-10)


def test_scrap_combines_the_classes(rng):
    scorer = InLoopScorer.from_truth()
    x = ShotSampler(rng=rng).draw(190.0, 500, 111.0)
    assert scorer.p_scrap(x) == pytest.approx(1 - np.prod(1 - scorer.p_by_class(x)))


def test_constant_rate_model_has_the_same_interface():
    model = ConstantRateModel(0.07)
    X = np.zeros((3, 14))
    assert model.p_scrap(X[0]) == 0.07
    assert combine_scrap(model.p_by_class(X[0])) == pytest.approx(0.07)
    np.testing.assert_allclose(model.p_scrap_batch(X), 0.07)
    assert model.p_by_class_batch(X).shape == (3, len(model.classes))
    with pytest.raises(ValueError, match="scrap rate"):
        ConstantRateModel(1.5)


def test_in_loop_scorer_error_against_the_full_model(trained, X_test, p_model):
    scorer = trained.in_loop_scorer()
    err = np.abs(scorer.p_scrap_batch(X_test) - p_model)
    assert err.mean() < MEAN_TOL
    assert np.quantile(err, 0.99) < P99_TOL
    single = np.array([scorer.p_scrap(x) for x in X_test[:500]])
    np.testing.assert_allclose(single, scorer.p_scrap_batch(X_test[:500]), rtol=1e-9)


def test_in_loop_scorer_is_no_further_from_truth_than_the_full_model(trained, held_out, X_test,
                                                                     p_model):
    truth = held_out["p_true_scrap"].to_numpy()
    surrogate = trained.in_loop_scorer().p_scrap_batch(X_test)
    assert np.abs(surrogate - truth).mean() <= 1.1 * np.abs(p_model - truth).mean()
