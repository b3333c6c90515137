"""The alloy's recycled share: one owner (the catalog grade's alloy_mix), price and CO2e follow."""

import pytest
from pydantic import ValidationError

from parts_catalog import AlloyMix, Material
from twin.cost import (
    LEVERS,
    CostComparison,
    CostRates,
    apply_lever,
    co2e_kg_per_body,
    cost_breakdown,
    default_casting_inputs,
    default_welded_inputs,
)

ALLOY = "AlSi9MnMoZr"


def test_the_mix_gives_price_and_footprint_linearly_in_the_share():
    mix = AlloyMix(recycled_share=0.25, primary_price_usd_per_kg=3.4,
                   recycled_price_usd_per_kg=2.2, primary_co2e_kg_per_kg=15.1,
                   recycled_co2e_kg_per_kg=1.0, source="test")
    assert mix.price_usd_per_kg == pytest.approx(0.25 * 2.2 + 0.75 * 3.4)
    assert mix.co2e_kg_per_kg == pytest.approx(0.25 * 1.0 + 0.75 * 15.1)


def test_the_shipped_alloy_derives_its_price_and_footprint_from_its_mix(catalog):
    alloy = catalog.materials[ALLOY]
    assert alloy.alloy_mix is not None
    assert alloy.price_usd_per_kg == pytest.approx(2.8)
    assert alloy.co2e_kg_per_kg == pytest.approx(0.5 * 1.0 + 0.5 * 15.1)


def test_a_price_that_disagrees_with_the_mix_is_refused(catalog):
    data = catalog.materials[ALLOY].model_dump() | {"co2e_kg_per_kg": 8.0}
    with pytest.raises(ValidationError, match="co2e_kg_per_kg 8.0 disagrees with alloy_mix"):
        Material.model_validate(data)


def test_the_recycled_share_is_no_longer_a_rate():
    with pytest.raises(ValidationError, match="alloy_mix.recycled_share"):
        CostRates(recycled_al_share=0.5)


def test_the_catalog_share_moves_the_parts_table_and_the_cost_model(catalog):
    """One owner: a share set on the catalog moves the Parts page and the costed CO2e/price."""
    more = catalog.with_recycled_share(0.9)
    parts_co2e = lambda c: c.parts_table("casting")["co2e_kg"].sum()  # noqa: E731
    assert parts_co2e(more) < parts_co2e(catalog)
    before, after = default_casting_inputs(catalog), default_casting_inputs(more)
    assert after.material.alloy_usd_per_kg < before.material.alloy_usd_per_kg
    assert (co2e_kg_per_body(cost_breakdown(after), CostRates())
            < co2e_kg_per_body(cost_breakdown(before), CostRates()))


def test_the_lever_and_the_catalog_agree(catalog, welded, casting):
    scenario = CostComparison(welded, casting, CostRates())
    by_lever = apply_lever(scenario, LEVERS["recycled_al_share"], 0.9).casting.material
    by_catalog = default_casting_inputs(catalog.with_recycled_share(0.9)).material
    assert by_lever.alloy_usd_per_kg == pytest.approx(by_catalog.alloy_usd_per_kg)
    assert by_lever.alloy_kg_co2e_per_kg == pytest.approx(by_catalog.alloy_kg_co2e_per_kg)


def test_the_lever_keeps_a_price_level_set_before_it(welded, casting):
    scenario = CostComparison(welded, casting, CostRates())
    dear = apply_lever(scenario, LEVERS["alloy_price"], 3.0)  # market +0.2 US$/kg
    moved = apply_lever(dear, LEVERS["recycled_al_share"], 1.0).casting.material
    assert moved.alloy_usd_per_kg == pytest.approx(3.0 - 0.6)  # 0.5 -> 1.0 x (2.2 - 3.4)
    assert moved.alloy_kg_co2e_per_kg == pytest.approx(1.0)


def test_a_catalog_price_keeps_the_mix_spread(catalog):
    alloy = catalog.with_prices(alloy_usd_per_kg=3.0).materials[ALLOY]
    assert alloy.price_usd_per_kg == pytest.approx(3.0)
    assert alloy.with_recycled_share(1.0).price_usd_per_kg == pytest.approx(2.4)


def test_the_steel_route_sets_the_sheet_footprint_in_catalog_and_cost_model(catalog):
    eaf = catalog.with_steel_route("eaf")
    assert eaf.materials["DP600"].co2e_kg_per_kg == pytest.approx(0.5)
    assert eaf.materials["FASTENER-8"].co2e_kg_per_kg == pytest.approx(2.0)  # no route block
    before = default_welded_inputs(catalog).material.sheet_kg_co2e_per_kg
    after = default_welded_inputs(eaf).material.sheet_kg_co2e_per_kg
    assert before == pytest.approx(2.0)
    assert after == pytest.approx(0.5)


def test_a_steel_footprint_that_disagrees_with_its_route_is_refused(catalog):
    data = catalog.materials["DP600"].model_dump() | {"co2e_kg_per_kg": 1.0}
    with pytest.raises(ValidationError, match="disagrees with steelmaking"):
        Material.model_validate(data)
