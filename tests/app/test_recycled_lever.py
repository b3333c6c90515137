"""The What-if recycled-share lever: read from and written to the catalog, bad values refused."""

from __future__ import annotations

import pytest

from parts_catalog import load_catalog
from twin import comparison
from twin.cost import CostRates, catalog_prices
from twin.ui import levers

RECYCLED = next(lever for lever in levers.LEVERS if lever.key == "recycled")


def test_the_lever_shows_the_catalogs_share_and_writes_it_as_a_catalog_setting():
    specs, rates = comparison.default_specs(), CostRates()
    prices = catalog_prices(load_catalog())
    assert levers.lever_value(RECYCLED, specs, 250_000, rates, prices) == pytest.approx(0.5)
    _, _, _, new_prices = levers.apply_levers(specs, rates, {"recycled": 0.9})
    assert new_prices == {"alloy_recycled_share": 0.9}


def test_a_share_above_one_is_refused():
    with pytest.raises(ValueError, match="share must be <= 1"):
        levers.apply_levers(comparison.default_specs(), CostRates(), {"recycled": 1.5})


def test_the_share_moves_the_catalog_price_and_footprint_the_app_reads():
    catalog = load_catalog()
    more = catalog.with_recycled_share(0.9)
    assert catalog_prices(more)["alloy_usd_per_kg"] == pytest.approx(0.9 * 2.2 + 0.1 * 3.4)
    assert more.materials["AlSi9MnMoZr"].co2e_kg_per_kg == pytest.approx(0.9 + 0.1 * 15.1)
