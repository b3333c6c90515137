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


def _heating(operating_c=200.0, share=0.15):
    """A cell's law for the next pre-shot die temperature when it runs on (first order)."""
    return lambda temp_c: temp_c + (operating_c - temp_c) * share


def _cell_shots(stream, n, seed, stop_share, die_change_share=1 / 4000):
    """Drive a stream as the cell does: heat after each shot, stops and die changes at random."""
    rng, heat = np.random.default_rng(seed), _heating()
    temp, age, p, rows = 150.0, 0, [], []
    for shot in range(n):
        if rng.random() < stop_share:  # a stop: the die cooled by some amount
            temp = float(rng.uniform(120.0, 190.0))
        if rng.random() < die_change_share:  # a die change: age back to 0
            age = 0
        cycle = None if shot % 11 == 0 else float(rng.normal(110.0, 3.0))
        p.append(stream.next(temp, age, cycle))
        rows.append(stream.last_row())
        temp, age = heat(temp), age + 1
    return np.array(p), np.array(rows)


@pytest.mark.parametrize("stop_share", [1 / 150, 0.5, 1.0])
def test_shots_driven_as_the_cell_does_get_the_batch_probabilities(default_scorer, stop_share):
    """Stops, die changes, drawn and given cycles: the scrap form's batch p of every row."""
    form = scrap_form_for(default_scorer)
    stream = ShotStream(default_scorer, rng=9, block_size=512)
    p, rows = _cell_shots(stream, 6_000, 3, stop_share, die_change_share=1 / 700)
    assert (rows[:, FEATURES.index("shots_since_die_change")] == 0).sum() >= 4
    batch = sigmoid(form.logits(rows))[:, 0]
    np.testing.assert_allclose(p, batch, rtol=0, atol=1e-12)


def test_a_die_ageing_a_shot_at_a_time_is_folded_once_a_block_and_again_after_a_change(
        default_scorer):
    """The age folded into the row coefficients: one numpy pass a block, one more a change."""
    form = scrap_form_for(default_scorer)
    stream = ShotStream(default_scorer, rng=19, block_size=400)
    folds, p, rows = [], [], []
    for shot in range(1_200):  # three blocks; a die change at shot 1,000 (block 3, row 200)
        age = 5_000 + shot if shot < 1_000 else shot - 1_000
        p.append(stream.next(190.0 + shot % 3, age, 110.0))
        rows.append(stream.last_row())
        if stream._live[0] == 399 or shot == 1_199:  # the last row of a block, or the end
            folds.append(stream._folds)
    assert folds == [1, 1, 2]
    batch = sigmoid(form.logits(np.array(rows)))[:, 0]
    np.testing.assert_allclose(p, batch, rtol=0, atol=1e-12)


def test_ages_out_of_step_are_scored_as_a_live_input_with_the_batch_probabilities(
        default_scorer):
    """A caller repeating one age (no die ageing): past ``_MAX_FOLDS`` folds no more passes."""
    from ml._stream import _MAX_FOLDS

    form = scrap_form_for(default_scorer)
    stream = ShotStream(default_scorer, rng=20, block_size=300)
    p, rows = [], []
    for shot in range(600):
        p.append(stream.next(180.0 + shot % 7, 1_000, 110.0 + shot % 5))
        rows.append(stream.last_row())
        assert stream._folds <= _MAX_FOLDS
    assert stream._folds == _MAX_FOLDS  # the later shots of the block took the age live
    batch = sigmoid(form.logits(np.array(rows)))[:, 0]
    np.testing.assert_allclose(p, batch, rtol=0, atol=1e-12)


def _slow_class(stream, u):
    """The cell's former cause draw: bisect over the cumulative ``p_by_class()``."""
    from bisect import bisect_right
    from itertools import accumulate

    weights = list(accumulate(np.asarray(stream.p_by_class(), dtype=float).ravel()))
    return min(bisect_right(weights, u * weights[-1]), len(weights) - 1)


@pytest.mark.parametrize("which", ["truth", "default"])
def test_drawn_class_is_the_slow_paths_choice_with_the_exact_probabilities(which,
                                                                          default_scorer):
    """``draw_class`` evaluates the per-class form without the row: same sums, same choice."""
    scorer = InLoopScorer.from_truth() if which == "truth" else default_scorer
    stream = ShotStream(scorer, rng=12, block_size=256)
    rng, heat, temp = np.random.default_rng(5), _heating(), 150.0
    for shot in range(3_000):  # runs, stops, drawn (None) and given cycles
        if rng.random() < 0.05:
            temp = float(rng.uniform(110.0, 190.0))
        stream.next(temp, shot, None if shot % 7 == 0 else float(rng.normal(110.0, 4.0)))
        temp = heat(temp)
        exact = np.cumsum(scorer.p_by_class(stream.last_row()))
        np.testing.assert_allclose(stream._class_cumulative(), exact, rtol=1e-12, atol=0)
        u = float(rng.random())
        assert stream.draw_class(u) == _slow_class(stream, u)


