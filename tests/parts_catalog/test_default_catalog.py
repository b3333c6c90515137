"""The shipped catalog: closed geometry, consistent totals, connected joins, published bands."""

import time
from collections import deque

import pytest

from parts_catalog import StampedPart, load_catalog
from parts_catalog.meshes import local_mesh


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def connected(graph, start):
    seen, queue = {start}, deque([start])
    while queue:
        for neighbour in graph[queue.popleft()]:
            if neighbour not in seen:
                seen.add(neighbour)
                queue.append(neighbour)
    return seen


def test_every_shipped_part_is_watertight_with_positive_volume(catalog):
    for part in catalog.parts():
        mesh = catalog.mesh(part.part_number)
        assert mesh.is_watertight, part.part_number
        assert mesh.volume > 0, part.part_number


def test_mass_column_is_mesh_volume_times_material_density(catalog):
    table = catalog.parts_table().set_index("part_number")
    for part in catalog.parts():
        expected = (
            catalog.mesh(part.part_number).volume * catalog.materials[part.material].density_kg_m3
        )
        assert table.loc[part.part_number, "mass_kg"] == pytest.approx(expected, rel=1e-9)


def test_blank_mass_is_blank_size_x_thickness_x_density(catalog):
    table = catalog.parts_table().set_index("part_number")
    for part in catalog.parts():
        if isinstance(part, StampedPart):
            density = catalog.materials[part.material].density_kg_m3
            volume_m3 = part.blank_length_mm * part.blank_width_mm * part.thickness_mm * 1e-9
            assert table.loc[part.part_number, "blank_mass_kg"] == pytest.approx(
                volume_m3 * density
            )


@pytest.mark.parametrize("route", ["welded", "casting"])
def test_route_totals_are_the_sums_of_parts_and_joins(catalog, route):
    table = catalog.parts_table(route)
    joins = catalog.joins_table(route)
    totals = catalog.route_totals(route)
    assert totals.mass_kg == pytest.approx(table["mass_kg"].sum())
    assert totals.part_count == len(table) == len(catalog.parts(route))
    assert totals.material_cost_usd == pytest.approx(table["material_cost_usd"].sum())
    assert totals.co2e_kg == pytest.approx(table["co2e_kg"].sum())
    assert totals.blank_scrap_kg == pytest.approx(
        table["blank_mass_kg"].sum() - table.loc[table["kind"] == "stamped", "mass_kg"].sum()
    )
    assert totals.spot_welds == joins.loc[joins["type"] == "spot_weld", "count"].sum()
    assert totals.adhesive_m == pytest.approx(
        joins.loc[joins["type"] == "adhesive", "length_m"].sum()
    )


@pytest.mark.parametrize("route", ["welded", "casting"])
def test_join_graph_is_connected_and_every_part_is_joined(catalog, route):
    graph = catalog.join_graph(route)
    parts = [p.part_number for p in catalog.parts(route)]
    assert all(graph[p] for p in parts)
    assert set(parts) <= connected(graph, parts[0])


@pytest.mark.parametrize("route", ["welded", "casting"])
def test_subassemblies_follow_build_order_and_account_for_every_joint(catalog, route):
    stations = catalog.subassemblies(route)
    built = set()
    for station in stations:
        assert set(station.inputs) <= built
        built.add(station.name)
    loaded = [p for s in stations for p in s.parts]
    assert sorted(loaded) == sorted(p.part_number for p in catalog.parts(route))
    assert sum(s.spot_welds for s in stations) == catalog.route_totals(route).spot_welds
    assert stations[-1].mass_kg == pytest.approx(catalog.route_totals(route).mass_kg)


def test_welded_route_has_at_least_100_stamped_parts_of_mixed_grades(catalog):
    table = catalog.parts_table("welded")
    stamped = table[table["kind"] == "stamped"]
    assert len(stamped) >= 100
    families = set(stamped["material_family"])
    assert {"mild_steel", "hsla_steel", "dual_phase_steel", "press_hardened_steel"} <= families


def test_left_and_right_parts_mirror_each_other(catalog):
    table = catalog.parts_table().set_index("part_number")
    left = [p for p in table.index if p.endswith("-LH")]
    assert left
    for name in left:
        right = name[:-3] + "-RH"
        assert table.loc[right, "mass_kg"] == pytest.approx(table.loc[name, "mass_kg"])
        assert table.loc[right, "cog_y_m"] == pytest.approx(-table.loc[name, "cog_y_m"])


def test_stamped_parts_have_a_press_line_and_bought_parts_none(catalog):
    table = catalog.parts_table()
    stamped, bought = table[table["kind"] == "stamped"], table[table["kind"] == "bought"]
    assert set(stamped["press_line"]) <= set(catalog.press_lines)
    assert (stamped["strokes_per_min"] > 0).all()
    assert (stamped["dies"] >= 1).all()
    assert (bought["press_line"] == "").all()


def test_published_figure_bands_hold(catalog):
    welded, cast = catalog.route_totals("welded"), catalog.route_totals("casting")
    casting = catalog.parts_table("casting").query("kind == 'cast'").iloc[0]
    # REFERENCE.md 5.2/5.3: steel 65-90 kg, casting 55-70 kg, saving 10-30 %, 700-900 welds.
    assert 65 <= welded.mass_kg <= 90
    assert 55 <= casting["mass_kg"] <= 70
    assert 0.10 <= 1 - cast.mass_kg / welded.mass_kg <= 0.30
    assert 700 <= welded.spot_welds <= 900
    assert 80 <= cast.shot_mass_kg <= 105
    assert 0.60 <= cast.casting_yield_share <= 0.75
    assert 0.45 <= welded.material_utilisation_share <= 0.70
    mechanical = cast.joints_by_type.get("self_piercing_rivet", 0) + cast.joints_by_type.get(
        "flow_drill_screw", 0
    )
    assert 30 <= mechanical <= 150
    assert cast.spot_welds == 0


def test_loading_and_building_every_mesh_takes_well_under_a_few_seconds():
    local_mesh.cache_clear()
    start = time.perf_counter()
    load_catalog().parts_table()
    assert time.perf_counter() - start < 5.0


def test_meshes_are_built_once_and_reused_by_a_second_load():
    load_catalog().parts_table()
    misses = local_mesh.cache_info().misses
    load_catalog().parts_table()
    assert local_mesh.cache_info().misses == misses
