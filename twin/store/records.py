"""What one experiment record holds: :class:`ExperimentEntry` in, :class:`ExperimentRecord` out.

An entry carries the command's ``metadata.json`` document (:class:`twin.outputs.RunMetadata`,
the one metadata shape: arguments, scenario hashes, seed, seed rule, replication seeds,
versions), the scenarios as run (YAML), the summary KPIs with their confidence intervals and
the line KPIs of every replication (what a paired difference needs), plus the tag, note,
overrides, input files and output folder. :func:`entry_from_experiments` builds one from the
experiments a command ran; a caller with other results (a study, an optimisation trial) fills
the same fields itself.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from lines.scenario_io import scenario_to_yaml
from twin.experiments.kpis import LINE_UNITS
from twin.experiments.replications import ExperimentResult
from twin.outputs import RunMetadata

SUMMARY_COLUMNS = ("scope", "kpi", "unit", "mean", "sd", "ci_low", "ci_high", "n", "confidence")
SOURCES = ("cli", "app", "optimise", "api")
"""Where a record came from: a CLI command, an app what-if, an optimisation trial, a script."""


@dataclass(frozen=True)
class ScenarioAsRun:
    """One experiment's scenario as it ran: name, 16-hex-digit content hash and YAML."""

    name: str
    sha256_16: str
    yaml: str


@dataclass(frozen=True)
class ExperimentEntry:
    """A new record, as a command hands it to :meth:`ExperimentStore.record`.

    ``summaries`` maps each experiment key to its summary table (columns
    :data:`SUMMARY_COLUMNS`); ``replications`` maps it to its line KPIs per replication (a
    ``replication`` and a ``seed`` column, one numeric column per KPI).
    """

    command: str
    metadata: Mapping[str, Any]
    scenarios: Mapping[str, ScenarioAsRun]
    summaries: Mapping[str, pd.DataFrame]
    replications: Mapping[str, pd.DataFrame]
    tag: str | None = None
    note: str | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)
    inputs: Mapping[str, str] = field(default_factory=dict)
    out_dir: str | None = None
    source: str = "cli"

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"source must be one of {', '.join(SOURCES)}, got {self.source!r}")


@dataclass(frozen=True)
class ExperimentRecord:
    """A recorded experiment read back from the store.

    ``summary`` has an ``experiment_key`` column and :data:`SUMMARY_COLUMNS`;
    ``replications`` has ``experiment_key``, ``replication``, ``seed`` and one column per KPI.
    """

    id: int
    created_utc: datetime
    source: str
    command: str
    tag: str | None
    note: str | None
    arguments: Mapping[str, Any]
    overrides: Mapping[str, Any]
    inputs: Mapping[str, str]
    seed: int | None
    replications_count: int | None
    seed_rule: str | None
    replication_seeds: list[Any]
    versions: Mapping[str, str]
    metadata: Mapping[str, Any]
    out_dir: str | None
    scenarios: Mapping[str, ScenarioAsRun]
    summary: pd.DataFrame
    replications: pd.DataFrame

    @property
    def keys(self) -> list[str]:
        """The experiments of this record (one per scenario, route or grid point)."""
        return list(self.scenarios) or sorted(set(self.summary["experiment_key"]))


def entry_from_experiments(
    metadata: RunMetadata,
    experiments: Mapping[str, ExperimentResult],
    *,
    tag: str | None = None,
    note: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    inputs: Mapping[str, str] | None = None,
    out_dir: str | None = None,
    source: str = "cli",
) -> ExperimentEntry:
    """The record of simulated experiments, from the same metadata ``metadata.json`` holds."""
    return ExperimentEntry(
        command=metadata.command,
        metadata=_no_nan(json.loads(metadata.to_json())),
        scenarios={key: ScenarioAsRun(e.scenario.name, e.scenario.digest(),
                                      scenario_to_yaml(e.scenario))
                   for key, e in experiments.items()},
        summaries={key: e.summary for key, e in experiments.items()},
        replications={key: line_replications(e) for key, e in experiments.items()},
        tag=tag or None, note=note or None, overrides=json_safe(dict(overrides or {})),
        inputs=dict(inputs or {}), out_dir=out_dir, source=source,
    )


def line_replications(experiment: ExperimentResult) -> pd.DataFrame:
    """The numeric line KPIs of each replication, with its number and seed."""
    return experiment.replications[["replication", "seed", *LINE_UNITS]]


def json_safe(value: Any) -> Any:
    """``value`` as plain JSON (paths and numpy values as text or numbers, NaN as None)."""
    plain = json.loads(json.dumps(value, default=_jsonable))
    return _no_nan(plain)


def _jsonable(value: object) -> object:
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)


def _no_nan(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nan(v) for v in value]
    return value
