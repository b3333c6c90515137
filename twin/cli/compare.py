"""``gigatwin compare``: run the welded and the casting route side by side (common random numbers).

Both routes are built from their route parameter files (the shipped ones in
``lines/scenarios`` by default) and the parts catalog, run with the same seed, and printed
together with the paired differences (casting - welded), the mass per body from the catalog
and the verdict of :mod:`twin.comparison` (the sentence the app shows). ``--out`` writes the
engine's CSVs with a ``route`` column plus ``routes.csv``, ``comparison.csv`` (the app's
comparison table) and the cost model's tables (``cost_breakdown.csv``, ``breakeven.csv``,
``sensitivity.csv``, ``carbon.csv``, ``cost_lines.csv``) computed at ``--volume``, and
``lifecycle.csv`` (the car's energy use, lifecycle CO2e and break-even; ``--vehicle``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from pydantic import ValidationError
from rich.table import Table

from lines.file_reader import FileFormatError, validation_problems
from lines.limits import HORIZON_REASON, MAX_HORIZON_DAYS
from lines.routes import RouteSpec, build_route_scenario, load_route_spec
from lines.spec import Scenario
from lines.vehicle import VehicleSpec, load_vehicle_spec
from parts_catalog import Catalog, load_catalog
from twin import comparison
from twin.cli import recording
from twin.cli.defect_model_option import DefectModelFile, defect_models_or_fail
from twin.cli.errors import fail
from twin.cli.options import (
    Kpis,
    MaxReplications,
    OutDir,
    Precision,
    Replications,
    Scheduler,
    Seed,
    Volume,
    WarmupHOrAuto,
    Workers,
    arguments,
    finite_at_most,
)
from twin.cli.output_analysis import (
    AUTO,
    auto_warmups,
    kpis_or_fail,
    precision_details,
    run_experiments_cli,
    warmup_details,
)
from twin.cli.report import console, print_summary
from twin.cost import CostRates, cost_tables
from twin.experiments import ExperimentResult, compare
from twin.lifecycle import lifecycle_from_costs, lifecycle_table
from twin.outputs import experiment_metadata, write_experiments

RouteFile = Annotated[Path | None, typer.Option(help="Route parameter YAML (default: shipped).")]
VehicleFile = Annotated[Path | None, typer.Option(
    help="Vehicle YAML for lifecycle.csv (lines.vehicle.VehicleSpec; default: its defaults).")]


def compare_command(
    ctx: typer.Context,
    days: Annotated[float, typer.Option(
        help="Measured days per run.", min=0.001,
        callback=finite_at_most(MAX_HORIZON_DAYS, HORIZON_REASON))] = 7.0,
    replications: Replications = 10,
    seed: Seed = 0,
    out: OutDir = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    welded: RouteFile = None,
    casting: RouteFile = None,
    warmup_h: WarmupHOrAuto = None,
    precision: Precision = None,
    max_replications: MaxReplications = 200,
    kpi: Kpis = None,
    volume: Volume = 250_000,
    tag: recording.Tag = None,
    note: recording.Note = None,
    no_record: recording.NoRecord = False,
    store: recording.StoreUrl = None,
    vehicle: VehicleFile = None,
    defect_model: DefectModelFile = None,
) -> None:
    """Run the welded and the casting route side by side; paired differences, verdict, CSVs."""
    catalog = load_catalog()
    car = vehicle_or_fail(vehicle)
    files = {"welded": welded or comparison.ROUTE_FILES["welded"],
             "casting": casting or comparison.ROUTE_FILES["casting"]}
    specs, scenarios = load_or_fail(files, days, None if warmup_h == AUTO else warmup_h,
                                    catalog)
    specs, scenarios = defect_models_or_fail(specs, scenarios, defect_model, catalog)
    kpis_or_fail(kpi)
    record = recording.start(store, no_record, tag, note)
    analysis: dict[str, object] = {}
    if warmup_h == AUTO:
        scenarios, found = auto_warmups(console, scenarios, seed, workers, scheduler)
        specs = {r: spec.with_changes(warmup_h=found[r].warmup_h) for r, spec in specs.items()}
        analysis.update(warmup_details(found))
    experiments, outcome = run_experiments_cli(console, scenarios, replications, seed, workers,
                                               scheduler, "both routes", precision, kpi,
                                               max_replications)
    analysis.update(precision_details(outcome))
    print_summary(console, experiments, compare(experiments["welded"], experiments["casting"]))
    routes = comparison.routes_table(catalog, experiments)
    console.print(mass_table(routes))
    costs = comparison.route_costs(specs, experiments, catalog, volume, CostRates())
    table = comparison.comparison_table(experiments, comparison.masses(routes), costs)
    typer.echo(comparison.verdict(table, costs))
    if out is not None:
        life = lifecycle_from_costs(comparison.masses(routes), costs.scenario, car, catalog)
        write(out, experiments, routes, table, costs, arguments(ctx),
              lifecycle_table(life, catalog, experiments=experiments), analysis,
              None if outcome is None else outcome.achieved)
    recording.finish(record, ctx, "compare", experiments, out, extra_summaries=(
        recording.comparison_summaries(comparison.csv_table(table), experiments)))


def load_or_fail(
    files: dict[str, Path], days: float | None, warmup_h: float | None, catalog: Catalog
) -> tuple[dict[str, RouteSpec], dict[str, Scenario]]:
    """Each route's spec with the run-length options, and its scenario; bad input exits 2."""
    changes = {k: v for k, v in {"horizon_days": days, "warmup_h": warmup_h}.items()
               if v is not None}
    specs, scenarios = {}, {}
    for route, path in files.items():
        try:
            specs[route] = load_route_spec(path, route).with_changes(**changes)
            scenarios[route] = build_route_scenario(specs[route], catalog)
        except ValidationError as error:  # the spec or the scenario built from it
            raise fail(str(FileFormatError(str(path), validation_problems(error),
                                           "route file"))) from None
        except ValueError as error:  # FileFormatError names the file already
            raise fail(str(error)) from None
    return specs, scenarios


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


def write(out: Path, experiments: dict[str, ExperimentResult], routes: pd.DataFrame,
          table: pd.DataFrame, costs: comparison.Costs, given: dict[str, object],
          lifecycle: pd.DataFrame | None = None, analysis: dict[str, object] | None = None,
          precision: pd.DataFrame | None = None) -> None:
    """Engine, route, comparison and cost tables, the scenarios and ``metadata.json``."""
    model = costs.scenario
    extra = {"routes": routes, "comparison": comparison.csv_table(table),
             **cost_tables(model.welded, model.casting, model.rates)}
    if lifecycle is not None:
        extra["lifecycle"] = lifecycle
    if precision is not None:
        extra["precision"] = precision
    details = {"annual_volume_units": model.welded.annual_volume_units,
               "rates": model.rates.model_dump(mode="json"), **(analysis or {})}
    written = write_experiments(out, experiments, label="route", extra_tables=extra,
                                metadata=experiment_metadata(experiments, "compare", given,
                                                             details))
    console.print(f"wrote {', '.join(p.name for p in written)} to {out}")


def vehicle_or_fail(path: Path | None) -> VehicleSpec:
    """The vehicle of ``lifecycle.csv``: a file's, or the defaults; bad input exits 2."""
    if path is None:
        return VehicleSpec()
    try:
        return load_vehicle_spec(path)
    except (ValueError, OSError) as error:
        raise fail(str(error)) from None


def register(app: typer.Typer) -> None:
    """Add the ``compare`` command to ``app``."""
    app.command("compare")(compare_command)
