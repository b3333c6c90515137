"""Lifecycle CO2e of the two default routes: consistent with the cost model, and its levers."""

import pytest

from lines.vehicle import LifecycleRanges, VehicleSpec
from twin.cost import LEVERS, apply_lever, carbon_table, cost_breakdown
from twin.lifecycle import cumulative_co2e_table, lifecycle_from_costs, lifecycle_table


def test_production_co2e_is_the_cost_models_carbon_per_body(scenario, masses):
    life = lifecycle_from_costs(masses, scenario)
    for route in ("welded", "casting"):
        breakdown = cost_breakdown(scenario.route(route), scenario.rates)
        expected = carbon_table([breakdown], scenario.rates)["co2e_kg_per_body"].sum()
        assert life.production[route].co2e_kg == pytest.approx(expected, rel=1e-12)


def test_the_default_break_even_is_the_closed_form_of_its_parts(scenario, masses):
    vehicle = VehicleSpec()
    life = lifecycle_from_costs(masses, scenario, vehicle)
    extra = life.production["casting"].co2e_kg - life.production["welded"].co2e_kg
    saving_kg = masses["welded"] - masses["casting"]
    use_saving_per_km = 0.6 * saving_kg / 100 / 100 * 0.40  # kWh/km x kg/kWh
    assert life.break_even.lighter_route == "casting"
    assert life.break_even.distance_km == pytest.approx(extra / use_saving_per_km, rel=1e-9)


def test_the_cumulative_curves_start_at_production_and_cross_at_the_break_even(scenario, masses):
    life = lifecycle_from_costs(masses, scenario, VehicleSpec(use_grid_kg_co2e_per_kwh=0.8,
                                                              lifetime_km=1_000_000))
    km = life.break_even.distance_km
    assert life.break_even.status == "within_lifetime"
    assert life.cumulative_co2e_kg("casting", km) == pytest.approx(
        life.cumulative_co2e_kg("welded", km), rel=1e-9)
    curves = cumulative_co2e_table(life, points=11)
    start = curves[curves["distance_km"] == 0].set_index("route")["cumulative_co2e_kg"]
    assert start["casting"] == pytest.approx(life.production["casting"].co2e_kg)
    assert len(curves) == 22


def test_a_higher_recycled_share_lowers_the_casting_co2e_and_price(scenario, masses):
    lever = LEVERS["recycled_al_share"]
    low, high = apply_lever(scenario, lever, 0.3), apply_lever(scenario, lever, 1.0)
    life_low = lifecycle_from_costs(masses, low)
    life_high = lifecycle_from_costs(masses, high)
    assert life_high.production["casting"].co2e_kg < life_low.production["casting"].co2e_kg
    assert life_high.production["welded"].co2e_kg == pytest.approx(
        life_low.production["welded"].co2e_kg)
    assert high.casting.material.alloy_usd_per_kg < low.casting.material.alloy_usd_per_kg
    assert (cost_breakdown(high.casting, high.rates).total_usd
            < cost_breakdown(low.casting, low.rates).total_usd)
    # the alloy factor is the mix's: 1.0 x 1.0 + 0 x 15.1 at 100 % recycled
    assert high.casting.material.alloy_kg_co2e_per_kg == pytest.approx(1.0)


def test_at_full_recycled_share_the_casting_car_is_lower_from_the_start(scenario, masses):
    full = apply_lever(scenario, LEVERS["recycled_al_share"], 1.0)
    assert lifecycle_from_costs(masses, full).break_even.status == "from_start"


def test_a_cleaner_charging_grid_lengthens_the_break_even(scenario, masses):
    dirty = lifecycle_from_costs(masses, scenario, VehicleSpec(use_grid_kg_co2e_per_kwh=0.6))
    clean = lifecycle_from_costs(masses, scenario, VehicleSpec(use_grid_kg_co2e_per_kwh=0.1))
    assert clean.break_even.distance_km == pytest.approx(6 * dirty.break_even.distance_km)


def test_the_lifecycle_table_has_one_row_per_route_with_units(scenario, masses, catalog):
    still = LifecycleRanges(**{name: (value, value) for name, value in {
        "mass_sensitivity_kwh_per_100km_per_100kg": 0.6, "lifetime_km": 200_000.0,
        "use_grid_kg_co2e_per_kwh": 0.4, "recycled_al_share": 0.5,
        "primary_al_kg_co2e_per_kg": 15.1, "steel_kg_co2e_per_kg": 2.0}.items()})
    life = lifecycle_from_costs(masses, scenario, VehicleSpec(ranges=still))
    table = lifecycle_table(life, catalog, draws=50).set_index("route")
    assert list(table.index) == ["welded", "casting"]
    # zero-width ranges: every draw is the point estimate
    assert table.loc["casting", "break_even_p10_km"] == pytest.approx(
        table.loc["casting", "break_even_km"], rel=1e-9)
    assert table.loc["casting", "break_even_status"] == "never"
    assert table.loc["welded", "part_number_count"] > 100 > table.loc["casting", "die_count"]
