"""``gigatwin plan``: both routes sized for a demand, simulated at it, costed per replication.

Reads a study (the shipped default study if none is given: 250,000 good bodies a year), sizes
each route from a pilot run of one unit, runs both at the demand with common random numbers,
costs every replication on its own results and prints the sizing, the plan summary with its
intervals and the verdict. ``--out`` writes ``sizing.csv``, ``plan_summary.csv``,
``cost_replications.csv``, ``breakeven_resized.csv``, ``breakeven_crossings.csv``,
``risk.csv``, ``risk_draws.csv``, ``lifecycle.csv``, the engine's tables with a ``route``
column, the sized scenarios, the study as run (``study.yaml``) and ``metadata.json``.
"""

from __future__ import annotations

from concurrent.futures import Executor
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
import yaml
from rich.table import Table

from lines.limits import HORIZON_REASON, MAX_HORIZON_DAYS
from lines.routes import build_route_scenario
from lines.scenario_io import scenario_to_yaml
from lines.spec import Scenario
from lines.study import DEFAULT_STUDY, Study, load_study
from parts_catalog import load_catalog
from twin.cli import recording
from twin.cli.defect_model_option import DefectModelFile, check_models
from twin.cli.errors import fail
from twin.cli.options import (
    OutDir,
    Scheduler,
    WarmupHOrAuto,
    Workers,
    arguments,
    finite_at_most,
)
from twin.cli.output_analysis import (
    AUTO,
    warmup_details,
    warmup_line,
    warmup_or_fail,
    with_warmups,
)
from twin.cli.report import console, progress_bar
from twin.experiments import WarmupRecommendation
from twin.experiments.executors import executor_kind, make_executor
from twin.outputs import experiment_metadata, tables, write_outputs
from twin.planning import PlanResult, plan_details, plan_tables, run_plan
from twin.planning.plan import ScenarioAdjust

PLAN_WARMUP_RUN_H = 672.0
"""Run from empty of ``--warmup-h auto`` on a plan: four weeks of the sized route at the demand
(a plant-year from empty would double the plan for a transient of hours to days)."""

StudyFile = Annotated[Path | None, typer.Argument(
    help="Study YAML (default: the shipped study, lines/studies/default_study.yaml).")]


def plan_command(
    ctx: typer.Context,
    study_file: StudyFile = None,
    demand: Annotated[float | None, typer.Option(
        help="Annual demand \\[good bodies/yr] (overrides the study).", min=1,
        callback=finite_at_most(5_000_000, "more bodies a year than any car plant builds"),
    )] = None,
    days: Annotated[float | None, typer.Option(
        help="Measured days per replication (overrides the study).", min=0.001,
        callback=finite_at_most(MAX_HORIZON_DAYS, HORIZON_REASON))] = None,
    replications: Annotated[int | None, typer.Option(
        help="Replications per route (overrides the study).", min=1, max=1_000)] = None,
    seed: Annotated[int | None, typer.Option(help="Root seed (overrides the study).",
                                             min=0)] = None,
    warmup_h: WarmupHOrAuto = None,
    risk: Annotated[bool, typer.Option(help="Draw the cost risk (Monte Carlo).")] = True,
    defect_model: DefectModelFile = None,
    out: OutDir = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    tag: recording.Tag = None,
    note: recording.Note = None,
    no_record: recording.NoRecord = False,
    store: recording.StoreUrl = None,
) -> None:
    """Size both routes for a demand, simulate them at it, and cost every replication."""
    auto = warmup_h == AUTO
    study = study_with_options(study_file, demand, days, replications, seed,
                               None if auto else warmup_h)
    study = with_defect_model(study, defect_model)
    record = recording.start(store, no_record, tag, note)
    found: dict[str, WarmupRecommendation] = {}
    result = run_with_bar(study, workers, scheduler, risk,
                          auto_warmup(study.run.seed, found) if auto else None)
    for route, recommendation in found.items():
        console.print(warmup_line(route, recommendation))
    console.print(sizing_rich_table(result.sizing))
    console.print(summary_table(result.summary))
    typer.echo(result.verdict)
    details = plan_details(result) | (warmup_details(found) if auto else {})
    if out is not None:
        write(out, result, arguments(ctx), details)
    recording.finish(record, ctx, "plan", result.experiments, out, details)


def auto_warmup(seed: int, found: dict[str, WarmupRecommendation]) -> ScenarioAdjust:
    """``--warmup-h auto``: MSER-5 on each sized route run from empty at the demand."""
    def adjust(scenarios: dict[str, Scenario], executor: Executor | None
               ) -> dict[str, Scenario]:
        for route, scenario in scenarios.items():
            found[route] = warmup_or_fail(route, scenario, seed, executor, PLAN_WARMUP_RUN_H)
        return with_warmups(scenarios, found)
    return adjust


