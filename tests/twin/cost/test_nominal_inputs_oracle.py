"""Cost elements of a two-step route by hand, and the nominal inputs against their owners.

The first test is a paper computation of every element (the PBCM of sources §4.1) for a
shared press feeding a dedicated cell with scrap at both steps; every figure is typed from
the numbers of the inputs, not from the code. The others check the nominal (not simulated)
cost inputs of ``twin.cost.defaults`` against the figures their owners state: the route
specs' defaults (written out here as numbers) and the catalog's parts table summed by hand.
"""

from __future__ import annotations

import pytest
from hand_rates import CRF_10_5, CRF_10_10, CRF_10_20
from hand_rates import HAND_RATES as RATES

from lines.routes import CastingRouteSpec, WeldedRouteSpec
from parts_catalog import load_catalog
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


def two_step_route() -> RouteCostInputs:
    press = ProcessStep(name="press", cycle_time_s=30, oee=0.5, scrap_rate=0.02, dedicated=False,
                        capex_per_line_usd=4e6, operators_per_shift=1, floor_space_m2=200,
                        energy_kwh_per_unit=1.0, material_feed="sheet")
    cell = ProcessStep(name="cell", cycle_time_s=50, oee=0.8, scrap_rate=0.05, dedicated=True,
                       capex_per_line_usd=10e6, operators_per_shift=3, floor_space_m2=500,
                       energy_kwh_per_unit=20.0)
    die = Tooling(name="die", step="press", capex_usd=500_000, life_units=200_000)
    material = MaterialInputs(sheet_blank_kg=10, sheet_offal_kg=4, sheet_usd_per_kg=1.0,
                              offal_credit_usd_per_kg=0.25, consumables_usd=2.0)
    calendar = OperatingCalendar(days_per_year=250, shifts_per_day=2, paid_hours_per_shift=8,
                                 productive_hours_per_shift=7.5)
    return RouteCostInputs(route="paper", annual_volume_units=100_000, calendar=calendar,
                           steps=(press, cell), tooling=(die,), material=material)


def test_two_step_route_on_paper():
    v = 100_000
    cell_started = v / 0.95  # 105,263.2: the cell also makes what it scraps
    press_started = v / (0.95 * 0.98)  # 107,411.4: the press makes the cell's scrap too
    available_h, paid_h = 250 * 2 * 7.5, 250 * 2 * 8  # 3,750 and 4,000 h a year
    press_lines = press_started * 30 / 3600 / (available_h * 0.5)  # 0.4774, shared
    cell_lines = 1.0  # 1,462 h / (3,750 x 0.8) = 0.487, dedicated: one cell
    b = cost_breakdown(two_step_route(), RATES)
    assert b.units_started == pytest.approx({"press": press_started, "cell": cell_started})
    assert b.lines_needed == pytest.approx({"press": press_lines, "cell": cell_lines})
    cost = b.cost_per_body_usd
    assert cost["equipment"] == pytest.approx((press_lines * 4e6 + 10e6) * CRF_10_10 / v)
    assert cost["maintenance"] == pytest.approx((press_lines * 4e6 + 10e6) * 0.04 / v)
    assert cost["building"] == pytest.approx((press_lines * 200 + 500) * 2000 * CRF_10_20 / v)
    labour = (press_lines * 1 + cell_lines * 3) * paid_h * 40 / v
    assert cost["direct_labour"] == pytest.approx(labour)
    # die: 500k over 5 years (131.9k/yr) or worn every 200k strokes (268.5k/yr): wear decides
    assert cost["tooling"] == pytest.approx(max(500_000 * CRF_10_5, press_started / 2e5 * 5e5) / v)
    sets = press_started / v  # blank sets per good body
    sheet = sets * (10 * 1.0 - 4 * 0.25) - (sets - 1) * (10 - 4) * 0.25  # scrapped parts sold
    consumables = 2.0 * cell_started / v  # scrapped bodies were joined too
    assert cost["material"] == pytest.approx(sheet + consumables)
    energy = (press_started * 1.0 + cell_started * 20.0) / v * 0.10
    assert cost["energy"] == pytest.approx(energy)
    assert cost["overhead_labour"] == pytest.approx(0.5 * labour)
    variable = sheet + consumables + labour + energy
    assert cost["working_capital"] == pytest.approx(variable * 2 / 12 * 0.10)
    assert b.total_usd == pytest.approx(sum(cost.values()))


def test_crf_constants_are_the_formula():
    for (n, value) in ((10, CRF_10_10), (20, CRF_10_20), (5, CRF_10_5)):
        assert 0.1 * 1.1**n / (1.1**n - 1) == pytest.approx(value, rel=1e-12)


