"""Check that an imported mesh is a closed solid, repairing what can be repaired and saying so.

trimesh's own hole filling and winding repair need networkx, which GigaTwin does not depend
on; holes are therefore closed here by fanning each boundary loop, and winding is repaired
by trimesh only when networkx happens to be installed.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import trimesh

from parts_catalog.file_bytes import FileFormatError


class MeshImportError(FileFormatError):
    """A mesh file that is not a usable solid (open, flat, empty or unreadable)."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(source, [problem], "mesh file")


def open_edge_count(mesh: trimesh.Trimesh) -> int:
    """Edges used by only one face: each one borders a hole in the surface."""
    return len(trimesh.grouping.group_rows(mesh.edges_sorted, require_count=1))


def edge_problems(mesh: trimesh.Trimesh) -> str:
    """Open edges and edges shared by more than two faces, in words."""
    _, uses = np.unique(mesh.edges_sorted, axis=0, return_counts=True)
    return f"{int((uses == 1).sum())} open edges, {int((uses > 2).sum())} edges shared by 3+ faces"


def boundary_loops(mesh: trimesh.Trimesh) -> Iterator[list[int]] | None:
    """Closed loops of directed boundary edges, or ``None`` if the boundary branches."""
    single = trimesh.grouping.group_rows(mesh.edges_sorted, require_count=1)
    following: dict[int, int] = {}
    for start, end in mesh.edges[single]:
        if int(start) in following:
            return None  # two holes touch at a vertex: not a simple loop
        following[int(start)] = int(end)
    return walk_loops(following)


def walk_loops(following: dict[int, int]) -> Iterator[list[int]]:
    """Chain ``start -> end`` edges into loops (a broken chain yields nothing more)."""
    while following:
        first = next(iter(following))
        loop, vertex = [first], following.pop(first)
        while vertex != first and vertex in following:
            loop.append(vertex)
            vertex = following.pop(vertex)
        if vertex == first:
            yield loop


def fill_holes(mesh: trimesh.Trimesh, repairs: list[str]) -> None:
    """Close each hole with a fan of triangles wound against its boundary edges."""
    open_edges = open_edge_count(mesh)
    loops = boundary_loops(mesh) if open_edges else None
    if loops is None:
        return
    patches = [(loop[0], loop[i + 1], loop[i]) for loop in loops for i in range(1, len(loop) - 1)]
    if patches:
        mesh.faces = np.vstack([mesh.faces, np.asarray(patches, dtype=np.int64)])
        repairs.append(f"filled holes bounded by {open_edges} open edges")


def drop_degenerate_faces(mesh: trimesh.Trimesh, repairs: list[str]) -> None:
    """Remove zero-area and duplicate triangles, noting how many went."""
    before = len(mesh.faces)
    mesh.update_faces(mesh.nondegenerate_faces())
    mesh.update_faces(mesh.unique_faces())
    if len(mesh.faces) < before:
        repairs.append(f"removed {before - len(mesh.faces)} degenerate or duplicate triangles")


def orient(mesh: trimesh.Trimesh, repairs: list[str]) -> None:
    """Make winding consistent (needs networkx) and normals point outward."""
    if not mesh.is_winding_consistent:
        try:
            trimesh.repair.fix_winding(mesh)
            repairs.append("made triangle winding consistent")
        except ModuleNotFoundError:  # trimesh's repair uses networkx, an optional dependency
            return
    if mesh.is_watertight and mesh.volume < 0:
        mesh.invert()
        repairs.append("flipped inward-facing normals outward")


def check_solid(mesh: trimesh.Trimesh, label: str, repair: bool = True) -> tuple[str, ...]:
    """Make ``mesh`` a closed solid in place (repairing if allowed) or raise ``MeshImportError``."""
    mesh.merge_vertices()  # STL stores each triangle's corners separately: not a repair
    repairs: list[str] = []
    if repair:
        drop_degenerate_faces(mesh, repairs)
        fill_holes(mesh, repairs)
        orient(mesh, repairs)
    hint = " even after repair" if repair else " (repair disabled)"
    if not mesh.is_watertight:
        raise MeshImportError(label, f"mesh is not watertight ({edge_problems(mesh)}){hint}; "
                              "export a closed solid from CAD")
    if not mesh.is_winding_consistent or mesh.volume < 0:
        raise MeshImportError(label, f"triangle winding is inconsistent or inward{hint}")
    return tuple(repairs)
