"""The report's lifecycle section lists every vehicle default, each sourced or an assumption."""

from lines.vehicle import LifecycleRanges, VehicleSpec
from twin.validation.lifecycle_defaults import default_rows, kind_of, lifecycle_section
from twin.validation.report import render_report


def test_kind_is_read_from_the_description():
    assert kind_of("Pack price [US$/kWh]; assumption (X).") == "assumption"
    assert kind_of("slope; Weiss et al. 2020 (A; 428 cars).") == "sourced"
    assert kind_of("The route the reference car carries.") == "choice"


def test_every_vehicle_and_range_field_is_listed_once():
    names = [row[0] for row in default_rows()]
    expected = {f"vehicle.{n}" for n in VehicleSpec.model_fields if n != "ranges"} | {
        f"vehicle.ranges.{n}" for n in LifecycleRanges.model_fields}
    assert expected <= set(names)
    assert len(names) == len(set(names))


def test_the_sensitivity_is_sourced_and_the_lifetime_an_assumption():
    kinds = {name: kind for name, _, kind, _ in default_rows()}
    assert kinds["vehicle.mass_sensitivity_kwh_per_100km_per_100kg"] == "sourced"
    assert kinds["vehicle.lifetime_km"] == "assumption"
    assert kinds["AlSi9MnMoZr.alloy_mix.primary_co2e_kg_per_kg"] == "sourced"


def test_the_report_carries_the_section():
    section = lifecycle_section()
    assert section[0] == "## The car: lifecycle defaults and their sources"
    assert "\n".join(section) in render_report({})
