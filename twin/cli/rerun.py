"""``gigatwin rerun ID --out DIR``: run a recorded experiment again, from the store alone.

The command is invoked again with its recorded arguments; the files it read (scenario and
route files) come from the record, not from disk, so edits made since do not leak in. With
the same package versions the CSVs are byte-identical to the original's (every random
stream is keyed by seed, replication and element); a warning names any version that
differs. The rerun is recorded too, with the original's tag and a note naming the original.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from twin.cli.app import COMMANDS, load_command
from twin.cli.errors import fail
from twin.cli.options import NoRecord, StoreUrl
from twin.cli.show import read_or_fail
from twin.outputs import versions
from twin.store import ExperimentRecord

RERUNNABLE = ("run", "compare", "sweep", "plan", "optimise")
"""Commands whose records can be rerun (app what-ifs re-open on the Experiments page)."""
OWN_OPTIONS = ("out", "tag", "note", "no_record", "store")


def rerun_command(
    experiment_id: Annotated[int, typer.Argument(help="The experiment's id (gigatwin history).")],
    out: Annotated[Path, typer.Option("--out", help="Directory for the rerun's files.")],
    store: StoreUrl = None,
    no_record: NoRecord = False,
) -> None:
    """Run a recorded experiment again with its recorded inputs; warn if versions differ."""
    record = read_or_fail(store, experiment_id)
    if record.source != "cli" or record.command not in RERUNNABLE:
        raise fail(f"experiment {experiment_id} is a {record.command!r} record from the "
                   f"{record.source}; only {', '.join(RERUNNABLE)} records can be rerun")
    for line in version_warnings(record.versions, versions()):
        typer.echo(f"warning: {line}", err=True)
    command = _command(record.command)
    with tempfile.TemporaryDirectory(prefix="gigatwin-rerun-") as folder:
        args = command_line(command, record, Path(folder), out)
        args += _record_options(record, store, no_record)
        code = _invoke(command, args, record.command)
    if code:
        raise typer.Exit(code)
    _report_sameness(record, out)


def version_warnings(recorded: Mapping[str, str], current: Mapping[str, str]) -> list[str]:
    """One line naming every package whose version differs from the record's (or is new)."""
    differing = [f"{name} {recorded.get(name, 'absent')} -> {current.get(name, 'absent')}"
                 for name in dict.fromkeys([*recorded, *current])
                 if recorded.get(name) != current.get(name)]
    if not differing:
        return []
    return [f"versions differ from the original run ({'; '.join(differing)}): the numbers may "
            "not be identical"]


def command_line(command: Any, record: ExperimentRecord, folder: Path,
                 out: Path) -> list[str]:
    """The recorded arguments as a command line; recorded input files restored in ``folder``."""
    args: list[str] = []
    for param in command.params:
        name = param.name or ""
        if name in OWN_OPTIONS or name not in record.arguments:
            continue
        args += _param_args(param, _restored(record, name, folder))
    return [*args, "--out", str(out)]


def _restored(record: ExperimentRecord, name: str, folder: Path) -> Any:
    """The argument's recorded value, with each file it names rewritten from the record."""
    value = record.arguments[name]
    if isinstance(value, list):
        return [str(_restore(folder, f"{name}[{i}]", str(v), record.inputs[f"{name}[{i}]"]))
                if f"{name}[{i}]" in record.inputs else v for i, v in enumerate(value)]
    if name in record.inputs:
        return str(_restore(folder, name, str(value), record.inputs[name]))
    return value


def _param_args(param: Any, value: Any) -> list[str]:
    """One parameter as command-line words (typer vendors click: its types are duck-typed)."""
    if param.param_type_name == "argument":
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if value is None or param.param_type_name != "option":
        return []
    if param.is_flag:
        if param.secondary_opts:
            return [param.opts[0] if value else param.secondary_opts[0]]
        return [param.opts[0]] if value else []
    values = value if param.multiple else [value]
    return [item for v in values for item in (param.opts[0], str(v))]


def _restore(folder: Path, name: str, original: str, text: str) -> Path:
    path = folder / name / Path(original).name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _record_options(record: ExperimentRecord, store: str | None, no_record: bool) -> list[str]:
    args = ["--note", f"rerun of experiment {record.id}"]
    args += ["--tag", record.tag] if record.tag else []
    args += ["--store", store] if store else []
    return [*args, "--no-record"] if no_record else args


def _command(name: str) -> Any:
    if name not in COMMANDS:
        raise fail(f"this gigatwin has no {name!r} command to rerun")
    return load_command(name)


def _invoke(command: Any, args: list[str], name: str) -> int:
    """Run the command in this process; a usage error (arguments that no longer fit) exits 2."""
    try:
        code = command.main(args, prog_name=f"gigatwin {name}", standalone_mode=False)
    except Exception as error:
        if not hasattr(error, "format_message"):  # not a usage error: a bug, let it show
            raise
        raise fail(f"the recorded arguments no longer fit 'gigatwin {name}': "
                   f"{error.format_message()}") from None
    return code if isinstance(code, int) else 0


def _report_sameness(record: ExperimentRecord, out: Path) -> None:
    """Say whether the rerun's CSVs equal the original's, if its folder still exists."""
    original = Path(record.out_dir) if record.out_dir else None
    if original is None or not original.is_dir() or original.resolve() == out.resolve():
        return
    names = sorted(p.name for p in out.glob("*.csv"))
    differing = [n for n in names if not (original / n).is_file()
                 or (original / n).read_bytes() != (out / n).read_bytes()]
    verdict = ("identical to the original's" if not differing
               else f"different from the original's: {', '.join(differing)}")
    typer.echo(f"the {len(names)} CSV files are {verdict} ({original})")
