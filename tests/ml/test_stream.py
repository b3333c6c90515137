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


def _cell_shots(stream, n, seed, stop_share):
    """Drive a stream as the cell does: heat after each shot, stops and die changes at random."""
    rng, heat = np.random.default_rng(seed), _heating()
    temp, age, p, rows = 150.0, 0, [], []
    for shot in range(n):
        if rng.random() < stop_share:  # a stop: the die cooled by some amount
            temp = float(rng.uniform(120.0, 190.0))
        if rng.random() < 1 / 4000:  # a die change: age back to 0
            age = 0
        cycle = None if shot % 11 == 0 else float(rng.normal(110.0, 3.0))
        p.append(stream.next(temp, age, cycle))
        rows.append(stream.last_row())
        temp, age = heat(temp), age + 1
    return np.array(p), np.array(rows)


@pytest.mark.parametrize("stop_share", [1 / 150, 0.5, 1.0])
def test_runs_scored_ahead_give_the_batch_probabilities(default_scorer, stop_share):
    """Block scoring between stops: the scrap form's batch probability of every shot's row."""
    form = scrap_form_for(default_scorer)
    fast = ShotStream(default_scorer, rng=9, block_size=512, heating=_heating())
    p, rows = _cell_shots(fast, 6_000, 3, stop_share)
    batch = sigmoid(form.logits(rows))[:, 0]
    np.testing.assert_allclose(p, batch, rtol=0, atol=1e-12)
    plain = ShotStream(default_scorer, rng=9, block_size=512)  # every shot on its own
    p_plain, rows_plain = _cell_shots(plain, 6_000, 3, stop_share)
    np.testing.assert_array_equal(rows, rows_plain)  # same draws: heating changes no number
    np.testing.assert_allclose(p, p_plain, rtol=0, atol=1e-12)


def test_runs_are_actually_used_between_stops(default_scorer):
    """With rare stops almost every shot is scored ahead (the point of the block path)."""
    stream = ShotStream(default_scorer, rng=10, heating=_heating())
    heat, temp, ahead = _heating(), 160.0, 0
    for shot in range(3_000):
        ahead += stream._run_start < stream._next < stream._run_end
        stream.next(temp, shot, 110.0)
        temp = 150.0 if shot % 500 == 499 else heat(temp)
    assert ahead > 0.95 * 3_000


def test_a_cell_stopping_after_every_shot_is_scored_shot_by_shot(default_scorer, monkeypatch):
    """A cell idling between orders plans no numpy runs; runs resume once shots follow again."""
    stream = ShotStream(default_scorer, rng=11, heating=_heating())
    planned = []
    real_plan = stream._plan_run
    monkeypatch.setattr(stream, "_plan_run", lambda *a: planned.append(a[0]) or real_plan(*a))
    heat = _heating()
    for shot in range(200):  # every shot after a stop: the die cooled to 170 degC
        stream.next(170.0, shot, 110.0)
    stopped_plans = len(planned)
    temp = 170.0
    for shot in range(200, 1_200):  # then an uninterrupted run
        stream.next(temp, shot, 110.0)
        temp = heat(temp)
    assert stopped_plans <= 2  # the first try, and none after it broke at once
    ahead_plans = len(planned) - stopped_plans
    assert 1 <= ahead_plans <= 12  # the run of 1,000 shots in a few long look-aheads


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
    stream = ShotStream(scorer, rng=12, block_size=256, heating=_heating())
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

    stream = ShotStream(default_scorer, rng=13, heating=_heating())
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
    stream = ShotStream(scorer, rng=15, heating=_heating())
    for shot, u in enumerate(np.random.default_rng(7).random(500)):
        stream.next(190.0 if shot % 50 else 150.0, shot, 110.0)
        np.testing.assert_allclose(stream._class_cumulative(),
                                   np.cumsum(scorer.p_by_class(stream.last_row())), rtol=1e-12)
        assert stream.draw_class(float(u)) == _slow_class(stream, float(u))


def test_a_blocks_flat_coefficients_equal_its_rows_one_by_one(default_scorer):
    """The block-wide flat list (shots mostly on their own) holds each row's own sums, exactly."""
    stream = ShotStream(default_scorer, rng=16, block_size=300, heating=_heating())
    stream.next(170.0, 0, 110.0)  # fills the first block
    flat = stream._flat_coefficients()
    for i in range(300):
        assert flat[7 * i:7 * i + 7] == stream._row_coefficients(i)


def test_shots_mostly_on_their_own_use_the_flat_list_with_the_batch_probabilities(
        default_scorer):
    """A cell stopping after every shot: past ``_FLAT_AFTER`` shots a block goes flat; same p."""
    from ml._stream import _FLAT_AFTER

    form = scrap_form_for(default_scorer)
    stream = ShotStream(default_scorer, rng=17, block_size=256, heating=_heating())
    rng, p, rows, flat_used = np.random.default_rng(8), [], [], 0
    for shot in range(1_000):  # every shot after a stop: its own die temperature
        p.append(stream.next(float(rng.uniform(150.0, 200.0)), shot, float(rng.normal(110, 3))))
        rows.append(stream.last_row())
        flat_used += stream._flat is not None
    assert flat_used > 1_000 - 4 * _FLAT_AFTER  # each of the 4 blocks after its first shots
    batch = sigmoid(form.logits(np.array(rows)))[:, 0]
    np.testing.assert_allclose(p, batch, rtol=0, atol=1e-12)


def test_a_run_that_reaches_the_laws_fixed_point_is_planned_with_the_laws_temperatures(
        default_scorer):
    """A long run from a cold die: once ``heat(T) == T`` the plan repeats ``T``, as the cell does.

    The cell iterates the law shot by shot; a planned run holds only if every planned
    temperature is that iterate exactly, so the run is scored ahead end to end.
    """
    heat = _heating(share=0.3)  # reaches its floating-point fixed point within ~100 shots
    form = scrap_form_for(default_scorer)
    stream = ShotStream(default_scorer, rng=18, block_size=2048, heating=heat)
    temp, p, rows, ahead = 140.0, [], [], 0
    for shot in range(2_000):
        ahead += stream._run_start < stream._next < stream._run_end
        p.append(stream.next(temp, shot, 110.0))
        rows.append(stream.last_row())
        temp = heat(temp)
    assert heat(temp) == temp  # the run did reach the fixed point
    assert ahead > 0.98 * 2_000  # no planned temperature missed the cell's
    batch = sigmoid(form.logits(np.array(rows)))[:, 0]
    np.testing.assert_allclose(p, batch, rtol=0, atol=1e-12)
