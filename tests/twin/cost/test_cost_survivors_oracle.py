"""Cost figures the mutation run found unchecked, each against a paper computation (issue 18).

Blank sets bought with press scrap (1 / (1 - press scrap) per set that leaves the press) and
their offal credit, the bought-blank premium, stamping-die strokes and upkeep, melting energy,
tooling sets per line, investments, giga-die spare and event counts, and the nominal inputs'
wiring (press steps, blanking, body-shop and joining capex, the default routes). Every
expected figure is typed from the inputs' numbers; the catalog and the route specs are inputs
here (their part lists and spec figures), never the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hand_rates import CRF_10_5
from hand_rates import HAND_RATES as RATES

from lines.routes import CastingRouteSpec, WeldedRouteSpec, casting, welded
from parts_catalog import SHEET_STEEL_FAMILIES, load_catalog
from twin.cost import (
    MaterialInputs,
    OperatingCalendar,
    ProcessStep,
    RouteCostInputs,
    Tooling,
    cost_breakdown,
    default_casting_inputs,
    default_welded_inputs,
)
from twin.cost.breakeven import breakeven_table, crossings
from twin.cost.carbon import carbon_rows, co2e_kg_per_body
from twin.cost.defaults import (
    blank_premium_usd,
    blanking_step,
    body_shop_capex_usd,
    catalog_prices,
    joining_capex_usd,
    logistics_step,
    material_inputs,
    press_steps,
    stamping_dies,
)
from twin.cost.inputs import CountedDieEvents, StampingDies
from twin.cost.levers import LEVERS, CostComparison, apply_lever, apply_settings, lever_value
from twin.cost.route_costs import alloy_kg_per_body, tooling_usd
from twin.cost.sensitivity import cost_difference_usd, monte_carlo, percentiles, tornado
from twin.cost.tables import breakdown_rows, cost_tables, lines_table
from twin.cost.tooling import (
    DieEconomics,
    DieEventCounts,
    StampingDieEconomics,
    giga_die_cost_per_body,
    stamping_die_cost_per_body,
)

CALENDAR = OperatingCalendar(days_per_year=250, shifts_per_day=2, paid_hours_per_shift=8,
                             productive_hours_per_shift=8)  # 4,000 h a year


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def pressed_route(**material: float) -> RouteCostInputs:
    """A shared press (sheet feed, no scrap) feeding a body step that scraps 20 %, 1,000 a year.

    The press starts 1,000 / 0.8 = 1,250 sets a year: 1.25 sets per good body. Blanks: 10 kg
    at 1 US$/kg, 4 kg offal credited at 0.25 US$/kg (6 kg of steel in the parts).
    """
    press = ProcessStep(name="press", cycle_time_s=30, oee=0.5, dedicated=False,
                        material_feed="sheet")
    body = ProcessStep(name="body", cycle_time_s=60, oee=0.8, scrap_rate=0.2,
                       capex_per_line_usd=1e6)
    values = {"sheet_blank_kg": 10.0, "sheet_offal_kg": 4.0, "sheet_usd_per_kg": 1.0,
              "offal_credit_usd_per_kg": 0.25, "sheet_kg_co2e_per_kg": 2.0} | material
    dies = StampingDies(strokes_per_set_by_die={"a": 2.0, "b": 1.0}, die_sets_usd=1e6)
    return RouteCostInputs(route="paper", annual_volume_units=1000, calendar=CALENDAR,
                           steps=(press, body), material=MaterialInputs(**values),
                           stamping_dies=dies)


# --- blanks, press scrap and premium -------------------------------------------------------


def test_press_scrap_buys_one_over_one_minus_scrap_blank_sets_per_set_that_leaves():
    """20 % press scrap: 1.25 sets / 0.8 = 1.5625 blank sets, 15.625 kg of blanks a body."""
    cost = cost_breakdown(pressed_route(press_scrap_share=0.2), RATES)
    assert cost.sheet_blank_kg_per_body == pytest.approx(15.625, rel=1e-12)


def test_sheet_cost_counts_premium_and_offal_and_sells_scrapped_parts():
    """Per set: 10 kg x 1 + premium 2 - 4 kg x 0.25 = 11 US$; 1.5625 sets = 17.1875 US$,
    less the steel of the 0.5625 scrapped sets' parts sold: 0.5625 x 6 x 0.25 = 0.84375."""
    cost = cost_breakdown(pressed_route(press_scrap_share=0.2, blank_premium_usd=2.0), RATES)
    assert cost.material_by_item_usd["sheet"] == pytest.approx(16.34375, rel=1e-12)
    assert cost.cost_per_body_usd["material"] == pytest.approx(16.34375, rel=1e-12)
    assert set(cost.material_by_item_usd) == {"sheet", "alloy", "bought_parts", "consumables"}