def test_nominal_giga_cell_and_joining_steps_carry_the_spec_figures():
    """sources §5.3 defaults as the spec states them: 110 s, 5 % scrap, 4 operators, ..."""
    steps = {s.name: s for s in default_casting_inputs().steps}
    cell = steps["giga_cell"]
    assert (cell.cycle_time_s, cell.scrap_rate, cell.operators_per_shift) == (110.0, 0.05, 4.0)
    assert (cell.floor_space_m2, cell.energy_kwh_per_unit) == (840.0, 100.0)
    assert (cell.capex_per_line_usd, cell.oee, cell.dedicated) == (25e6, 0.70, True)
    assert cell.material_feed == "alloy"
    heat = default_casting_inputs(spec=CastingRouteSpec().with_changes(heat_treatment=True))
    assert heat.step("giga_cell").capex_per_line_usd == 25e6 + 4e6
    join = steps["joining"]
    assert (join.operators_per_shift, join.floor_space_m2, join.energy_kwh_per_unit) == (
        1.0, 500.0, 5.0)


def test_nominal_body_shop_carries_the_spec_figures():
    body = default_welded_inputs().step("body_shop")
    assert (body.cycle_time_s, body.scrap_rate, body.operators_per_shift) == (60.0, 0.005, 8.0)
    assert (body.floor_space_m2, body.energy_kwh_per_unit, body.oee) == (3000.0, 30.0, 0.80)
    # 36 M US$ at the 60 s reference takt, less the fixtures costed as tooling (one 0.5 M
    # set per sub-assembly)
    subassemblies = len(load_catalog().subassemblies("welded"))
    assert body.capex_per_line_usd == pytest.approx(36e6 - 0.5e6 * subassemblies)


@pytest.mark.parametrize("route", ["welded", "casting"])
def test_nominal_press_steps_are_the_catalog_press_seconds(route):
    table = load_catalog().parts_table(route)
    stamped = table[table["kind"] == "stamped"]
    inputs = default_welded_inputs() if route == "welded" else default_casting_inputs()
    steps = {s.name: s for s in inputs.steps if s.name.startswith("press_")}
    assert set(steps) == {f"press_{k}" for k in stamped["press_kind"].unique()}
    for kind, parts in stamped.groupby("press_kind"):
        # one body's parts: 60 x strokes per part / strokes per min, 2 % press scrap re-made
        # (strokes per part: 1 / parts per stroke, or less where one stroke makes a LH/RH pair)
        per_part = (parts["strokes_per_part"] if "strokes_per_part" in parts
                    else 1.0 / parts["parts_per_stroke"])
        seconds = sum(60.0 * n / (spm * 0.98)
                      for n, spm in zip(per_part, parts["strokes_per_min"], strict=True))
        assert steps[f"press_{kind}"].cycle_time_s == pytest.approx(seconds, rel=1e-12)
        assert (steps[f"press_{kind}"].oee, steps[f"press_{kind}"].dedicated) == (0.65, False)


@pytest.mark.parametrize("route", ["welded", "casting"])
def test_nominal_material_is_the_catalog_parts_summed_by_hand(route):
    catalog = load_catalog()
    table = catalog.parts_table(route)
    stamped, cast = table[table["kind"] == "stamped"], table[table["kind"] == "cast"]
    m = (default_welded_inputs() if route == "welded" else default_casting_inputs()).material
    assert m.sheet_blank_kg == pytest.approx(stamped["blank_mass_kg"].sum())
    assert m.sheet_offal_kg == pytest.approx(stamped["blank_scrap_kg"].sum())
    assert m.sheet_part_kg == pytest.approx(stamped["mass_kg"].sum())
    assert m.alloy_part_kg == pytest.approx(cast["mass_kg"].sum())
    assert m.alloy_shot_kg == pytest.approx(cast["shot_mass_kg"].sum())
    bought = table.loc[table["kind"] == "bought", "material_cost_usd"].sum()
    assert m.bought_parts_usd == pytest.approx(bought)
    assert m.press_scrap_share == pytest.approx(WeldedRouteSpec().press_scrap_share)
    assert m.remelt_loss_share == pytest.approx(0.02 if route == "casting" else 0.0)
    price = stamped["material"].map(lambda g: catalog.materials[g].price_usd_per_kg)
    by_blank = (price * stamped["blank_mass_kg"]).sum() / stamped["blank_mass_kg"].sum()
    assert m.sheet_usd_per_kg == pytest.approx(by_blank, rel=1e-12)  # blank-weighted price


def test_the_operations_model_refuses_what_it_cannot_size():
    from twin.cost.pbcm import lines_needed, required_volume

    with pytest.raises(ValueError, match="^a scrap rate of 1 leaves no good units$"):
        required_volume(100.0, [0.5, 1.0])
    for hours, oee in ((0.0, 0.5), (100.0, 0.0)):
        with pytest.raises(ValueError, match="^available hours and OEE must be > 0$"):
            lines_needed(10.0, hours, oee, dedicated=False)
    assert lines_needed(0.25, 0.5, 1.0, dedicated=False) == pytest.approx(0.5)  # < 1 h is fine
    assert lines_needed(10.0, 100.0, 0.5, dedicated=False) == pytest.approx(0.2)
