"""Reading catalog files: include files merged by the documented rules, and errors that say
which file, which key or line, and what was expected.

The rules (``parts_catalog.loader``): an ``include:`` list names files relative to the file
that lists them, read depth first before the file's own sections; lists are concatenated in
that order, mappings merged key by key, and a scalar given twice must be the same value.
Every expected document below is written out by hand from those rules.
"""

from __future__ import annotations

import errno
import locale
import os
from pathlib import Path

import pytest
import yaml

from parts_catalog import CatalogError
from parts_catalog.loader import MAX_INCLUDE_DEPTH, read_catalog_spec, read_with_includes


def write(path: Path, document: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def steel(grade: str, name: str = "test steel") -> dict[str, object]:
    return {"grade": grade, "name": name, "family": "mild_steel", "density_kg_m3": 7850.0,
            "price_usd_per_kg": 1.0, "yield_strength_mpa": 200, "co2e_kg_per_kg": 2.0,
            "source": "test"}


def plate(part_number: str) -> dict[str, object]:
    return {"part_number": part_number, "name": f"Plate {part_number}", "subassembly": "A",
            "material": "S", "thickness_mm": 1.0,
            "shape": {"kind": "plate", "length_mm": 200, "width_mm": 100},
            "blank_length_mm": 250, "blank_width_mm": 150, "press_line": "P", "dies": 2}


def tiny(material_name: str = "test steel") -> dict[str, object]:
    """A valid one-route catalog: one steel, one press line, two plates joined by 10 welds."""
    return {
        "name": "tiny",
        "materials": [steel("S", material_name)],
        "press_lines": [{"id": "P", "name": "press", "kind": "transfer", "strokes_per_min": 20,
                         "die_change_min": 5, "source": "test"}],
        "routes": {"welded": {
            "subassemblies": [{"name": "A"}],
            "stamped_parts": [plate("P1"), plate("P2")],
            "joins": [{"subassembly": "A", "parts": ["P1", "P2"], "type": "spot_weld",
                       "count": 10}],
        }},
    }


# --- include files: how they are merged ---------------------------------------------------

def test_included_lists_are_concatenated_in_include_order_before_the_files_own(tmp_path):
    write(tmp_path / "a.yaml", {"materials": [steel("A1"), steel("A2")]})
    write(tmp_path / "b.yaml", {"materials": [steel("B1")]})
    main = write(tmp_path / "main.yaml",
                 {"include": ["a.yaml", "b.yaml"], "materials": [steel("M1")]})
    merged = read_with_includes(main)
    # a's two, then b's one, then main's own: four materials in that order
    assert [m["grade"] for m in merged["materials"]] == ["A1", "A2", "B1", "M1"]
    assert "include" not in merged


def test_included_mappings_are_merged_key_by_key_at_every_depth(tmp_path):
    write(tmp_path / "welded.yaml", {"routes": {"welded": {"description": "steel",
                                                           "subassemblies": [{"name": "A"}]}}})
    write(tmp_path / "casting.yaml", {"routes": {"casting": {"description": "cast"}}})
    main = write(tmp_path / "main.yaml", {
        "include": ["welded.yaml", "casting.yaml"],
        "routes": {"welded": {"subassemblies": [{"name": "B", "inputs": ["A"]}]}},
    })
    assert read_with_includes(main) == {"routes": {
        "welded": {"description": "steel",
                   "subassemblies": [{"name": "A"}, {"name": "B", "inputs": ["A"]}]},
        "casting": {"description": "cast"},
    }}


def test_the_same_scalar_given_twice_with_the_same_value_is_accepted(tmp_path):
    write(tmp_path / "a.yaml", {"name": "underbody", "routes": {"welded": {"description": "x"}}})
    main = write(tmp_path / "main.yaml", {"include": ["a.yaml"], "name": "underbody",
                                          "routes": {"welded": {"description": "x"}}})
    assert read_with_includes(main) == {"name": "underbody",
                                        "routes": {"welded": {"description": "x"}}}


def test_a_scalar_given_twice_differently_by_two_includes_is_refused_naming_the_key(tmp_path):
    write(tmp_path / "a.yaml", {"name": "underbody"})
    write(tmp_path / "b.yaml", {"name": "front end"})
    main = write(tmp_path / "main.yaml", {"include": ["a.yaml", "b.yaml"]})
    with pytest.raises(CatalogError) as raised:
        read_with_includes(main)
    # the clash is found while merging main's includes: main is the file named
    assert str(raised.value) == f"{main}: 'name' is given twice with different values"


def test_a_file_contradicting_its_include_is_refused_naming_the_file_and_key(tmp_path):
    write(tmp_path / "a.yaml", {"description": "rear underbody"})
    main = write(tmp_path / "main.yaml", {"include": ["a.yaml"], "description": "front end"})
    with pytest.raises(CatalogError) as raised:
        read_with_includes(main)
    assert str(raised.value) == f"{main}: 'description' is given twice with different values"


def test_a_nested_clash_names_the_file_and_the_path_to_the_key(tmp_path):
    write(tmp_path / "a.yaml", {"routes": {"welded": {"description": "steel"}}})
    main = write(tmp_path / "main.yaml",
                 {"include": ["a.yaml"], "routes": {"welded": {"description": "aluminium"}}})
    with pytest.raises(CatalogError) as raised:
        read_with_includes(main)
    assert str(raised.value) == (
        f"{main}.routes.welded: 'description' is given twice with different values")


@pytest.mark.parametrize(("included", "own"), [
    ({"materials": [steel("A1")]}, {"materials": {"grade": "M1"}}),  # a list, then a mapping
    ({"materials": [steel("A1")]}, {"materials": "steel"}),  # a list, then a scalar
    ({"routes": {"welded": {}}}, {"routes": ["welded"]}),  # a mapping, then a list
    ({"routes": {"welded": {}}}, {"routes": "welded"}),  # a mapping, then a scalar
])
def test_a_list_or_mapping_meeting_another_kind_of_value_is_refused(tmp_path, included, own):
    write(tmp_path / "a.yaml", included)
    main = write(tmp_path / "main.yaml", {"include": ["a.yaml"], **own})
    (key,) = own
    with pytest.raises(CatalogError) as raised:
        read_with_includes(main)
    assert str(raised.value) == f"{main}: '{key}' is given twice with different values"


def test_include_paths_are_relative_to_the_file_that_lists_them(tmp_path):
    # main.yaml -> parts/body.yaml -> steel.yaml, which is parts/steel.yaml (next to body.yaml);
    # a steel.yaml next to main.yaml must not be read
    write(tmp_path / "parts" / "steel.yaml", {"materials": [steel("NEAR")]})
    write(tmp_path / "steel.yaml", {"materials": [steel("WRONG")]})
    write(tmp_path / "parts" / "body.yaml", {"include": ["steel.yaml"],
                                             "materials": [steel("BODY")]})
    main = write(tmp_path / "main.yaml", {"include": ["parts/body.yaml"]})
    assert [m["grade"] for m in read_with_includes(main)["materials"]] == ["NEAR", "BODY"]


def chain(tmp_path: Path, files: int) -> Path:
    """``f0.yaml`` includes ``f1.yaml`` ... includes ``f<files-1>.yaml``; each adds a material."""
    for k in range(files):
        document: dict[str, object] = {"materials": [steel(f"G{k}")]}
        if k + 1 < files:
            document["include"] = [f"f{k + 1}.yaml"]
        write(tmp_path / f"f{k}.yaml", document)
    return tmp_path / "f0.yaml"


def test_includes_nested_exactly_the_depth_limit_deep_are_read(tmp_path):
    # f0 is read at depth 0 and f<k> at depth k; the limit allows depth 8 (MAX_INCLUDE_DEPTH),
    # so f0 .. f8, nine files, load; depth first, the deepest file's list comes first
    assert MAX_INCLUDE_DEPTH == 8
    merged = read_with_includes(chain(tmp_path, 9))
    assert [m["grade"] for m in merged["materials"]] == [f"G{k}" for k in (8, 7, 6, 5, 4, 3, 2,
                                                                         1, 0)]


def test_includes_nested_one_deeper_than_the_limit_are_refused_naming_the_file(tmp_path):
    # ten files: f9 would be read at depth 9 > 8
    with pytest.raises(CatalogError) as raised:
        read_with_includes(chain(tmp_path, 10))
    assert str(raised.value) == (
        f"{tmp_path / 'f9.yaml'}: includes nested deeper than 8 (a cycle?)")


def test_a_file_including_itself_is_refused_as_too_deep(tmp_path):
    loop = write(tmp_path / "loop.yaml", {"include": ["loop.yaml"], "name": "x"})
    with pytest.raises(CatalogError, match=r"loop\.yaml: includes nested deeper than 8 \(a cycle"):
        read_with_includes(loop)


def test_an_include_that_is_not_a_list_is_refused_naming_the_file(tmp_path):
    main = write(tmp_path / "main.yaml", {"include": "materials.yaml"})
    with pytest.raises(CatalogError) as raised:
        read_with_includes(main)
    assert str(raised.value) == f"{main}: 'include' must be a list of file names"


# --- single files: what is read, and the errors ------------------------------------------

NOT_FOUND = os.strerror(errno.ENOENT)  # the C library's words for it ("No such file or ...")


def test_a_utf8_catalog_reads_the_same_under_an_ascii_locale(tmp_path):
    # catalog files are UTF-8 whatever the user's locale: switch the C library's character
    # set to ASCII (the 'C' locale) and the umlauts must still come through
    path = write(tmp_path / "catalog.yaml", tiny(material_name="Stahl für Türen"))
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        spec = read_catalog_spec(path)
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
    assert spec.materials[0].name == "Stahl für Türen"


def test_a_missing_file_is_named_with_the_reason(tmp_path):
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(CatalogError) as raised:
        read_catalog_spec(missing)
    assert str(raised.value) == f"{missing}: cannot read catalog file: {NOT_FOUND}"


def test_a_missing_include_is_named_not_its_includer(tmp_path):
    main = write(tmp_path / "main.yaml", {"include": ["steel.yaml"]})
    with pytest.raises(CatalogError) as raised:
        read_with_includes(main)
    assert str(raised.value) == (
        f"{tmp_path / 'steel.yaml'}: cannot read catalog file: {NOT_FOUND}")


def test_invalid_yaml_names_the_file_and_the_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: tiny\nroutes: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        read_catalog_spec(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: not valid YAML: ")
    assert "line 2" in message  # the flow sequence opened on line 2 is never closed


@pytest.mark.parametrize("text", ["- materials\n- routes\n", "just words\n", ""])
def test_a_file_that_is_not_a_mapping_of_sections_says_so(tmp_path, text):
    path = tmp_path / "list.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        read_catalog_spec(path)
    assert str(raised.value) == f"{path}: expected a mapping of catalog sections at the top level"


def test_a_schema_violation_names_the_file_the_field_and_what_was_expected(tmp_path):
    document = tiny()
    document["materials"][0]["density_kg_m3"] = "heavy"  # type: ignore[index]
    path = write(tmp_path / "catalog.yaml", document)
    with pytest.raises(CatalogError) as raised:
        read_catalog_spec(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert "materials.0.density_kg_m3" in message
    assert "valid number" in message


def test_a_valid_catalog_with_an_include_validates(tmp_path):
    document = tiny()
    write(tmp_path / "steel.yaml", {"materials": document.pop("materials")})
    path = write(tmp_path / "catalog.yaml", {"include": ["steel.yaml"], **document})
    spec = read_catalog_spec(path)
    assert [m.grade for m in spec.materials] == ["S"]
    assert spec.name == "tiny"
    assert list(spec.routes) == ["welded"]