def test_without_a_sheet_fed_step_one_blank_set_is_bought_per_body():
    """No step consumes sheet: one set per good body, whatever the downstream scrap."""
    inputs = pressed_route()
    unfed = inputs.with_changes(steps=tuple(s.with_changes(material_feed=None)
                                            for s in inputs.steps))
    assert cost_breakdown(unfed, RATES).sheet_blank_kg_per_body == pytest.approx(10.0)


def test_the_breakdown_carries_the_materials_footprints():
    cost = cost_breakdown(pressed_route(alloy_kg_co2e_per_kg=8.5), RATES)
    assert (cost.sheet_kg_co2e_per_kg, cost.alloy_kg_co2e_per_kg) == (2.0, 8.5)


# --- stamping dies: strokes and upkeep -------------------------------------------------------


def test_stamping_die_strokes_scale_with_the_sets_the_press_starts():
    """Die a: 2 strokes a set x 1.25 sets = 2.5 a body, die b 1.25; over 5 yr x 1,000 bodies:
    12,500 + 6,250 strokes, both below a 2 M-stroke life: one set each, 1 M US$ over 5,000
    bodies = 200 US$; upkeep 18,750 / 50,000 x 1,500 US$ = 562.5 US$ = 0.1125 a body."""
    tooling = cost_breakdown(pressed_route(), RATES).tooling_by_item_usd
    assert tooling["stamping_die_sets"] == pytest.approx(200.0, rel=1e-12)
    assert tooling["stamping_die_maintenance"] == pytest.approx(0.1125, rel=1e-12)


def test_a_die_worn_exactly_to_its_life_is_one_set_not_two():
    """400 strokes a body x 5,000 bodies = 2,000,000 strokes = one die life exactly."""
    economics = StampingDieEconomics(die_sets_usd=1e6, model_life_years=5)
    cost = stamping_die_cost_per_body({"a": 400.0}, economics, 1000)
    assert cost["stamping_die_sets"] == pytest.approx(1e6 / 5000, rel=1e-12)
    worn_past = stamping_die_cost_per_body({"a": 400.4}, economics, 1000)
    assert worn_past["stamping_die_sets"] == pytest.approx(2e6 / 5000, rel=1e-12)


def test_stamping_die_costs_need_a_die():
    economics = StampingDieEconomics(model_life_years=5)
    with pytest.raises(ValueError, match="at least one die"):
        stamping_die_cost_per_body({}, economics, 1000)


# --- casting: melting, alloy, giga die -------------------------------------------------------


def cast_route(melt_kwh_per_kg: float = 0.5) -> RouteCostInputs:
    """A dedicated cell scrapping 10 %: 1,000 shots for 900 good bodies; 100 kg shots."""
    cell = ProcessStep(name="cell", cycle_time_s=100, oee=0.7, scrap_rate=0.1,
                       energy_kwh_per_unit=3.0, material_feed="alloy")
    material = MaterialInputs(alloy_shot_kg=100.0, alloy_part_kg=60.0, alloy_usd_per_kg=3.0,
                              remelt_loss_share=0.05)
    return RouteCostInputs(route="cast", annual_volume_units=900, calendar=CALENDAR,
                           steps=(cell,), material=material, melt_kwh_per_kg=melt_kwh_per_kg)


def test_melting_energy_is_every_kg_poured_at_the_melt_rate():
    """1,000 / 900 shots a body x 100 kg x 0.5 kWh/kg = 55.56 kWh; the cell 3 kWh a shot."""
    kwh = cost_breakdown(cast_route(), RATES).kwh_per_body
    assert kwh["melting"] == pytest.approx(1000 / 900 * 100 * 0.5, rel=1e-12)
    assert kwh["cell"] == pytest.approx(1000 / 900 * 3.0, rel=1e-12)


def test_no_melting_row_without_a_melt_rate():
    assert set(cost_breakdown(cast_route(melt_kwh_per_kg=0.0), RATES).kwh_per_body) == {"cell"}


