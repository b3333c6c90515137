"""The comparison helpers: route files read back, bad uploads fail with a message, levers."""

from __future__ import annotations

import pytest

from lines import Scenario
from twin.cost import CostRates
from twin.ui import compare, levers


def test_route_yaml_round_trips():
    specs = compare.default_specs()
    route, spec = compare.read_route_yaml(compare.route_yaml("casting", specs["casting"]))
    assert route == "casting"
    assert spec == specs["casting"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("route: casting\ncells: [oops\n", "not valid YAML"),
        ("route: foundry\n", "'route' must be one of"),
        ("route: casting\ncells: -2\n", "cells"),
        ("name: x\nstations: []\nsources: []\n", "give at least one"),
        ("- just\n- a list\n", "mapping"),
    ],
)
def test_bad_uploads_raise_value_errors_with_the_reason(text, message):
    with pytest.raises(ValueError, match=message):
        compare.read_uploaded_yaml(text, "upload.yaml")


def test_a_line_scenario_upload_is_a_scenario():
    text = (
        "name: tiny\nsources: [{name: s, to: a}]\n"
        "stations: [{name: a, cycle_time_s: 10}]\n"
    )
    assert isinstance(compare.read_uploaded_yaml(text, "tiny.yaml"), Scenario)


def test_levers_read_and_write_the_specs_and_rates():
    specs, rates = compare.default_specs(), CostRates()
    assert levers.lever_value(levers.LEVERS[0], specs, 250_000, rates) == 110.0
    new_specs, volume, new_rates = levers.apply_levers(
        specs, rates, {"cycle": 90.0, "shifts": 2, "volume": 100_000, "alloy": 3.0})
    assert new_specs["casting"].cycle_time_s == 90.0
    assert new_specs["welded"].calendar.shifts_per_day == 2
    assert new_specs["casting"].calendar.shifts_per_day == 2
    assert volume == 100_000
    assert new_rates.alloy_usd_per_kg == 3.0
    with pytest.raises(ValueError, match="cells"):
        levers.apply_levers(specs, rates, {"cells": 0})
