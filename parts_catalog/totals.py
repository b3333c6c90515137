"""Route totals and sub-assembly summaries: sums over the parts table and the joins.

These are what the line builders consume: the body shop gets weld stations per sub-assembly
(cycle = welds x time per weld / robots + handling), and the cost model gets mass, material
cost and CO2e per route.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from parts_catalog.schema import DISCRETE_JOIN_TYPES, Join, SubAssemblySpec


@dataclass(frozen=True)
class SubAssembly:
    """One sub-assembly in build order: what is loaded, what it joins, and its welds."""

    name: str
    title: str
    route: str
    parts: tuple[str, ...]
    inputs: tuple[str, ...]
    spot_welds: int
    joins_by_type: dict[str, int] = field(default_factory=dict)
    adhesive_m: float = 0.0
    mass_kg: float = 0.0  # output of this sub-assembly, including its inputs

    @property
    def part_count(self) -> int:
        """Parts loaded at this sub-assembly (not counting its input sub-assemblies)."""
        return len(self.parts)


@dataclass(frozen=True)
class RouteTotals:
    """Totals of one route; casting figures are ``None`` for a route without cast parts."""

    route: str
    mass_kg: float
    part_count: int
    stamped_part_count: int
    bought_part_count: int
    cast_part_count: int
    joints_by_type: dict[str, int]
    spot_welds: int
    adhesive_m: float
    material_cost_usd: float
    blank_mass_kg: float
    blank_scrap_kg: float
    material_utilisation_share: float | None
    co2e_kg: float
    shot_mass_kg: float | None
    casting_yield_share: float | None
    subassembly_count: int

    def as_row(self) -> dict[str, Any]:
        """One flat CSV row: joint counts become ``joints_<type>_count`` columns (all types)."""
        row = {k: v for k, v in self.__dict__.items() if k != "joints_by_type"}
        return row | joint_columns(self.joints_by_type)


def joint_columns(joints_by_type: dict[str, int]) -> dict[str, int]:
    """A ``joints_<type>_count`` entry for every discrete joint type, zero where absent."""
    return {f"joints_{kind}_count": joints_by_type.get(kind, 0) for kind in DISCRETE_JOIN_TYPES}


def discrete_joints(joins: Sequence[Join]) -> dict[str, int]:
    """Joint counts by type, adhesive excluded (it is measured in metres)."""
    counts: Counter[str] = Counter()
    for join in joins:
        if join.type != "adhesive":
            counts[join.type] += join.count
    return dict(sorted(counts.items()))


def adhesive_length_m(joins: Sequence[Join]) -> float:
    """Total adhesive bead length, metres."""
    return float(sum(j.length_m for j in joins if j.type == "adhesive"))


def ratio_or_none(numerator: float, denominator: float) -> float | None:
    """A ratio, or ``None`` where the denominator is zero (e.g. no cast parts)."""
    return float(numerator / denominator) if denominator > 0 else None


def route_totals(
    route: str, table: pd.DataFrame, joins: Sequence[Join], subassemblies: int
) -> RouteTotals:
    """Sum a route's parts table and joins into its totals."""
    kinds = table["kind"].value_counts()
    stamped = table[table["kind"] == "stamped"]
    cast = table[table["kind"] == "cast"]
    joints = discrete_joints(joins)
    shot = float(cast["shot_mass_kg"].sum())
    return RouteTotals(
        route=route,
        mass_kg=float(table["mass_kg"].sum()),
        part_count=len(table),
        stamped_part_count=int(kinds.get("stamped", 0)),
        bought_part_count=int(kinds.get("bought", 0)),
        cast_part_count=int(kinds.get("cast", 0)),
        joints_by_type=joints,
        spot_welds=joints.get("spot_weld", 0),
        adhesive_m=adhesive_length_m(joins),
        material_cost_usd=float(table["material_cost_usd"].sum()),
        blank_mass_kg=float(stamped["blank_mass_kg"].sum()),
        blank_scrap_kg=float(stamped["blank_scrap_kg"].sum()),
        material_utilisation_share=ratio_or_none(
            stamped["mass_kg"].sum(), stamped["blank_mass_kg"].sum()
        ),
        co2e_kg=float(table["co2e_kg"].sum()),
        shot_mass_kg=shot if len(cast) else None,
        casting_yield_share=ratio_or_none(cast["mass_kg"].sum(), shot),
        subassembly_count=subassemblies,
    )


def summarise_subassemblies(
    route: str, specs: Sequence[SubAssemblySpec], table: pd.DataFrame, joins: Sequence[Join]
) -> list[SubAssembly]:
    """Sub-assemblies in build order with their loaded parts, joints and output mass."""
    output_mass: dict[str, float] = {}
    result = []
    for spec in specs:
        loaded = table[table["subassembly"] == spec.name]
        here = [j for j in joins if j.subassembly == spec.name]
        mass = float(loaded["mass_kg"].sum()) + sum(output_mass[name] for name in spec.inputs)
        output_mass[spec.name] = mass
        by_type = discrete_joints(here)
        result.append(
            SubAssembly(
                name=spec.name,
                title=spec.title,
                route=route,
                parts=tuple(loaded["part_number"]),
                inputs=spec.inputs,
                spot_welds=by_type.get("spot_weld", 0),
                joins_by_type=by_type,
                adhesive_m=adhesive_length_m(here),
                mass_kg=mass,
            )
        )
    return result
