"""Importing users' meshes (units, checks, repairs) and exporting parts and assemblies."""

import io

import numpy as np
import pytest
import trimesh

from lines.file_reader import FileFormatError
from parts_catalog import (
    MeshImportError,
    load_catalog,
    load_mesh_bytes,
    load_mesh_file,
    mesh_to_bytes,
)

BOX_MM = (100.0, 50.0, 20.0)
BOX_M3 = 100 * 50 * 20 * 1e-9


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def box_mesh():
    return trimesh.creation.box(extents=BOX_MM)


def stl_bytes(vertices, faces):
    return trimesh.Trimesh(vertices, faces, process=False).export(file_type="stl")


def test_stl_round_trip_keeps_every_part_closed_and_its_volume_within_a_thousandth(catalog):
    for part in catalog.parts():
        original = catalog.mesh(part.part_number)
        data = catalog.export_part(part.part_number, "stl")
        back = load_mesh_bytes(data, "stl", unit="mm", repair=False).mesh
        assert back.volume == pytest.approx(original.volume, rel=1e-3), part.part_number


def test_glb_assembly_round_trip_keeps_total_volume(catalog):
    data = catalog.export_assembly("casting")
    scene = trimesh.load(io.BytesIO(data), file_type="glb")
    total = sum(g.volume for g in scene.dump())
    expected = sum(catalog.mesh(p.part_number).volume for p in catalog.parts("casting"))
    assert len(scene.geometry) == len(catalog.parts("casting"))
    assert total == pytest.approx(expected, rel=1e-3)


def test_glb_part_round_trip_stays_in_metres(catalog):
    original = catalog.mesh("RU-4300")
    back = load_mesh_bytes(mesh_to_bytes(original, "glb"), "glb", unit="m").mesh
    assert back.volume == pytest.approx(original.volume, rel=1e-3)


@pytest.mark.parametrize(
    ("unit", "metres"), [("mm", 1e-3), ("cm", 1e-2), ("m", 1.0), ("in", 0.0254)]
)
def test_import_converts_the_stated_unit_to_metres(unit, metres):
    data = box_mesh().export(file_type="stl")
    mesh = load_mesh_bytes(data, "stl", unit=unit).mesh
    assert mesh.volume == pytest.approx(100 * 50 * 20 * metres**3, rel=1e-6)


def test_obj_file_imports_in_millimetres_by_default(tmp_path):
    path = tmp_path / "bracket.obj"
    path.write_bytes(mesh_to_bytes(box_mesh().apply_scale(1e-3), "obj", unit="mm"))
    imported = load_mesh_file(path)
    assert imported.repairs == ()
    assert imported.mesh.volume == pytest.approx(BOX_M3, rel=1e-6)


def test_missing_triangle_is_repaired_and_reported():
    box = box_mesh()
    imported = load_mesh_bytes(stl_bytes(box.vertices, box.faces[1:]), "stl")
    assert any("filled holes" in note for note in imported.repairs)
    assert imported.mesh.is_watertight
    assert imported.mesh.volume == pytest.approx(BOX_M3, rel=1e-6)


def test_open_mesh_without_repair_gets_a_clear_error():
    box = box_mesh()
    with pytest.raises(MeshImportError, match=r"not watertight \(3 open edges"):
        load_mesh_bytes(stl_bytes(box.vertices, box.faces[1:]), "stl", repair=False)


def test_mesh_that_cannot_be_closed_is_rejected_with_its_edge_problem():
    box = box_mesh()
    corner = np.isclose(box.face_normals, 1.0).any(axis=1)  # three faces around one corner
    with pytest.raises(MeshImportError, match="not watertight"):
        load_mesh_bytes(stl_bytes(box.vertices, box.faces[~corner]), "stl")


def test_inward_normals_are_flipped_and_reported():
    box = box_mesh()
    box.invert()
    imported = load_mesh_bytes(box.export(file_type="stl"), "stl")
    assert imported.repairs == ("flipped inward-facing normals outward",)
    assert imported.mesh.volume == pytest.approx(BOX_M3, rel=1e-6)


def test_flat_mesh_is_rejected_as_degenerate():
    square = stl_bytes([[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0]], [[0, 1, 2], [1, 3, 2]])
    with pytest.raises(MeshImportError, match="degenerate solid"):
        load_mesh_bytes(square, "stl")


@pytest.mark.parametrize(("data", "file_type"), [(b"", "stl"), (b"not a mesh", "glb")])
def test_unreadable_or_empty_file_gets_a_clear_error(data, file_type):
    with pytest.raises(MeshImportError, match="no triangles|cannot read"):
        load_mesh_bytes(data, file_type)


def test_unsupported_suffix_and_missing_file_are_named(tmp_path):
    with pytest.raises(MeshImportError, match="unsupported mesh type 'step'"):
        load_mesh_file(tmp_path / "part.step")
    with pytest.raises(MeshImportError, match="absent.stl: cannot read the file: No such file"):
        load_mesh_file(tmp_path / "absent.stl")


# The classes below are the project's one reader's (parts_catalog.file_bytes): a mesh file is
# refused as a scenario or an event log is, and still as a MeshImportError.


def test_a_directory_named_like_a_mesh_is_refused_naming_it(tmp_path):
    folder = tmp_path / "bracket.stl"
    folder.mkdir()
    with pytest.raises(MeshImportError) as error:
        load_mesh_file(folder)
    assert str(error.value) == f"{folder}: is a directory, not a mesh file"


def test_a_mesh_over_the_size_bound_is_refused_on_disk_and_as_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr("parts_catalog.file_bytes.MAX_FILE_BYTES", 1_000_000)
    data = box_mesh().export(file_type="stl") + b"\0" * 3_000_000  # a box, then padding
    path = tmp_path / "huge.stl"
    path.write_bytes(data)
    expected = "is 3 MB; a mesh file is at most 1 MB (is this the right file?)"
    with pytest.raises(MeshImportError) as on_disk:
        load_mesh_file(path)
    with pytest.raises(MeshImportError) as upload:
        load_mesh_bytes(data, "stl", label="upload.stl")
    assert (str(on_disk.value), str(upload.value)) == (f"{path}: {expected}",
                                                       f"upload.stl: {expected}")


def test_a_mesh_error_is_the_readers_error_so_the_cli_reports_it_as_bad_input(tmp_path):
    with pytest.raises(FileFormatError) as error:
        load_mesh_bytes(b"", "stl", label="empty.stl")
    assert isinstance(error.value, MeshImportError)
    assert (error.value.source, error.value.problems, error.value.what) == (
        "empty.stl", ["contains no triangles"], "mesh file")