def test_alloy_bought_is_the_part_plus_the_dross_of_what_is_remelted():
    """A 1 kg shot for a 0.8 kg part, one shot a body, 10 % loss: 0.8 + 0.1 x 0.2 kg."""
    material = MaterialInputs(alloy_shot_kg=1.0, alloy_part_kg=0.8, remelt_loss_share=0.1)
    inputs = cast_route().with_changes(material=material)
    assert alloy_kg_per_body(inputs, 1.0) == pytest.approx(0.82, rel=1e-12)


def test_a_spare_giga_die_costs_one_replacement_set_over_the_model_bodies():
    """Spare: 2.5 M US$ over 5 yr x 900 bodies; none: exactly nothing."""
    events = CountedDieEvents(shots=1000, good_bodies=900, cells=1, die_life_shots=80_000,
                              spare_die=True)
    with_spare = cost_breakdown(cast_route().with_changes(die_events=events), RATES)
    assert with_spare.tooling_by_item_usd["spare_die"] == pytest.approx(2.5e6 / 4500)
    counts = DieEventCounts(shots=1000, good_bodies=900, insert_refurbishments=0,
                            die_damages=0)
    economics = DieEconomics(die_life_shots=80_000, model_life_years=5)
    assert giga_die_cost_per_body(counts, economics, 900, 1)["spare_die"] == 0.0


def test_die_event_counts_accept_one_shot_and_refuse_no_good_body():
    assert DieEventCounts(shots=1, good_bodies=1, insert_refurbishments=0,
                          die_damages=0).shots == 1
    with pytest.raises(ValueError, match="good bodies > 0"):
        DieEventCounts(shots=10, good_bodies=0, insert_refurbishments=0, die_damages=0)


# --- tooling sets per line and investments -----------------------------------------------


def two_line_route() -> RouteCostInputs:
    """A dedicated cell needing 1.5 lines (3,000 h at 100 s over 4,000 h x 0.5): 2 cells."""
    cell = ProcessStep(name="cell", cycle_time_s=100, oee=0.5, capex_per_line_usd=3e6)
    die = Tooling(name="die", step="cell", capex_usd=1e6, per_line=True)
    gauge = Tooling(name="gauge", step="cell", capex_usd=2e5)
    dies = StampingDies(strokes_per_set_by_die={"a": 1.0}, die_sets_usd=7e6)
    return RouteCostInputs(route="two", annual_volume_units=108_000, calendar=CALENDAR,
                           steps=(cell,), tooling=(die, gauge), stamping_dies=dies)


def test_a_per_line_tool_is_bought_for_every_line_and_a_route_tool_once():
    """2 cells: 2 die sets x 1 M x CRF(10 %, 5 yr); the gauge once: 0.2 M x CRF."""
    cost = cost_breakdown(two_line_route(), RATES)
    assert cost.lines_needed["cell"] == 2.0
    assert cost.tooling_by_item_usd["die"] == pytest.approx(2e6 * CRF_10_5 / 108_000)
    assert cost.tooling_by_item_usd["gauge"] == pytest.approx(2e5 * CRF_10_5 / 108_000)


def test_tooling_sets_follow_the_lines_in_use():
    die = Tooling(name="die", step="cell", capex_usd=1e6, per_line=True)
    yearly = {lines: tooling_usd(die, 1.0, lines, RATES) for lines in (1.0, 2.0, 2.5)}
    assert yearly == {1.0: pytest.approx(1e6 * CRF_10_5), 2.0: pytest.approx(2e6 * CRF_10_5),
                      2.5: pytest.approx(3e6 * CRF_10_5)}


def test_investments_are_the_lines_capex_and_one_set_of_each_tool():
    """2 cells x 3 M; dies for 2 cells: 2 M; the gauge 0.2 M; the stamping dies 7 M."""
    assert cost_breakdown(two_line_route(), RATES).investments_usd == {
        "equipment:cell": pytest.approx(6e6), "tooling:die": pytest.approx(2e6),
        "tooling:gauge": pytest.approx(2e5), "tooling:stamping_dies": pytest.approx(7e6)}


# --- the nominal inputs' wiring --------------------------------------------------------------

PRESS_LINE_FIGURES = {  # twin.cost.defaults' assumptions (X), typed from its comment table
    "tandem": (50e6, 4, 2000), "transfer": (25e6, 3, 1200), "progressive": (8e6, 2, 500),
    "hot_stamping": (15e6, 3, 1500)}


