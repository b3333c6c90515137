"""The trained model against the generator's true probability and the literature directions."""

import numpy as np
import pytest
from sklearn.metrics import brier_score_loss, roc_auc_score

from ml import FEATURES, InLoopScorer, ProcessWindow, effect_curve, setpoint_row
from ml._glm import combine_scrap

# (target, feature, direction) from REFERENCE.md 3.3: +1 more of the feature -> more defects.
LITERATURE = [
    ("gas_porosity", "vacuum_mbar", +1),
    ("gas_porosity", "melt_hydrogen_ml_100g", +1),
    ("gas_porosity", "intensification_pressure_bar", -1),
    ("gas_porosity", "fast_shot_speed_m_s", +1),
    ("shrinkage_porosity", "intensification_pressure_bar", -1),
    ("cold_shut", "melt_temp_c", -1),
    ("cold_shut", "die_temp_c", -1),
    ("cold_shut", "fast_shot_speed_m_s", -1),
    ("hot_tear", "melt_temp_c", +1),
    ("soldering", "die_temp_c", +1),
    ("soldering", "spray_time_s", -1),
    ("scrap", "vacuum_mbar", +1),
    ("scrap", "intensification_pressure_bar", -1),
]


def test_auc_within_0_02_of_the_true_probability(held_out, p_model):
    y = held_out["scrap"]
    assert roc_auc_score(y, p_model) >= roc_auc_score(y, held_out["p_true_scrap"]) - 0.02


def test_brier_within_10_percent_of_the_true_probability(held_out, p_model):
    y = held_out["scrap"]
    assert brier_score_loss(y, p_model) <= 1.10 * brier_score_loss(y, held_out["p_true_scrap"])


def test_calibration_reduces_the_brier_score_of_the_raw_classifier(trained, held_out, X_test):
    raw, cal = trained.raw_p_by_class_batch(X_test), trained.p_by_class_batch(X_test)
    y = held_out["scrap"]
    assert brier_score_loss(y, combine_scrap(cal)) < brier_score_loss(y, combine_scrap(raw))
    for k, name in enumerate(trained.classes):
        y_k = held_out[f"defect_{name}"]
        assert brier_score_loss(y_k, cal[:, k]) < brier_score_loss(y_k, raw[:, k])


@pytest.mark.parametrize(("target", "feature", "sign"), LITERATURE)
def test_literature_direction_holds_in_model_and_truth(trained, X_test, target, feature, sign):
    param = ProcessWindow().parameter(feature)
    values = param.setpoint + param.scale * np.array([-1.5, 1.5])
    for scorer in (trained, InLoopScorer.from_truth()):
        low, high = effect_curve(scorer, X_test[:4_000], feature, values, target)
        assert np.sign(high - low) == sign, (type(scorer).__name__, low, high)


def test_cold_die_warm_up_shots_are_clearly_more_likely_scrap(trained):
    row = setpoint_row(ProcessWindow(), die_age_shots=10_000)
    cold = row.copy()
    cold[[FEATURES.index(c) for c in ("die_temp_c", "die_temp_prev1_c", "die_temp_prev2_c")]] = 135
    full = trained.p_scrap_batch(np.vstack([row, cold]))
    assert full[1] > 2 * full[0]
    scorer = trained.in_loop_scorer()
    assert scorer.p_scrap(cold) > 2 * scorer.p_scrap(row)
