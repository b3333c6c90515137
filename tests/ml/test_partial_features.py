"""A plant file lacking some features: trained on what it has, the cost stated, safe in the loop."""

from __future__ import annotations

import numpy as np
import pytest

from ml import (
    FEATURE_SPECS,
    FEATURES,
    KAMP_COLUMN_MAP,
    LABELS,
    ModelFileError,
    ShotStream,
    check_features,
    fit_and_evaluate,
    full_matrix,
    generate_shots,
    load_model,
    read_shot_csv,
    save_model,
)

# What the public KAMP die-casting export lacks (issue 14): vacuum, hydrogen, spray time,
# the die-temperature lags and the die age.
KAMP_LACKS = ("die_temp_prev1_c", "die_temp_prev2_c", "vacuum_mbar", "melt_hydrogen_ml_100g",
              "spray_time_s", "shots_since_die_change")
HAS = tuple(f for f in FEATURES if f not in KAMP_LACKS)


def kamp_like(n, seed):
    """Generated shots as a KAMP-style export: only the overall scrap label, six features gone."""
    frame = generate_shots(n, seed=seed)
    drop = [c for c in frame.columns if c.startswith(("p_true", "defect_"))] + list(KAMP_LACKS)
    return frame.drop(columns=drop)


@pytest.fixture(scope="module")
def partial():
    return fit_and_evaluate(kamp_like(20_000, 41), seed=0, feature_cost_shots=12_000)


def test_trains_on_the_features_it_has_and_lists_the_missing(partial):
    card = partial.card
    assert partial.model.features == HAS
    assert card.features_used == list(HAS)
    assert card.features_missing == list(KAMP_LACKS)
    assert card.data_source == "user"
    assert card.classes == ["scrap"]


def test_states_what_the_missing_features_cost_in_held_out_auc(partial):
    cost = partial.card.missing_features_cost
    assert cost is not None
    assert cost.features_missing == list(KAMP_LACKS)
    assert cost.roc_auc_cost == pytest.approx(cost.roc_auc_all_features
                                              - cost.roc_auc_available_features)
    # vacuum and hydrogen are two of the strongest porosity terms of the generator: dropping
    # them must cost clearly more than the AUC's sampling error (~0.01 on 6,000 test shots)
    assert 0.02 < cost.roc_auc_cost < 0.25
    assert cost.roc_auc_all_features <= cost.roc_auc_truth + 0.01
    assert "vacuum_mbar" in partial.card.lines()[-1]


def test_missing_features_do_not_enter_the_in_loop_score(partial):
    """The cell supplies full rows; what it puts in the lacking columns changes nothing."""
    scorer = partial.model.in_loop_scorer()
    assert scorer.features == HAS
    X = full_matrix(generate_shots(2_000, seed=42))
    other = X.copy()
    for name in KAMP_LACKS:
        other[:, FEATURES.index(name)] = np.random.default_rng(1).permutation(
            other[:, FEATURES.index(name)])
    np.testing.assert_array_equal(scorer.p_scrap_batch(X), scorer.p_scrap_batch(other))
    np.testing.assert_array_equal(partial.model.p_scrap_batch(X),
                                  partial.model.p_scrap_batch(other))


def test_a_scrap_only_model_splits_its_risk_over_the_classes_exactly(partial):
    scorer = partial.model.in_loop_scorer()
    x = full_matrix(generate_shots(50, seed=43))
    p_k = scorer.p_by_class_batch(x)
    assert p_k.shape == (50, 6)
    np.testing.assert_allclose(1 - np.prod(1 - p_k, axis=1), scorer.p_scrap_batch(x),
                               rtol=1e-12)


def test_partial_model_round_trips_and_streams(partial, tmp_path):
    path = save_model(partial.model, tmp_path / "kamp.skops")
    loaded = load_model(path)
    assert loaded.features == HAS
    assert loaded.metadata["card"]["features_missing"] == list(KAMP_LACKS)
    stream = ShotStream(loaded.in_loop_scorer(), rng=0)
    p = [stream.next(200.0, 100, 110.0) for _ in range(200)]
    assert 0.0 < np.mean(p) < 0.2


def test_the_cell_cannot_supply_an_unknown_feature():
    with pytest.raises(ModelFileError, match="cannot supply: humidity_pct"):
        check_features("m.skops", ["melt_temp_c", "humidity_pct"])
    assert check_features("m.skops", list(HAS)) == list(HAS)


def test_a_kamp_named_csv_is_read_with_its_missing_features_allowed(tmp_path):
    frame = kamp_like(500, 44)
    to_kamp = {ours: kamp for kamp, ours in KAMP_COLUMN_MAP.items()}
    factors = {spec.name: spec.kamp_factor for spec in FEATURE_SPECS if spec.kamp_name}
    for name, factor in factors.items():
        frame[name] = frame[name] / factor
    frame.rename(columns=to_kamp).to_csv(tmp_path / "kamp.csv", index=False)
    read = read_shot_csv(tmp_path / "kamp.csv", "kamp", allow_missing_features=True)
    assert [f for f in FEATURES if f in read.columns] == list(HAS)
    assert "scrap" in read.columns
    assert not (set(LABELS) - {"scrap"}) & set(read.columns)  # KAMP: no per-class labels