def test_press_steps_take_their_line_figures_and_energy_per_press_second(catalog):
    spec = WeldedRouteSpec()
    kwh_per_s = welded.press_kwh_per_stamping_s(spec, catalog)
    steps = press_steps(catalog, "welded", spec)
    assert steps
    for step in steps:
        capex, operators, floor = PRESS_LINE_FIGURES[step.name.removeprefix("press_")]
        assert (step.capex_per_line_usd, step.operators_per_shift, step.floor_space_m2) == (
            capex, operators, floor)
        assert step.energy_kwh_per_unit == pytest.approx(kwh_per_s * step.cycle_time_s)
        assert (step.material_feed, step.dedicated, step.oee) == ("sheet", False, 0.65)


def blanked(catalog, route):
    """The route's stamped parts not on a coil-fed (progressive) press, from the parts table."""
    table = catalog.parts_table(route)
    return table[(table["kind"] == "stamped") & (table["press_kind"] != "progressive")]


def test_in_house_blanking_cuts_every_blank_and_the_scrapped_parts_ones(catalog):
    """Blanks / 60 strokes a minute x 60 s / (1 - press scrap), on a shared 10 M US$ line."""
    spec = WeldedRouteSpec(blanking="in_house")
    blanks = len(blanked(catalog, "welded"))
    assert blanks > 0
    step = blanking_step(catalog, "welded", spec)
    assert step.cycle_time_s == pytest.approx(blanks / (1.0 - spec.press_scrap_share))
    assert (step.capex_per_line_usd, step.operators_per_shift, step.floor_space_m2) == (
        10e6, 2, 800)
    assert (step.material_feed, step.dedicated) == ("sheet", False)
    assert blanking_step(catalog, "welded", WeldedRouteSpec(blanking="bought")) is None


def test_bought_blanks_pay_the_service_centre_per_kg_of_blank(catalog):
    """0.08 US$ per kg of the blanked parts' blanks; in-house: no premium."""
    kg = float(blanked(catalog, "welded")["blank_mass_kg"].sum())
    bought = WeldedRouteSpec(blanking="bought")
    assert blank_premium_usd(catalog, "welded", bought) == pytest.approx(0.08 * kg)
    assert blank_premium_usd(catalog, "welded", WeldedRouteSpec(blanking="in_house")) == 0.0
    welded_inputs = default_welded_inputs(catalog, spec=bought)
    assert welded_inputs.material.blank_premium_usd == pytest.approx(0.08 * kg)
    assert default_casting_inputs(catalog, press_spec=bought).material.blank_premium_usd == (
        pytest.approx(0.08 * float(blanked(catalog, "casting")["blank_mass_kg"].sum())))


def test_the_body_shop_capex_scales_its_robot_share_with_the_takt(catalog):
    """36 M US$ at 60 s: a third fixed (less the fixtures), two thirds x robots / robots at 60 s."""
    fixtures_usd = 0.5e6 * len(catalog.subassemblies("welded"))
    spec = WeldedRouteSpec(takt_s=120.0)
    ratio = (welded.weld_robots(spec, catalog)
             / welded.weld_robots(spec.with_changes(takt_s=60.0), catalog))
    assert ratio < 1.0
    assert body_shop_capex_usd(spec, catalog) == pytest.approx(
        12e6 - fixtures_usd + 24e6 * ratio, rel=1e-12)


def test_the_joining_cell_capex_is_its_robots_less_its_fixtures(catalog):
    fixtures_usd = 0.5e6 * len(catalog.subassemblies("casting"))
    assert joining_capex_usd(20, catalog) == pytest.approx(20 * 0.3e6 - fixtures_usd)
    assert joining_capex_usd(0, catalog) == 0.0


TWO_SHIFTS = {"shifts_per_day": 2, "shift_length_h": 8.0, "days_per_week": 6, "breaks": []}
"""A calendar unlike the shipped one, so a route that ignores its spec's calendar shows."""


def test_the_default_welded_route_is_wired_from_its_spec(catalog):
    assert default_welded_inputs(catalog).annual_volume_units == 250_000
    spec = WeldedRouteSpec(blanking="in_house").with_changes(calendar=TWO_SHIFTS)
    inputs = default_welded_inputs(catalog, spec=spec)
    assert (inputs.route, inputs.source) == ("welded", "nominal: route spec + catalog")
    assert inputs.calendar.shifts_per_day == 2
    assert inputs.steps[0].name == "blanking"
    assert inputs.steps[-1].name == welded.BODY_STEP
    assert "parts_logistics" in [s.name for s in inputs.steps]
    assert [t.name for t in inputs.tooling] == ["welded_fixtures"]
    assert inputs.stamping_dies is not None
    assert inputs.calendar == OperatingCalendar.from_shift_calendar(spec.calendar)
    assert inputs.material.press_scrap_share == spec.press_scrap_share


