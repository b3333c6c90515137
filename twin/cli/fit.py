"""``gigatwin fit``: fit a line's stations from an MES/andon event log; write a runnable scenario.

Thin front door over :mod:`twin.fitting`. A bad log, base scenario or fit exits with code 2 and
a message naming the file, line and column, before anything is written; the scenario file is
written atomically, the report (tables, the scenario and ``metadata.json``) all or nothing.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lines.scenario_io import ScenarioError, load_scenario
from twin.cli.errors import fail
from twin.cli.options import arguments, check_out_dir, check_out_file
from twin.fitting import (
    EventLogError,
    LogFit,
    candidates_table,
    fit_event_log,
    fitted_scenario,
    fragment_yaml,
    read_event_log,
    reliability_table,
    state_share_table,
)
from twin.outputs import RunMetadata, write_outputs
from twin.outputs.atomic import atomic_write_text


class CalendarSource(StrEnum):
    """Where the fitted scenario's shift calendar comes from."""

    log = "log"
    base = "base"


def fit_command(
    ctx: typer.Context,
    events: Annotated[Path, typer.Argument(help="Event log CSV (station, machine, state, "
                                           "start, end); see docs/how-to/fit_event_log.md.")],
    out: Annotated[Path, typer.Option("--out", help="Scenario YAML file to write.",
                                      callback=check_out_file)],
    report: Annotated[Path | None, typer.Option(
        "--report", help="Directory for the fit tables (candidates, reliability, state "
        "shares), the scenario and metadata.json.", callback=check_out_dir)] = None,
    base: Annotated[Path | None, typer.Option(
        "--base", help="Scenario to merge the fitted stations into (default: the stations "
        "in series, fed by an unlimited supply).")] = None,
    calendar: Annotated[CalendarSource, typer.Option(
        help="Shift calendar: 'log' (seen in the log's off_shift rows, if any) or 'base' "
        "(keep the base scenario's).")] = CalendarSource.log,
    resamples: Annotated[int, typer.Option(
        help="Bootstrap resamples of the goodness-of-fit p-value (0: none).", min=0,
        max=9999)] = 99,
    seed: Annotated[int, typer.Option(
        help="Seed of the bootstrap and of the row subsample of long logs.", min=0)] = 0,
) -> None:
    """Fit cycle times, failures and repairs from an event log; write a runnable scenario."""
    try:
        log = read_event_log(events)
        base_scenario = None if base is None else load_scenario(base)
        fit = fit_event_log(log, resamples=resamples, seed=seed)
        scenario = fitted_scenario(fit, base_scenario, calendar.value)
    except (EventLogError, ScenarioError) as error:
        raise fail(str(error)) from None
    text = fragment_yaml(scenario, fit)
    if report is not None:
        details = {"event_log": str(events), "stations": list(fit.stations),
                   "calendar": None if fit.calendar is None else fit.calendar.model_dump()}
        metadata = RunMetadata("fit", arguments(ctx), {scenario.name: scenario.digest()},
                               seed, details=details)
        write_outputs(report, report_tables(fit), metadata, {"scenario.yaml": text})
    atomic_write_text(out, text)
    typer.echo(summary(fit))
    typer.echo(f"wrote {out}" + ("" if report is None else f" and the report in {report}"))


def report_tables(fit: LogFit) -> dict[str, object]:
    """The report's tables by file name."""
    return {"candidates": candidates_table(fit), "reliability": reliability_table(fit),
            "state_shares": state_share_table(fit)}


def summary(fit: LogFit) -> str:
    """One line per station and duration: the pick, its mean with the interval, the p-value."""
    lines = []
    for station in fit.stations.values():
        for quantity, qfit in station.quantities.items():
            if qfit is None:
                lines.append(f"{station.station:<16} {quantity:<22} too few durations to fit")
                continue
            m, unit = qfit.fit.mean, {1.0: "s", 60.0: "min", 3600.0: "h"}[qfit.unit_s]
            lines.append(
                f"{station.station:<16} {quantity:<22} {qfit.chosen:<11} mean "
                f"{m.value / qfit.unit_s:.4g} {unit} [{m.low / qfit.unit_s:.4g}, "
                f"{m.high / qfit.unit_s:.4g}]  n={len(qfit.sample.values)} "
                f"(censored {int(qfit.sample.censored.sum())})  p={qfit.p_value:.2f}"
            )
    return "\n".join(lines)
