"""``gigatwin schema``: the JSON Schema of scenario files, for editors and validators."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from lines.spec import Scenario
from lines.study import Study
from twin.cli.report import console
from twin.outputs import atomic_write_text


def schema_command(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the schema here instead of printing it.")
    ] = None,
    study: Annotated[bool, typer.Option(
        "--study", help="The schema of study files (gigatwin plan) instead of scenarios.")] = False,
) -> None:
    """Print (or write) the JSON Schema of scenario files, for editors and validators."""
    model = Study if study else Scenario
    text = json.dumps(model.model_json_schema(), indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(out, text)
        console.print(f"wrote {out}")
