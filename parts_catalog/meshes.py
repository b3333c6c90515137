"""Cached local meshes and mass properties: each distinct shape is built once per process.

Shapes are frozen (hashable) models, so the cache key is the geometry itself: a left/right
pair, or the same bracket in two catalogs, shares one build. Cached meshes are shared and
must not be mutated; ``Catalog.mesh`` hands out placed copies.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import trimesh

from parts_catalog.errors import CatalogError
from parts_catalog.geometry import BUILDERS, MM, placement_matrix
from parts_catalog.mesh_io import load_mesh_file
from parts_catalog.schema import AnyPart
from parts_catalog.shapes import MeshFileShape, Shape


@dataclass(frozen=True)
class MassProperties:
    """Mass, centre of mass and bounding box of a placed part (SI, body coordinates)."""

    volume_m3: float
    mass_kg: float
    centre_of_mass_m: tuple[float, float, float]
    bounds_m: tuple[tuple[float, float, float], tuple[float, float, float]]

    @property
    def extents_m(self) -> tuple[float, float, float]:
        """Bounding-box size along body x, y, z, metres."""
        low, high = self.bounds_m
        return (high[0] - low[0], high[1] - low[1], high[2] - low[2])


@lru_cache(maxsize=64)
def file_mesh(path: str, unit: str, mtime_ns: int) -> trimesh.Trimesh:
    """A user's mesh file, checked; ``mtime_ns`` in the key reloads an edited file."""
    return load_mesh_file(path, unit=unit).mesh  # type: ignore[arg-type]


@lru_cache(maxsize=4096)
def local_mesh(shape: Shape, thickness_mm: float) -> trimesh.Trimesh:
    """The part's solid in its local frame, metres; built once per (shape, thickness)."""
    if isinstance(shape, MeshFileShape):
        return file_mesh(shape.path, shape.unit, os.stat(shape.path).st_mtime_ns)
    mesh = BUILDERS[shape.kind](shape, thickness_mm * MM)
    if not (mesh.is_watertight and mesh.volume > 0):
        raise CatalogError(f"{shape!r} at {thickness_mm} mm did not build a closed solid")
    return mesh


def build_shape(shape: Shape, thickness_mm: float = 0.0) -> trimesh.Trimesh:
    """A copy of a shape's solid in its local frame, metres (``thickness_mm`` for sheet shapes)."""
    return local_mesh(shape, float(thickness_mm)).copy()


def part_thickness_mm(part: AnyPart) -> float:
    """Sheet thickness for stamped parts; other builders do not use it."""
    return float(getattr(part, "thickness_mm", 0.0))


def part_transform(part: AnyPart) -> np.ndarray:
    """Local -> body transform of a part (RH parts mirrored from their LH placement)."""
    placement = part.placement
    return placement_matrix(placement.position_mm, placement.rotation_deg, part.side == "RH")


def placed_mesh(part: AnyPart) -> trimesh.Trimesh:
    """A fresh copy of the part's solid in body coordinates."""
    mesh = local_mesh(part.shape, part_thickness_mm(part)).copy()
    mesh.apply_transform(part_transform(part))
    return mesh


def mass_properties(part: AnyPart, density_kg_m3: float) -> MassProperties:
    """Volume x density, centre of mass and bounds in body coordinates, from the cached mesh."""
    mesh = local_mesh(part.shape, part_thickness_mm(part))
    transform = part_transform(part)
    centre = trimesh.transformations.transform_points([mesh.center_mass], transform)[0]
    vertices = trimesh.transformations.transform_points(mesh.vertices, transform)
    return MassProperties(
        volume_m3=float(mesh.volume),
        mass_kg=float(mesh.volume * density_kg_m3),
        centre_of_mass_m=tuple(float(c) for c in centre),  # type: ignore[arg-type]
        bounds_m=(tuple(vertices.min(axis=0)), tuple(vertices.max(axis=0))),  # type: ignore[arg-type]
    )
