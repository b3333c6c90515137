"""Recording a command's experiments in the store (--tag, --note, --no-record, --store).

The parent process records, after the results are printed and written to ``--out``; the
workers that simulate never touch the store. A store that cannot be opened is reported as a
warning before the simulation starts (so the user knows at once) and, once the results are
printed and their files written, as an error naming the store (exit status 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import typer

from twin.cli.errors import fail
from twin.cli.options import NoRecord, Note, StoreUrl, Tag, arguments
from twin.experiments.replications import ExperimentResult
from twin.outputs import experiment_metadata
from twin.store import ExperimentStore, StoreError, entry_from_experiments

__all__ = ["NoRecord", "Note", "Recording", "StoreUrl", "Tag", "comparison_summaries", "finish",
           "input_files", "open_or_fail", "overrides", "start"]

MAX_INPUT_BYTES = 5_000_000
"""Larger input files are not copied into the record (rerun reads them from disk)."""
OVERRIDE_ARGUMENTS = {"days": "horizon_days", "warmup_h": "warmup_h", "set_": "grid"}
"""Command options that change the scenario, by the scenario field (or grid) they set."""


@dataclass(frozen=True)
class Recording:
    """Where (and whether) a command records: the open store, or why it could not be opened."""

    enabled: bool
    store: ExperimentStore | None = None
    problem: StoreError | None = None
    tag: str | None = None
    note: str | None = None


def start(store: str | None, no_record: bool, tag: str | None = None,
          note: str | None = None) -> Recording:
    """Open the store before the simulation; a failure is a warning here, an error at the end."""
    if no_record:
        return Recording(enabled=False)
    try:
        return Recording(True, ExperimentStore.open(store), tag=tag, note=note)
    except StoreError as error:
        typer.echo(f"warning: {error}; this experiment will not be recorded (its results "
                   "are still printed and written to --out)", err=True)
        return Recording(True, problem=error, tag=tag, note=note)


def finish(recording: Recording, ctx: typer.Context, command: str,
           experiments: Mapping[str, ExperimentResult], out: Path | None,
           details: Mapping[str, object] | None = None,
           extra_summaries: Mapping[str, pd.DataFrame] | None = None) -> int | None:
    """Record the experiments (after ``--out`` is written); return the new id, None if off.

    ``extra_summaries`` adds KPI rows (e.g. a comparison's cost per body) to an experiment's
    summary, by experiment key.
    """
    if not recording.enabled:
        return None
    written = f" (the results were written to {out})" if out is not None else ""
    if recording.store is None:
        raise fail(f"{recording.problem}; not recorded{written}")
    given = arguments(ctx)
    entry = entry_from_experiments(
        experiment_metadata(experiments, command, given, details), experiments,
        tag=recording.tag, note=recording.note, overrides=overrides(given),
        inputs=input_files(ctx), out_dir=str(out.resolve()) if out is not None else None)
    if extra_summaries:
        entry = replace(entry, summaries={
            key: pd.concat([frame, extra_summaries[key]], ignore_index=True)
            if key in extra_summaries else frame for key, frame in entry.summaries.items()})
    try:
        new_id = recording.store.record(entry)
    except StoreError as error:
        raise fail(f"{error}; not recorded{written}") from None
    finally:
        recording.store.close()
    typer.echo(f"recorded as experiment {new_id} in {recording.store.name}")
    return new_id


def comparison_summaries(table: pd.DataFrame, experiments: Mapping[str, ExperimentResult]
                         ) -> dict[str, pd.DataFrame]:
    """The comparison table (``comparison.csv``) as summary rows of scope ``comparison``."""
    found = {}
    for route, experiment in experiments.items():
        replications = len(experiment.results)
        found[route] = pd.DataFrame({
            "kpi": table["kpi"], "scope": "comparison", "unit": table["unit"],
            "mean": table[f"{route}_mean"], "sd": float("nan"),
            "ci_low": table[f"{route}_ci_low"], "ci_high": table[f"{route}_ci_high"],
            "n": replications, "confidence": 0.95})
    return found


def overrides(given: Mapping[str, object]) -> dict[str, object]:
    """The options that changed the scenario, by the field they set."""
    return {field: given[name] for name, field in OVERRIDE_ARGUMENTS.items()
            if given.get(name) is not None}


def input_files(ctx: typer.Context) -> dict[str, str]:
    """The text of every file the command read from its arguments (for ``rerun``).

    A single file is keyed by its argument's name, the files of a list argument by
    ``name[i]``.
    """
    found = {}
    for name, value in ctx.params.items():
        if name == "out":
            continue
        items = [(name, value)] if not isinstance(value, list | tuple) else [
            (f"{name}[{i}]", v) for i, v in enumerate(value)]
        for key, item in items:
            if isinstance(item, Path) and item.is_file() and item.stat().st_size <= MAX_INPUT_BYTES:
                try:
                    found[key] = item.read_text(encoding="utf-8")
                except UnicodeDecodeError:  # a binary file (a model): rerun reads it from disk
                    continue
    return found


def open_or_fail(store: str | None) -> ExperimentStore:
    """The store for a command that reads it; a store that cannot be opened exits 2."""
    try:
        return ExperimentStore.open(store)
    except StoreError as error:
        raise fail(str(error)) from None
