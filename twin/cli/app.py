"""The ``gigatwin`` Typer app: every command registered here, each from its own module."""

from __future__ import annotations

import typer

from twin.cli import compare, cost, parts, run, schema, sweep, train_defects

app = typer.Typer(
    name="gigatwin",
    help="Digital twin of car-body manufacturing: welded body-in-white versus giga-casting.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command("run")(run.run_command)
app.command("sweep")(sweep.sweep_command)
app.command("schema")(schema.schema_command)
app.command("parts")(parts.parts_command)
app.command("train-defects")(train_defects.train_defects_command)
app.command("compare")(compare.compare_command)
app.command("cost")(cost.cost_command)


def main() -> None:
    """Entry point of the ``gigatwin`` console script."""
    app()


if __name__ == "__main__":
    main()