def study_with_options(path: Path | None, demand: float | None, days: float | None,
                       replications: int | None, seed: int | None,
                       warmup_h: float | str | None = None) -> Study:
    """The study file with the command's overrides, validated; bad input exits 2."""
    try:
        study = load_study(path or DEFAULT_STUDY)
        run = {k: v for k, v in {"horizon_days": days, "replications": replications,
                                 "seed": seed, "warmup_h": warmup_h}.items() if v is not None}
        changes: dict[str, object] = {}
        if run:
            changes["run"] = study.run.model_copy(update=run)
        if demand is not None:
            changes["annual_demand_bodies"] = demand
        return study.with_changes(**changes) if changes else study
    except ValueError as error:  # FileFormatError names the file and the field
        raise fail(str(error)) from None


def with_defect_model(study: Study, model: Path | None) -> Study:
    """The study with the casting route on ``model`` (if given), every model file checked."""
    if model is not None:
        try:
            casting = study.casting.with_changes(defect_model=str(model.resolve()))
        except ValueError as error:
            raise fail(f"--defect-model: {error}") from None
        study = study.with_changes(casting=casting)
    check_models(build_route_scenario(study.route_spec("casting").with_changes(
        horizon_days=0.01), load_catalog()))
    return study


def run_with_bar(study: Study, workers: int | None, scheduler: str | None,
                 risk: bool, adjust: ScenarioAdjust | None = None) -> PlanResult:
    """Run the plan on the chosen executor with a progress bar per stage."""
    tasks = 2 * max(study.run.replications, study.run.pilot_replications)
    kind, address = executor_kind(tasks, workers, scheduler)
    bar, update = progress_bar(console, "plan")

    def stage(name: str, done: int, total: int) -> None:
        bar.update(bar.task_ids[0], description=f"plan: {name}")
        update(done, total)

    try:
        with bar, make_executor(kind, workers, address) as executor:
            return run_plan(study, load_catalog(), executor, stage, risk=risk, adjust=adjust)
    except ValueError as error:  # e.g. rates in the study that do not validate
        raise fail(str(error)) from None


def sizing_rich_table(sizing: pd.DataFrame) -> Table:
    """The sized units of both routes."""
    table = Table(title="Sizing for the demand")
    for column in ("route", "unit", "policy", "required", "installed", "utilisation",
                   "check"):
        table.add_column(column, justify="left" if column in ("route", "unit", "policy",
                                                              "check") else "right")
    for row in sizing.itertuples():
        use = "-" if pd.isna(row.expected_utilisation_share) else \
            f"{row.expected_utilisation_share:.0%}"
        table.add_row(row.route, row.unit, row.policy, f"{row.required_units:.2f}",
                      f"{row.installed_units:g}", use, str(row.reference_check))
    return table


SHOWN = ("annual_good_bodies", "demand_met", "achieved_jph_on_shift", "scrap_share",
         "cost_per_body_usd", "energy_kwh_per_body", "co2e_kg_per_body")


def summary_table(summary: pd.DataFrame) -> Table:
    """The main KPIs per route with 95 % intervals and the paired difference."""
    table = Table(title="Plan at the demand (mean, 95 % CI; casting - welded paired)")
    for column in ("kpi", "unit", "welded", "casting", "difference"):
        table.add_column(column, justify="left" if column in ("kpi", "unit") else "right")
    rows = summary.set_index("kpi")
    for kpi in SHOWN:
        row = rows.loc[kpi]
        cells = [f"{row[f'{r}_mean']:,.2f} [{row[f'{r}_ci_low']:,.2f}, {row[f'{r}_ci_high']:,.2f}]"
                 for r in ("welded", "casting")]
        diff = f"{row['difference_mean']:+,.2f}"
        if not pd.isna(row["difference_ci_low"]):
            diff += f" [{row['difference_ci_low']:+,.2f}, {row['difference_ci_high']:+,.2f}]"
        table.add_row(kpi, str(row["unit"]), *cells, diff)
    return table


def write(out: Path, result: PlanResult, given: dict[str, object],
          details: dict[str, object]) -> None:
    """The plan's tables, the engine's tables, the scenarios, the study and metadata.json."""
    frames = {**tables(result.experiments, "route"),
              **{name.removesuffix(".csv"): table for name, table in plan_tables(result).items()}}
    files = {f"scenario_{route}.yaml": scenario_to_yaml(e.scenario)
             for route, e in result.experiments.items()}
    files["study.yaml"] = yaml.safe_dump(result.study.model_dump(mode="json"), sort_keys=False)
    metadata = experiment_metadata(result.experiments, "plan", given, details)
    written = write_outputs(out, frames, metadata, files)  # all or nothing
    console.print(f"wrote {', '.join(p.name for p in written)} to {out}")


def register(app: typer.Typer) -> None:
    """Add the ``plan`` command to ``app``."""
    app.command("plan")(plan_command)
