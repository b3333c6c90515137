"""Shared fixtures: one trained model per test session (training is the slow part)."""

import numpy as np
import pytest

from ml import FEATURES, generate_shots, train_defect_model

N_TRAIN = 60_000  # ~3,000 scrap shots: enough for the rare classes to shape the trees
N_TEST = 40_000  # ~2,000 positives: AUC standard error ~0.006, paired difference far smaller


@pytest.fixture(scope="session")
def held_out():
    return generate_shots(N_TEST, seed=12)


@pytest.fixture(scope="session")
def trained():
    return train_defect_model(generate_shots(N_TRAIN, seed=11), seed=0, n_threads=1)


@pytest.fixture(scope="session")
def X_test(held_out):
    return held_out[list(FEATURES)].to_numpy(float)


@pytest.fixture(scope="session")
def p_model(trained, X_test):
    return trained.p_scrap_batch(X_test)


@pytest.fixture
def rng():
    return np.random.default_rng(2024)
