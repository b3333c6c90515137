"""Geometry parameters of each part shape, as they are written in a catalog file.

Dimensions are in millimetres because that is how body engineers write them; the builders in
``geometry.py`` convert to metres (SI) before any mesh exists. Sheet thickness is not part of a
shape: it belongs to the part, so the same shape can be stamped from different gauges.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

PositiveMm = Annotated[float, Field(gt=0)]
NonNegativeMm = Annotated[float, Field(ge=0)]


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class PlateShape(_Shape):
    """Flat rectangular plate: closing plates and flat reinforcements."""

    kind: Literal["plate"] = "plate"
    length_mm: PositiveMm = Field(description="Size along the part's local x, mm.")
    width_mm: PositiveMm = Field(description="Size along the part's local y, mm.")


class PanelShape(_Shape):
    """Drawn panel: rounded outline at sheet thickness, with a flange wall and stiffening beads."""

    kind: Literal["panel"] = "panel"
    length_mm: PositiveMm = Field(description="Outline size along local x, mm.")
    width_mm: PositiveMm = Field(description="Outline size along local y, mm.")
    corner_radius_mm: NonNegativeMm = Field(0.0, description="Outline corner radius, mm.")
    flange_height_mm: NonNegativeMm = Field(
        0.0, description="Height of the wall/flange drawn up all round the outline, mm."
    )
    bead_count: int = Field(0, ge=0, description="Number of stiffening beads running along x.")
    bead_width_mm: NonNegativeMm = Field(0.0, description="Inside width of one bead, mm.")
    bead_depth_mm: NonNegativeMm = Field(0.0, description="Inside depth of one bead, mm.")
    bead_length_fraction: float = Field(
        0.7, gt=0, le=0.95, description="Bead length as a fraction of the panel length, -."
    )


class HatRailShape(_Shape):
    """Hat-section rail or crossmember: a formed profile extruded along local x."""

    kind: Literal["hat_rail"] = "hat_rail"
    length_mm: PositiveMm = Field(description="Rail length along local x, mm.")
    web_width_mm: PositiveMm = Field(description="Width of the top web, mm.")
    height_mm: PositiveMm = Field(description="Section height from flange to web, mm.")
    flange_width_mm: PositiveMm = Field(description="Width of each weld flange, mm.")
    draft_mm: NonNegativeMm = Field(
        10.0, description="Horizontal offset of each side wall (draw angle), mm."
    )


class BracketShape(_Shape):
    """L-bracket: a base leg along local x and an upright leg, with an optional fixing hole."""

    kind: Literal["bracket"] = "bracket"
    length_mm: PositiveMm = Field(description="Base leg length along local x, mm.")
    width_mm: PositiveMm = Field(description="Bracket width along local y, mm.")
    height_mm: PositiveMm = Field(description="Upright leg height along local z, mm.")
    hole_diameter_mm: NonNegativeMm = Field(
        0.0, description="Fixing hole through the upright leg (0 = none), mm."
    )


class StudShape(_Shape):
    """Weld stud: threaded shank on a weld flange (shank modelled as its core cylinder)."""

    kind: Literal["stud"] = "stud"
    diameter_mm: PositiveMm = Field(description="Shank diameter, mm.")
    length_mm: PositiveMm = Field(description="Shank length above the flange, mm.")
    flange_diameter_mm: PositiveMm = Field(description="Weld flange diameter, mm.")
    flange_thickness_mm: PositiveMm = Field(description="Weld flange thickness, mm.")


class WeldNutShape(_Shape):
    """Hexagon projection-weld nut with its threaded hole (modelled at minor diameter)."""

    kind: Literal["weld_nut"] = "weld_nut"
    across_flats_mm: PositiveMm = Field(description="Hexagon size across flats, mm.")
    height_mm: PositiveMm = Field(description="Nut height, mm.")
    hole_diameter_mm: PositiveMm = Field(description="Hole diameter, mm.")


class RibbedShellShape(_Shape):
    """Casting: an open tray (floor + perimeter wall) with a rib grid and bored mounting bosses."""

    kind: Literal["ribbed_shell"] = "ribbed_shell"
    length_mm: PositiveMm = Field(description="Overall length along local x, mm.")
    width_mm: PositiveMm = Field(description="Overall width along local y, mm.")
    height_mm: PositiveMm = Field(description="Overall height of the perimeter wall, mm.")
    wall_mm: PositiveMm = Field(description="Perimeter wall thickness, mm.")
    floor_mm: PositiveMm = Field(description="Floor (shell) thickness, mm.")
    rib_mm: PositiveMm = Field(description="Rib thickness, mm.")
    rib_height_mm: PositiveMm = Field(description="Rib height above the floor, mm.")
    rib_pitch_mm: PositiveMm = Field(description="Spacing of the rib grid in x and y, mm.")
    boss_diameter_mm: PositiveMm = Field(description="Mounting boss outside diameter, mm.")
    boss_hole_mm: NonNegativeMm = Field(description="Bore through each boss, mm.")
    boss_height_mm: PositiveMm = Field(description="Boss height above the floor, mm.")
    bosses_per_side: int = Field(ge=0, description="Bosses along each long side, -.")


class MeshFileShape(_Shape):
    """A user's own mesh file (STL, GLB, OBJ), resolved relative to the catalog file."""

    kind: Literal["mesh_file"] = "mesh_file"
    path: str = Field(description="Mesh file path, relative to the catalog file or absolute.")
    unit: Literal["mm", "cm", "m", "in"] = Field("mm", description="Length unit of the file.")


Shape = Annotated[
    PlateShape
    | PanelShape
    | HatRailShape
    | BracketShape
    | StudShape
    | WeldNutShape
    | RibbedShellShape
    | MeshFileShape,
    Field(discriminator="kind"),
]
