"""``gigatwin show ID``: one recorded experiment: settings, versions, KPIs, scenarios as run."""

from __future__ import annotations

from typing import Annotated

import typer

from twin.cli.errors import fail
from twin.cli.options import StoreUrl
from twin.cli.recording import open_or_fail
from twin.cli.report import console
from twin.cli.store_views import kpi_table, record_lines
from twin.store import ExperimentRecord, StoreError

ExperimentId = Annotated[int, typer.Argument(help="The experiment's id (see gigatwin history).")]


def show_command(
    experiment_id: ExperimentId,
    yaml: Annotated[bool, typer.Option(
        "--yaml", help="Also print each scenario as it ran (YAML).")] = False,
    store: StoreUrl = None,
) -> None:
    """Show one recorded experiment: command, arguments, seeds, versions, KPIs with CIs."""
    record = read_or_fail(store, experiment_id)
    for line in record_lines(record):
        typer.echo(line)
    console.print(kpi_table(record))
    if yaml:
        for key, scenario in record.scenarios.items():
            typer.echo(f"# scenario {key} as run")
            typer.echo(scenario.yaml)


def read_or_fail(store: str | None, experiment_id: int) -> ExperimentRecord:
    """Record ``experiment_id`` of the store; a missing one or a store error exits 2."""
    opened = open_or_fail(store)
    try:
        return opened.get(experiment_id)
    except StoreError as error:
        raise fail(str(error)) from None
    finally:
        opened.close()