def test_the_default_casting_route_is_wired_from_its_spec(catalog):
    assert default_casting_inputs(catalog).annual_volume_units == 250_000
    spec = CastingRouteSpec().with_changes(calendar=TWO_SHIFTS)
    inputs = default_casting_inputs(catalog, spec=spec,
                                    press_spec=WeldedRouteSpec(blanking="in_house"))
    assert (inputs.route, inputs.source) == ("casting", "nominal: route spec + catalog")
    die = next(t for t in inputs.tooling if t.name == "giga_die")
    assert (die.step, die.capex_usd, die.life_units, die.per_line) == (
        casting.CELL_STEP, 4e6, spec.die_life_shots, True)
    assert [t.name for t in inputs.tooling] == ["casting_fixtures", "giga_die"]
    assert inputs.calendar == OperatingCalendar.from_shift_calendar(spec.calendar)
    assert inputs.calendar.shifts_per_day == 2
    shot_kg, part_kg = casting.cast_masses(spec, catalog)
    assert (inputs.material.alloy_shot_kg, inputs.material.alloy_part_kg) == (shot_kg, part_kg)
    names = [s.name for s in inputs.steps]
    assert names[-2:] == [casting.CELL_STEP, casting.JOIN_STEP]
    if len(blanked(catalog, "casting")):
        assert names[0] == "blanking"
    assert inputs.stamping_dies is not None
    assert math.isclose(inputs.stamping_dies.die_sets_usd,
                        25e6 * min(1.0, (catalog.parts_table("casting")["kind"]
                                         == "stamped").sum() / 70))


# --- break-even, carbon, levers, sensitivity and tables (the seeded cost sample) -----------


def crf(rate: float, years: float) -> float:
    return rate * (1 + rate) ** years / ((1 + rate) ** years - 1)


def capex_only(route: str, capex_usd: float) -> RouteCostInputs:
    """One dedicated line that only costs its capex: 1,000 bodies a year at 1 s fit one line.

    Cost per body = capex x (CRF(i, 10 yr) + 4 % maintenance) / 1,000 (no labour, energy,
    material, floor or tooling, so no overhead or working capital either).
    """
    step = ProcessStep(name="line", cycle_time_s=1.0, oee=0.5, capex_per_line_usd=capex_usd)
    return RouteCostInputs(route=route, annual_volume_units=1000, calendar=CALENDAR,
                           steps=(step,))


def capex_pair(rate: float = 0.10) -> CostComparison:
    """A welded line of 1 M US$ and a casting line of 3 M US$ at cost of capital ``rate``."""
    rates = RATES.model_copy(update={"cost_of_capital": rate})
    return CostComparison(capex_only("welded", 1e6), capex_only("casting", 3e6), rates)


def test_the_cost_difference_is_the_capex_gap_at_the_scenarios_rates():
    """2 M US$ more capex x (CRF(20 %, 10 yr) + 0.04) / 1,000 bodies."""
    assert cost_difference_usd(capex_pair(0.20)) == pytest.approx(
        2e6 * (crf(0.20, 10) + 0.04) / 1000, rel=1e-12)


def test_the_tornado_swings_the_difference_with_the_cost_of_capital_by_hand():
    """Cost of capital 6 % to 12 %: the difference moves by 2 M x (CRF 12 % - CRF 6 %) /
    1,000; labour (none on these lines) moves nothing and comes second."""
    pair = capex_pair(0.10)
    table = tornado(pair, [LEVERS["labour_rate"], LEVERS["cost_of_capital"]])
    assert list(table["lever"]) == ["cost_of_capital", "labour_rate"]
    assert list(table.index) == [0, 1]
    first = table.iloc[0]
    assert first["cost_difference_low_usd"] == pytest.approx(2e6 * (crf(0.06, 10) + 0.04) / 1e3)
    assert first["cost_difference_high_usd"] == pytest.approx(2e6 * (crf(0.12, 10) + 0.04) / 1e3)
    assert first["swing_usd"] == pytest.approx(2e6 * (crf(0.12, 10) - crf(0.06, 10)) / 1e3)
    base = 2e6 * (crf(0.10, 10) + 0.04) / 1e3
    assert list(table["cost_difference_base_usd"]) == [pytest.approx(base)] * 2
    assert table.iloc[1]["swing_usd"] == pytest.approx(0.0, abs=1e-9)


