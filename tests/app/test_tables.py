"""Pure table builders: units in column names, shares as percent, trace to intervals."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from lines import load_scenario
from twin import run_experiment
from twin.ui import params, tables

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def experiment():
    scenario = load_scenario(REPO / "examples/two_station_line.yaml").with_changes(horizon_days=1)
    return run_experiment(scenario, replications=2, seed=0)


def test_with_units_turns_shares_into_percent_and_names_counts():
    frame = pd.DataFrame({"scrap_share": [0.25], "machines": [2], "mass_kg": [3.0]})
    out = tables.with_units(frame)
    assert list(out.columns) == ["scrap_pct", "machines_count", "mass_kg"]
    assert out.loc[0, "scrap_pct"] == 25.0


def test_time_split_sums_to_100_percent_and_flags_one_bottleneck(experiment):
    split = tables.time_split(experiment.stations)
    states = [c for c in split.columns if c.endswith("_pct") and c != "bottleneck_pct"]
    assert len(states) == 7
    assert split[states].sum(axis=1).round(6).eq(100.0).all()
    assert split["bottleneck"].sum() == 1
    assert tables.bottleneck_name(split) in {"press", "weld"}


def test_csv_bytes_round_trip(experiment):
    split = tables.time_split(experiment.stations)
    back = pd.read_csv(io.BytesIO(tables.csv_bytes(split)))
    assert list(back.columns) == list(split.columns)
    assert len(back) == 2


def test_throughput_by_hour_is_the_mean_over_replications():
    hourly = tables.throughput_by_hour([(10, 20, 30), (20, 40, 50, 60)])
    assert hourly["good_units_per_hour_uph"].tolist() == [15.0, 30.0, 40.0]
    assert hourly["rolling_8h_mean_uph"].tolist() == [15.0, 22.5, pytest.approx(85 / 3)]


def test_state_intervals_clip_to_the_window():
    trace = [(0.0, "a", 0, "working"), (1800.0, "a", 0, "failed"), (5400.0, "a", 0, "working")]
    out = tables.state_intervals(trace, 900.0, 4500.0)
    assert out.to_dict("records") == [
        {"machine": "a #1", "state": "working", "start_h": 0.0, "duration_h": 0.25},
        {"machine": "a #1", "state": "failed", "start_h": 0.25, "duration_h": 0.75},
    ]


def test_scrap_by_cause_uses_cause_columns_when_present():
    stations = pd.DataFrame({
        "replication": [0, 1], "station": ["cell", "cell"], "scrapped_units": [5, 7],
        "scrap_warmup_units": [2.0, 4.0], "scrap_gas_porosity_units": [3.0, 3.0],
    })
    out = tables.scrap_by_cause(stations)
    assert out.to_dict("records") == [
        {"cause": "warmup", "scrapped_units_per_replication": 3.0},
        {"cause": "gas porosity", "scrapped_units_per_replication": 3.0},
    ]


def test_scrap_by_cause_falls_back_to_stations(experiment):
    out = tables.scrap_by_cause(experiment.stations)
    assert set(out["cause"]) <= {"press", "weld"}
    assert list(out.columns) == ["cause", "scrapped_units_per_replication"]


def test_sweepable_paths_and_value_parsing():
    scenario = load_scenario(REPO / "examples/two_station_line.yaml")
    paths = params.sweepable_paths(scenario)
    assert paths["stations.weld.buffer_capacity"] == 3
    assert paths["stations.press.buffer_capacity"] is None
    assert paths["stations.weld.failures.robot_fault.time_between_failures_h.mean"] == 8.0
    assert params.parse_values("0, 2;4 8", 3) == [0, 2, 4, 8]
    assert params.parse_values("1.5, 2", 8.0) == [1.5, 2.0]
    with pytest.raises(ValueError, match="numbers"):
        params.parse_values("a, b", 3)
    with pytest.raises(ValueError, match="at least one"):
        params.parse_values(" ", 3)
