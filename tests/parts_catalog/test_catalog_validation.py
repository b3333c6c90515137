"""Users' catalog files: what loads, and the errors that name what is wrong."""

import copy

import pytest
import trimesh
import yaml

from parts_catalog import BlankTooSmallError, CatalogError, load_catalog

DENSITY = 7850.0


def plate(part_number, **changes):
    part = {
        "part_number": part_number,
        "name": f"Plate {part_number}",
        "subassembly": "A",
        "material": "S",
        "thickness_mm": 1.0,
        "shape": {"kind": "plate", "length_mm": 200, "width_mm": 100},
        "blank_length_mm": 250,
        "blank_width_mm": 150,
        "press_line": "P",
        "dies": 2,
    }
    return part | changes


def tiny():
    return {
        "name": "tiny",
        "materials": [
            {
                "grade": "S",
                "name": "test steel",
                "family": "mild_steel",
                "density_kg_m3": DENSITY,
                "price_usd_per_kg": 1.0,
                "scrap_credit_usd_per_kg": 0.25,
                "yield_strength_mpa": 200,
                "co2e_kg_per_kg": 2.0,
                "source": "test",
            }
        ],
        "press_lines": [
            {
                "id": "P",
                "name": "press",
                "kind": "transfer",
                "strokes_per_min": 20,
                "die_change_min": 5,
                "source": "test",
            }
        ],
        "routes": {
            "welded": {
                "subassemblies": [{"name": "A"}],
                "stamped_parts": [plate("P1"), plate("P2")],
                "joins": [
                    {"subassembly": "A", "parts": ["P1", "P2"], "type": "spot_weld", "count": 10}
                ],
            }
        },
    }