def test_the_breakeven_table_prices_each_route_at_the_given_rates():
    pair = capex_pair(0.20)
    table = breakeven_table(pair.welded, pair.casting, pair.rates, volumes=[1000.0])
    per = crf(0.20, 10) + 0.04
    assert table.to_dict("list") == {
        "route": ["welded", "casting"], "annual_volume_units": [1000.0, 1000.0],
        "cost_per_body_usd": [pytest.approx(1e6 * per / 1e3), pytest.approx(3e6 * per / 1e3)]}
    assert list(table.index) == [0, 1]


def test_crossings_interpolate_between_their_own_neighbours():
    """-1 at 0 and +1 at 10: zero at 5; an exact zero on the grid is counted once."""
    assert crossings([0.0, 10.0, 30.0], np.array([-1.0, 1.0, 2.0])) == [5.0]
    assert crossings([1.0, 2.0, 3.0], np.array([-1.0, 0.0, 1.0])) == [2.0]


def test_carbon_rows_name_each_material_and_keep_small_footprints():
    """0.5 kg blank x 0.8 kg CO2e/kg = 0.4 kg; 0.2 kg alloy x 2 = 0.4 kg: both kept."""
    material = MaterialInputs(sheet_blank_kg=0.5, sheet_kg_co2e_per_kg=0.8,
                              alloy_shot_kg=0.2, alloy_part_kg=0.2, alloy_kg_co2e_per_kg=2.0)
    inputs = capex_only("tiny", 1e6).with_changes(material=material)
    rows = {r["element"]: r["co2e_kg_per_body"] for r in carbon_rows(
        cost_breakdown(inputs, RATES), RATES) if r["element"].startswith("material:")}
    assert rows == {"material:steel": pytest.approx(0.4), "material:aluminium": pytest.approx(0.4)}


def test_the_lines_and_breakdown_tables_by_hand():
    cost = cost_breakdown(capex_only("welded", 1e6), RATES)
    assert lines_table([cost]).to_dict("records") == [
        {"route": "welded", "step": "line", "lines_needed": 1.0,
         "units_started_per_year": 1000.0}]
    total = breakdown_rows(cost)[-1]
    assert total == {"route": "welded", "element": "total", "share": 1.0,
                     "cost_per_body_usd": pytest.approx(1e6 * (crf(0.10, 10) + 0.04) / 1e3)}


def test_cost_tables_use_the_volumes_given(welded_and_casting):
    welded_inputs, casting_inputs = welded_and_casting
    tables = cost_tables(welded_inputs, casting_inputs, RATES, volumes=(100_000.0, 300_000.0))
    assert sorted(tables["breakeven"]["annual_volume_units"]) == [1e5, 1e5, 3e5, 3e5]


@pytest.fixture(scope="module")
def welded_and_casting(catalog):
    return default_welded_inputs(catalog), default_casting_inputs(catalog)


def test_a_step_lever_changes_only_its_step(welded_and_casting):
    welded_inputs, casting_inputs = welded_and_casting
    scenario = CostComparison(welded_inputs, casting_inputs, RATES)
    changed = apply_lever(scenario, LEVERS["cycle_time"], 123.0)
    before = {s.name: s.cycle_time_s for s in casting_inputs.steps}
    after = {s.name: s.cycle_time_s for s in changed.casting.steps}
    assert after == before | {casting.CELL_STEP: 123.0}


def test_the_weld_time_lever_scales_the_body_shop_cycle_from_3_s(welded_and_casting):
    welded_inputs, casting_inputs = welded_and_casting
    scenario = CostComparison(welded_inputs, casting_inputs, RATES)
    lever = LEVERS["weld_time"]
    assert lever_value(scenario, lever) == 3.0
    body = welded_inputs.step(welded.BODY_STEP).cycle_time_s
    scaled = apply_lever(scenario, lever, 4.0).welded.step(welded.BODY_STEP).cycle_time_s
    assert scaled == pytest.approx(body * 4.0 / 3.0)


