"""``gigatwin optimise``: the cheapest equipment settings of one route that meet a study's demand.

Reads a study (default: the shipped one), searches the ``--vary`` ranges of one route with
Optuna (``twin.optimise``: a seeded TPE sampler with the ``--constraint``s, successive-
halving pruning from a short rung to the long one, the same seed for every trial: common
random numbers) against :func:`twin.planning.evaluate.study_objective` (the route at the
study's demand, each replication costed as ``gigatwin plan`` costs it). Prints the best
settings with the confirmation run's intervals, the front and the "how sure" statement.
``--out`` writes ``trials.csv``, ``front.csv``, ``best.csv``, ``study.yaml`` and
``metadata.json``. Every trial is recorded in the experiment store, and the confirmation
run of the best as the ``optimise`` record.

``--workers N`` evaluates N trials at once in local processes, ``--scheduler ADDR`` on a Dask
cluster: this process asks Optuna for N trials, sends their evaluations to the workers rung
by rung, prunes and tells in trial order, and alone writes the study and the store. The
trials depend on ``--seed`` and ``--workers`` only (not on processes or Dask); ``--workers 1``
(the default) is the serial search.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
import yaml
from rich.table import Table

from lines.limits import HORIZON_REASON, MAX_HORIZON_DAYS
from lines.scenario_io import ScenarioError
from lines.study import Study
from parts_catalog import Catalog, load_catalog
from twin.cli import recording
from twin.cli.errors import fail
from twin.cli.options import (
    MAX_WORKERS,
    WORKERS_REASON,
    OutDir,
    Scheduler,
    arguments,
    finite_at_most,
)
from twin.cli.plan import StudyFile, study_with_options
from twin.cli.report import console, progress_bar
from twin.experiments import ExperimentResult
from twin.experiments.executors import executor_kind, make_executor
from twin.optimise import (
    Constraint,
    Evaluate,
    Evaluation,
    Fidelity,
    OptimisationResult,
    Search,
    TrialOutcome,
    Variable,
    optimise,
    parse_constraint,
    parse_vary,
    store_recorder,
)
from twin.optimise.search import OnTrial
from twin.outputs import experiment_metadata, write_outputs
from twin.planning.evaluate import ROUTES, is_metric, settings_scenario, study_objective
from twin.runtime.engine import DeadlockError
from twin.store import StoreError

CONFIRMATION_KEY = "best (confirmation)"
"""The experiment key of the best settings' confirmation run (store record, metadata)."""

DaysOption = Annotated[float | None, typer.Option(
    "--days", help="Measured days of the long rung and the confirmation (default: the "
    "study's horizon).", min=0.001, callback=finite_at_most(MAX_HORIZON_DAYS, HORIZON_REASON))]
ShortDays = Annotated[float, typer.Option(
    help="Measured days of the short rung (every trial runs it first; capped at --days).",
    min=0.001, callback=finite_at_most(MAX_HORIZON_DAYS, HORIZON_REASON))]
TrialWorkers = Annotated[int, typer.Option(
    "--workers", help="Trials evaluated at once, each in a local worker process (with "
    "--scheduler: on the Dask cluster). The trials depend on --seed and --workers, not on "
    "where they run; 1 = serially, in this process.", min=1,
    callback=finite_at_most(MAX_WORKERS, WORKERS_REASON))]


