"""The ``Catalog``: a validated catalog with its parts expanded, their masses and their tables.

Masses are never typed in: each part's mass is its mesh volume x its material's density.
Tables are computed once per catalog and meshes once per shape (see ``meshes.py``).
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
import trimesh

from parts_catalog.errors import CatalogError
from parts_catalog.expand import expand_joins, expand_parts
from parts_catalog.figures import part_figures
from parts_catalog.loader import default_catalog_path, read_catalog_spec
from parts_catalog.mesh_io import Unit, mesh_to_bytes, scene_to_glb
from parts_catalog.meshes import MassProperties, mass_properties, placed_mesh
from parts_catalog.schema import (
    CAST_ALLOY_FAMILIES,
    SHEET_STEEL_FAMILIES,
    AnyPart,
    CatalogSpec,
    Join,
    Material,
    PressLine,
    RouteName,
    StampedPart,
)
from parts_catalog.shapes import MeshFileShape
from parts_catalog.totals import (
    RouteTotals,
    SubAssembly,
    joint_columns,
    route_totals,
    summarise_subassemblies,
)
from parts_catalog.validation import check_unique_ids, route_problems

ROUTES: tuple[RouteName, ...] = ("welded", "casting")
NAN = float("nan")


def resolve_mesh_paths(part: AnyPart, base_dir: Path) -> AnyPart:
    """Make a user mesh file path absolute, relative to the catalog file that names it."""
    if not isinstance(part.shape, MeshFileShape):
        return part
    path = Path(part.shape.path)
    if not path.is_absolute():
        path = (base_dir / path).resolve()
    if not path.is_file():
        raise CatalogError(f"part {part.part_number}: mesh file not found: {path}")
    return part.model_copy(update={"shape": part.shape.model_copy(update={"path": str(path)})})


class Catalog:
    """Parts, materials, press lines and joins of one or both routes, with figures from geometry."""

    def __init__(self, spec: CatalogSpec, base_dir: str | os.PathLike[str] = ".") -> None:
        self.spec = spec
        self.base_dir = Path(base_dir)
        self.materials: dict[str, Material] = {m.grade: m for m in spec.materials}
        self.press_lines: dict[str, PressLine] = {p.id: p for p in spec.press_lines}
        base = Path(base_dir)
        self._parts = {
            route: tuple(resolve_mesh_paths(p, base) for p in expand_parts(spec.routes[route]))
            for route in spec.routes
        }
        self._joins = {route: tuple(expand_joins(spec.routes[route])) for route in spec.routes}
        self._subassemblies: dict[str, tuple[SubAssembly, ...]] = {}
        self._validate()

    def _validate(self) -> None:
        every_part = [p for parts in self._parts.values() for p in parts]
        problems = check_unique_ids(self.spec, every_part)
        for route in self.routes:
            problems += route_problems(self.spec, route, self._parts[route], self._joins[route])
        if problems:
            raise CatalogError("catalog is inconsistent:\n  - " + "\n  - ".join(problems))

    @property
    def routes(self) -> tuple[RouteName, ...]:
        """Routes this catalog describes, welded first."""
        return tuple(r for r in ROUTES if r in self.spec.routes)

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the validated catalog: identifies it in caches and run metadata."""
        return hashlib.sha256(self.spec.model_dump_json().encode("utf-8")).hexdigest()

    def with_prices(
        self, steel_usd_per_kg: float | None = None, alloy_usd_per_kg: float | None = None
    ) -> Catalog:
        """A copy with every sheet-steel grade or casting alloy at one price [US$/kg].

        The catalog owns material prices: a price lever is applied here, so the parts' material
        cost and the cost model (which reads the catalog) move together.
        """
        changes = {family: steel_usd_per_kg for family in SHEET_STEEL_FAMILIES} | {
            family: alloy_usd_per_kg for family in CAST_ALLOY_FAMILIES}
        materials = tuple(
            m if changes.get(m.family) is None else m.with_price(float(changes[m.family]))
            for m in self.spec.materials
        )
        return self._with_materials(materials)

    def with_recycled_share(self, recycled_share: float) -> Catalog:
        """A copy with every casting alloy that has an ``alloy_mix`` at this recycled share.

        The mix owns the alloy's price and footprint, so both follow (Parts page and cost).
        """
        materials = tuple(
            m.with_recycled_share(recycled_share) if m.alloy_mix is not None else m
            for m in self.spec.materials
        )
        return self._with_materials(materials)

    def with_steel_route(self, route: str) -> Catalog:
        """A copy with every steel grade that has a ``steelmaking`` block on ``route``.

        ``route`` is ``"bf_bof"`` or ``"eaf"``; each grade's footprint follows its block.
        """
        materials = tuple(
            m.with_steel_route(route) if m.steelmaking is not None else m  # type: ignore[arg-type]
            for m in self.spec.materials
        )
        return self._with_materials(materials)

    def _with_materials(self, materials: tuple[Material, ...]) -> Catalog:
        spec = CatalogSpec.model_validate(self.spec.model_dump() | {"materials": materials})
        return Catalog(spec, self.base_dir)

    def route(self, route: str) -> RouteName:
        """Check a route name against the catalog; a clear ``ValueError`` otherwise."""
        if route not in self.spec.routes:
            raise ValueError(f"unknown route {route!r}; this catalog has {list(self.routes)}")
        return route  # type: ignore[return-value]

    def parts(self, route: str | None = None) -> tuple[AnyPart, ...]:
        """Concrete parts (sides and families expanded) of one route, or of all routes."""
        routes = self.routes if route is None else (self.route(route),)
        return tuple(p for r in routes for p in self._parts[r])

    def part(self, part_number: str) -> AnyPart:
        """One part by its number."""
        for part in self.parts():
            if part.part_number == part_number:
                return part
        raise KeyError(f"no part {part_number!r} in catalog {self.spec.name!r}")

    def joins(self, route: str) -> tuple[Join, ...]:
        """Concrete joins of a route (sides and family joins expanded)."""
        return self._joins[self.route(route)]

    def mass_properties(self, part_number: str) -> MassProperties:
        """Mass (volume x density), centre of mass and bounds of a part in body coordinates."""
        part = self.part(part_number)
        return mass_properties(part, self.materials[part.material].density_kg_m3)

    def mesh(self, part_number: str) -> trimesh.Trimesh:
        """A copy of the part's watertight solid in body coordinates, metres."""
        return placed_mesh(self.part(part_number))

    def assembly_meshes(self, route: str) -> dict[str, trimesh.Trimesh]:
        """Every part of a route placed in body coordinates, by part number."""
        return {p.part_number: placed_mesh(p) for p in self.parts(route)}

    def export_part(self, part_number: str, file_type: str = "stl", unit: Unit = "mm") -> bytes:
        """One part in body coordinates as STL/OBJ (in ``unit``) or GLB (metres)."""
        return mesh_to_bytes(self.mesh(part_number), file_type, unit)

    def export_assembly(self, route: str) -> bytes:
        """A route's whole assembly as a GLB scene, one named node per part."""
        return scene_to_glb(self.assembly_meshes(route))

    def joins_touching(self, route: str) -> dict[str, dict[str, float]]:
        """Per part: spot welds, all discrete joints, and adhesive metres that involve it."""
        tally: dict[str, dict[str, float]] = {
            p.part_number: {"spot_welds": 0, "joints": 0, "adhesive_m": 0.0}
            for p in self.parts(route)
        }
        for join in self.joins(route):
            for name in set(join.parts) & tally.keys():
                if join.type == "adhesive":
                    tally[name]["adhesive_m"] += join.length_m
                else:
                    tally[name]["joints"] += join.count
                    tally[name]["spot_welds"] += join.count if join.type == "spot_weld" else 0
        return tally

    def part_row(self, route: str, part: AnyPart) -> dict[str, Any]:
        """One row of the parts table: identity, material, press data, geometry figures."""
        material = self.materials[part.material]
        props = mass_properties(part, material.density_kg_m3)
        row = {
            "part_number": part.part_number,
            "name": part.name,
            "route": route,
            "kind": part.kind,
            "subassembly": part.subassembly,
            "side": part.side,
            "material": part.material,
            "material_family": material.family,
            "thickness_mm": nominal_thickness_mm(part),
            "volume_m3": props.volume_m3,
            "mass_kg": props.mass_kg,
            **dict(zip(("cog_x_m", "cog_y_m", "cog_z_m"), props.centre_of_mass_m, strict=True)),
            **dict(zip(("size_x_m", "size_y_m", "size_z_m"), props.extents_m, strict=True)),
            **self.press_columns(part),
            "source": part.source,
        }
        row.update(part_figures(part, material, props.mass_kg))
        return row

    def press_columns(self, part: AnyPart) -> dict[str, Any]:
        """Press line, stroke rate, dies and blank size of a stamped part (blank for others)."""
        if not isinstance(part, StampedPart):
            return {"press_line": "", "press_kind": "", "strokes_per_min": NAN, "dies": 0,
                    "strokes_per_part": NAN, "die_set": ""}
        line = self.press_lines[part.press_line]
        return {
            "press_line": line.id,
            "press_kind": line.kind,
            "strokes_per_min": part.strokes_per_min or line.strokes_per_min,
            "dies": part.dies,
            "parts_per_stroke": part.parts_per_stroke,
            "strokes_per_part": part.strokes_per_part,
            "die_set": part.die_set_id,
            "die_change_min": line.die_change_min,
            "blank_length_mm": part.blank_length_mm,
            "blank_width_mm": part.blank_width_mm,
        }

    @cached_property
    def _tables(self) -> dict[str, pd.DataFrame]:
        tables: dict[str, pd.DataFrame] = {}
        for route in self.routes:
            joined = self.joins_touching(route)
            rows = [{**self.part_row(route, p), **joined[p.part_number]} for p in self.parts(route)]
            tables[route] = order_columns(pd.DataFrame(rows))
        return tables

    def parts_table(self, route: str | None = None) -> pd.DataFrame:
        """Parts as a table (one row per part, units in column names), one route or all."""
        routes = self.routes if route is None else (self.route(route),)
        frames = [self._tables[r] for r in routes]
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].copy()

    def subassemblies(self, route: str) -> list[SubAssembly]:
        """Sub-assemblies in build order, with their parts, inputs, welds and joints.

        Summarised once per route (the catalog is immutable; the summary reads its tables,
        which is slow enough to matter when a sizing re-derives robots at many takts).
        """
        name = self.route(route)
        if name not in self._subassemblies:
            specs = self.spec.routes[name].subassemblies
            self._subassemblies[name] = tuple(summarise_subassemblies(
                route, specs, self._tables[route], self.joins(route)))
        return list(self._subassemblies[name])

    def subassemblies_table(self, route: str) -> pd.DataFrame:
        """Sub-assemblies as a table in build order: parts, inputs, joints by type, mass."""
        rows = [
            {
                "route": s.route,
                "build_order": order,
                "subassembly": s.name,
                "title": s.title,
                "inputs": ";".join(s.inputs),
                "part_count": s.part_count,
                "spot_welds": s.spot_welds,
                **joint_columns(s.joins_by_type),
                "adhesive_m": s.adhesive_m,
                "mass_kg": s.mass_kg,
            }
            for order, s in enumerate(self.subassemblies(route), start=1)
        ]
        return pd.DataFrame(rows)

    def join_graph(self, route: str) -> dict[str, frozenset[str]]:
        """Adjacency of the join graph: each part or interface and what it is joined to."""
        graph: dict[str, set[str]] = {p.part_number: set() for p in self.parts(route)}
        for join in self.joins(route):
            for name in join.parts:
                graph.setdefault(name, set()).update(set(join.parts) - {name})
        return {name: frozenset(linked) for name, linked in graph.items()}

    def joins_table(self, route: str) -> pd.DataFrame:
        """Joins as a table: sub-assembly, parts, type, count and adhesive length."""
        rows = [
            {
                "subassembly": j.subassembly,
                "parts": " + ".join(j.parts),
                "type": j.type,
                "count": j.count,
                "length_m": j.length_m,
                "note": j.note,
            }
            for j in self.joins(route)
        ]
        return pd.DataFrame(
            rows, columns=["subassembly", "parts", "type", "count", "length_m", "note"]
        )

    def consumables_usd(self, route: str) -> dict[str, float]:
        """What the route's joints consume per body, by join type [US$].

        Joint count (or adhesive metres) x the catalog's ``join_consumables`` price; empty when
        the catalog prices no consumables.
        """
        prices = {c.type: c.usd_per_unit for c in self.spec.join_consumables}
        if not prices:
            return {}
        totals = self.route_totals(route)
        amounts: dict[str, float] = {**totals.joints_by_type, "adhesive": totals.adhesive_m}
        return {kind: amount * prices[kind] for kind, amount in amounts.items() if amount > 0}

    def route_totals(self, route: str) -> RouteTotals:
        """Mass, part counts, joints by type, material cost, blank scrap, CO2e (and shot/yield)."""
        specs = self.spec.routes[self.route(route)].subassemblies
        return route_totals(route, self._tables[route], self.joins(route), len(specs))

    def totals_table(self, routes: Sequence[str] | None = None) -> pd.DataFrame:
        """Route totals as a table, one row per route."""
        return pd.DataFrame([self.route_totals(r).as_row() for r in (routes or self.routes)])