def test_price_and_tool_levers_set_their_fields(welded_and_casting):
    welded_inputs, casting_inputs = welded_and_casting
    scenario = CostComparison(welded_inputs, casting_inputs, RATES)
    steel = apply_lever(scenario, LEVERS["steel_price"], 1.25)
    assert (steel.welded.material.sheet_usd_per_kg, steel.casting.material.sheet_usd_per_kg) == (
        1.25, 1.25)
    die = apply_lever(scenario, LEVERS["die_life"], 90_000)
    assert next(t for t in die.casting.tooling if t.name == "giga_die").life_units == 90_000
    assert lever_value(die, LEVERS["die_life"]) == 90_000.0
    counted = casting_inputs.with_changes(die_events=CountedDieEvents(
        shots=1000, good_bodies=900, cells=1, die_life_shots=70_000))
    with_events = CostComparison(welded_inputs, counted, RATES)
    assert lever_value(with_events, LEVERS["die_life"]) == 70_000.0
    by_time = casting_inputs.with_changes(tooling=tuple(
        t.with_changes(life_units=None) for t in casting_inputs.tooling))
    assert lever_value(CostComparison(welded_inputs, by_time, RATES), LEVERS["die_life"]) == 0.0


def test_the_recycled_share_lever_moves_the_alloy_mix(welded_and_casting):
    welded_inputs, casting_inputs = welded_and_casting
    scenario = CostComparison(welded_inputs, casting_inputs, RATES)
    lever = LEVERS["recycled_al_share"]
    mix = casting_inputs.material.alloy_mix
    assert mix is not None
    assert lever_value(scenario, lever) == pytest.approx(mix.recycled_share)
    moved = apply_lever(scenario, lever, 0.9)
    assert lever_value(moved, lever) == pytest.approx(0.9)
    assert moved.casting.material.alloy_mix.recycled_share == pytest.approx(0.9)


# --- the nominal inputs' material, dies and logistics (the seeded cost sample) -------------


def stamped_count(catalog, route):
    table = catalog.parts_table(route)
    return int((table["kind"] == "stamped").sum())


def test_the_logistics_step_is_one_driver_per_shared_line_at_the_move_time(catalog):
    """One 1 s move per part number per 10,000 bodies: parts / 10,000 s a body, one driver."""
    spec = WeldedRouteSpec(logistics_move_s=1.0, logistics_container_bodies=10_000)
    step = logistics_step(catalog, "welded", spec)
    assert step.cycle_time_s == pytest.approx(stamped_count(catalog, "welded") / 10_000)
    assert (step.operators_per_shift, step.dedicated, step.oee) == (1.0, False, 0.85)


def test_the_default_routes_blank_and_move_their_own_parts(catalog):
    spec = WeldedRouteSpec(blanking="in_house")
    for route, inputs in (("welded", default_welded_inputs(catalog, spec=spec)),
                          ("casting", default_casting_inputs(catalog, press_spec=spec))):
        steps = {s.name: s for s in inputs.steps}
        blanks = len(blanked(catalog, route))
        assert steps["blanking"].cycle_time_s == pytest.approx(blanks / 0.98)
        assert steps["parts_logistics"].cycle_time_s == pytest.approx(
            stamped_count(catalog, route) / 100 * 120.0)


def test_a_spec_that_states_its_cast_masses_is_costed_with_them(catalog):
    spec = CastingRouteSpec(shot_mass_kg=95.0, part_mass_kg=60.0)
    material = default_casting_inputs(catalog, spec=spec).material
    assert (material.alloy_shot_kg, material.alloy_part_kg) == (95.0, 60.0)


def test_stamping_die_strokes_include_the_press_scrap(catalog):
    """Strokes per set summed over the dies = strokes of every stamped part / (1 - 2 %)."""
    table = catalog.parts_table("welded")
    strokes = float(table.loc[table["kind"] == "stamped", "strokes_per_part"].sum())
    dies = stamping_dies(catalog, "welded", WeldedRouteSpec())
    assert sum(dies.strokes_per_set_by_die.values()) == pytest.approx(strokes / 0.98)


def weighted(values, weights):
    return float((values * weights).sum() / weights.sum())


