"""Die economics from counted events, against hand sums."""

from __future__ import annotations

import pytest

from twin.cost.tooling import (
    DieEconomics,
    DieEventCounts,
    StampingDieEconomics,
    die_sets_per_cell,
    giga_die_cost_per_body,
    stamping_die_cost_per_body,
)


def test_die_sets_end_at_the_die_life_or_the_model_life_whichever_first():
    assert die_sets_per_cell(100_000, 100_000) == 1
    assert die_sets_per_cell(100_001, 100_000) == 2
    assert die_sets_per_cell(10, 100_000) == 1  # the model ends first: one set, life left


def test_giga_die_cost_per_body_is_the_hand_sum():
    """250k good bodies/yr, 1.05 shots per body, 6 years, 3 cells, 100k-shot dies.

    Shots 250k x 1.05 x 6 = 1,575,000; per cell 525,000 -> 6 sets per cell, 18 in all:
    4 M + 17 x 2.5 M = 46.5 M. Refurbishments 2 per 50,000 shots -> 63 x 120k = 7.56 M;
    damages 1 per 100k shots -> 15.75 x 80k = 1.26 M; spare 2.5 M. Bodies 1.5 M.
    """
    counts = DieEventCounts(shots=105_000, good_bodies=100_000, insert_refurbishments=4.2,
                            die_damages=1.05)
    economics = DieEconomics(spare_die=True, die_life_shots=100_000, model_life_years=6.0)
    cost = giga_die_cost_per_body(counts, economics, annual_good_bodies=250_000, cells=3)
    bodies = 1.5e6
    assert cost["die_sets"] == pytest.approx(46.5e6 / bodies)
    assert cost["insert_refurbishments"] == pytest.approx(63 * 120e3 / bodies)
    assert cost["die_damage_repairs"] == pytest.approx(15.75 * 80e3 / bodies)
    assert cost["spare_die"] == pytest.approx(2.5e6 / bodies)


def test_a_shorter_model_life_retires_dies_early_and_costs_more_per_body():
    counts = DieEventCounts(shots=105_000, good_bodies=100_000, insert_refurbishments=0,
                            die_damages=0)
    long_ = giga_die_cost_per_body(
        counts, DieEconomics(die_life_shots=100_000, model_life_years=6.0), 250_000, 3
    )["die_sets"]
    short = giga_die_cost_per_body(
        counts, DieEconomics(die_life_shots=100_000, model_life_years=0.5), 250_000, 3
    )["die_sets"]
    # half a year: 131,250 shots, 43,750 a cell -> 1 set each: 4 M + 2 x 2.5 M over 125k bodies
    assert short == pytest.approx(9e6 / 125_000)
    assert short > long_


def test_counts_without_shots_are_refused():
    with pytest.raises(ValueError, match="shots > 0"):
        DieEventCounts(shots=0, good_bodies=1, insert_refurbishments=0, die_damages=0)


def test_stamping_die_cost_is_the_hand_sum():
    """2 dies, 1 and 0.5 strokes per body, 250k bodies x 6 yr = 1.5 M bodies.

    Die A: 1.5 M strokes -> 1 set (life 2 M); die B: 0.75 M -> 1 set; sets 25 M in all.
    Upkeep: (1.5 M + 0.75 M) / 50k x 1,500 = 67,500 US$.
    """
    six_years = StampingDieEconomics(model_life_years=6.0)
    cost = stamping_die_cost_per_body({"A": 1.0, "B": 0.5}, six_years, 250_000)
    assert cost["stamping_die_sets"] == pytest.approx(25e6 / 1.5e6)
    assert cost["stamping_die_maintenance"] == pytest.approx(67_500 / 1.5e6)
    worn = stamping_die_cost_per_body({"A": 2.0, "B": 0.5}, six_years, 250_000)
    assert worn["stamping_die_sets"] == pytest.approx((2 * 12.5e6 + 12.5e6) / 1.5e6)  # A: 3 M
