"""``gigatwin parts``: show the parts catalog of each route, and export its tables and meshes.

Thin front door: everything it shows comes from ``parts_catalog``'s public API. Outputs are
staged and moved into place only when every file is ready, so a failure writes nothing.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from parts_catalog import Catalog, load_catalog
from twin.outputs.atomic import atomic_directory, atomic_write_bytes, atomic_write_csv


class RouteChoice(StrEnum):
    """Which route(s) to show or export."""

    welded = "welded"
    casting = "casting"
    both = "both"


def fail(message: str) -> typer.Exit:
    """Print a clear error to stderr and return the exit (code 2: bad input) to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def load_or_fail(path: Path | None, route: RouteChoice) -> tuple[Catalog, list[str]]:
    """Load the catalog and build every table now, so bad input fails before any output."""
    try:
        catalog = load_catalog(path)
        routes: list[str] = (
            list(catalog.routes) if route is RouteChoice.both else [catalog.route(route.value)]
        )
        catalog.parts_table()  # builds every mesh: geometry and blank errors surface here
    except (ValueError, OSError) as error:
        raise fail(str(error)) from error
    return catalog, routes


def route_summary(catalog: Catalog, route: str) -> str:
    """Totals and sub-assemblies of one route as plain text."""
    totals = catalog.route_totals(route)
    joints = ", ".join(f"{kind} {n}" for kind, n in totals.joints_by_type.items()) or "none"
    lines = [
        f"== {route} route: {totals.part_count} parts ({totals.stamped_part_count} stamped, "
        f"{totals.bought_part_count} bought, {totals.cast_part_count} cast)",
        f"mass {totals.mass_kg:.1f} kg | material {totals.material_cost_usd:.2f} US$ | "
        f"CO2e {totals.co2e_kg:.0f} kg | blank scrap {totals.blank_scrap_kg:.1f} kg",
        f"joints: {joints}; adhesive {totals.adhesive_m:.1f} m",
    ]
    if totals.shot_mass_kg is not None:
        lines.append(
            f"shot {totals.shot_mass_kg:.1f} kg | casting yield {totals.casting_yield:.2f}"
        )
    columns = ["build_order", "subassembly", "part_count", "spot_welds", "adhesive_m", "mass_kg"]
    table = catalog.subassemblies_table(route)[columns]
    lines.append(table.to_string(index=False, float_format=lambda v: f"{v:.1f}"))
    return "\n".join(lines)


def comparison(catalog: Catalog) -> str:
    """Mass saving of the casting route over the welded route, when both are present."""
    welded, cast = (catalog.route_totals(r).mass_kg for r in ("welded", "casting"))
    return f"== casting route saves {welded - cast:.1f} kg ({(1 - cast / welded):.1%}) over welded"


def write_tables(catalog: Catalog, routes: list[str], out: Path) -> None:
    """parts.csv, route_totals.csv and subassemblies.csv, all or nothing."""
    subassemblies = pd.concat([catalog.subassemblies_table(r) for r in routes], ignore_index=True)
    with atomic_directory(out) as staging:
        atomic_write_csv(staging / "parts.csv", pd.concat([catalog.parts_table(r) for r in routes]))
        atomic_write_csv(staging / "route_totals.csv", catalog.totals_table(routes))
        atomic_write_csv(staging / "subassemblies.csv", subassemblies)


def write_meshes(catalog: Catalog, routes: list[str], export: Path) -> None:
    """One STL per part (mm, body coordinates) under <route>/, and a GLB per route assembly."""
    with atomic_directory(export) as staging:
        for route in routes:
            for part in catalog.parts(route):
                stl = catalog.export_part(part.part_number, "stl")
                atomic_write_bytes(staging / route / f"{part.part_number}.stl", stl)
            atomic_write_bytes(staging / f"{route}_assembly.glb", catalog.export_assembly(route))


def register(app: typer.Typer) -> None:
    """Add the ``parts`` command to a Typer app."""

    @app.command("parts")
    def parts(
        route: Annotated[
            RouteChoice, typer.Option("--route", help="Route to show and export.")
        ] = RouteChoice.both,
        catalog_path: Annotated[
            Path | None,
            typer.Option("--catalog", help="A catalog YAML file (default: the shipped catalog)."),
        ] = None,
        export: Annotated[
            Path | None,
            typer.Option("--export", help="Write an STL per part and a GLB per route here."),
        ] = None,
        out: Annotated[
            Path | None,
            typer.Option("--out", help="Write parts.csv, route_totals.csv, subassemblies.csv."),
        ] = None,
    ) -> None:
        """Show each route's parts, masses, joins and totals; export tables and meshes."""
        catalog, routes = load_or_fail(catalog_path, route)
        for name in routes:
            typer.echo(route_summary(catalog, name))
        if {"welded", "casting"} <= set(routes):
            typer.echo(comparison(catalog))
        try:
            if out is not None:
                write_tables(catalog, routes, out)
            if export is not None:
                write_meshes(catalog, routes, export)
        except OSError as error:
            raise fail(f"cannot write output: {error}") from error