def test_material_prices_and_footprints_are_weighted_over_the_right_parts(catalog):
    """Steel: stamped sheet parts weighted by blank (prices) and offal (credit) mass; alloy:
    the cast parts weighted by mass; the grades' figures are the catalog's."""
    for route in ("welded", "casting"):
        table = catalog.parts_table(route)
        grade = table["material"].map(catalog.materials)
        sheet = (table["material_family"].isin(SHEET_STEEL_FAMILIES)
                 & (table["kind"] == "stamped"))
        cast = table["kind"] == "cast"
        m = material_inputs(catalog, route)
        assert m.sheet_usd_per_kg == pytest.approx(weighted(
            grade[sheet].map(lambda g: g.price_usd_per_kg), table.loc[sheet, "blank_mass_kg"]))
        assert m.offal_credit_usd_per_kg == pytest.approx(weighted(
            grade[sheet].map(lambda g: g.scrap_credit_usd_per_kg),
            table.loc[sheet, "blank_scrap_kg"]))
        if cast.any():
            masses = table.loc[cast, "mass_kg"]
            assert m.alloy_usd_per_kg == pytest.approx(weighted(
                grade[cast].map(lambda g: g.price_usd_per_kg), masses))
            assert m.alloy_kg_co2e_per_kg == pytest.approx(weighted(
                grade[cast].map(lambda g: g.co2e_kg_per_kg), masses))
            assert m.alloy_usd_per_kg > 0
            assert m.alloy_kg_co2e_per_kg > 0


# --- Monte Carlo, settings, carbon total, catalog prices -----------------------------------


def test_each_monte_carlo_draw_is_the_capex_gap_at_its_drawn_cost_of_capital():
    """With one lever drawn, each draw's difference is 2 M x (CRF(i drawn) + 0.04) / 1,000."""
    draws = monte_carlo(capex_pair(0.10), draws=12, seed=5, levers=[LEVERS["cost_of_capital"]])
    assert list(draws["draw"]) == list(range(12))
    assert set(draws["seed"]) == {5}
    rates = draws["cost_of_capital"]
    assert rates.between(0.06, 0.12).all()
    assert rates.nunique() == 12
    for rate, difference in zip(rates, draws["cost_difference_usd"], strict=True):
        assert difference == pytest.approx(2e6 * (crf(rate, 10) + 0.04) / 1000, rel=1e-9)


def test_percentiles_and_the_share_of_draws_where_casting_is_cheaper():
    """Draws -20, -10, 0, 10, ..., 70: numpy's linear P10/P50/P90; 2 of 10 below zero."""
    draws = pd.DataFrame({"cost_difference_usd": [float(v) for v in range(-20, 80, 10)]})
    assert percentiles(draws) == {"p10_usd": pytest.approx(-11.0), "p50_usd": pytest.approx(25.0),
                                  "p90_usd": pytest.approx(61.0),
                                  "share_casting_cheaper": pytest.approx(0.2)}
    halves = pd.DataFrame({"cost_difference_usd": [0.5, 0.5, -0.5, 2.0]})
    assert percentiles(halves)["share_casting_cheaper"] == pytest.approx(0.25)


def test_settings_share_the_cells_and_set_rates_by_name(welded_and_casting):
    welded_inputs, casting_inputs = welded_and_casting
    scenario = CostComparison(welded_inputs, casting_inputs, RATES)
    shared = apply_settings(scenario, {"shared_cells": True})
    assert shared.casting.step(casting.CELL_STEP).dedicated is False
    assert apply_settings(scenario, {"shared_cells": False}).casting.step(
        casting.CELL_STEP).dedicated is True
    labour = apply_settings(scenario, {"labour_usd_per_h": 55.0})
    assert labour.rates.labour_usd_per_h == 55.0
    assert (labour.welded, labour.casting) == (welded_inputs, casting_inputs)


def test_the_carbon_total_uses_the_given_grid_factor():
    """2 kWh a body on a 0.5 kg/kWh grid (1 kg) plus 0.5 kg blank x 0.8 (0.4 kg) = 1.4 kg."""
    material = MaterialInputs(sheet_blank_kg=0.5, sheet_kg_co2e_per_kg=0.8)
    inputs = capex_only("tiny", 1e6).with_changes(
        material=material, steps=(ProcessStep(name="line", cycle_time_s=1.0, oee=0.5,
                                              energy_kwh_per_unit=2.0),))
    rates = RATES.model_copy(update={"grid_kg_co2e_per_kwh": 0.5})
    assert co2e_kg_per_body(cost_breakdown(inputs, rates), rates) == pytest.approx(1.4)


def test_catalog_prices_are_the_weighted_steel_and_alloy_prices(catalog):
    prices = catalog_prices(catalog)
    welded_m, casting_m = material_inputs(catalog, "welded"), material_inputs(catalog, "casting")
    assert prices["steel_usd_per_kg"] == welded_m.sheet_usd_per_kg
    assert prices["alloy_usd_per_kg"] == casting_m.alloy_usd_per_kg
    assert prices["alloy_usd_per_kg"] > 0
    assert prices["alloy_recycled_share"] == casting_m.alloy_mix.recycled_share
