"""KPI arithmetic on hand-built replication results, each figure computed by hand (issue 18).

The mutation run of ``twin.experiments.kpis`` left these behaviours unchecked: a ratio KPI's
parts when a replication has no good unit, the confidence level reaching the intervals, the
sd of two replications, the active-period mean of a station that never ran, the bottleneck's
tie rule, the ideal line cycle, the OEE factors and the line and station rows. Every expected
value below is written out from the definitions in the module docstring, not recomputed with
the package.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from twin.experiments.kpis import (
    active_period_mean_s,
    bottleneck,
    confidence_interval,
    ideal_line_cycle_s,
    kpi_interval,
    paired_difference,
    ratio_parts,
    replication_row,
    station_oee,
    station_rows,
    summarise,
)
from twin.runtime.results import TIME_SPLIT, ReplicationResult, StationResult


def times(**seconds: float) -> dict[str, float]:
    """A time split with every state, the ones not given at zero [s]."""
    return {state: float(seconds.get(state, 0.0)) for state in TIME_SPLIT}


def station(name: str = "press", machines: int = 1, time_s: dict[str, float] | None = None,
            processed: int = 10, good: int = 10, active_periods: int = 1,
            nominal_cycle_s: float = 60.0, visits_per_unit: float = 1.0,
            energy_kwh: float = 0.0) -> StationResult:
    """A station result with the fields the KPI functions read."""
    return StationResult(
        name=name, machines=machines, time_s=time_s or times(working=600, starved=400),
        processed=processed, good=good, scrapped=processed - good, reworked=0,
        active_periods=active_periods, nominal_cycle_s=nominal_cycle_s, buffer_mean_units=1.5,
        buffer_max_units=3, energy_kwh=energy_kwh, maintenance_stops=0, operators_per_shift=1,
        floor_space_m2=10, visits_per_unit=visits_per_unit,
    )


def replication(stations: tuple[StationResult, ...], **fields: object) -> ReplicationResult:
    """A replication result: 2 h horizon, 1.5 h planned, 12 good and 3 scrapped units."""
    values: dict[str, object] = {
        "scenario": "hand", "replication": 4, "seed": 7, "horizon_s": 7200.0, "warmup_s": 0.0,
        "planned_time_s": 5400.0, "created": 16, "finished": 12, "scrapped": 3, "consumed": 0,
        "wip_start": 0, "wip_end": 1, "wip_mean_units": 2.5, "lead_time_mean_s": 900.0,
        "lead_time_sd_s": 30.0, "lead_time_max_s": 1800.0, "finished_per_hour": (6, 6),
        "stations": stations, "released": 15, "order_backlog_units": 2,
    }
    return ReplicationResult(**(values | fields))


def t_half(sd: float, n: int, confidence: float) -> float:
    """Half-width of the Student-t interval of a mean of n values."""
    return stats.t.ppf(0.5 + confidence / 2, n - 1) * sd / math.sqrt(n)


# --- ratio KPIs -------------------------------------------------------------------------


def lead_time_table() -> pd.DataFrame:
    """Three replications: 0 good units (no lead time), 1 good unit at 30 min, 3 at 10 min."""
    return pd.DataFrame({"good_units": [0, 1, 3], "scrapped_units": [2, 0, 1],
                         "lead_time_mean_min": [math.nan, 30.0, 10.0]})


def test_a_replication_without_good_units_adds_no_lead_time():
    """Total lead time 0 + 1 x 30 + 3 x 10 = 60 min over 4 good units: 15 min."""
    numerator, denominator = ratio_parts(lead_time_table(), "lead_time_mean_min")
    assert numerator.tolist() == [0.0, 30.0, 30.0]
    assert denominator.tolist() == [0.0, 1.0, 3.0]
    estimate = kpi_interval(lead_time_table(), "lead_time_mean_min")[0]
    assert estimate == pytest.approx(15.0, rel=1e-12)


def test_the_confidence_level_reaches_a_ratio_kpis_interval():
    """The delta-method interval scales with the t quantile: 80 % over 95 % is their ratio."""
    table = pd.DataFrame({"good_units": [90, 100, 110, 95], "scrapped_units": [10, 5, 12, 7]})
    table["scrap_share"] = table["scrapped_units"] / (table["good_units"]
                                                      + table["scrapped_units"])
    wide = kpi_interval(table, "scrap_share", 0.95)
    narrow = kpi_interval(table, "scrap_share", 0.80)
    assert wide[0] == pytest.approx(34 / 429, rel=1e-12)  # 34 scrapped of 429 leaving
    ratio = stats.t.ppf(0.90, 3) / stats.t.ppf(0.975, 3)
    assert (narrow[3] - narrow[2]) / (wide[3] - wide[2]) == pytest.approx(ratio, rel=1e-9)


def test_the_sd_of_two_replications_is_their_gap_over_root_two():
    """sd (ddof 1) of two values a, b is |a - b| / sqrt(2); a ratio KPI reports it too."""
    table = pd.DataFrame({"good_units": [10, 10], "scrapped_units": [0, 0],
                          "energy_kwh_per_unit": [4.0, 6.0]})
    estimate, sd, _low, _high, n = kpi_interval(table, "energy_kwh_per_unit")
    assert (estimate, n) == (pytest.approx(5.0), 2)
    assert sd == pytest.approx(2.0 / math.sqrt(2.0), rel=1e-12)


def test_the_paired_difference_of_a_ratio_kpi_has_the_sd_of_the_differences():
    """Energy per unit b - a per replication: +1 and +3 kWh: mean 2, sd 2 / sqrt 2."""
    a = pd.DataFrame({"replication": [0, 1], "good_units": [10, 10], "scrapped_units": [0, 0],
                      "energy_kwh_per_unit": [4.0, 6.0]})
    b = a.assign(energy_kwh_per_unit=[5.0, 9.0])
    row = paired_difference(a, b, ["energy_kwh_per_unit"]).iloc[0]
    assert row["mean_difference"] == pytest.approx(2.0)
    assert row["sd"] == pytest.approx(2.0 / math.sqrt(2.0), rel=1e-12)
    assert (row["unit"], row["n"]) == ("kWh/unit", 2)


def test_the_confidence_level_reaches_paired_differences():
    """Mean KPI: differences 1, 2, 3, 6: the 80 % interval is mean +/- t(0.9, 3) sd / 2."""
    a = pd.DataFrame({"replication": [0, 1, 2, 3], "good_units": [10, 10, 10, 10],
                      "scrapped_units": [1, 2, 1, 3], "throughput_uph": [10.0] * 4})
    b = a.assign(throughput_uph=[11.0, 12.0, 13.0, 16.0], scrapped_units=[2, 2, 3, 3])
    b["good_units"] = [12, 10, 14, 10]
    for side in (a, b):
        side["scrap_share"] = side["scrapped_units"] / (side["good_units"]
                                                        + side["scrapped_units"])
    rows = paired_difference(a, b, ["throughput_uph", "scrap_share"], confidence=0.80)
    mean = rows.set_index("kpi").loc["throughput_uph"]
    sd = float(np.std([1, 2, 3, 6], ddof=1))
    assert mean["mean_difference"] == pytest.approx(3.0)
    assert mean["ci_high"] - 3.0 == pytest.approx(t_half(sd, 4, 0.80), rel=1e-9)
    ratio = rows.set_index("kpi").loc["scrap_share"]
    wide = paired_difference(a, b, ["scrap_share"], confidence=0.95).iloc[0]
    t_ratio = stats.t.ppf(0.90, 3) / stats.t.ppf(0.975, 3)
    assert ((ratio["ci_high"] - ratio["ci_low"]) / (wide["ci_high"] - wide["ci_low"])
            == pytest.approx(t_ratio, rel=1e-9))
    assert list(rows.columns) == ["kpi", "unit", "mean_difference", "sd", "ci_low", "ci_high",
                                  "n"]


# --- Student-t intervals --------------------------------------------------------------


def test_one_value_has_a_mean_but_no_interval_and_no_value_has_neither():
    assert confidence_interval([5.0])[0] == 5.0
    assert confidence_interval([5.0])[4] == 1
    assert all(math.isnan(v) for v in confidence_interval([5.0])[1:4])
    empty = confidence_interval([])
    assert empty[4] == 0
    assert all(math.isnan(v) for v in empty[:4])


def test_summarise_passes_the_confidence_level_to_line_and_station_rows():
    """Two replications with throughput 10 and 14 u/h: the 80 % half-width is t(0.9, 1) x
    sd / sqrt 2 with sd = 4 / sqrt 2, i.e. 2 x t(0.9, 1)."""
    rows = [replication_row(replication((station(),), replication=r, finished=f,
                                        horizon_s=3600.0)) for r, f in ((0, 10), (1, 14))]
    line = pd.DataFrame(rows)
    stations = pd.DataFrame([row for r in (0, 1)
                             for row in station_rows(replication((station(
                                 time_s=times(working=600 + 20 * r, starved=400 - 20 * r)),),
                                 replication=r))])
    table = summarise(line, stations, confidence=0.80).set_index(["kpi", "scope"])
    throughput = table.loc[("throughput_uph", "line")]
    assert throughput["mean"] == pytest.approx(12.0)
    assert throughput["ci_high"] - 12.0 == pytest.approx(2.0 * stats.t.ppf(0.90, 1), rel=1e-9)
    # utilisation 0.60 and 0.62: mean 0.61, half-width t(0.9, 1) x (0.02 / sqrt 2) / sqrt 2
    utilisation = table.loc[("utilisation", "press")]
    assert utilisation["mean"] == pytest.approx(0.61)
    assert utilisation["ci_high"] - 0.61 == pytest.approx(0.01 * stats.t.ppf(0.90, 1), rel=1e-9)
    assert (throughput["confidence"], utilisation["confidence"]) == (0.80, 0.80)


# --- stations: active periods, bottleneck, OEE ---------------------------------------------


def test_a_station_that_never_ran_has_a_zero_active_period():
    idle = station(time_s=times(starved=1000), active_periods=0)
    assert active_period_mean_s(idle) == 0.0


def test_the_active_period_mean_is_active_time_over_periods():
    """Working 600 + setup 50 + maintenance 30 + failed 20 = 700 s in 4 periods: 175 s."""
    busy = station(time_s=times(working=600, setup=50, maintenance=30, failed=20, blocked=300),
                   active_periods=4)
    assert active_period_mean_s(busy) == pytest.approx(175.0)


def test_the_longest_active_period_is_the_bottleneck_even_when_less_busy():
    """Periods 10.4 s (active 52 %) against 10.2 s (active 92 %): the 10.4 s station."""
    long_periods = station("long", time_s=times(working=520, starved=480), active_periods=50)
    busier = station("busy", time_s=times(working=918, starved=80), active_periods=90)
    assert active_period_mean_s(long_periods) == pytest.approx(10.4)
    assert active_period_mean_s(busier) == pytest.approx(10.2)
    result = replication((busier, long_periods))
    assert bottleneck(result) == "long"


def test_periods_equal_to_a_microsecond_tie_and_the_busier_share_wins():
    """10.0000004 s and 10.0000001 s periods are one tie (6 decimals); then the active share
    decides: 80 % on one machine beats 50 % on four (more machine-seconds, lower share)."""
    one = station("one", machines=1, time_s=times(working=800.0000001, starved=200),
                  active_periods=80)
    four = station("four", machines=4, time_s=times(working=2000.000016, starved=2000),
                   active_periods=200)
    assert active_period_mean_s(one) - active_period_mean_s(four) < -1e-8
    assert bottleneck(replication((one, four))) == "one"
    assert bottleneck(replication((four, one))) == "one"


def test_the_ideal_line_cycle_is_the_slowest_stations_cycle_per_unit():
    """60 s on 2 machines once a unit: 30 s; 40 s on 1 machine twice a unit: 80 s."""
    twin_press = station("press", machines=2, nominal_cycle_s=60.0, visits_per_unit=1.0)
    double_visit = station("weld", machines=1, nominal_cycle_s=40.0, visits_per_unit=2.0)
    assert ideal_line_cycle_s(replication((twin_press, double_visit))) == pytest.approx(80.0)
    assert math.isnan(ideal_line_cycle_s(replication(())))


def test_station_oee_factors_by_hand():
    """1,000 s: off shift 100, maintenance 50, failed 80, setup 20, working 450, blocked 300.

    planned = 1000 - 100 - 50 = 850; running = 850 - 80 - 20 = 750; availability 750/850,
    performance 450/750, quality 9/10, OEE their product.
    """
    t = times(off_shift=100, maintenance=50, failed=80, setup=20, working=450, blocked=300)
    oee = station_oee(station(time_s=t, processed=10, good=9))
    assert oee["availability"] == pytest.approx(750 / 850)
    assert oee["performance"] == pytest.approx(450 / 750)
    assert oee["quality"] == pytest.approx(0.9)
    assert oee["oee"] == pytest.approx(750 / 850 * 450 / 750 * 0.9)


# --- the rows of one replication --------------------------------------------------------


def test_the_line_row_of_one_replication_by_hand():
    """2 h horizon, 1.5 h planned, 12 good of 15 leaving, lead 900 s mean and 1,800 s max,
    36 kWh, ideal cycle 60 s on the press."""
    press = station("press", nominal_cycle_s=60.0, energy_kwh=30.0)
    weld = station("weld", nominal_cycle_s=45.0, energy_kwh=6.0)
    row = replication_row(replication((press, weld)))
    assert row == {
        "scenario": "hand", "replication": 4, "seed": 7,
        "throughput_uph": pytest.approx(6.0), "throughput_on_shift_uph": pytest.approx(8.0),
        "good_units": 12, "scrapped_units": 3, "created_units": 16, "released_units": 15,
        "order_backlog_units": 2, "scrap_share": pytest.approx(0.2),
        "line_oee_share": pytest.approx(12 * 60 / 5400), "wip_mean_units": 2.5,
        "lead_time_mean_min": pytest.approx(15.0), "lead_time_max_min": pytest.approx(30.0),
        "energy_kwh_per_unit": pytest.approx(3.0), "bottleneck": "press",
    }


def test_a_replication_without_output_has_no_energy_per_unit():
    row = replication_row(replication((station(energy_kwh=5.0),), finished=0, scrapped=0,
                                      planned_time_s=0.0))
    assert math.isnan(row["energy_kwh_per_unit"])
    assert math.isnan(row["throughput_on_shift_uph"])
    assert math.isnan(row["scrap_share"])


def test_the_station_row_of_one_replication_by_hand():
    """Two machines x 1,000 s: working 1,200, setup 100, starved 700; 5 active periods."""
    press = station("press", machines=2, time_s=times(working=1200, setup=100, starved=700),
                    processed=20, good=19, active_periods=5)
    row = station_rows(replication((press,)))[0]
    assert (row["scenario"], row["replication"], row["station"], row["machines"]) == (
        "hand", 4, "press", 2)
    assert row["working_share"] == pytest.approx(0.6)
    assert row["utilisation"] == pytest.approx(0.6)
    assert row["active_period_mean_min"] == pytest.approx(1300 / 5 / 60)
    assert row["availability"] == pytest.approx(1900 / 2000)
    assert row["bottleneck"] is True


def test_the_default_intervals_are_95_percent():
    """Values 1, 2, 3, 6: mean 3, half-width t(0.975, 3) x sd / 2, alone and as differences."""
    sd = float(np.std([1, 2, 3, 6], ddof=1))
    mean, got_sd, low, high, n = confidence_interval([1.0, 2.0, 3.0, 6.0])
    assert (mean, n) == (pytest.approx(3.0), 4)
    assert got_sd == pytest.approx(sd)
    assert (low, high) == (pytest.approx(3.0 - t_half(sd, 4, 0.95)),
                           pytest.approx(3.0 + t_half(sd, 4, 0.95)))
    a = pd.DataFrame({"replication": [0, 1, 2, 3], "throughput_uph": [10.0] * 4})
    b = a.assign(throughput_uph=[11.0, 12.0, 13.0, 16.0])
    row = paired_difference(a, b, ["throughput_uph"]).iloc[0]
    assert row["ci_high"] == pytest.approx(3.0 + t_half(sd, 4, 0.95))


def test_a_kpi_without_a_line_unit_gets_an_empty_unit():
    """A station KPI differenced by name has no line unit: the unit column is empty text."""
    a = pd.DataFrame({"replication": [0, 1], "oee": [0.5, 0.6]})
    b = a.assign(oee=[0.6, 0.8])
    row = paired_difference(a, b, ["oee"]).iloc[0]
    assert row["unit"] == ""
    assert row["mean_difference"] == pytest.approx(0.15)