def optimise_command(
    ctx: typer.Context,
    vary: Annotated[list[str], typer.Option(
        "--vary", help="PATH=LOW..HIGH, repeatable: a route-spec field (cells=2..5, "
        "takt_s=50.0..70.0) or a scenario path (stations.laser_trim.buffer_capacity=0..10).")],
    route: Annotated[str, typer.Option(help="The route searched: casting or welded.")
                     ] = "casting",
    objective: Annotated[str, typer.Option(help="Metric to minimise (mean over the "
                                           "replications).")] = "cost_per_body_usd",
    constraint: Annotated[list[str] | None, typer.Option(
        "--constraint", help="METRIC>=BOUND or METRIC<=BOUND on a metric's mean, repeatable, "
        "e.g. demand_met_share>=0.95 (the share of replications that met the demand).")
    ] = None,
    study_file: StudyFile = None,
    trials: Annotated[int, typer.Option(help="Trial budget.", min=1, max=10_000)] = 20,
    seed: Annotated[int | None, typer.Option(
        help="Seed of the sampler and of every trial's replications (default: the study's).",
        min=0)] = None,
    demand: Annotated[float | None, typer.Option(
        help="Annual demand \\[good bodies/yr] (overrides the study).", min=1,
        callback=finite_at_most(5_000_000, "more bodies a year than any car plant builds"),
    )] = None,
    days: DaysOption = None,
    replications: Annotated[int | None, typer.Option(
        help="Replications of the long rung (default: the study's).", min=1, max=1_000)
    ] = None,
    short_days: ShortDays = 7.0,
    short_replications: Annotated[int, typer.Option(
        help="Replications of the short rung.", min=1, max=1_000)] = 2,
    confirm_replications: Annotated[int | None, typer.Option(
        help="Replications of the confirmation run of the best and the runner-up (default: "
        "twice the long rung's, at least 4).", min=2, max=1_000)] = None,
    workers: TrialWorkers = 1,
    scheduler: Scheduler = None,
    out: OutDir = None,
    tag: recording.Tag = None,
    note: recording.Note = None,
    no_record: recording.NoRecord = False,
    store: recording.StoreUrl = None,
) -> None:
    """Search one route's settings for the least cost that meets the demand."""
    study = study_with_options(study_file, demand, days, replications, seed)
    variables, constraints = parsed_inputs(vary, constraint or [], objective, route)
    catalog = load_catalog()
    check_settings(study, route, variables, catalog)
    long = Fidelity(study.run.replications, study.run.horizon_days)
    short = Fidelity(short_replications, min(short_days, study.run.horizon_days))
    rungs = (long,) if short == long else (short, long)
    confirm = Fidelity(confirm_replications or max(4, 2 * long.replications), long.horizon_days)
    evaluate = StudyEvaluate(study, route, catalog)
    search = Search(evaluate, variables, objective, constraints, rungs, study.run.seed)
    record = recording.start(store, no_record, tag, note)
    on_trial = trial_recorder(record)
    result = run_with_bar(search, trials, confirm, on_trial, workers, scheduler)
    print_result(result, search)
    given = arguments(ctx)
    best = result.best_evaluation
    experiments = {CONFIRMATION_KEY: best.experiment} if best and best.experiment else {}
    details = optimise_details(result, search, route, confirm, study, workers, scheduler)
    if out is not None:
        write(out, result, study, experiments, given, details)
    if experiments:
        recording.finish(record, ctx, "optimise", experiments, out, details)
    elif record.store is not None:
        record.store.close()


def parsed_inputs(vary: list[str], constraints: list[str], objective: str, route: str
                  ) -> tuple[tuple[Variable, ...], tuple[Constraint, ...]]:
    """The ``--vary`` ranges and ``--constraint``s; bad input exits 2 naming the option."""
    if route not in ROUTES:
        raise fail(f"--route {route!r}: expected one of {', '.join(ROUTES)}")
    try:
        variables = tuple(parse_vary(text) for text in vary)
        bounds = tuple(parse_constraint(text) for text in constraints)
    except ValueError as error:
        raise fail(str(error)) from None
    paths = [v.path for v in variables]
    if len(set(paths)) < len(paths):
        raise fail(f"--vary: a setting is given twice ({', '.join(paths)})")
    for name, option in [(objective, "--objective"), *((c.metric, "--constraint")
                                                       for c in bounds)]:
        if not is_metric(name):
            raise fail(f"{option} {name!r}: not a metric of the study objective (e.g. "
                       "cost_per_body_usd, demand_met_share, attainment_share, "
                       "order_backlog_days, scrap_share)")
    return variables, bounds


def check_settings(study: Study, route: str, variables: tuple[Variable, ...],
                   catalog: Catalog) -> None:
    """Build the route at both ends of every range (no simulation): a bad one exits 2."""
    for end in ("low", "high"):
        settings = {v.path: (int(getattr(v, end)) if v.integer else getattr(v, end))
                    for v in variables}
        try:
            settings_scenario(study, route, settings, catalog)
        except ValueError as error:  # ScenarioError and pydantic's errors are ValueErrors
            raise fail(f"--vary at the {end} ends {settings}: {error}") from None


class StudyEvaluate:
    """The study objective as a plain object, so it pickles to worker processes.

    :func:`study_objective` returns a closure (which does not pickle); this holds its inputs
    and builds the closure on first use, in whichever process evaluates.
    """

    def __init__(self, study: Study, route: str, catalog: Catalog) -> None:
        self.study, self.route, self.catalog = study, route, catalog
        self._built: Evaluate | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"study": self.study, "route": self.route, "catalog": self.catalog}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def __call__(self, settings: Any, fidelity: Fidelity, seed: int) -> Evaluation:
        """Evaluate ``settings`` at ``fidelity`` with ``seed`` (the study objective)."""
        if self._built is None:
            self._built = study_objective(self.study, self.route, self.catalog)
        return self._built(settings, fidelity, seed)


def trial_recorder(record: recording.Recording) -> OnTrial | None:
    """Record every trial in the open store; a store error warns once and stops recording."""
    if record.store is None:
        return None
    recorder = store_recorder(record.store, record.tag, record.note)
    failed: list[StoreError] = []

    def on_trial(outcome: TrialOutcome, evaluation: Evaluation) -> None:
        if failed:
            return
        try:
            recorder(outcome, evaluation)
        except StoreError as error:
            failed.append(error)
            typer.echo(f"warning: {error}; the remaining trials are not recorded", err=True)

    return on_trial


