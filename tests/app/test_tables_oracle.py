"""The app's table builders on small hand-made inputs whose every output cell is known.

``tests/app/test_tables.py`` checks shapes and sums on a simulated run; here each table is fed
two replications of two stations typed in, and the expected percentages, means, bottleneck
flag, scrap per replication, rolling means and intervals are worked out by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest

from twin.runtime.results import TIME_SPLIT
from twin.ui import tables


def station_rows() -> pd.DataFrame:
    """Replications 0 and 1 of ``press`` then ``cell``; ``cell`` is the bottleneck in both."""
    rows = []
    for rep, (press_work, cell_work) in enumerate(((0.5, 0.9), (0.7, 0.8))):
        for name, work, neck in (("press", press_work, False), ("cell", cell_work, True)):
            shares = dict.fromkeys((f"{s}_share" for s in TIME_SPLIT), 0.0)
            shares |= {"working_share": work, "starved_share": 1.0 - work}
            rows.append({"replication": rep, "station": name, "bottleneck": neck,
                         "scrapped_units": 3 * rep + (1 if name == "press" else 0),
                         "scrap_warmup_units": float("nan"), **shares})
    return pd.DataFrame(rows)


def test_time_split_is_the_mean_share_in_percent_per_station_in_line_order():
    split = tables.time_split(station_rows())
    assert list(split["station"]) == ["press", "cell"]
    press, cell = split.iloc[0], split.iloc[1]
    assert press["working_pct"] == pytest.approx(60.0)  # (50 + 70) / 2
    assert press["starved_pct"] == pytest.approx(40.0)
    assert cell["working_pct"] == pytest.approx(85.0)  # (90 + 80) / 2
    assert cell["bottleneck_pct"] == pytest.approx(100.0)
    assert press["bottleneck_pct"] == pytest.approx(0.0)
    assert list(split["bottleneck"]) == [False, True]
    assert tables.bottleneck_name(split) == "cell"


def test_scrap_by_cause_without_causes_is_per_station_per_replication():
    table = tables.scrap_by_cause(station_rows().drop(columns="scrap_warmup_units"))
    # press: 1 + 4 = 5 over 2 replications = 2.5; cell: 0 + 3 = 3 -> 1.5; largest first
    assert list(table["cause"]) == ["press", "cell"]
    assert list(table["scrapped_units_per_replication"]) == pytest.approx([2.5, 1.5])


def test_scrap_by_cause_with_cell_causes_names_them_and_drops_zeros():
    frame = pd.DataFrame({"replication": [0, 0, 1, 1], "station": ["cell", "weld"] * 2,
                          "scrapped_units": [7, 0, 5, 0],
                          "scrap_warmup_units": [2, None, 0, None],
                          "scrap_cold_shut_units": [5, None, 4, None],
                          "scrap_porosity_units": [0, None, 0, None]})
    table = tables.scrap_by_cause(frame)
    assert list(table["cause"]) == ["cold shut", "warmup"]  # 4.5 then 1.0; porosity 0 dropped
    assert list(table["scrapped_units_per_replication"]) == pytest.approx([4.5, 1.0])


def test_throughput_by_hour_is_the_mean_and_its_trailing_8_hour_mean():
    hours = [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], [0, 0, 10, 0, 10, 0, 10, 0, 10, 0, 99]]
    table = tables.throughput_by_hour(hours)
    assert len(table) == 10  # the shorter replication's length
    mean = [5, 10, 20, 20, 30, 30, 40, 40, 50, 50]
    assert list(table["good_units_per_hour_uph"]) == pytest.approx(mean)
    assert table["rolling_8h_mean_uph"].iloc[1] == pytest.approx(7.5)
    assert table["rolling_8h_mean_uph"].iloc[9] == pytest.approx(sum(mean[2:10]) / 8)


def test_state_intervals_last_until_the_next_change_and_are_clipped_to_the_window():
    trace = [(0.0, "a", 0, "working"), (3600.0, "a", 0, "failed"), (5400.0, "a", 0, "working"),
             (1800.0, "b", 0, "starved")]
    frame = tables.state_intervals(trace, 1800.0, 7200.0, stations=["b", "a"])
    rows = [tuple(r) for r in frame.itertuples(index=False)]
    assert rows == [("b #1", "starved", 0.0, 1.5),
                    ("a #1", "working", 0.0, 0.5), ("a #1", "failed", 0.5, 0.5),
                    ("a #1", "working", 1.0, 0.5)]


def test_sweep_table_pivots_and_turns_shares_into_percent():
    summary = pd.DataFrame({"point": [0, 0, 1, 1], "buffer": [1, 1, 5, 5],
                            "kpi": ["throughput_uph", "scrap_share"] * 2,
                            "mean": [50.0, 0.02, 55.0, 0.03], "ci_low": [49.0, 0.01, 54.0, 0.02],
                            "ci_high": [51.0, 0.03, 56.0, 0.04]})
    table = tables.sweep_table(summary, ["buffer"])
    assert list(table.columns) == ["point", "buffer", "throughput_uph_mean",
                                   "throughput_uph_ci_low", "throughput_uph_ci_high",
                                   "scrap_pct_mean", "scrap_pct_ci_low",
                                   "scrap_pct_ci_high"]
    assert table.loc[1, "scrap_pct_mean"] == pytest.approx(3.0)
    assert table.loc[0, "scrap_pct_ci_high"] == pytest.approx(3.0)
    assert table.loc[1, "throughput_uph_ci_low"] == pytest.approx(54.0)


def test_with_units_scales_only_shares_and_suffixes_counts():
    frame = pd.DataFrame({"availability": [0.5], "dies": [3], "cycle_time_s": [60.0]})
    out = tables.with_units(frame)
    assert out.to_dict("records") == [{"availability_pct": 50.0, "dies_count": 3,
                                       "cycle_time_s": 60.0}]


def test_throughput_by_hour_names_its_columns_with_units():
    table = tables.throughput_by_hour([[1, 2, 3]])
    assert list(table.columns) == ["hour_h", "good_units_per_hour_uph", "rolling_8h_mean_uph"]
    assert table["hour_h"].tolist() == [0.0, 1.0, 2.0]
    assert table["hour_h"].dtype == float


def test_state_intervals_sort_an_unordered_trace_and_keep_unlisted_stations_last():
    trace = [(3600.0, "press #2", 0, "failed"), (0.0, "weld", 0, "working"),
             (0.0, "press #2", 0, "working"), (1800.0, "weld", 0, "blocked")]
    frame = tables.state_intervals(trace, 0.0, 7200.0, stations=["press #2"])
    rows = [tuple(r) for r in frame.itertuples(index=False)]
    assert rows == [("press #2 #1", "working", 0.0, 1.0), ("press #2 #1", "failed", 1.0, 1.0),
                    ("weld #1", "working", 0.0, 0.5), ("weld #1", "blocked", 0.5, 1.5)]


def test_state_intervals_drop_zero_length_states_and_keep_columns_when_empty():
    trace = [(0.0, "a", 0, "starved"), (600.0, "a", 0, "working"), (600.0, "a", 0, "blocked")]
    frame = tables.state_intervals(trace, 0.0, 1200.0)
    assert [(r.state, r.duration_h) for r in frame.itertuples()] == [
        ("starved", pytest.approx(600 / 3600)), ("blocked", pytest.approx(600 / 3600))]
    empty = tables.state_intervals([], 0.0, 10.0)
    assert list(empty.columns) == ["machine", "state", "start_h", "duration_h"]
    assert empty.empty


def test_scrap_by_cause_of_one_replication_is_its_count():
    frame = pd.DataFrame({"replication": [0, 0], "station": ["a", "b"],
                          "scrapped_units": [3, 1]})
    table = tables.scrap_by_cause(frame)
    assert table.to_dict("records") == [{"cause": "a", "scrapped_units_per_replication": 3.0},
                                        {"cause": "b", "scrapped_units_per_replication": 1.0}]
    assert list(table.index) == [0, 1]


def test_sweep_table_keeps_only_the_three_statistics():
    summary = pd.DataFrame({"point": [0], "buffer": [1], "kpi": ["throughput_uph"],
                            "mean": [50.0], "ci_low": [49.0], "ci_high": [51.0],
                            "sd": [0.5], "n": [4]})
    table = tables.sweep_table(summary, ["buffer"])
    assert list(table.columns) == ["point", "buffer", "throughput_uph_mean",
                                   "throughput_uph_ci_low", "throughput_uph_ci_high"]
