"""Issue 13: consumables, press scrap, stamping-die upkeep, fixtures and the furnace, by hand.

Each test computes a cost element of a small or default case by hand (closed form from the
inputs' figures, not from the code under test) and compares it with ``cost_breakdown``.
"""

import pytest

from lines.routes import CastingRouteSpec, WeldedRouteSpec, casting
from twin.cost import (
    CostRates,
    MaterialInputs,
    ProcessStep,
    RouteCostInputs,
    capital_recovery_factor,
    cost_breakdown,
    default_casting_inputs,
    default_welded_inputs,
)
from twin.cost.defaults import (
    BODY_SHOP_CAPEX_USD,
    FIXTURE_USD_PER_STATION,
    HEAT_TREATMENT_FURNACE_USD,
    JOINING_ROBOT_USD,
    body_shop_capex_usd,
)
from twin.cost.inputs import StampingDies

CRF_5Y = capital_recovery_factor(0.10, 5)  # tooling over the 5-year model life
CRF_10Y = capital_recovery_factor(0.10, 10)  # equipment


def small_route(**material):
    """A press step and a body step with 10 % scrap: 1/0.9 sets per good body."""
    steps = (
        ProcessStep(name="press", cycle_time_s=10, oee=0.5, dedicated=False,
                    material_feed="sheet"),
        ProcessStep(name="body", cycle_time_s=60, oee=0.8, scrap_rate=0.1),
    )
    base = {"sheet_blank_kg": 100.0, "sheet_offal_kg": 40.0, "sheet_usd_per_kg": 1.0,
            "offal_credit_usd_per_kg": 0.3}
    return RouteCostInputs(route="r", annual_volume_units=100_000, steps=steps,
                           material=MaterialInputs(**(base | material)))


def test_press_scrap_buys_extra_blanks_and_sells_the_scrapped_parts():
    """Sets = 1/0.9 (body scrap) / 0.98 (press scrap); net steel by hand."""
    cost = cost_breakdown(small_route(press_scrap_share=0.02), CostRates())
    sets = 1 / 0.9 / 0.98
    per_set = 100 * 1.0 - 40 * 0.3  # blank bought less offal credit
    by_hand = sets * per_set - (sets - 1) * 60 * 0.3  # scrapped parts sold as scrap
    assert cost.material_by_item_usd["sheet"] == pytest.approx(by_hand)
    assert cost.sheet_blank_kg_per_body == pytest.approx(100 * sets)
    no_scrap = cost_breakdown(small_route(), CostRates()).material_by_item_usd["sheet"]
    assert no_scrap == pytest.approx(per_set / 0.9 - (1 / 0.9 - 1) * 60 * 0.3)


def test_consumables_are_paid_for_every_body_joined_scrap_included():
    cost = cost_breakdown(small_route(consumables_usd=9.0), CostRates())
    assert cost.material_by_item_usd["consumables"] == pytest.approx(9.0 / 0.9)


def test_stamping_dies_are_their_sets_plus_upkeep_per_stroke():
    """Two dies, 1 and 0.5 strokes per set, 5-year life at 100k/yr, 1/0.9 sets per body.

    Die A: 500k x 1/0.9 = 555,556 strokes < 2 M: one set each; upkeep every 50k strokes at
    1,500 US$.
    """
    dies = StampingDies(strokes_per_set_by_die={"A": 1.0, "B": 0.5}, die_sets_usd=2e6)
    cost = cost_breakdown(small_route().with_changes(stamping_dies=dies), CostRates())
    bodies = 100_000 * 5
    assert cost.tooling_by_item_usd["stamping_die_sets"] == pytest.approx(2e6 / bodies)
    upkeep = (1.0 + 0.5) / 0.9 * 1_500 / 50_000  # strokes per good body x US$ per stroke
    assert cost.tooling_by_item_usd["stamping_die_maintenance"] == pytest.approx(upkeep)
    assert cost.cost_per_body_usd["tooling"] == pytest.approx(2e6 / bodies + upkeep)
    assert cost.investments_usd["tooling:stamping_dies"] == 2e6


def test_default_welded_tooling_is_fixtures_plus_stamping_dies_counted_once(catalog):
    """Hand sum of the welded tooling element at 250k/yr and a 5-year model life.

    104 stamped parts (>= 70: the whole 25 M US$) on 103 die sets: 100 at one stroke per
    part, the wheelhouse inners LH/RH on one double die (one stroke per pair), the two
    hot-stamped at two per stroke: 100 + 1 + 2 x 0.5 = 102 strokes per set; press scrap 2 %;
    body-shop scrap 0.5 % -> 1/0.995 sets per body. Fixtures: 11 sub-assembly stations x
    0.5 M US$, written off over the model life.
    """
    inputs = default_welded_inputs(catalog)
    assert [t.name for t in inputs.tooling] == ["welded_fixtures"]  # no stamping Tooling
    cost = cost_breakdown(inputs, CostRates())
    bodies = 250_000 * 5
    assert len(inputs.stamping_dies.strokes_per_set_by_die) == 103
    assert inputs.stamping_dies.strokes_per_set_by_die["RU-3100-LR"] == pytest.approx(1 / 0.98)
    strokes = (100 * 1.0 + 1.0 + 2 * 0.5) / 0.98 / 0.995
    by_hand = {
        "welded_fixtures": 11 * 0.5e6 * CRF_5Y / 250_000,
        "stamping_die_sets": 25e6 / bodies,
        "stamping_die_maintenance": strokes * 1_500 / 50_000,
    }
    assert cost.tooling_by_item_usd == pytest.approx(by_hand)
    assert cost.cost_per_body_usd["tooling"] == pytest.approx(sum(by_hand.values()))


