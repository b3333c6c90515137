"""The CLI reference (docs/reference/cli.md), generated from the ``gigatwin`` Typer app.

Run ``python -m twin.docgen.cli_reference`` (or ``make schema``) after changing a command;
a test fails while the committed page differs from what this module generates.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from twin.cli import app
from twin.outputs.atomic import atomic_write_text

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "cli.md"


def _cell(text: str | None) -> str:
    """Text fit for one Markdown table cell."""
    return " ".join((text or "").split()).replace("|", "\\|")


def _value(param: Any, ctx: Any) -> str:
    """What a parameter takes: a flag, or its type with its limits, e.g. ``int >= 1``."""
    if getattr(param, "is_flag", False):
        return "flag"
    kind = param.display_type(ctx).strip("<>").removesuffix(" range").replace("|", " \\| ")
    if getattr(param, "multiple", False):
        kind = kind.removeprefix("list[").removesuffix("]") + ", repeatable"
    limits = [f"{sign} {bound}" for sign, bound in ((">=", getattr(param, "min", None)),
                                                    ("<=", getattr(param, "max", None)))
              if bound is not None]
    return ", ".join([kind, *limits])


def _default(param: Any) -> str:
    """The default as code; empty when the parameter is required or has none."""
    if param.required or param.default is None:
        return ""
    return f"`{getattr(param.default, 'value', param.default)}`"


def _row(param: Any, ctx: Any) -> str:
    """One table row: name(s), value, required, default, help."""
    names = ", ".join(f"`{name}`" for name in [*param.opts, *param.secondary_opts])
    if param.param_type_name == "argument":
        names = f"`{param.name.upper()}`"
    required = "yes" if param.required else ""
    return (f"| {names} | {_value(param, ctx)} | {required} | {_default(param)} | "
            f"{_cell(param.help)} |")


def _command(name: str, command: Any, ctx: Any) -> list[str]:
    """The section of one command: usage, help and its parameter table."""
    arguments = [p.name.upper() for p in command.params if p.param_type_name == "argument"]
    usage = " ".join(["gigatwin", name, "[OPTIONS]", *arguments])
    return [f"## `gigatwin {name}`", "", _cell(command.help), "", f"Usage: `{usage}`", "",
            "| parameter | value | required | default | meaning |", "|---|---|---|---|---|",
            *(_row(p, ctx) for p in command.params), ""]


def render() -> str:
    """The whole reference page as Markdown."""
    group: Any = typer.main.get_command(app)
    ctx = group.make_context("gigatwin", [], resilient_parsing=True)
    lines = ["# CLI reference", "",
             "Generated from the `gigatwin` Typer app by "
             "`python -m twin.docgen.cli_reference`; do not edit by hand.",
             "`gigatwin COMMAND --help` prints the same. Units are in each option's help text.",
             "", _cell(group.help), ""]
    for name in sorted(group.list_commands(ctx)):  # lazy commands are loaded to be documented
        lines += _command(name, group.get_command(ctx, name), ctx)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    atomic_write_text(PAGE, render())
    sys.stdout.write(f"wrote {PAGE}\n")
