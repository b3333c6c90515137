"""Replications to a precision: at or below target, n ~ 1/precision^2, look-ahead, determinism."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from twin.experiments.precision import PrecisionRule, replications_to_precision

MEAN, SD = 100.0, 10.0


def normal_draw(seed):
    """Replication i of stream ``seed`` is N(100, 10^2), whatever stage asks for it."""
    values = np.random.default_rng([seed]).normal(MEAN, SD, 5000)
    return lambda reps: {"line": pd.DataFrame({"x": values[reps.start:reps.stop]})}


def rule(target, **changes):
    return PrecisionRule(target, ("x",), **{"initial": 5, "max_replications": 5000, **changes})


@pytest.mark.parametrize("target", [0.04, 0.02])
def test_stops_at_or_below_the_target(target):
    for seed in range(20):
        kept, outcome = replications_to_precision(normal_draw(seed), rule(target))
        assert outcome.reached
        assert len(kept["line"]) == outcome.replications
        assert outcome.achieved["relative_half_width"].iloc[0] <= target


@pytest.mark.slow
def test_replications_needed_scale_with_one_over_precision_squared():
    """Known variance: n* = (z sd / (mean p))^2, 96 at 2 % and 384 at 1 %, within 10 %.

    n* is the first n meeting the target (the candidate), averaged over 30 seeds.
    """
    found = {}
    for target in (0.02, 0.01):
        found[target] = np.mean([replications_to_precision(normal_draw(s), rule(target))[1]
                                 .candidate for s in range(30)])
        theory = (stats.norm.ppf(0.975) * SD / (MEAN * target)) ** 2
        assert found[target] == pytest.approx(theory, rel=0.10)
    assert found[0.01] / found[0.02] == pytest.approx(4.0, rel=0.15)


def test_look_ahead_keeps_one_lucky_stretch_from_stopping_it():
    """Ten equal values meet any target; replication 12 breaks it; the look-ahead sees that."""
    values = np.r_[np.full(11, 100.0), 160.0, np.random.default_rng(1).normal(100, 1, 500)]

    def draw(reps):
        return {"line": pd.DataFrame({"x": values[reps.start:reps.stop] + 1e-9 * reps.start})}

    greedy = replications_to_precision(draw, rule(0.02, initial=10, look_ahead=0))[1]
    careful = replications_to_precision(draw, rule(0.02, initial=10, look_ahead=5))[1]
    assert greedy.replications == 10
    assert careful.candidate > 12
    assert careful.replications == careful.candidate + 5


def test_stage_size_never_changes_the_stopping_point():
    outcomes = [replications_to_precision(normal_draw(7), rule(0.02, batch=b))[1]
                for b in (1, 4, 13)]
    assert len({o.replications for o in outcomes}) == 1
    assert len({o.achieved["estimate"].iloc[0] for o in outcomes}) == 1


def test_running_out_of_replications_is_reported_not_hidden():
    kept, outcome = replications_to_precision(normal_draw(3), rule(0.001, max_replications=40))
    assert not outcome.reached
    assert outcome.replications == 40
    assert outcome.candidate is None
    assert not outcome.achieved["met"].iloc[0]


@pytest.mark.parametrize("changes", [{"target": 0.0}, {"target": 1.5}, {"initial": 2},
                                     {"max_replications": 4}, {"kpis": ()}])
def test_bad_rules_are_refused(changes):
    with pytest.raises(ValueError, match="must"):
        PrecisionRule(**{"target": 0.02, "kpis": ("x",), "initial": 5, **changes})
