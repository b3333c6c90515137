"""``gigatwin parts``: show the parts catalog of each route, and export its tables and meshes.

Thin front door: everything it shows comes from ``parts_catalog``'s public API. Outputs (with
``metadata.json``) are staged and moved into place only when every file is ready, so a
failure writes nothing.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from parts_catalog import Catalog
from twin.cli.catalog_file import read_catalog
from twin.cli.errors import fail
from twin.cli.options import arguments, check_out_dir
from twin.outputs import RunMetadata, write_outputs


class RouteChoice(StrEnum):
    """Which route(s) to show or export."""

    welded = "welded"
    casting = "casting"
    both = "both"


def load_or_fail(path: Path | None, route: RouteChoice) -> tuple[Catalog, list[str]]:
    """Load the catalog and build every table now, so bad input fails before any output."""
    try:
        catalog = read_catalog(path)
        routes: list[str] = (
            list(catalog.routes) if route is RouteChoice.both else [catalog.route(route.value)]
        )
        catalog.parts_table()  # builds every mesh: geometry and blank errors surface here
    except (ValueError, OSError) as error:
        raise fail(str(error)) from None
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
            f"shot {totals.shot_mass_kg:.1f} kg | casting yield {totals.casting_yield_share:.2f}"
        )
    columns = ["build_order", "subassembly", "part_count", "spot_welds", "adhesive_m", "mass_kg"]
    table = catalog.subassemblies_table(route)[columns]
    lines.append(table.to_string(index=False, float_format=lambda v: f"{v:.1f}"))
    return "\n".join(lines)


def comparison(catalog: Catalog) -> str:
    """Mass saving of the casting route over the welded route, when both are present."""
    welded, cast = (catalog.route_totals(r).mass_kg for r in ("welded", "casting"))
    return f"== casting route saves {welded - cast:.1f} kg ({(1 - cast / welded):.1%}) over welded"


def write_tables(catalog: Catalog, routes: list[str], out: Path, meta: RunMetadata) -> None:
    """parts.csv, route_totals.csv, subassemblies.csv and metadata.json, all or nothing."""
    tables = {
        "parts": pd.concat([catalog.parts_table(r) for r in routes]),
        "route_totals": catalog.totals_table(routes),
        "subassemblies": pd.concat([catalog.subassemblies_table(r) for r in routes],
                                   ignore_index=True),
    }
    write_outputs(out, tables, meta)


def write_meshes(catalog: Catalog, routes: list[str], export: Path, meta: RunMetadata) -> None:
    """One STL per part (mm, body coordinates) under <route>/, and a GLB per route assembly."""
    files: dict[str, str | bytes] = {}
    for route in routes:
        for part in catalog.parts(route):
            files[f"{route}/{part.part_number}.stl"] = catalog.export_part(part.part_number, "stl")
        files[f"{route}_assembly.glb"] = catalog.export_assembly(route)
    write_outputs(export, {}, meta, files)


def parts_command(
    ctx: typer.Context,
    route: Annotated[
        RouteChoice, typer.Option("--route", help="Route to show and export.")
    ] = RouteChoice.both,
    catalog_path: Annotated[
        Path | None,
        typer.Option("--catalog", help="A catalog YAML file (default: the shipped catalog)."),
    ] = None,
    export: Annotated[
        Path | None,
        typer.Option("--export", help="Write an STL per part and a GLB per route here.",
                     callback=check_out_dir),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write parts.csv, route_totals.csv, subassemblies.csv.",
                     callback=check_out_dir),
    ] = None,
) -> None:
    """Show each route's parts, masses, joins and totals; export tables and meshes."""
    catalog, routes = load_or_fail(catalog_path, route)
    for name in routes:
        typer.echo(route_summary(catalog, name))
    if {"welded", "casting"} <= set(routes):
        typer.echo(comparison(catalog))
    meta = RunMetadata("parts", arguments(ctx), details={
        "routes": routes, "catalog_sha256_16": catalog.digest[:16]})
    try:
        if out is not None:
            write_tables(catalog, routes, out, meta)
        if export is not None:
            write_meshes(catalog, routes, export, meta)
    except OSError as error:
        raise fail(f"cannot write output: {error}") from error


def register(app: typer.Typer) -> None:
    """Add the ``parts`` command to a Typer app."""
    app.command("parts")(parts_command)
