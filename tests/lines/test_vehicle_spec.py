"""The vehicle block: sourced defaults, every field checked, files read with clear errors."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from lines.vehicle import LifecycleRanges, VehicleSpec, load_vehicle_spec, vehicle_spec_from_dict

REPO = Path(__file__).resolve().parents[2]


def test_the_mass_sensitivity_default_is_weiss_2020_with_its_range():
    spec = VehicleSpec()
    assert spec.mass_sensitivity_kwh_per_100km_per_100kg == 0.6
    assert spec.ranges.mass_sensitivity_kwh_per_100km_per_100kg == (0.5, 0.7)
    assert "Weiss" in VehicleSpec.model_fields[
        "mass_sensitivity_kwh_per_100km_per_100kg"].description


@pytest.mark.parametrize("model", [VehicleSpec, LifecycleRanges])
def test_every_field_states_a_source_or_an_assumption(model):
    for name, info in model.model_fields.items():
        if name in {"ranges", "reference_route"}:
            continue
        text = info.description or ""
        delegated = "parts catalog" in text  # its one owner is the catalog
        assert "assumption (X" in text or "(A" in text or "(B" in text or delegated, name


@pytest.mark.parametrize(("field", "value"), [("lifetime_km", 0), ("battery_usable_kwh", -1),
                                              ("secondary_mass_share", 3.0),
                                              ("use_grid_kg_co2e_per_kwh", -0.1)])
def test_a_bad_value_names_its_field(field, value):
    with pytest.raises(ValidationError, match=field):
        VehicleSpec(**{field: value})


def test_a_range_upside_down_is_refused_with_its_name():
    with pytest.raises(ValidationError, match="lifetime_km: low"):
        LifecycleRanges(lifetime_km=(300_000.0, 100_000.0))


def test_a_vehicle_file_is_read_with_or_without_a_vehicle_key(tmp_path):
    flat, nested = tmp_path / "flat.yaml", tmp_path / "nested.yaml"
    flat.write_text("lifetime_km: 150000\n")
    nested.write_text("vehicle:\n  use_grid_kg_co2e_per_kwh: 0.1\n")
    assert load_vehicle_spec(flat).lifetime_km == 150_000
    assert load_vehicle_spec(nested).use_grid_kg_co2e_per_kwh == 0.1


def test_a_bad_vehicle_file_names_the_file_and_the_field(tmp_path):
    bad = tmp_path / "car.yaml"
    bad.write_text("lifetime_km: -5\nwheels: 4\n")
    with pytest.raises(ValueError, match=r"(?s)car\.yaml: .*lifetime_km.*wheels"):
        load_vehicle_spec(bad)
    with pytest.raises(ValueError, match="expected a mapping"):
        vehicle_spec_from_dict([1, 2], "x.yaml")


def test_the_shipped_vehicle_examples_load():
    examples = sorted((REPO / "examples" / "vehicle").glob("*.yaml"))
    assert examples
    for path in examples:
        assert load_vehicle_spec(path).use_grid_kg_co2e_per_kwh >= 0
