"""Import a user's part meshes (STL, GLB, OBJ) as checked solids, and export parts and assemblies.

Inside GigaTwin every mesh is in metres. Import converts from the stated unit (CAD files are
usually millimetres), and export writes STL/OBJ in millimetres for CAD users and GLB in metres,
as the glTF specification requires.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import trimesh

from parts_catalog.file_bytes import FileFormatError, check_size, read_bytes
from parts_catalog.mesh_repair import MeshImportError, check_solid

Unit = Literal["mm", "cm", "m", "in"]
UNIT_TO_M: dict[str, float] = {"mm": 1e-3, "cm": 1e-2, "m": 1.0, "in": 0.0254}
MESH_TYPES = ("stl", "glb", "obj")
MIN_VOLUME_M3 = 1e-9  # 1 mm3: anything smaller is a degenerate import, not a car part
WHAT = "mesh file"


@dataclass(frozen=True)
class ImportedMesh:
    """A checked solid in metres, with the repairs trimesh made to it (empty if none)."""

    mesh: trimesh.Trimesh
    repairs: tuple[str, ...]
    label: str


def file_type_of(path: str | os.PathLike[str]) -> str:
    """Mesh type from the file suffix, or a clear error for unsupported files."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in MESH_TYPES:
        raise MeshImportError(str(path),
                              f"unsupported mesh type {suffix!r}; use one of {MESH_TYPES}")
    return suffix


def read_mesh(data: bytes, file_type: str, label: str) -> trimesh.Trimesh:
    """Parse bytes into one unprocessed mesh (a GLB scene is flattened with its transforms)."""
    try:
        loaded = trimesh.load(io.BytesIO(data), file_type=file_type, force="mesh", process=False)
    except Exception as error:  # trimesh raises many types for corrupt files
        raise MeshImportError(label, f"cannot read as {file_type}: {error}") from error
    if not isinstance(loaded, trimesh.Trimesh) or len(loaded.faces) == 0:
        raise MeshImportError(label, "contains no triangles")
    if not np.isfinite(loaded.vertices).all():
        raise MeshImportError(label, "has non-finite (NaN/inf) vertex coordinates")
    return loaded


def check_volume(mesh: trimesh.Trimesh, label: str) -> None:
    """Reject flat or vanishing solids, which would give a part no mass."""
    if not mesh.volume > MIN_VOLUME_M3:
        raise MeshImportError(
            label, f"degenerate solid: volume {mesh.volume:.3g} m3 after unit conversion "
            f"(needs > {MIN_VOLUME_M3:g} m3); check the file's unit and that it is not flat")


def load_mesh_bytes(
    data: bytes, file_type: str, unit: Unit = "mm", label: str = "mesh", repair: bool = True
) -> ImportedMesh:
    """Load mesh bytes as a checked solid in metres (``unit`` is the file's length unit)."""
    if unit not in UNIT_TO_M:
        raise MeshImportError(label, f"unknown unit {unit!r}; use one of {sorted(UNIT_TO_M)}")
    try:
        check_size(len(data), label, WHAT)  # an upload gets the bound of a file on disk
    except FileFormatError as error:
        raise MeshImportError(error.source, error.problems[0]) from None
    mesh = read_mesh(data, file_type, label)
    with np.errstate(invalid="ignore", divide="ignore"):  # a flat mesh has zero volume
        repairs = check_solid(mesh, label, repair)
        mesh.apply_scale(UNIT_TO_M[unit])
        check_volume(mesh, label)
    return ImportedMesh(mesh=mesh, repairs=repairs, label=label)


def load_mesh_file(
    path: str | os.PathLike[str], unit: Unit | None = None, repair: bool = True
) -> ImportedMesh:
    """Load a user's STL/GLB/OBJ file as a checked solid in metres.

    ``unit`` defaults to millimetres for STL/OBJ (CAD habit) and metres for GLB (glTF rule).
    """
    file_type = file_type_of(path)
    unit = unit or ("m" if file_type == "glb" else "mm")
    try:
        data = read_bytes(path, WHAT)  # the one reader: missing, directory, too large
    except FileFormatError as error:
        raise MeshImportError(error.source, error.problems[0]) from None
    return load_mesh_bytes(data, file_type, unit, label=str(path), repair=repair)


def mesh_to_bytes(mesh: trimesh.Trimesh, file_type: str = "stl", unit: Unit = "mm") -> bytes:
    """Export one mesh; STL/OBJ in ``unit`` (default mm), GLB always in metres."""
    if file_type not in MESH_TYPES:
        raise ValueError(f"unsupported export type {file_type!r}; use one of {MESH_TYPES}")
    scaled = mesh.copy()
    if file_type != "glb":
        scaled.apply_scale(1.0 / UNIT_TO_M[unit])
    exported = scaled.export(file_type=file_type)
    if isinstance(exported, str):  # OBJ is text
        return exported.encode("utf-8")
    if not isinstance(exported, bytes):
        raise TypeError(f"trimesh exported {type(exported).__name__} for {file_type}")
    return exported


def scene_to_glb(meshes: Mapping[str, trimesh.Trimesh]) -> bytes:
    """A GLB scene (metres) with one named node per part, e.g. a whole route assembly."""
    scene = trimesh.Scene()
    for name, mesh in meshes.items():
        scene.add_geometry(mesh, geom_name=name, node_name=name)
    return scene.export(file_type="glb")
