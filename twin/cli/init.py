"""``gigatwin init KIND FILE``: write a commented starting file that validates.

``scenario`` is a small line for ``gigatwin run``; ``route`` (``--route welded|casting``) a
route file for ``gigatwin compare``; ``study`` a study with every default spelled out. An
existing file is never overwritten unless ``--force`` is given.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lines.starter_files import SCENARIO_STARTER, route_starter, study_starter
from twin.cli.errors import fail
from twin.cli.options import out_file_problem
from twin.outputs import atomic_write_text


class Kind(StrEnum):
    """Which starting file to write."""

    scenario = "scenario"
    route = "route"
    study = "study"


class Route(StrEnum):
    """The route of a route file."""

    welded = "welded"
    casting = "casting"


def starter_text(kind: Kind, route: Route) -> str:
    """The commented starting file of ``kind``."""
    if kind is Kind.route:
        return route_starter(route.value)
    if kind is Kind.study:
        return study_starter()
    return SCENARIO_STARTER


def init_command(
    kind: Annotated[Kind, typer.Argument(help="What to start: scenario, route or study.")],
    file: Annotated[Path, typer.Argument(help="The YAML file to write.")],
    route: Annotated[Route, typer.Option(help="For a route file: which route.")] = Route.casting,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starting file (scenario, route or study) that validates."""
    if file.exists() and not force:
        raise fail(f"{file} exists; give --force to overwrite it")
    problem = out_file_problem(file)
    if problem:
        raise fail(problem)
    atomic_write_text(file, starter_text(kind, route))
    typer.echo(f"wrote {file} ({kind.value}); check it with: gigatwin validate {file}")
