"""``gigatwin compare``: run the welded and the casting route side by side (common random numbers).

Both routes are built from their route parameter files (the shipped ones in
``lines/scenarios`` by default) and the parts catalog, run with the same seed, and printed
together with the paired differences (casting - welded) and the mass per body from the
catalog. ``--out`` writes the engine's CSVs with a ``route`` column plus ``routes.csv`` and
the cost model's tables (``cost_breakdown.csv``, ``breakeven.csv``, ``sensitivity.csv``,
``carbon.csv``, ``cost_lines.csv``) computed from the simulated routes at ``--volume``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from lines.routes import SCENARIO_DIR, RouteSpec, build_route_scenario, load_route_spec
from lines.spec import Scenario
from parts_catalog import Catalog, load_catalog
from twin.cli.report import print_summary, run_with_progress
from twin.cost import cost_tables, inputs_from_route
from twin.experiments.kpis import replications_table
from twin.experiments.replications import ExperimentResult, compare
from twin.outputs.writer import write_experiments

ROUTE_FILES = {
    "welded": SCENARIO_DIR / "welded_rear_underbody.yaml",
    "casting": SCENARIO_DIR / "casting_rear_underbody.yaml",
}
RouteFile = Annotated[Path | None, typer.Option(help="Route parameter YAML (default: shipped).")]


def route_specs(
    files: dict[str, Path], days: float | None, warmup_h: float | None
) -> dict[str, RouteSpec]:
    """Load each route file and apply the run-length options."""
    changes = {k: v for k, v in {"horizon_days": days, "warmup_h": warmup_h}.items()
               if v is not None}
    return {route: load_route_spec(path).with_changes(**changes) for route, path in files.items()}


def route_scenarios(specs: dict[str, RouteSpec], catalog: Catalog) -> dict[str, Scenario]:
    """Build each route's scenario from its spec and the catalog."""
    return {route: build_route_scenario(spec, catalog) for route, spec in specs.items()}


def routes_table(catalog: Catalog, experiments: dict[str, ExperimentResult]) -> pd.DataFrame:
    """Route-level figures: catalog totals (mass, parts, joints) and mean good bodies per hour."""
    rows = []
    for route, experiment in experiments.items():
        row = catalog.route_totals(route).as_row()
        table = replications_table(experiment.results)
        row["throughput_uph_mean"] = float(table["throughput_uph"].mean())
        row["scenario"] = experiment.scenario.name
        rows.append(row)
    return pd.DataFrame(rows)


def mass_table(routes: pd.DataFrame) -> Table:
    """Mass per body and part counts per route, from the catalog."""
    table = Table(title="Per body (parts catalog)")
    for column in ("route", "mass_kg", "part_count", "spot_welds", "shot_mass_kg"):
        table.add_column(column, justify="left" if column == "route" else "right")
    for row in routes.itertuples():
        shot = "-" if pd.isna(row.shot_mass_kg) else f"{row.shot_mass_kg:.1f}"
        table.add_row(row.route, f"{row.mass_kg:.1f}", str(row.part_count),
                      str(row.spot_welds), shot)
    return table


def register(app: typer.Typer) -> None:
    """Add the ``compare`` command to ``app``."""

    @app.command("compare")
    def compare_command(
        days: Annotated[float, typer.Option(help="Measured days per run.", min=0.001)] = 7.0,
        replications: Annotated[int, typer.Option(help="Replications per route.", min=1)] = 10,
        seed: Annotated[int, typer.Option(help="Root seed, shared by both routes.", min=0)] = 0,
        out: Annotated[Path | None, typer.Option("--out", help="Directory for CSVs.")] = None,
        workers: Annotated[int | None, typer.Option(help="Local worker processes.", min=1)] = None,
        scheduler: Annotated[str | None, typer.Option(help="Dask scheduler or 'local'.")] = None,
        welded: RouteFile = None,
        casting: RouteFile = None,
        warmup_h: Annotated[float | None, typer.Option(help="Warm-up hours.", min=0)] = None,
        volume: Annotated[float, typer.Option(
            help="Annual demand for the cost model [good bodies/yr] (REFERENCE 5.1).", min=1,
        )] = 250_000,
    ) -> None:
        """Run the welded and the casting route side by side; paired differences and CSVs."""
        console = Console()
        files = {"welded": welded or ROUTE_FILES["welded"],
                 "casting": casting or ROUTE_FILES["casting"]}
        catalog = load_catalog()
        try:
            specs = route_specs(files, days, warmup_h)
            scenarios = route_scenarios(specs, catalog)
        except (ValueError, OSError) as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(code=2) from None
        experiments = run_with_progress(console, scenarios, replications, seed, workers,
                                        scheduler, "both routes")
        differences = compare(experiments["welded"], experiments["casting"])
        print_summary(console, experiments, differences)
        routes = routes_table(catalog, experiments)
        console.print(mass_table(routes))
        if out is not None:
            welded_inputs, casting_inputs = (
                inputs_from_route(specs[r], catalog, experiments[r], volume)
                for r in ("welded", "casting"))
            costs = cost_tables(welded_inputs, casting_inputs)
            written = write_experiments(out, experiments, label="route",
                                        extra_tables={"routes": routes, **costs})
            console.print(f"wrote {', '.join(p.name for p in written)} to {out}")
