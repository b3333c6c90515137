"""Several variants: Bonferroni intervals against a baseline, and KN picks the best as promised."""

import numpy as np
import pandas as pd
import pytest

from twin.experiments.selection import kn_h2, kn_select, paired_against_baseline

MEANS = np.array([10.0, 10.0, 10.5, 10.0])
"""Four variants, the third best by exactly the indifference zone (the least favourable case)."""
SD = np.array([1.0, 1.5, 1.0, 2.0])
DELTA = 0.5


def variant_draw(trial, correlation):
    """Normal observations with common random numbers (a shared component) for every variant."""
    rng = np.random.default_rng([41, trial])
    shared, own = rng.normal(size=(4000, 1)), rng.normal(size=(4000, 4))
    x = MEANS + SD * (np.sqrt(correlation) * shared + np.sqrt(1 - correlation) * own)
    return lambda reps, variants: x[reps.start:reps.stop][:, list(variants)]


def test_h2_matches_the_kn_formula_by_hand():
    """k = 4, alpha = 0.05, n0 = 10: eta = ((2 * 0.05 / 3)^(-2/9) - 1) / 2."""
    eta = ((0.1 / 3) ** (-2 / 9) - 1) / 2
    assert kn_h2(4, 0.05, 10) == pytest.approx(2 * eta * 9)


@pytest.mark.parametrize("correlation", [0.0, 0.5])
def test_kn_picks_the_true_best_with_at_least_the_stated_probability(correlation):
    """400 trials; P(correct) >= 0.95 is accepted down to the one-sided 99 % binomial bound."""
    trials = 400
    picks = [kn_select(variant_draw(t, correlation), 4, DELTA, alpha=0.05, n0=10).best
             for t in range(trials)]
    correct = np.mean(np.array(picks) == 2)
    assert correct >= 0.95 - 2.326 * np.sqrt(0.95 * 0.05 / trials)


def test_common_random_numbers_make_kn_need_fewer_replications():
    def used(correlation):
        return np.mean([sum(kn_select(variant_draw(t, correlation), 4, DELTA).replications)
                        for t in range(100)])
    assert used(0.8) < 0.5 * used(0.0)


def test_kn_minimises_when_asked():
    outcome = kn_select(variant_draw(0, 0.5), 4, DELTA, maximise=False)
    assert outcome.best != 2
    assert outcome.means[outcome.best] < 10.3


def test_kn_stage_size_does_not_change_the_pick_or_the_replications():
    outcomes = [kn_select(variant_draw(3, 0.3), 4, DELTA, batch=b) for b in (1, 6, 25)]
    assert len({(o.best, o.replications) for o in outcomes}) == 1


def test_kn_reports_when_replications_ran_out():
    outcome = kn_select(variant_draw(1, 0.0), 4, 0.01, max_replications=30)
    assert not outcome.guaranteed
    assert max(outcome.replications) == 30


def test_bonferroni_intervals_use_alpha_over_the_pairs_and_see_the_real_difference():
    rng = np.random.default_rng(5)
    shared = rng.normal(size=30)
    tables = {name: pd.DataFrame({"replication": range(30),
                                  "throughput_uph": mean + shared + 0.2 * rng.normal(size=30)})
              for name, mean in (("A", 50.0), ("B", 50.0), ("C", 52.0))}
    out = paired_against_baseline(tables, "A", ["throughput_uph"], alpha=0.05).set_index("variant")
    assert list(out.index) == ["B", "C"]
    assert out["confidence_each"].tolist() == pytest.approx([0.975, 0.975])
    assert out.loc["C", "differs"]
    assert out.loc["C", "ci_low"] < 2.0 < out.loc["C", "ci_high"]


@pytest.mark.slow
def test_bonferroni_family_covers_all_true_differences_at_95_percent():
    """Four variants, three true differences 0: all three intervals hold in >= 95 % of 200 runs."""
    held = 0
    for run in range(200):
        rng = np.random.default_rng([51, run])
        shared = rng.normal(size=15)
        tables = {k: pd.DataFrame({"replication": range(15), "x": shared + rng.normal(size=15)})
                  for k in "ABCD"}
        out = paired_against_baseline(tables, "A", ["x"])
        held += not out["differs"].any()
    assert held >= 200 * 0.95 - 2.326 * np.sqrt(200 * 0.95 * 0.05)
