"""The one file reader: encoding, syntax, shape and value errors name the file, line and field."""

from __future__ import annotations

import pytest

from lines import Scenario
from lines.file_reader import FileFormatError, read_text, read_yaml_mapping, validate
from lines.limits import MAX_MACHINE_CYCLES, MAX_MACHINES, machine_cycles
from lines.routes import CastingRouteSpec, load_route_spec, route_spec_from_dict
from lines.scenario_io import ScenarioError, parse_scenario

LINE = "name: a\nsources: [{name: q, to: s}]\nstations: [{name: s, cycle_time_s: 60}]\n"


def problems_of(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as error:
        parse_scenario(text, "line.yaml")
    return error.value.problems


def test_a_utf8_byte_order_mark_is_dropped(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + LINE.encode())
    assert read_text(path) == LINE


def test_latin1_text_is_refused_with_the_line_and_column_of_the_bad_byte(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: a\n# Schweißzange\n".encode("latin-1"))
    with pytest.raises(FileFormatError) as error:
        read_text(path)
    assert str(error.value) == (f"{path}: line 2, column 9: byte 0xdf is not UTF-8 text; "
                                "save the file as UTF-8")


@pytest.mark.parametrize(("data", "expected"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file"),
    ("name: a\n".encode("utf-16"), "is UTF-16 text; save it as UTF-8"),
])
def test_binary_and_utf16_files_are_refused_by_what_they_are(tmp_path, data, expected):
    path = tmp_path / "odd.yaml"
    path.write_bytes(data)
    with pytest.raises(FileFormatError, match=expected):
        read_text(path)


def test_a_directory_and_a_missing_file_are_refused_naming_the_path(tmp_path):
    with pytest.raises(FileFormatError, match="is a directory"):
        read_text(tmp_path)
    with pytest.raises(FileFormatError, match="cannot read the file: No such file"):
        read_text(tmp_path / "missing.yaml")


def test_a_yaml_syntax_error_gives_line_and_column(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: a\nstations: [\n  {name: s\n")
    with pytest.raises(FileFormatError) as error:
        read_yaml_mapping(path)
    assert str(error.value).startswith(f"{path}: line 4, column 1: not valid YAML")


@pytest.mark.parametrize(("text", "found"), [("- a\n- b\n", "a list"), ("", "nothing"),
                                             ("42\n", "a int")])
def test_a_top_level_that_is_not_a_mapping_is_refused(tmp_path, text, found):
    path = tmp_path / "shape.yaml"
    path.write_text(text)
    with pytest.raises(FileFormatError, match=f"must hold a mapping of fields, found {found}"):
        read_yaml_mapping(path)


def test_pydantic_errors_are_one_line_each_without_banner_or_link():
    with pytest.raises(FileFormatError) as error:
        validate(CastingRouteSpec, {"cells": "three", "cycle_time_s": -1}, "cast.yaml")
    message = str(error.value)
    assert message.splitlines()[0] == "cast.yaml: invalid file (2 problems)"
    assert "  - cells: Input should be a valid integer, unable to parse string as an integer " \
           "(got 'three')" in message
    assert "validation error for" not in message
    assert "errors.pydantic.dev" not in message


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan"])
def test_infinity_and_nan_are_refused_in_every_number(value):
    for text in (LINE.replace("cycle_time_s: 60", f"cycle_time_s: {value}"),
                 LINE + f"horizon_days: {value}\n",
                 LINE.replace("cycle_time_s: 60", f"cycle_time_s: {{dist: normal, mean: 60, "
                                                  f"sd: {value}}}")):
        problems = problems_of(text)
        assert any("finite number" in p or "greater than" in p for p in problems), problems


def test_a_station_of_too_many_machines_is_refused_with_the_reason():
    problems = problems_of(LINE.replace("cycle_time_s: 60",
                                        "cycle_time_s: 60, machines: 1000000000"))
    assert problems == [f"stations[0] 's'.machines: must be at most {MAX_MACHINES:,} (each "
                        "machine is simulated as its own process, and no station of a car-body "
                        "line has that many in parallel) (got 1000000000)"]


def test_a_run_that_could_not_finish_is_refused_before_it_starts():
    # 1 ms cycles for 7 days: 604.8 million cycles, more than the bound
    text = LINE.replace("cycle_time_s: 60", "cycle_time_s: 0.001")
    problems = problems_of(text)
    assert len(problems) == 1
    assert problems[0].startswith("horizon_days: the run would simulate "
                                                         "up to 604,800,000 machine cycles")
    assert "check that cycle times are in seconds" in problems[0]


def test_machine_cycles_is_run_time_times_machines_over_the_mean_cycle():
    scenario = parse_scenario(LINE.replace("cycle_time_s: 60", "cycle_time_s: 60, machines: 3")
                              + "horizon_days: 2\nwarmup_h: 12\n")
    assert machine_cycles(scenario) == pytest.approx((2 * 86_400 + 12 * 3_600) * 3 / 60)
    assert machine_cycles(scenario) < MAX_MACHINE_CYCLES


def test_an_overflowing_distribution_mean_is_refused():
    problems = problems_of(LINE.replace(
        "cycle_time_s: 60", "cycle_time_s: {dist: gamma, shape: 1e200, scale: 1e200}"))
    assert problems == ["stations[0] 's'.cycle_time_s: the mean of this distribution is not a "
                        "finite number (inf)"]


def test_a_route_file_used_as_the_other_route_is_refused(tmp_path):
    path = tmp_path / "welded.yaml"
    path.write_text("route: welded\nname: w\n")
    with pytest.raises(FileFormatError) as error:
        load_route_spec(path, expected="casting")
    assert str(error.value) == (f"{path}: route: the file declares route 'welded' but is used "
                                "as the casting route (give it as --welded, or use a file with "
                                "'route: casting')")
    assert load_route_spec(path, expected="welded").name == "w"


@pytest.mark.parametrize("route", [None, [], "cast", 3])
def test_a_route_key_that_is_no_route_is_refused(route):
    with pytest.raises(FileFormatError, match="route: must be one of"):
        route_spec_from_dict({"route": route}, "r.yaml")


def test_the_shipped_example_still_validates():
    assert isinstance(parse_scenario(LINE), Scenario)
