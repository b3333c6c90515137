"""``gigatwin history``: the recorded experiments, newest first, optionally by tag."""

from __future__ import annotations

from typing import Annotated

import typer

from twin.cli.errors import fail
from twin.cli.options import StoreUrl
from twin.cli.recording import open_or_fail
from twin.cli.report import console
from twin.cli.store_views import history_table
from twin.store import StoreError


def history_command(
    tag: Annotated[str | None, typer.Option(help="Only the experiments with this tag.")] = None,
    last: Annotated[int | None, typer.Option(help="Only the last N experiments.", min=1)] = None,
    command: Annotated[str | None, typer.Option(
        help="Only one command's experiments (run, compare, sweep, what-if, ...).")] = None,
    store: StoreUrl = None,
) -> None:
    """List the recorded experiments (id, time, command, tag, note, throughput), newest first."""
    opened = open_or_fail(store)
    try:
        found = opened.history(tag=tag, last=last, command=command)
    except StoreError as error:
        raise fail(str(error)) from None
    finally:
        opened.close()
    if found.empty:
        typer.echo(f"no experiments recorded in {opened.name}")
        return
    console.print(history_table(found, opened.name))
