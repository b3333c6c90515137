"""Visits per finished unit in the ideal flow, from the traffic equations."""

import pytest
from scenario_builders import line

from lines.flow import good_flow_visits


def test_a_serial_line_visits_every_station_once():
    scenario = line([{"name": "a", "cycle_time_s": 1, "next": "b"},
                     {"name": "b", "cycle_time_s": 1}])
    assert good_flow_visits(scenario) == {"a": 1.0, "b": 1.0}


def test_a_split_sends_each_branch_its_share_and_rework_stations_get_none():
    scenario = line([
        {"name": "split", "cycle_time_s": 1, "next": {"left": 0.3, "right": 0.7}},
        {"name": "left", "cycle_time_s": 1, "next": "gate"},
        {"name": "right", "cycle_time_s": 1, "next": "gate"},
        {"name": "gate", "cycle_time_s": 1, "rework_probability": 0.2, "rework_to": "repair"},
        {"name": "repair", "cycle_time_s": 1, "next": "gate"},
    ])
    visits = good_flow_visits(scenario)
    assert visits["left"] == pytest.approx(0.3)
    assert visits["right"] == pytest.approx(0.7)
    assert visits["gate"] == pytest.approx(1.0)
    assert visits["repair"] == 0.0


def test_a_loop_of_good_units_is_visited_geometrically_often():
    # b sends 40 % back to a: visits = 1 / (1 - 0.4)
    scenario = line([
        {"name": "a", "cycle_time_s": 1, "next": "b"},
        {"name": "b", "cycle_time_s": 1, "next": {"a": 0.4, "exit": 0.6}},
    ], sources=[{"name": "arrivals", "to": "a", "interarrival_s": 10}])
    assert good_flow_visits(scenario)["a"] == pytest.approx(1 / 0.6)


def test_an_assembly_counts_one_flow_not_the_sum_of_its_inputs():
    scenario = line(
        [{"name": "floor", "cycle_time_s": 1, "next": "join"},
         {"name": "rear", "cycle_time_s": 1, "next": "join"},
         {"name": "join", "cycle_time_s": 1, "assembles": ["floor", "rear"]}],
        sources=[{"name": "f", "to": "floor"}, {"name": "r", "to": "rear"}])
    assert good_flow_visits(scenario)["join"] == pytest.approx(1.0)