def nominal_thickness_mm(part: AnyPart) -> float:
    """Sheet thickness, casting nominal wall, or NaN for bought parts."""
    return float(getattr(part, "thickness_mm", getattr(part, "wall_mm", math.nan)))


COLUMNS = (
    "part_number name route kind subassembly side material material_family thickness_mm mass_kg "
    "volume_m3 blank_length_mm blank_width_mm blank_mass_kg blank_scrap_kg "
    "material_utilisation_share "
    "press_line press_kind strokes_per_min parts_per_stroke strokes_per_part die_set dies "
    "die_change_min "
    "shot_mass_kg casting_yield_share metal_bought_kg spot_welds joints adhesive_m "
    "material_cost_usd co2e_kg cog_x_m cog_y_m cog_z_m size_x_m size_y_m size_z_m source"
).split()


def order_columns(table: pd.DataFrame) -> pd.DataFrame:
    """The same columns in the same order for every route; figures a part lacks are NaN."""
    return table.reindex(columns=COLUMNS)


def load_catalog(path: str | os.PathLike[str] | None = None) -> Catalog:
    """Load and check the default catalog, or a user's catalog file (YAML, with includes)."""
    source = Path(path) if path is not None else default_catalog_path()
    return Catalog(read_catalog_spec(source), base_dir=source.parent)
