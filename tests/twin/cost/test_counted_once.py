"""The welded route's floor space and energy are each counted once (hand sums).

Issue 12, item 7: the body shop used to carry REFERENCE 5.2's 4,000 m2 "press share + body
line" while the press lines carried their own floor, and 50 kWh per body sat on the body line
while the press steps drew 20 kWh more. Now the press lines carry the press floor and the press
kWh, the body shop carries only its own (repair booths inside it).
"""

from __future__ import annotations

import pytest

from lines.routes import WeldedRouteSpec, build_welded_scenario
from parts_catalog import load_catalog
from twin.cost.defaults import BLANKING_LINE, PRESS_LINES, default_welded_inputs
from twin.cost.rates import CostRates
from twin.cost.route_costs import cost_breakdown


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_welded_energy_per_body_is_press_plus_body_shop_once(catalog):
    """20 kWh press + 30 kWh body shop per good body, scaled by the 0.5 % gate scrap."""
    spec = WeldedRouteSpec()
    kwh = cost_breakdown(default_welded_inputs(catalog, spec=spec)).kwh_per_body
    total = (spec.press_energy_kwh_per_body + spec.body_shop_energy_kwh_per_body)
    assert sum(kwh.values()) == pytest.approx(total / (1 - spec.scrap_share), rel=1e-9)
    assert kwh["body_shop"] == pytest.approx(30.0 / (1 - spec.scrap_share), rel=1e-9)


def test_welded_floor_is_press_lines_pro_rata_plus_the_body_shop_once(catalog):
    """Building cost = (press lines and the blanking line used x their floor + 3,000 m2) x rate
    x CRF (the drivers of the parts logistics have no floor of their own)."""
    inputs = default_welded_inputs(catalog)
    rates = CostRates()
    breakdown = cost_breakdown(inputs, rates)
    blanking = breakdown.lines_needed["blanking"] * BLANKING_LINE["floor_space_m2"]
    floor = 3_000.0 + blanking + sum(
        breakdown.lines_needed[step.name] * PRESS_LINES[step.name.removeprefix("press_")][
            "floor_space_m2"] for step in inputs.steps if step.name.startswith("press_"))
    i, n = rates.cost_of_capital, rates.building_life_years
    crf = i * (1 + i) ** n / ((1 + i) ** n - 1)
    expected = floor * rates.building_usd_per_m2 * crf / inputs.annual_volume_units
    assert breakdown.cost_per_body_usd["building"] == pytest.approx(expected, rel=1e-9)


def test_the_simulated_body_shop_floor_is_the_spec_figure_once(catalog):
    spec = WeldedRouteSpec()
    scenario = build_welded_scenario(spec, catalog)
    body = [s for s in scenario.stations if s.name in ("body_line", "weld_repair")]
    assert sum(s.floor_space_m2 for s in body) == pytest.approx(spec.body_shop_floor_space_m2)
    presses = [s for s in scenario.stations if s.name.startswith("press-")]
    assert sum(s.floor_space_m2 for s in presses) == 0  # carried by the cost model's press lines
