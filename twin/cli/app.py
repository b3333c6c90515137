"""The ``gigatwin`` Typer app: every command registered here, each from its own module.

Commands are loaded lazily: ``gigatwin --help`` lists them from :data:`COMMANDS` without
importing any (they pull in pandas, scipy, SimPy, scikit-learn), and ``gigatwin run ...``
imports only the ``run`` module. A command is one line in :data:`COMMANDS`; a test checks
that each one-line help there is the first line of the command function's docstring.
"""

from __future__ import annotations

import importlib
import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import click
import typer
from typer.core import TyperGroup

from twin.cli.errors import is_user_error, report_bug, report_user_error

COMMANDS: dict[str, tuple[str, str, str]] = {
    "run": ("twin.cli.run", "run_command",
            "Run replications of a scenario; print KPIs with confidence intervals; write CSVs."),
    "compare": ("twin.cli.compare", "compare_command",
                "Run the welded and the casting route side by side; paired differences, "
                "verdict, CSVs."),
    "warmup": ("twin.cli.warmup", "warmup_command",
               "Recommend a warm-up (MSER-5 on runs from empty); print and write the series."),
    "sweep": ("twin.cli.sweep", "sweep_command",
              "Run a grid of what-if values with common random numbers; compare, pick the "
              "best point."),
    "cost": ("twin.cli.cost", "cost_command",
             "Cost per good body of both routes by element, break-even, tornado, carbon; CSV "
             "out."),
    "parts": ("twin.cli.parts", "parts_command",
              "Show each route's parts, masses, joins and totals; export tables and meshes."),
    "train-defects": ("twin.cli.train_defects", "train_defects_command",
                      "Train the casting defect-probability model and report its held-out "
                      "scores."),
    "plan": ("twin.cli.plan", "plan_command",
             "Size both routes for a demand, simulate them at it, and cost every replication."),
    "optimise": ("twin.cli.optimise", "optimise_command",
                 "Search one route's settings for the least cost that meets the demand."),
    "model-info": ("twin.cli.model_info", "model_info_command",
                   "Show a defect model's card: training data, date, features, held-out scores."),
    "check-defects": ("twin.cli.check_defects", "check_defects_command",
                      "Score a defect model on newer shots (AUC, Brier, calibration, PSI); say "
                      "if to retrain."),
    "schema": ("twin.cli.schema", "schema_command",
               "Print (or write) the JSON Schema of scenario files, for editors and validators."),
    "fit": ("twin.cli.fit", "fit_command",
            "Fit cycle times, failures and repairs from an event log; write a runnable scenario."),
    "init": ("twin.cli.init", "init_command",
             "Write a commented starting file (scenario, route or study) that validates."),
    "validate": ("twin.cli.validate", "validate_command",
                 "Check project files (kind detected from their content); say what each holds."),
    "history": ("twin.cli.history", "history_command",
                "List the recorded experiments (id, time, command, tag, note, throughput), "
                "newest first."),
    "show": ("twin.cli.show", "show_command",
             "Show one recorded experiment: command, arguments, seeds, versions, KPIs with CIs."),
    "diff": ("twin.cli.diff", "diff_command",
             "Two recorded experiments side by side; the paired difference when seeds match."),
    "rerun": ("twin.cli.rerun", "rerun_command",
              "Run a recorded experiment again with its recorded inputs; warn if versions "
              "differ."),
}
"""Command name -> (module, function, one-line help shown by ``gigatwin --help``)."""


def load_command(name: str) -> click.Command:
    """The click command ``name``, importing its module now (the one lazy import of the CLI)."""
    module, function, _ = COMMANDS[name]
    single = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)
    single.command(name)(getattr(importlib.import_module(module), function))
    command = typer.main.get_command(single)
    command.name = name
    return command


class LazyCommands(TyperGroup):
    """A Typer group whose :data:`COMMANDS` are imported only when one is run or documented."""

    def list_commands(self, ctx: click.Context) -> list[str]:  # noqa: D102
        eager = [name for name in super().list_commands(ctx) if name not in COMMANDS]
        return [*COMMANDS, *eager]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:  # noqa: D102
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            self.add_command(load_command(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list, from the one-line helps (no command module is imported)."""
        rows = [(name, COMMANDS[name][2] if name in COMMANDS
                 else self.commands[name].get_short_help_str(formatter.width))
                for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _print_version(value: bool) -> None:
    if value:
        try:
            number = version("gigatwin")
        except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
            number = "unknown (not installed)"
        typer.echo(f"gigatwin {number}")
        raise typer.Exit()


app = typer.Typer(
    name="gigatwin",
    help="Digital twin of car-body manufacturing: welded body-in-white versus giga-casting.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: "[good bodies/yr]" is a unit, not rich markup
    cls=LazyCommands,
)


@app.callback()
def _options(
    show_version: Annotated[bool, typer.Option(
        "--version", help="Print the version and exit.", is_eager=True,
        callback=_print_version)] = False,
) -> None:
    """Digital twin of car-body manufacturing: welded body-in-white versus giga-casting."""


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``gigatwin`` console script: exit 2 for bad input, 70 for a bug."""
    try:
        app(args=argv if argv is not None else sys.argv[1:], prog_name="gigatwin")
    except Exception as error:  # noqa: BLE001 - the last line of defence of the front door
        if is_user_error(error):  # a reader's error no command caught: still the input
            raise SystemExit(report_user_error(error)) from None
        raise SystemExit(report_bug()) from None


if __name__ == "__main__":
    main()
