"""Scenario files: bad input is reported with the field and what was expected."""

import json
from pathlib import Path

import pytest

from lines.scenario_io import ScenarioError, load_scenario, parse_scenario, scenario_to_yaml
from lines.spec import Scenario

REPO = Path(__file__).resolve().parents[2]
GOOD = """
name: ok
sources: [{name: supply, to: a}]
stations:
  - {name: a, cycle_time_s: 5, next: b}
  - {name: b, cycle_time_s: {dist: exponential, mean: 4}}
"""


def problems(text):
    with pytest.raises(ScenarioError) as error:
        parse_scenario(text, "test.yaml")
    return error.value.problems


def test_a_valid_file_loads_and_round_trips_through_yaml():
    scenario = parse_scenario(GOOD)
    assert parse_scenario(scenario_to_yaml(scenario)) == scenario


def test_malformed_yaml_names_the_line():
    [problem] = problems("name: x\nstations: [a, b\n")
    assert "line 3" in problem
    assert "not valid YAML" in problem


def test_a_file_that_is_not_a_mapping_is_rejected():
    assert "mapping" in problems("- a\n- b\n")[0]


def test_unknown_keys_are_named_with_their_path():
    [problem] = problems(GOOD.replace("cycle_time_s: 5,", "cycle_time_s: 5, machnes: 2,"))
    assert problem.startswith("stations[0] 'a'.machnes: unknown field")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("cycle_time_s: 5,", "cycle_time_s: -5,",
         "stations[0] 'a'.cycle_time_s: Input should be greater"),
        ("mean: 4", "mean: 0", "stations[1] 'b'.cycle_time_s.mean: Input should be greater than 0"),
        (
            "cycle_time_s: 5,",
            "cycle_time_s: 5, scrap_probability: 1.5,",
            "scrap_probability: Input should be less than or equal to 1",
        ),
        (
            "cycle_time_s: 5,",
            "cycle_time_s: 5, rework_probability: -0.1,",
            "rework_probability: Input should be greater than or equal to 0",
        ),
        (
            "cycle_time_s: 5,",
            "cycle_time_s: 5, machines: 0,",
            "machines: Input should be greater than 0",
        ),
        ("cycle_time_s: 5,", "cycle_time_s: 5, buffer_capacity: -1,", "buffer_capacity"),
        ("cycle_time_s: 5,", "cycle_time_s: 0,", "the mean cycle time must be > 0 s"),
        (
            "{dist: exponential, mean: 4}",
            "{dist: expo, mean: 4}",
            "does not match any of the expected tags",
        ),
    ],
)
def test_bad_values_name_the_field_and_what_was_expected(old, new, expected):
    assert any(expected in p for p in problems(GOOD.replace(old, new)))


def test_a_station_that_nothing_feeds_is_reported():
    text = GOOD.replace("next: b}", "}")
    assert "nothing feeds station 'b'" in problems(text)[0]


def test_a_route_with_no_exit_is_reported():
    text = """
name: loop
sources: [{name: arrivals, to: a, interarrival_s: 10}]
stations:
  - {name: a, cycle_time_s: 5, next: b}
  - {name: b, cycle_time_s: 5, next: a}
"""
    assert "never reaches the exit" in problems(text)[0]


def test_an_assembly_that_can_never_be_fed_is_reported_not_run():
    text = """
name: starving assembly
sources: [{name: supply, to: a}]
stations:
  - {name: a, cycle_time_s: 5, next: c}
  - {name: b, cycle_time_s: 5, next: c}
  - {name: c, cycle_time_s: 5, assembles: [a, b], next: {b: 0.5, exit: 0.5}}
"""
    assert "assembly 'c' can never be fed" in problems(text)[0]


def test_an_unknown_routing_target_lists_the_known_stations():
    [problem] = problems(GOOD.replace("next: b}", "next: bb}"))
    assert "unknown station 'bb'" in problem
    assert "a, b" in problem


def test_routing_probabilities_must_sum_to_one():
    text = GOOD.replace("next: b}", "next: {b: 0.5, exit: 0.4}}")
    assert "sum to 1" in problems(text)[0]


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "nope.yaml")


def test_the_committed_json_schema_is_current():
    committed = json.loads((REPO / "lines/scenario.schema.json").read_text())
    assert committed == Scenario.model_json_schema(), "run: make schema"


@pytest.mark.parametrize("path", sorted((REPO / "examples").glob("*.yaml")))
def test_every_shipped_example_is_valid(path):
    assert load_scenario(path).stations