def run_with_bar(search: Search, trials: int, confirm: Fidelity, on_trial: OnTrial | None,
                 workers: int = 1, scheduler: str | None = None) -> OptimisationResult:
    """The search and the confirmation with a progress bar; a run that cannot go exits 2.

    ``workers`` trials at a time on local processes, or on Dask with a ``scheduler``.
    """
    kind, address = executor_kind(trials, workers, scheduler)
    bar, update = progress_bar(console, "optimise")
    try:
        with bar, make_executor(kind, workers, address) as executor:
            return optimise(search, trials, confirm, on_trial, update, executor, workers)
    except (ScenarioError, DeadlockError) as error:
        raise fail(str(error)) from None


def print_result(result: OptimisationResult, search: Search) -> None:
    """The confirmation table, the front and the statement."""
    if not result.confirmation.empty:
        table = Table(title="Best settings, confirmation run (mean, 95 % CI)")
        for column in ("metric", "mean", "95 % CI", "n"):
            table.add_column(column, justify="left" if column == "metric" else "right")
        shown = [search.objective, *(c.metric for c in search.constraints)]
        rows = result.confirmation.set_index("metric")
        for metric in dict.fromkeys(shown):
            row = rows.loc[metric]
            table.add_row(metric, f"{row['mean']:,.4g}",
                          f"[{row['ci_low']:,.4g}, {row['ci_high']:,.4g}]", f"{int(row['n'])}")
        console.print(table)
    if not result.front.empty:
        front = Table(title="Trials that finished (front: no other is cheaper and closer to "
                      "the constraints)")
        for column in result.front.columns:
            front.add_column(str(column), justify="right")
        for row in result.front.sort_values(search.objective).itertuples(index=False):
            front.add_row(*(_cell(value) for value in row))
        console.print(front)
    typer.echo(result.statement)
    if result.best is not None and result.runner_up is None:
        typer.echo("No other settings finished the long rung feasible, so there is no "
                   "runner-up to be sure against (raise --trials or widen the --vary ranges).")


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.4g}"
    return str(value)


def trials_table(result: OptimisationResult) -> pd.DataFrame:
    """One row per trial in trial order: settings, fidelity reached, objective, metrics."""
    return pd.DataFrame([{"trial": o.number, **o.settings,
                          "replications": o.fidelity.replications,
                          "horizon_days": o.fidelity.horizon_days, "pruned": o.pruned,
                          "feasible": o.feasible, "objective": o.objective, **o.metrics}
                         for o in result.trials])


def best_table(result: OptimisationResult) -> pd.DataFrame:
    """The confirmation table, each row with the best settings (empty if none was feasible)."""
    if result.best is None:
        return pd.DataFrame(columns=["metric", "mean", "sd", "ci_low", "ci_high", "n"])
    return result.confirmation.assign(**dict(result.best.settings))


def optimise_details(result: OptimisationResult, search: Search, route: str,
                     confirm: Fidelity, study: Study, workers: int = 1,
                     scheduler: str | None = None) -> dict[str, object]:
    """What metadata.json and the store keep about the search beyond the confirmation run."""
    return {
        "route": route, "objective": search.objective,
        "constraints": [str(c) for c in search.constraints],
        "variables": [{"path": v.path, "low": v.low, "high": v.high, "integer": v.integer}
                      for v in search.variables],
        "rungs": [{"replications": f.replications, "horizon_days": f.horizon_days}
                  for f in search.rungs],
        "confirmation": {"replications": confirm.replications,
                         "horizon_days": confirm.horizon_days},
        "seed": search.seed, "trials": len(result.trials),
        "best_settings": dict(result.best.settings) if result.best else None,
        "runner_up_settings": dict(result.runner_up.settings) if result.runner_up else None,
        "confirmed_feasible": result.confirmed_feasible,
        "probability_best_beats_runner_up": result.probability_best_beats_runner_up,
        "statement": result.statement,
        "annual_demand_bodies": study.annual_demand_bodies,
        "execution": execution(workers, scheduler),
        "trials_per_batch": workers,
    }


def execution(workers: int, scheduler: str | None) -> str:
    """Where the trials ran, for the metadata (the trials themselves depend on ``workers``)."""
    if scheduler:
        return f"dask ({scheduler}), {workers} trials at a time"
    return "serial" if workers == 1 else f"processes, {workers} trials at a time"


def write(out: Path, result: OptimisationResult, study: Study,
          experiments: dict[str, ExperimentResult], given: dict[str, object],
          details: dict[str, object]) -> None:
    """trials.csv, front.csv, best.csv, study.yaml and metadata.json, all or nothing."""
    frames = {"trials": trials_table(result), "front": result.front, "best": best_table(result)}
    files = {"study.yaml": yaml.safe_dump(study.model_dump(mode="json"), sort_keys=False)}
    metadata = experiment_metadata(experiments, "optimise", given, details)
    written = write_outputs(out, frames, metadata, files)
    console.print(f"wrote {', '.join(p.name for p in written)} to {out}")


def register(app: typer.Typer) -> None:
    """Add the ``optimise`` command to ``app``."""
    app.command("optimise")(optimise_command)
