"""Joining consumables: priced per joint type in the catalog, summed per route by hand."""

import pytest
import yaml

from parts_catalog import CatalogError, load_catalog
from tests.parts_catalog.test_catalog_validation import tiny, welded, write


def with_consumables(document, **prices):
    document["join_consumables"] = [
        {"type": kind, "usd_per_unit": usd, "source": "test"} for kind, usd in prices.items()]
    return document


def test_consumables_are_joints_times_their_price(tmp_path):
    document = with_consumables(tiny(), spot_weld=0.01, adhesive=0.5)
    welded(document)["joins"].append(
        {"subassembly": "A", "parts": ["P1", "P2"], "type": "adhesive", "length_m": 2.0})
    catalog = load_catalog(write(tmp_path, document))
    assert catalog.consumables_usd("welded") == pytest.approx(
        {"spot_weld": 10 * 0.01, "adhesive": 2.0 * 0.5})


def test_a_catalog_without_prices_consumes_nothing(tmp_path):
    assert load_catalog(write(tmp_path, tiny())).consumables_usd("welded") == {}


def test_an_unpriced_join_type_is_named(tmp_path):
    document = with_consumables(tiny(), adhesive=0.5)
    with pytest.raises(CatalogError, match=r"join types \['spot_weld'\] have no join_consumables"):
        load_catalog(write(tmp_path, document))


def test_the_default_catalog_prices_every_join_of_both_routes(tmp_path):
    """Hand sum from the route files' joint counts and consumables.yaml's prices."""
    catalog = load_catalog()
    prices = {row["type"]: row["usd_per_unit"] for row in yaml.safe_load(
        open("parts_catalog/data/consumables.yaml", encoding="utf-8"))["join_consumables"]}
    welded_usd = (894 * prices["spot_weld"] + 20 * prices["projection_weld"]
                  + 30 * prices["stud_weld"] + 23.1 * prices["adhesive"])
    casting_usd = (32 * prices["flow_drill_screw"] + 28 * prices["self_piercing_rivet"]
                   + 5.8 * prices["adhesive"])
    assert sum(catalog.consumables_usd("welded").values()) == pytest.approx(welded_usd)
    assert sum(catalog.consumables_usd("casting").values()) == pytest.approx(casting_usd)
    assert welded_usd == pytest.approx(11.098)  # 1.788 + 0.04 + 0.03 + 9.24
    assert casting_usd == pytest.approx(9.56)  # 6.4 + 0.84 + 2.32
