"""The KPI summary (``twin.experiments.kpis``) on three hand-typed replications, by hand.

(Kept beside the runtime tests because tests/twin/experiments/ is another helper's this
session; it belongs there.) Every mean, standard deviation, Student-t interval (t(0.975, 2)
= 4.303 from the table), pooled ratio with its delta-method interval, clip to the physical
range, unit and row order below is computed by hand from the typed numbers.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from twin.experiments.kpis import (
    LINE_UNITS,
    STATION_UNITS,
    kpi_interval,
    ratio_parts,
    summarise,
)

T_975_2 = 4.302652729911275
HALF_SD1 = T_975_2 / math.sqrt(3)  # half-width of a 95 % interval for sd 1, n 3: 2.484


def replications() -> pd.DataFrame:
    frame = pd.DataFrame({kpi: [1.0, 2.0, 3.0] for kpi in LINE_UNITS})
    frame["replication"] = [0, 1, 2]
    frame["good_units"] = [90.0, 80.0, 100.0]
    frame["scrapped_units"] = [10.0, 20.0, 0.0]
    frame["scrap_share"] = [0.1, 0.2, 0.0]
    frame["lead_time_mean_min"] = [10.0, 20.0, 4.0]
    frame["energy_kwh_per_unit"] = [2.0, 1.0, 3.0]
    frame["line_oee_share"] = [0.9, 1.0, 1.1]
    return frame


def stations() -> pd.DataFrame:
    rows = []
    for rep in range(3):
        for name, neck in (("weld", rep < 2), ("cut", rep == 2)):
            row = {kpi: 0.5 for kpi in STATION_UNITS if kpi != "bottleneck_share"}
            row |= {"replication": rep, "station": name, "bottleneck": neck,
                    "availability": [0.9, 0.95, 1.0][rep], "processed_units": [1, 2, 3][rep]}
            rows.append(row)
    return pd.DataFrame(rows)


def test_ratio_parts_are_the_totals_behind_each_ratio():
    frame = replications()
    scrapped, leaving = ratio_parts(frame, "scrap_share")
    assert scrapped.tolist() == [10.0, 20.0, 0.0]
    assert leaving.tolist() == [100.0, 100.0, 100.0]
    lead, good = ratio_parts(frame, "lead_time_mean_min")
    assert lead.tolist() == [900.0, 1600.0, 400.0]
    assert good.tolist() == [90.0, 80.0, 100.0]
    energy, _ = ratio_parts(frame, "energy_kwh_per_unit")
    assert energy.tolist() == [180.0, 80.0, 300.0]
    empty = frame.assign(good_units=[0.0, 80.0, 100.0])
    assert ratio_parts(empty, "lead_time_mean_min")[0].tolist() == [0.0, 1600.0, 400.0]
    with pytest.raises(KeyError, match="'throughput_uph' is not a ratio KPI; ratio KPIs: "
                                       "scrap_share, lead_time_mean_min, energy_kwh_per_unit"):
        ratio_parts(frame, "throughput_uph")


def test_a_ratio_kpi_is_pooled_with_a_delta_method_interval():
    estimate, sd, low, high, n = kpi_interval(replications(), "scrap_share")
    # 30 scrapped of 300 leaving; residuals 0, +10, -10 -> se = sqrt(100 / 3) / 100
    se = math.sqrt(100 / 3) / 100
    assert (estimate, n) == (pytest.approx(0.1), 3)
    assert sd == pytest.approx(0.1)  # of the per-replication rates 0.1, 0.2, 0.0
    assert (low, high) == (pytest.approx(0.1 - T_975_2 * se), pytest.approx(0.1 + T_975_2 * se))
    lead = kpi_interval(replications(), "lead_time_mean_min")[0]
    assert lead == pytest.approx(2900 / 270)  # good-weighted, not the mean 11.33 of the means


def test_a_plain_kpi_gets_the_student_t_interval_and_its_confidence():
    mean, sd, low, high, n = kpi_interval(replications(), "throughput_uph")
    assert (mean, sd, n) == (2.0, 1.0, 3)
    assert (low, high) == (pytest.approx(2 - HALF_SD1), pytest.approx(2 + HALF_SD1))
    t90 = 2.919985580355516  # t(0.95, 2)
    assert kpi_interval(replications(), "throughput_uph", 0.90)[3] == pytest.approx(
        2 + t90 / math.sqrt(3))


def test_summary_rows_clip_to_the_physical_range_and_keep_line_order():
    table = summarise(replications(), stations())
    line = table[table["scope"] == "line"].set_index("kpi")
    assert list(line.index) == list(LINE_UNITS)
    assert line.loc["good_units", "unit"] == "units"
    assert line.loc["throughput_uph", "ci_low"] == 0.0  # 2 - 2.48 < 0: no negative output
    assert line.loc["throughput_uph", "ci_high"] == pytest.approx(2 + HALF_SD1)
    assert line.loc["throughput_uph", "sd"] == pytest.approx(1.0)
    assert line.loc["scrap_share", "ci_low"] == 0.0
    # not clipped
    assert line.loc["line_oee_share", "ci_high"] == pytest.approx(1.0 + 0.1 * HALF_SD1)
    assert set(table["confidence"]) == {0.95}
    assert set(table["n"]) == {3}
    assert list(dict.fromkeys(table.loc[table["scope"] != "line", "scope"])) == ["weld", "cut"]
    weld = table[table["scope"] == "weld"].set_index("kpi")
    assert weld.loc["availability", "mean"] == pytest.approx(0.95)
    assert weld.loc["availability", "ci_high"] == 1.0  # 0.95 + 0.124 clipped to a share
    assert weld.loc["availability", "ci_low"] == pytest.approx(0.95 - 0.05 * HALF_SD1)
    assert weld.loc["bottleneck_share", "mean"] == pytest.approx(2 / 3)
    assert weld.loc["processed_units", "ci_high"] == pytest.approx(2 + HALF_SD1)
    assert weld.loc["processed_units", "unit"] == "units"
    assert list(table.columns) == ["kpi", "scope", "unit", "mean", "sd", "ci_low", "ci_high",
                                   "n", "confidence"]
    assert np.isfinite(table["mean"]).all()
