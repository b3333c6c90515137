"""Energy use, range and battery from the body's mass, against hand computation."""

import pytest

from lines.vehicle import VehicleSpec
from twin.lifecycle import energy_saving_kwh_per_100km, range_km, vehicle_energy


def test_a_14_kg_lighter_body_saves_0_084_kwh_per_100_km_at_0_6_per_100_kg():
    # 0.6 kWh/100 km per 100 kg x 14 kg / 100 kg = 0.084 kWh/100 km
    assert energy_saving_kwh_per_100km(14.0, VehicleSpec()) == pytest.approx(0.084, rel=1e-12)


def test_secondary_mass_savings_scale_the_primary_saving():
    vehicle = VehicleSpec(secondary_mass_share=0.5)  # 14 kg primary + 7 kg secondary
    assert energy_saving_kwh_per_100km(14.0, vehicle) == pytest.approx(0.6 * 21 / 100)


def test_a_heavier_body_costs_energy():
    assert energy_saving_kwh_per_100km(-10.0, VehicleSpec()) == pytest.approx(-0.06)


def test_battery_saved_at_equal_range_and_range_at_equal_battery_by_hand():
    vehicle = VehicleSpec(reference_energy_kwh_per_100km=17.0, battery_usable_kwh=75.0,
                          battery_usd_per_kwh=115.0)
    cars = vehicle_energy({"welded": 80.0, "casting": 66.0}, vehicle)
    light = cars["casting"]
    # energy use 17 - 0.084 = 16.916 kWh/100 km
    assert light.energy_kwh_per_100km == pytest.approx(16.916)
    # range at the same 75 kWh: 75 / 16.916 x 100 km
    assert light.range_km_at_equal_battery == pytest.approx(7500 / 16.916)
    # the reference range 75/17 x 100 = 441.18 km needs 441.18 x 16.916 / 100 kWh
    saved_kwh = 75.0 - 75.0 * 16.916 / 17.0  # = 0.370588 kWh
    assert light.battery_kwh_saved_at_equal_range == pytest.approx(saved_kwh, rel=1e-9)
    assert light.battery_kwh_saved_at_equal_range == pytest.approx(0.370588, abs=1e-6)
    assert light.battery_usd_saved_at_equal_range == pytest.approx(saved_kwh * 115.0)
    reference = cars["welded"]
    assert reference.mass_saving_kg == 0.0
    assert reference.battery_kwh_saved_at_equal_range == pytest.approx(0.0, abs=1e-12)
    assert reference.range_km_at_equal_battery == pytest.approx(7500 / 17.0)


def test_the_reference_route_may_be_the_casting_route():
    vehicle = VehicleSpec(reference_route="casting")
    cars = vehicle_energy({"welded": 80.0, "casting": 66.0}, vehicle)
    assert cars["welded"].energy_kwh_per_100km == pytest.approx(17.0 + 0.084)


def test_a_missing_reference_route_is_named():
    with pytest.raises(ValueError, match="reference_route 'welded'"):
        vehicle_energy({"casting": 66.0}, VehicleSpec())


def test_range_needs_a_positive_energy_use():
    with pytest.raises(ValueError, match="energy use"):
        range_km(75.0, 0.0)
