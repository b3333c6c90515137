"""Bad rates and inputs are rejected with errors that name the field."""

import pytest
from pydantic import ValidationError

from twin.cost import CostRates, MaterialInputs, ProcessStep, RouteCostInputs, Tooling


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("labour_usd_per_h", -1.0),
        ("electricity_usd_per_kwh", -0.1),
        ("equipment_life_years", 0),
        ("building_life_years", -5),
        ("cost_of_capital", 1.5),
        ("recycled_al_share", 1.2),
    ],
)
def test_bad_rate_names_the_field(field, value):
    with pytest.raises(ValidationError, match=field):
        CostRates(**{field: value})


def test_unknown_rate_is_rejected():
    with pytest.raises(ValidationError, match="alloy_price"):
        CostRates(alloy_price=2.0)


def test_every_rate_states_its_source():
    for name, info in CostRates.model_fields.items():
        if name not in {"currency", "price_year"}:
            assert "sources §" in info.description or "assumption (X" in info.description, name


@pytest.mark.parametrize("field", ["sheet_usd_per_kg", "alloy_usd_per_kg", "remelt_loss_share"])
def test_bad_material_price_names_the_field(field):
    with pytest.raises(ValidationError, match=field):
        MaterialInputs(**{field: -0.1})


def test_a_material_price_in_the_rates_is_refused_saying_where_it_lives():
    """Prices belong to the catalog: a rates file that sets one is told so by its field."""
    with pytest.raises(ValidationError, match="steel_usd_per_kg: is the parts catalog's"):
        CostRates(steel_usd_per_kg=1.2)
    with pytest.raises(ValidationError, match="remelt_loss_share: is the casting route's"):
        CostRates(remelt_loss_share=0.02)


def test_offal_heavier_than_blank_is_rejected():
    with pytest.raises(ValidationError, match="sheet_offal_kg"):
        MaterialInputs(sheet_blank_kg=1, sheet_offal_kg=2)


def test_zero_die_life_and_unknown_step_are_rejected():
    with pytest.raises(ValidationError, match="life_units"):
        Tooling(name="die", step="s", capex_usd=1, life_units=0)
    step = ProcessStep(name="s", cycle_time_s=1, oee=1)
    with pytest.raises(ValidationError, match="unknown step"):
        RouteCostInputs(route="r", annual_volume_units=1, steps=(step,),
                        tooling=(Tooling(name="die", step="t", capex_usd=1),))  # fmt: skip


def test_scrap_of_one_and_zero_oee_are_rejected():
    with pytest.raises(ValidationError, match="scrap_rate"):
        ProcessStep(name="s", cycle_time_s=1, oee=1, scrap_rate=1.0)
    with pytest.raises(ValidationError, match="oee"):
        ProcessStep(name="s", cycle_time_s=1, oee=0)
