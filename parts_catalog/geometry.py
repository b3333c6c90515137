"""Parametric trimesh builders: every part shape becomes a watertight solid in metres.

Booleans run through the manifold3d engine (no external binaries), whose output is manifold
by construction. Builders place the solid in the part's local frame; ``placement_matrix`` then
moves it into body coordinates (x rearward, y to the right, z up, metres).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
import trimesh
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry import box as shapely_box

from parts_catalog.shapes import (
    BracketShape,
    HatRailShape,
    PanelShape,
    PlateShape,
    RibbedShellShape,
    StudShape,
    WeldNutShape,
)

MM = 1e-3  # metres per millimetre
CIRCLE_SECTIONS = 48  # facets on cylinders: volume error below 0.3 % of a true circle
ENGINE: Literal["manifold"] = "manifold"


def box_at(extents: Sequence[float], centre: Sequence[float]) -> trimesh.Trimesh:
    """Axis-aligned box of given extents centred at a point (metres)."""
    return trimesh.creation.box(
        extents=extents, transform=trimesh.transformations.translation_matrix(centre)
    )


def cylinder_z(
    radius: float, z0: float, z1: float, x: float = 0.0, y: float = 0.0
) -> trimesh.Trimesh:
    """Cylinder along z from ``z0`` to ``z1`` centred on (x, y), metres."""
    centre = (x, y, (z0 + z1) / 2)
    return trimesh.creation.cylinder(
        radius=radius,
        height=z1 - z0,
        sections=CIRCLE_SECTIONS,
        transform=trimesh.transformations.translation_matrix(centre),
    )


def union(meshes: Sequence[trimesh.Trimesh]) -> trimesh.Trimesh:
    """Boolean union through manifold3d (a plain concatenation would double-count overlaps)."""
    if len(meshes) == 1:
        return meshes[0]
    return trimesh.boolean.union(list(meshes), engine=ENGINE)


def difference(base: trimesh.Trimesh, cutters: Sequence[trimesh.Trimesh]) -> trimesh.Trimesh:
    """Boolean difference through manifold3d; no cutters returns ``base`` unchanged."""
    if not cutters:
        return base
    return trimesh.boolean.difference([base, *cutters], engine=ENGINE)


def extrude_profile(
    points: Sequence[tuple[float, float]], thickness: float, length: float
) -> trimesh.Trimesh:
    """Thicken an open centreline profile and extrude it along +z (local section coordinates).

    The flat-capped, mitred buffer gives the section area of a formed sheet: centreline
    length x thickness, as a press forms it.
    """
    section = LineString(points).buffer(thickness / 2, cap_style="flat", join_style="mitre")
    return trimesh.creation.extrude_polygon(section, length)


# Section plane (u, v) extruded along w, mapped to body axes by a rotation (det = +1, so the
# face winding stays outward).
_UVW_TO_YZX = np.array([[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]], dtype=float)
_UVW_TO_XZ_NEG_Y = np.array([[1, 0, 0, 0], [0, 0, -1, 0], [0, 1, 0, 0], [0, 0, 0, 1]], dtype=float)


def build_plate(shape: PlateShape, thickness: float) -> trimesh.Trimesh:
    """Flat plate, centred in x and y, from z = 0 to the sheet thickness."""
    extents = (shape.length_mm * MM, shape.width_mm * MM, thickness)
    return box_at(extents, (0.0, 0.0, thickness / 2))


def panel_outline(shape: PanelShape) -> Polygon:
    """Rectangular outline with rounded corners, centred on the origin, metres."""
    half_l, half_w = shape.length_mm * MM / 2, shape.width_mm * MM / 2
    outline = shapely_box(-half_l, -half_w, half_l, half_w)
    radius = min(shape.corner_radius_mm * MM, 0.49 * min(half_l, half_w) * 2)
    if radius <= 0:
        return outline
    return outline.buffer(-radius, join_style="mitre").buffer(radius, quad_segs=8)


def panel_beads(
    shape: PanelShape, thickness: float
) -> tuple[list[trimesh.Trimesh], list[trimesh.Trimesh]]:
    """Outer ridges and inner cavities of the beads: each bead is a hollow ridge of sheet wall."""
    length = shape.length_mm * MM * shape.bead_length_fraction
    width, depth = shape.bead_width_mm * MM, shape.bead_depth_mm * MM
    ridges, cavities = [], []
    for i in range(shape.bead_count):
        y = shape.width_mm * MM * ((i + 1) / (shape.bead_count + 1) - 0.5)
        ridges.append(
            box_at(
                (length, width + 2 * thickness, depth + thickness), (0, y, (depth + thickness) / 2)
            )
        )
        # The cavity opens through the underside, as the punch displaces the sheet.
        cavities.append(
            box_at(
                (length - 2 * thickness, width, depth + thickness), (0, y, (depth - thickness) / 2)
            )
        )
    return ridges, cavities


def build_panel(shape: PanelShape, thickness: float) -> trimesh.Trimesh:
    """Drawn panel: outline at sheet thickness, flange wall drawn up, hollow beads."""
    outline = panel_outline(shape)
    pieces = [trimesh.creation.extrude_polygon(outline, thickness)]
    if shape.flange_height_mm > 0:
        ring = outline.difference(outline.buffer(-thickness, join_style="mitre"))
        pieces.append(trimesh.creation.extrude_polygon(ring, shape.flange_height_mm * MM))
    ridges, cavities = panel_beads(shape, thickness)
    return difference(union(pieces + ridges), cavities)


def hat_centreline(shape: HatRailShape) -> list[tuple[float, float]]:
    """Centreline of the hat section in its (y, z) plane, metres, flanges at z = 0."""
    half_web = shape.web_width_mm * MM / 2
    foot = half_web + shape.draft_mm * MM
    edge = foot + shape.flange_width_mm * MM
    height = shape.height_mm * MM
    return [(-edge, 0), (-foot, 0), (-half_web, height), (half_web, height), (foot, 0), (edge, 0)]


def build_hat_rail(shape: HatRailShape, thickness: float) -> trimesh.Trimesh:
    """Hat-section rail along local x, centred in x, open side down."""
    length = shape.length_mm * MM
    mesh = extrude_profile(hat_centreline(shape), thickness, length)
    mesh.apply_transform(_UVW_TO_YZX)
    mesh.apply_translation((-length / 2, 0, 0))
    return mesh


def build_bracket(shape: BracketShape, thickness: float) -> trimesh.Trimesh:
    """L-bracket: base leg along x, upright leg at x = 0, width centred on y."""
    length, width, height = shape.length_mm * MM, shape.width_mm * MM, shape.height_mm * MM
    mesh = extrude_profile([(0, height), (0, 0), (length, 0)], thickness, width)
    mesh.apply_transform(_UVW_TO_XZ_NEG_Y)
    mesh.apply_translation((0, width / 2, 0))
    if shape.hole_diameter_mm <= 0:
        return mesh
    hole = cylinder_z(shape.hole_diameter_mm * MM / 2, -thickness, thickness)
    hole.apply_transform(trimesh.transformations.rotation_matrix(math.pi / 2, (0, 1, 0)))
    hole.apply_translation((0, 0, height * 0.6))
    return difference(mesh, [hole])


def build_stud(shape: StudShape, thickness: float) -> trimesh.Trimesh:
    """Weld stud standing on its flange at z = 0 (``thickness`` unused: bought to drawing)."""
    flange = shape.flange_thickness_mm * MM
    top = flange + shape.length_mm * MM
    return union(
        [
            cylinder_z(shape.flange_diameter_mm * MM / 2, 0.0, flange),
            cylinder_z(shape.diameter_mm * MM / 2, flange * 0.5, top),
        ]
    )


def build_weld_nut(shape: WeldNutShape, thickness: float) -> trimesh.Trimesh:
    """Hexagon weld nut with a through hole, standing on z = 0."""
    circumradius = shape.across_flats_mm * MM / math.sqrt(3)
    angles = [math.pi / 6 + k * math.pi / 3 for k in range(6)]
    hexagon = Polygon([(circumradius * math.cos(a), circumradius * math.sin(a)) for a in angles])
    hole = Point(0.0, 0.0).buffer(shape.hole_diameter_mm * MM / 2, quad_segs=12)
    return trimesh.creation.extrude_polygon(hexagon.difference(hole), shape.height_mm * MM)


def shell_ribs(shape: RibbedShellShape) -> list[trimesh.Trimesh]:
    """Rib grid on the floor, running into the walls so the union fuses them."""
    inner_l = (shape.length_mm - shape.wall_mm) * MM
    inner_w = (shape.width_mm - shape.wall_mm) * MM
    rib, pitch = shape.rib_mm * MM, shape.rib_pitch_mm * MM
    z0, z1 = shape.floor_mm * MM / 2, (shape.floor_mm + shape.rib_height_mm) * MM
    zc, dz = (z0 + z1) / 2, z1 - z0
    ribs = [box_at((rib, inner_w, dz), (x, 0, zc)) for x in grid_positions(inner_l, pitch)]
    ribs += [box_at((inner_l, rib, dz), (0, y, zc)) for y in grid_positions(inner_w, pitch)]
    return ribs


def grid_positions(span: float, pitch: float) -> list[float]:
    """Rib positions symmetric about 0, ``pitch`` apart, strictly inside ``span``."""
    count = int(span / 2 // pitch)
    return [k * pitch for k in range(-count, count + 1) if abs(k * pitch) < span / 2 - pitch / 4]


def boss_positions(shape: RibbedShellShape) -> list[tuple[float, float]]:
    """Boss centres evenly along both long sides (ends at the corners).

    Each boss runs half a wall thickness into the wall: a boss merely touching the wall
    would leave a pinched edge, which is lost when a mesh file rounds coordinates.
    """
    inset = (shape.wall_mm / 2 + shape.boss_diameter_mm / 2) * MM
    half_l = shape.length_mm * MM / 2 - inset
    half_w = shape.width_mm * MM / 2 - inset
    n = shape.bosses_per_side
    xs = [-half_l + 2 * half_l * k / max(n - 1, 1) for k in range(n)] if n > 1 else [0.0] * n
    return [(x, s * half_w) for x in xs for s in (-1, 1)]


def build_ribbed_shell(shape: RibbedShellShape, thickness: float) -> trimesh.Trimesh:
    """Casting tray with ribs and bored bosses, centred in x and y, floor at z = 0."""
    length, width, height = shape.length_mm * MM, shape.width_mm * MM, shape.height_mm * MM
    wall, floor = shape.wall_mm * MM, shape.floor_mm * MM
    tray = difference(
        box_at((length, width, height), (0, 0, height / 2)),
        [box_at((length - 2 * wall, width - 2 * wall, height), (0, 0, floor + height / 2))],
    )
    radius, top = shape.boss_diameter_mm * MM / 2, shape.boss_height_mm * MM
    bosses = [cylinder_z(radius, floor / 2, top, x, y) for x, y in boss_positions(shape)]
    body = union([tray, *shell_ribs(shape), *bosses])
    if shape.boss_hole_mm <= 0:
        return body
    bore = shape.boss_hole_mm * MM / 2
    holes = [cylinder_z(bore, -floor, top + floor, x, y) for x, y in boss_positions(shape)]
    return difference(body, holes)


BUILDERS: dict[str, Callable[..., trimesh.Trimesh]] = {
    "plate": build_plate,
    "panel": build_panel,
    "hat_rail": build_hat_rail,
    "bracket": build_bracket,
    "stud": build_stud,
    "weld_nut": build_weld_nut,
    "ribbed_shell": build_ribbed_shell,
}


def placement_matrix(
    position_mm: Sequence[float], rotation_deg: Sequence[float], mirror_y: bool = False
) -> np.ndarray:
    """Local -> body transform: rotate (x, y, z extrinsic), move, then mirror for RH parts.

    Right-hand parts are written once, as their left-hand twin, and mirrored in y.
    """
    rx, ry, rz = (math.radians(a) for a in rotation_deg)
    matrix = trimesh.transformations.euler_matrix(rx, ry, rz, "sxyz")
    matrix[:3, 3] = np.asarray(position_mm, dtype=float) * MM
    if mirror_y:
        matrix = np.diag([1.0, -1.0, 1.0, 1.0]) @ matrix
    return matrix