def test_drawn_classes_follow_the_per_class_probabilities(default_scorer):
    """Chi-square, fixed seed: class counts over 40,000 draws against the summed exact shares.

    The expected count of class k is ``sum_i p_ik / sum_k p_ik`` over the shots (a known
    generating process: one categorical draw per shot). Critical value at 0.1 % for K-1 dof;
    a draw that ignored the live inputs (the mean shares of a warm die) fails it.
    """
    from scipy.stats import chi2

    stream = ShotStream(default_scorer, rng=13)
    rng, heat, temp = np.random.default_rng(6), _heating(), 140.0
    counts = np.zeros(len(default_scorer.classes))
    expected = np.zeros_like(counts)
    for shot in range(40_000):
        if shot % 40 == 0:  # a stop every 40 shots: the die cooled, cold-die shares mix in
            temp = float(rng.uniform(120.0, 180.0))
        stream.next(temp, shot, 110.0)
        temp = heat(temp)
        p = default_scorer.p_by_class(stream.last_row())
        expected += p / p.sum()
        counts[stream.draw_class(float(rng.random()))] += 1
    critical = chi2.ppf(0.999, len(counts) - 1)
    assert ((counts - expected) ** 2 / expected).sum() < critical
    rows = stream._rows.copy()  # the block's drawn rows with a warm, running die
    for name, value in [("die_temp_c", 200.0), ("die_temp_prev1_c", 200.0),
                        ("die_temp_prev2_c", 200.0), ("cycle_time_s", 110.0),
                        ("shots_since_die_change", 20_000.0)]:
        rows[:, FEATURES.index(name)] = value
    warm = default_scorer.p_by_class_batch(rows)
    warm_expected = (warm / warm.sum(axis=1, keepdims=True)).mean(axis=0) * counts.sum()
    assert ((counts - warm_expected) ** 2 / warm_expected).sum() > critical


def test_constant_rate_classes_follow_the_fixed_mix():
    model = ConstantRateModel(0.05)
    stream = ShotStream(model, rng=14)
    stream.next(200.0, 10, 110.0)
    shares = model.p_by_class(np.zeros(len(FEATURES)))
    edges = np.cumsum(shares) / shares.sum()
    for u in np.linspace(0.0, 0.999, 200):
        assert stream.draw_class(float(u)) == int(np.searchsorted(edges, u, side="right"))


def test_a_scorer_subclass_draws_through_its_own_class_probabilities(default_scorer):
    """A subclass (a scrap-only model) may define ``p_k`` otherwise: the slow path is used."""
    from ml._in_loop import ScrapOnlyScorer

    scorer = ScrapOnlyScorer(default_scorer.form, scrap_form=scrap_form_for(default_scorer))
    stream = ShotStream(scorer, rng=15)
    for shot, u in enumerate(np.random.default_rng(7).random(500)):
        stream.next(190.0 if shot % 50 else 150.0, shot, 110.0)
        np.testing.assert_allclose(stream._class_cumulative(),
                                   np.cumsum(scorer.p_by_class(stream.last_row())), rtol=1e-12)
        assert stream.draw_class(float(u)) == _slow_class(stream, float(u))


def test_a_shot_back_in_step_after_the_last_fold_is_scored_at_its_own_age(default_scorer):
    """Past ``_MAX_FOLDS`` only a shot's own row is folded: a later shot whose age matches the
    last block-wide fold again must not read that fold's rows for another age."""
    form = scrap_form_for(default_scorer)
    stream = ShotStream(default_scorer, rng=21, block_size=200)
    # ages 0, 100, ..., 500 for shots 0-5: four block-wide folds (the 4th at shot 3, age - row
    # = 297), then one-row folds at shots 4 and 5 (age - row = 495); then ages 495 + row, in
    # step with shot 5's one-row fold, while rows 6 on still hold the 4th fold's coefficients
    ages = [100 * j for j in range(6)] + [495 + j for j in range(6, 150)]
    p, rows = [], []
    for j, age in enumerate(ages):
        p.append(stream.next(185.0 + j % 4, age, 110.0))
        rows.append(stream.last_row())
    batch = sigmoid(form.logits(np.array(rows)))[:, 0]
    np.testing.assert_allclose(p, batch, rtol=0, atol=1e-12)
