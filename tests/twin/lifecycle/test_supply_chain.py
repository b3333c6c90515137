"""Supply-chain counts per route, against counts taken from the catalog's own tables."""

import math

import pytest

from lines.routes import CastingRouteSpec, WeldedRouteSpec, build_route_scenario
from parts_catalog import Catalog, CatalogSpec
from twin import run_experiment
from twin.lifecycle import simulated_supply_chain, supply_chain_kpis, supply_chain_table


def test_counts_are_the_catalogs_parts_dies_and_joints(catalog):
    for route in catalog.routes:
        kpis = supply_chain_kpis(catalog, route)
        parts = catalog.parts(route)
        assert kpis["part_number_count"] == len({p.part_number for p in parts})
        dies = sum(getattr(p, "dies", 0) for p in parts) + sum(p.kind == "cast" for p in parts)
        assert kpis["die_count"] == dies
        joints = sum(j.count for j in catalog.joins(route) if j.type != "adhesive")
        assert kpis["joint_count"] == joints


def test_the_casting_route_has_fewer_part_numbers_dies_and_joints(catalog):
    table = supply_chain_table(catalog).set_index("route")
    for column in ("part_number_count", "die_count", "joint_count", "material_grade_count"):
        assert table.loc["casting", column] < table.loc["welded", column], column


def test_suppliers_are_the_catalog_field_of_bought_parts_and_materials(catalog):
    assert supply_chain_kpis(catalog, "welded")["supplier_count"] == 2  # mill + fasteners
    materials = tuple(m.model_copy(update={"supplier": "second mill"}) if m.grade == "22MnB5"
                      else m for m in catalog.spec.materials)
    spec = CatalogSpec.model_validate(catalog.spec.model_dump() | {"materials": materials})
    changed = Catalog(spec, catalog.base_dir)
    assert supply_chain_kpis(changed, "welded")["supplier_count"] == 3
    unnamed = tuple(m.model_copy(update={"supplier": ""}) for m in catalog.spec.materials)
    spec = CatalogSpec.model_validate(catalog.spec.model_dump() | {"materials": unnamed})
    assert supply_chain_kpis(Catalog(spec, catalog.base_dir), "welded")["supplier_count"] == 1


def test_simulated_moves_and_stock_are_the_runs_counts(catalog):
    spec = WeldedRouteSpec().with_changes(horizon_days=1.0)
    experiment = run_experiment(build_route_scenario(spec, catalog), replications=2, seed=0)
    kpis = simulated_supply_chain(experiment, catalog, "welded")
    batches = [sum(s.extras.get("batches_put_away", 0) for s in r.stations) / r.finished
               for r in experiment.results]
    assert kpis["press_batch_moves_per_body"] == sum(batches) / 2
    kits = [s for s in experiment.scenario.sources
            if s.supermarket is not None and s.supermarket.role == "kits"]
    assert kpis["kit_moves_per_body"] == len(kits)
    assert kpis["logistics_moves_per_body"] == kpis["press_batch_moves_per_body"] + len(kits)
    stock = [sum(s.extras.get("stock_mean_parts", 0) for s in r.stations)
             for r in experiment.results]
    assert kpis["supermarket_stock_mean_parts"] == pytest.approx(sum(stock) / 2)
    assert kpis["supermarket_stock_mean_usd"] > 0
    cast = run_experiment(build_route_scenario(
        CastingRouteSpec().with_changes(horizon_days=0.5), catalog), replications=2, seed=0)
    assert all(math.isnan(v) for v in simulated_supply_chain(cast, catalog, "casting").values())
