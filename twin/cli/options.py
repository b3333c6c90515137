"""Option types shared by the commands, and the options as given (for ``metadata.json``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

Days = Annotated[
    float | None,
    typer.Option(help="Measured days after the warm-up (overrides the scenario).", min=0.001),
]
WarmupH = Annotated[
    float | None, typer.Option(help="Warm-up hours (overrides the scenario).", min=0)
]
Replications = Annotated[int, typer.Option(help="Independent replications.", min=1)]
Seed = Annotated[
    int, typer.Option(help="Root seed; replication i uses the streams of (seed, i).", min=0)
]
Workers = Annotated[
    int | None,
    typer.Option(help="Local worker processes (default: one per core; 1 = run here).", min=1),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        help="Dask scheduler address, e.g. tcp://host:8786, or 'local' for a local Dask cluster."
    ),
]
OutDir = Annotated[
    Path | None, typer.Option("--out", help="Directory for the CSV files and metadata.json.")
]


def arguments(ctx: typer.Context) -> dict[str, object]:
    """The command's parameters as given (defaults filled in) in the order of its signature."""
    return {p.name: ctx.params[p.name] for p in ctx.command.params if p.name in ctx.params}
