"""The comparison helpers: route files read back, bad uploads fail with a message, levers."""

from __future__ import annotations

import pytest

from lines import Scenario
from parts_catalog import load_catalog
from twin import comparison
from twin.cost import CostRates, catalog_prices
from twin.ui import levers


def test_route_yaml_round_trips():
    specs = comparison.default_specs()
    route, spec = comparison.read_route_yaml(comparison.route_yaml("casting", specs["casting"]))
    assert route == "casting"
    assert spec == specs["casting"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("route: casting\ncells: [oops\n", "not valid YAML"),
        ("route: foundry\n", "route: must be one of"),
        ("route: casting\ncells: -2\n", "cells"),
        ("name: x\nstations: []\nsources: []\n", "give at least one"),
        ("- just\n- a list\n", "mapping"),
    ],
)
def test_bad_uploads_raise_value_errors_with_the_reason(text, message):
    with pytest.raises(ValueError, match=message):
        comparison.read_uploaded_yaml(text, "upload.yaml")


def test_a_line_scenario_upload_is_a_scenario():
    text = (
        "name: tiny\nsources: [{name: s, to: a}]\n"
        "stations: [{name: a, cycle_time_s: 10}]\n"
    )
    assert isinstance(comparison.read_uploaded_yaml(text, "tiny.yaml"), Scenario)


def test_levers_read_and_write_the_specs_rates_and_catalog_prices():
    specs, rates = comparison.default_specs(), CostRates()
    prices = catalog_prices(load_catalog())
    assert levers.lever_value(levers.LEVERS[0], specs, 250_000, rates, prices) == 110.0
    alloy = next(lever for lever in levers.LEVERS if lever.key == "alloy")
    assert levers.lever_value(alloy, specs, 250_000, rates, prices) == pytest.approx(2.8)
    new_specs, volume, new_rates, new_prices = levers.apply_levers(
        specs, rates, {"cycle": 90.0, "shifts": 2, "volume": 100_000, "alloy": 3.0,
                       "power": 0.2})
    assert new_specs["casting"].cycle_time_s == 90.0
    assert new_specs["welded"].calendar.shifts_per_day == 2
    assert new_specs["casting"].calendar.shifts_per_day == 2
    assert volume == 100_000
    assert new_prices == {"alloy_usd_per_kg": 3.0}
    assert new_rates.electricity_usd_per_kwh == 0.2
    with pytest.raises(ValueError, match="cells"):
        levers.apply_levers(specs, rates, {"cells": 0})


def test_moving_only_the_recycled_share_lets_the_mix_set_the_alloy_price():
    specs, rates = comparison.default_specs(), CostRates()
    now = catalog_prices(load_catalog())
    values = {"alloy": now["alloy_usd_per_kg"], "recycled": 0.9}
    _, _, _, prices = levers.apply_levers(specs, rates, values, now)
    assert prices == {"alloy_recycled_share": 0.9}  # the price follows the mix
    values = {"alloy": 3.1, "recycled": 0.9}  # a price typed in is kept, applied after
    _, _, _, prices = levers.apply_levers(specs, rates, values, now)
    assert prices == {"alloy_recycled_share": 0.9, "alloy_usd_per_kg": 3.1}