def test_default_material_has_consumables_and_press_scrap_on_both_routes(catalog):
    welded_cost = cost_breakdown(default_welded_inputs(catalog), CostRates())
    casting_cost = cost_breakdown(default_casting_inputs(catalog), CostRates())
    assert welded_cost.material_by_item_usd["consumables"] == pytest.approx(11.098 / 0.995)
    assert casting_cost.material_by_item_usd["consumables"] == pytest.approx(9.56)
    for inputs in (default_welded_inputs(catalog), default_casting_inputs(catalog)):
        assert inputs.material.press_scrap_share == WeldedRouteSpec().press_scrap_share


def test_body_shop_fixtures_are_carved_out_of_its_capex_not_added(catalog):
    """At the 60 s reference takt, equipment + fixtures = the 36 M US$ that includes them."""
    stations = len(catalog.subassemblies("welded"))
    assert stations == 11
    fixtures = stations * FIXTURE_USD_PER_STATION
    assert body_shop_capex_usd(WeldedRouteSpec(), catalog) + fixtures == pytest.approx(
        BODY_SHOP_CAPEX_USD)
    join = default_casting_inputs(catalog).step(casting.JOIN_STEP)
    _, robots = casting.join_cycle_s(CastingRouteSpec(), 60)
    assert join.capex_per_line_usd == pytest.approx(robots * JOINING_ROBOT_USD - 2 * 0.5e6)


def test_heat_treatment_adds_its_furnace_per_cell(catalog):
    """Furnace capex on each dedicated cell: equipment + maintenance move by the hand sum."""
    off = cost_breakdown(default_casting_inputs(catalog), CostRates())
    on_inputs = default_casting_inputs(catalog, spec=CastingRouteSpec(heat_treatment=True))
    on = cost_breakdown(on_inputs, CostRates())
    cells = on.lines_needed[casting.CELL_STEP]
    assert cells == off.lines_needed[casting.CELL_STEP] >= 1  # whole dedicated cells
    equipment = cells * HEAT_TREATMENT_FURNACE_USD * CRF_10Y / 250_000
    maintenance = cells * HEAT_TREATMENT_FURNACE_USD * 0.05 / 250_000
    delta = {k: on.cost_per_body_usd[k] - off.cost_per_body_usd[k]
             for k in ("equipment", "maintenance")}
    assert delta == pytest.approx({"equipment": equipment, "maintenance": maintenance})
    assert on_inputs.step(casting.CELL_STEP).capex_per_line_usd == 25e6 + 4e6


def test_in_house_blanking_is_a_shared_line_for_the_blanks_that_need_cutting(catalog):
    """30 blanks a body (5 tandem + 23 transfer + 2 hot-stamped; the 74 progressive parts
    feed from coil) at 60 strokes/min, 2 % press scrap: 30 / 0.98 s of blanking a body."""
    inputs = default_welded_inputs(catalog)
    step = inputs.step("blanking")
    assert step.cycle_time_s == pytest.approx(30 * 60 / 60 / 0.98)
    assert (step.capex_per_line_usd, step.dedicated, step.material_feed) == (10e6, False, "sheet")
    assert inputs.material.blank_premium_usd == 0.0
    casting_step = default_casting_inputs(catalog).step("blanking")
    assert casting_step.cycle_time_s == pytest.approx(3 / 0.98)  # its 3 transfer parts


def test_bought_blanks_pay_a_premium_per_kg_and_no_blanking_line(catalog):
    spec = WeldedRouteSpec(blanking="bought")
    inputs = default_welded_inputs(catalog, spec=spec)
    assert "blanking" not in [s.name for s in inputs.steps]
    table = catalog.parts_table("welded")
    cut = table[(table["kind"] == "stamped") & (table["press_kind"] != "progressive")]
    assert len(cut) == 30
    premium = float(cut["blank_mass_kg"].sum()) * 0.08
    assert inputs.material.blank_premium_usd == pytest.approx(premium)
    bought = cost_breakdown(inputs, CostRates()).material_by_item_usd["sheet"]
    own = cost_breakdown(default_welded_inputs(catalog), CostRates()).material_by_item_usd["sheet"]
    assert bought - own == pytest.approx(premium / 0.98 / 0.995)  # per blank set bought


def test_press_logistics_labour_is_driver_hours_at_the_labour_rate(catalog):
    """Drivers = started x 124.8 s / 3600 / (available h x 0.85); each paid all shifts."""
    inputs = default_welded_inputs(catalog)
    cost = cost_breakdown(inputs, CostRates())
    started = 250_000 / 0.995
    drivers = started * 124.8 / 3600 / (inputs.calendar.available_hours_per_year * 0.85)
    assert cost.lines_needed["parts_logistics"] == pytest.approx(drivers)
    without = inputs.with_changes(steps=tuple(
        s for s in inputs.steps if s.name != "parts_logistics"))
    labour = drivers * inputs.calendar.paid_hours_per_year * 50.0 / 250_000
    delta = (cost.cost_per_body_usd["direct_labour"]
             - cost_breakdown(without, CostRates()).cost_per_body_usd["direct_labour"])
    assert delta == pytest.approx(labour)
