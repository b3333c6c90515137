"""Correlated risk draws, the plan summary's intervals, and the break-even's named crossings."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from twin.cost import CostComparison, CostRates, default_casting_inputs, default_welded_inputs
from twin.planning import CORRELATIONS, plan_summary, wilson_interval
from twin.planning.breakeven import crossing_table
from twin.planning.risk import (
    RISK_LEVERS,
    cost_draws,
    draw_levers,
    lever_columns,
    triangular_ppf,
)

BASE = CostComparison(default_welded_inputs(), default_casting_inputs(), CostRates())


def test_the_triangular_inverse_cdf_matches_its_closed_form():
    low, mode, high = 2.0, 2.6, 3.5
    u = np.array([0.1, 0.5, 0.9])
    c = (mode - low) / (high - low)
    closed = np.where(u < c, low + np.sqrt(u * (high - low) * (mode - low)),
                      high - np.sqrt((1 - u) * (high - low) * (high - mode)))
    assert triangular_ppf(u, low, mode, high) == pytest.approx(closed)


def test_tied_levers_are_drawn_with_their_stated_rank_correlation():
    draws = draw_levers(BASE, 4_000, seed=3)
    for (a, b), rho in CORRELATIONS.items():
        spearman = stats.spearmanr(draws[a], draws[b]).statistic
        # Gaussian copula: rank correlation = 6/pi asin(rho/2); 4,000 draws: se ~ 0.016
        assert spearman == pytest.approx(6 / math.pi * math.asin(rho / 2), abs=0.05)
    untied = stats.spearmanr(draws["labour_rate"], draws["alloy_price"]).statistic
    assert abs(untied) < 0.05


def test_risk_draws_are_reproducible_and_cross_every_draw_with_every_replication():
    a = cost_draws([BASE, BASE], draws=5, seed=1)
    b = cost_draws([BASE, BASE], draws=5, seed=1)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 10
    assert set(a["replication"]) == {0, 1}
    assert list(a.columns[2:2 + len(RISK_LEVERS)]) == lever_columns(RISK_LEVERS)
    assert "alloy_price_usd_per_kg" in a.columns
    assert (a["difference_cost_per_body_usd"]
            == a["casting_cost_per_body_usd"] - a["welded_cost_per_body_usd"]).all()


def _synthetic(n: int, sd: float, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for route, mean in (("welded", 300.0), ("casting", 320.0)):
        for rep in range(n):
            row = {kpi: 1.0 for kpi in ("annual_good_bodies", "attainment_share",
                                        "order_backlog_bodies", "required_jph_on_shift",
                                        "achieved_jph_on_shift", "shortfall_bodies_per_year",
                                        "overtime_h_per_year", "scrap_share",
                                        "energy_kwh_per_body", "co2e_kg_per_body")}
            row |= {f"{e}_usd_per_body": 1.0 for e in (
                "material", "direct_labour", "energy", "equipment", "tooling", "building",
                "maintenance", "overhead_labour", "working_capital")}
            rows.append(row | {"route": route, "replication": rep, "demand_met": rep % 4 != 0,
                               "cost_per_body_usd": mean + rng.normal(0, sd)})
    return pd.DataFrame(rows)


def test_cost_intervals_are_student_t_and_shrink_as_one_over_root_n():
    widths = {}
    for n in (5, 20, 80):
        table = _synthetic(n, sd=10.0)
        row = plan_summary(table).set_index("kpi").loc["cost_per_body_usd"]
        welded = table[table["route"] == "welded"]["cost_per_body_usd"]
        half = stats.t.ppf(0.975, n - 1) * welded.std(ddof=1) / math.sqrt(n)
        assert row["welded_ci_high"] - row["welded_mean"] == pytest.approx(half)
        widths[n] = half
    assert widths[20] / widths[80] == pytest.approx(2.0, rel=0.35)


def test_the_demand_met_share_gets_a_wilson_interval():
    row = plan_summary(_synthetic(8, 1.0)).set_index("kpi").loc["demand_met"]
    assert row["welded_mean"] == 0.75
    low, high = wilson_interval(6, 8)
    assert (row["welded_ci_low"], row["welded_ci_high"]) == pytest.approx((low, high))
    # Wilson 95 % for 6/8, by hand: centre (0.75 + 1.92/8)/(1 + 3.84/8)
    z = 1.959964
    centre = (0.75 + z * z / 16) / (1 + z * z / 8)
    assert (low + high) / 2 == pytest.approx(centre)


def test_a_crossing_is_named_by_the_capacity_step_between_its_grid_points():
    table = pd.DataFrame({
        "policy": "dedicated", "annual_volume_units": [100_000.0, 110_000.0, 120_000.0],
        "difference_cost_per_body_usd": [-5.0, -1.0, 8.0], "giga_cells_count": [1.0, 1.0, 2.0],
        "body_lines_count": 1.0, "body_line_takt_s": [120.0, 110.0, 100.0],
        "weld_robots_count": [30, 32, 32]})
    crossing = crossing_table(table).iloc[0]
    assert crossing["breakeven_volume_units"] == pytest.approx(110_000 + 10_000 * 1 / 9)
    assert crossing["cheaper_above"] == "welded"
    assert crossing["decided_by"] == "a giga cell added (2 cells)"
