"""Ratio KPIs: the ratio estimator (delta method) covers E[X] / E[Y]; a mean of ratios does not."""

import numpy as np
import pandas as pd
import pytest

from twin.experiments.kpis import confidence_interval, kpi_interval, paired_difference
from twin.experiments.ratios import ratio_difference_interval, ratio_interval

MACRO = 200


def fixed_plus_variable(rng, n, fixed, per_unit):
    """X = fixed + per_unit Y + noise, Y ~ Gamma(4, 25): E[X] / E[Y] = fixed / 100 + per_unit."""
    y = rng.gamma(4.0, 25.0, n)
    return fixed + per_unit * y + rng.normal(0.0, 20.0, n), y


def test_ratio_interval_by_hand():
    ratio, se, low, high, n = ratio_interval([2.0, 4.0, 9.0], [1.0, 2.0, 3.0])
    residual = np.array([2.0, 4.0, 9.0]) - 2.5 * np.array([1.0, 2.0, 3.0])
    assert ratio == 2.5
    assert n == 3
    assert se == pytest.approx(np.sqrt(residual.var(ddof=1) / 3) / 2.0)
    assert (low + high) / 2 == pytest.approx(2.5)


def test_ratio_estimator_covers_the_known_ratio_at_95_percent(coverage_band):
    """True ratio (1000 + 2 * 100) / 100 = 12; 20 replications per macro-replication."""
    covered = mean_of_ratios_covered = 0
    for m in range(MACRO):
        x, y = fixed_plus_variable(np.random.default_rng([21, m]), 20, 1000.0, 2.0)
        _, _, low, high, _ = ratio_interval(x, y)
        covered += low <= 12.0 <= high
        _, _, low, high, _ = confidence_interval(x / y)
        mean_of_ratios_covered += low <= 12.0 <= high
    low_count, high_count = coverage_band(MACRO)
    assert low_count <= covered <= high_count
    # the mean of per-replication ratios estimates E[X / Y] = 1000 E[1/Y] + 2 = 15.3, not 12
    assert mean_of_ratios_covered < low_count


def test_paired_ratio_difference_covers_the_known_difference(coverage_band):
    """Common Y (common random numbers): ratio b - ratio a = (8 + 2.5) - 12 = -1.5."""
    covered = 0
    for m in range(MACRO):
        rng = np.random.default_rng([22, m])
        y = rng.gamma(4.0, 25.0, 20)
        xa = 1000 + 2.0 * y + rng.normal(0, 20, 20)
        xb = 800 + 2.5 * y + rng.normal(0, 20, 20)
        _, _, low, high, _ = ratio_difference_interval(xa, y, xb, y)
        covered += low <= -1.5 <= high
    low_count, high_count = coverage_band(MACRO)
    assert low_count <= covered <= high_count


def line_table(good, scrapped, kwh):
    good, scrapped = np.asarray(good, float), np.asarray(scrapped, float)
    return pd.DataFrame({"replication": range(len(good)), "good_units": good,
                         "scrapped_units": scrapped, "scrap_share": scrapped / (good + scrapped),
                         "energy_kwh_per_unit": np.asarray(kwh, float) / good,
                         "lead_time_mean_min": 1.0})


def test_line_ratio_kpis_are_totals_over_totals():
    table = line_table([90, 10], [10, 10], [900, 300])
    assert kpi_interval(table, "scrap_share")[0] == pytest.approx(20 / 120)
    assert kpi_interval(table, "energy_kwh_per_unit")[0] == pytest.approx(1200 / 100)
    # a KPI that is not a ratio keeps the plain mean of the replications
    assert kpi_interval(table, "good_units")[0] == 50


def test_paired_difference_of_a_ratio_kpi_is_the_difference_of_the_ratios():
    a = line_table([90, 10, 50], [10, 10, 5], [900, 300, 500])
    b = line_table([80, 20, 40], [10, 10, 5], [800, 300, 500])
    row = paired_difference(a, b, ["energy_kwh_per_unit"]).iloc[0]
    assert row["mean_difference"] == pytest.approx(1600 / 140 - 1700 / 150)