def write(tmp_path, document, name="catalog.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def welded(document):
    return document["routes"]["welded"]


def test_minimal_user_catalog_masses_follow_plate_dimensions(tmp_path):
    catalog = load_catalog(write(tmp_path, tiny()))
    plate_kg = 0.200 * 0.100 * 0.001 * DENSITY
    blank_kg = 0.250 * 0.150 * 0.001 * DENSITY
    totals = catalog.route_totals("welded")
    assert totals.mass_kg == pytest.approx(2 * plate_kg, rel=1e-9)
    assert totals.blank_scrap_kg == pytest.approx(2 * (blank_kg - plate_kg))
    assert totals.material_cost_usd == pytest.approx(
        2 * (blank_kg * 1.0 - (blank_kg - plate_kg) * 0.25)
    )
    assert totals.spot_welds == 10
    assert catalog.routes == ("welded",)


def test_unknown_material_grade_names_the_part_and_the_grade(tmp_path):
    document = tiny()
    welded(document)["stamped_parts"][1]["material"] = "S355"
    with pytest.raises(CatalogError, match=r"part P2: unknown material grade 'S355'"):
        load_catalog(write(tmp_path, document))


def test_join_naming_an_unknown_part_names_it(tmp_path):
    document = tiny()
    welded(document)["joins"][0]["parts"] = ["P1", "P9"]
    with pytest.raises(CatalogError, match=r"unknown part\(s\) P9"):
        load_catalog(write(tmp_path, document))


def test_duplicate_part_numbers_are_named(tmp_path):
    document = tiny()
    welded(document)["stamped_parts"].append(plate("P1"))
    with pytest.raises(CatalogError, match="duplicate part numbers: P1"):
        load_catalog(write(tmp_path, document))


def test_missing_field_names_the_field(tmp_path):
    document = tiny()
    del welded(document)["stamped_parts"][0]["thickness_mm"]
    with pytest.raises(CatalogError, match=r"(?s)stamped_parts\.0\.thickness_mm.*Field required"):
        load_catalog(write(tmp_path, document))


def test_wrong_type_names_the_field_and_what_was_expected(tmp_path):
    document = tiny()
    welded(document)["stamped_parts"][0]["thickness_mm"] = "thick"
    with pytest.raises(CatalogError, match=r"(?s)thickness_mm.*valid number"):
        load_catalog(write(tmp_path, document))


def test_unknown_key_is_rejected(tmp_path):
    document = tiny()
    welded(document)["stamped_parts"][0]["colour"] = "red"
    with pytest.raises(CatalogError, match=r"(?s)colour.*Extra inputs are not permitted"):
        load_catalog(write(tmp_path, document))


def test_part_that_is_never_joined_is_named(tmp_path):
    document = tiny()
    welded(document)["stamped_parts"].append(plate("P3"))
    with pytest.raises(CatalogError, match="parts never joined: P3"):
        load_catalog(write(tmp_path, document))


def test_join_made_before_its_part_is_loaded_is_rejected(tmp_path):
    document = tiny()
    welded(document)["subassemblies"] = [{"name": "A"}, {"name": "B", "inputs": ["A"]}]
    welded(document)["stamped_parts"][1]["subassembly"] = "B"
    with pytest.raises(CatalogError, match="P2 not yet in sub-assembly A"):
        load_catalog(write(tmp_path, document))


def test_sub_assembly_that_feeds_nothing_is_named(tmp_path):
    document = tiny()
    welded(document)["subassemblies"] = [{"name": "A"}, {"name": "B"}]
    with pytest.raises(CatalogError, match="never joined into a later one: A"):
        load_catalog(write(tmp_path, document))


def test_blank_lighter_than_its_part_is_rejected(tmp_path):
    document = tiny()
    welded(document)["stamped_parts"][0] |= {"blank_length_mm": 100, "blank_width_mm": 50}
    catalog = load_catalog(write(tmp_path, document))
    with pytest.raises(BlankTooSmallError, match="stamped part P1"):
        catalog.parts_table()


def test_included_files_are_merged(tmp_path):
    document = tiny()
    write(tmp_path, {"materials": document.pop("materials")}, "materials.yaml")
    document["include"] = ["materials.yaml"]
    catalog = load_catalog(write(tmp_path, document))
    assert set(catalog.materials) == {"S"}


def test_sided_parts_get_their_own_numbers_and_mirror_in_y(tmp_path):
    document = tiny()
    side_plate = plate("Q-{side}", sides=["LH", "RH"], placement={"position_mm": [0, -500, 0]})
    welded(document)["stamped_parts"].append(side_plate)
    welded(document)["joins"].append(
        {
            "subassembly": "A",
            "parts": ["P1", "Q-{side}"],
            "type": "spot_weld",
            "count": 4,
            "sides": ["LH", "RH"],
        }
    )
    table = load_catalog(write(tmp_path, document)).parts_table().set_index("part_number")
    assert table.loc["Q-LH", "cog_y_m"] == pytest.approx(-0.5)
    assert table.loc["Q-RH", "cog_y_m"] == pytest.approx(0.5)
    assert table.loc["Q-RH", "spot_welds"] == 4


def test_family_members_interpolate_their_sizes(tmp_path):
    document = tiny()
    welded(document)["stamped_families"] = [
        {
            "family": "test plates",
            "part_number_prefix": "F",
            "name": "Family plate",
            "count": 3,
            "subassembly": "A",
            "material": "S",
            "thickness_mm": 1.0,
            "shape_from": {"kind": "plate", "length_mm": 100, "width_mm": 50},
            "shape_to": {"kind": "plate", "length_mm": 300, "width_mm": 50},
            "position_from_mm": [0, 0, 0],
            "position_to_mm": [1000, 0, 0],
            "blank_length_mm": [150, 350],
            "blank_width_mm": [80, 80],
            "press_line": "P",
            "dies": 1,
            "join_to": ["P1"],
            "join_type": "spot_weld",
            "joints_each": 2,
        }
    ]
    table = load_catalog(write(tmp_path, document)).parts_table().set_index("part_number")
    assert table.loc["F-02", "mass_kg"] == pytest.approx(0.2 * 0.05 * 0.001 * DENSITY)
    assert table.loc["F-03", "cog_x_m"] == pytest.approx(1.0)
    assert table.loc["P1", "spot_welds"] == 10 + 3 * 2


def test_user_mesh_file_part_mass_is_its_volume_times_density(tmp_path):
    trimesh.creation.box(extents=(100, 50, 20)).export(tmp_path / "insert.stl")
    document = tiny()
    welded(document)["bought_parts"] = [
        {
            "part_number": "U1",
            "name": "User insert",
            "subassembly": "A",
            "material": "S",
            "shape": {"kind": "mesh_file", "path": "insert.stl", "unit": "mm"},
            "unit_price_usd": 1.5,
        }
    ]
    welded(document)["joins"].append(
        {"subassembly": "A", "parts": ["P1", "U1"], "type": "stud_weld"}
    )
    table = load_catalog(write(tmp_path, document)).parts_table().set_index("part_number")
    assert table.loc["U1", "mass_kg"] == pytest.approx(0.1 * 0.05 * 0.02 * DENSITY, rel=1e-6)


def test_missing_mesh_file_is_named(tmp_path):
    document = copy.deepcopy(tiny())
    welded(document)["stamped_parts"][0]["shape"] = {"kind": "mesh_file", "path": "nowhere.stl"}
    with pytest.raises(CatalogError, match="part P1: mesh file not found"):
        load_catalog(write(tmp_path, document))


def test_invalid_yaml_is_reported_with_the_file(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("routes: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogError, match="broken.yaml: not valid YAML"):
        load_catalog(path)
