"""Every command's output directory: CSV tables, extra files and one ``metadata.json`` shape.

:func:`write_outputs` is the one writer: it stages ``<name>.csv`` per table, any extra text
or binary files (scenario YAMLs, STL meshes) and ``metadata.json``, then moves them into
place together, so either all files are written or none. :class:`RunMetadata` is the one
metadata shape (command, arguments, scenario hashes, seeds, versions, command details), so
that every number can be reproduced. :func:`write_experiments` writes the KPI tables of
simulated experiments (``summary.csv``, ``replications.csv``, ``stations.csv``) through it.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from importlib import metadata
from pathlib import Path

import pandas as pd

from lines.scenario_io import scenario_to_yaml
from twin.experiments.replications import ExperimentResult
from twin.outputs.atomic import (
    atomic_directory,
    atomic_write_bytes,
    atomic_write_csv,
    atomic_write_text,
)

PACKAGES = (
    "gigatwin",
    "simpy",
    "numpy",
    "pandas",
    "scipy",
    "pydantic",
    "scikit-learn",
    "trimesh",
    "streamlit",
    "plotly",
)
METADATA_FILE = "metadata.json"
SEED_RULE = "numpy SeedSequence(seed, spawn_key=(replication, crc32(element)...))"
"""How replication ``replication`` of root seed ``seed`` draws its random streams."""


@dataclass(frozen=True)
class RunMetadata:
    """What reproduces a command's outputs; written as ``metadata.json`` by every command.

    ``scenarios`` maps each experiment (or scenario) to its 16-hex-digit content hash;
    ``replication_seeds`` and ``experiments`` are filled where replications ran; ``details``
    holds the command's own items (cost rates, break-even volumes, the grid of a sweep, ...).
    """

    command: str
    arguments: Mapping[str, object] = field(default_factory=dict)
    scenarios: Mapping[str, str] = field(default_factory=dict)
    seed: int | None = None
    replications: int | None = None
    replication_seeds: tuple[Mapping[str, int], ...] = ()
    experiments: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    details: Mapping[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """The ``metadata.json`` document: these fields plus time, seed rule and versions."""
        return {
            "command": self.command,
            "arguments": dict(self.arguments),
            "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
            "scenarios": dict(self.scenarios),
            "seed": self.seed,
            "replications": self.replications,
            "seed_rule": SEED_RULE if self.replication_seeds else None,
            "replication_seeds": list(self.replication_seeds),
            "experiments": dict(self.experiments),
            "versions": versions(),
            "platform": platform.platform(),
            "details": dict(self.details),
        }

    def to_json(self) -> str:
        """The document as indented JSON; paths, enums and numpy values become plain values."""
        return json.dumps(self.as_dict(), indent=2, default=_jsonable) + "\n"


def tables(
    experiments: Mapping[str, ExperimentResult], label: str = "scenario"
) -> dict[str, pd.DataFrame]:
    """The three KPI tables of one or more experiments, each row tagged with its ``label``."""
    out: dict[str, list[pd.DataFrame]] = {"summary": [], "replications": [], "stations": []}
    for key, experiment in experiments.items():
        for name, frame in (
            ("summary", experiment.summary),
            ("replications", experiment.replications),
            ("stations", experiment.stations),
        ):
            frame = frame.drop(columns=["scenario"], errors="ignore")
            out[name].append(frame.assign(**{label: key})[[label, *frame.columns]])
    return {name: pd.concat(frames, ignore_index=True) for name, frames in out.items()}


def versions() -> dict[str, str]:
    """Installed versions of the packages that shape the numbers."""
    found = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return found


def experiment_metadata(
    experiments: Mapping[str, ExperimentResult],
    command: str = "write_experiments",
    arguments: Mapping[str, object] | None = None,
    details: Mapping[str, object] | None = None,
) -> RunMetadata:
    """The metadata of simulated experiments: scenario hashes, seeds, run lengths."""
    runs = list(experiments.values())
    seeds = sorted({(r.seed, r.replication) for e in runs for r in e.results})
    return RunMetadata(
        command=command,
        arguments=dict(arguments if arguments is not None else _script_arguments()),
        scenarios={key: e.scenario.digest() for key, e in experiments.items()},
        seed=_common(e.seed for e in runs),
        replications=_common(len(e.results) for e in runs),
        replication_seeds=tuple({"seed": s, "replication": r} for s, r in seeds),
        experiments={key: _experiment_entry(e) for key, e in experiments.items()},
        details=dict(details or {}),
    )


def write_outputs(
    out_dir: str | os.PathLike[str],
    tables: Mapping[str, pd.DataFrame],
    metadata: RunMetadata,
    files: Mapping[str, str | bytes] | None = None,
) -> list[Path]:
    """Write ``<name>.csv`` per table, the extra files and ``metadata.json``, all or nothing.

    ``files`` maps a relative path (e.g. ``scenario.yaml``, ``casting/P1.stl``) to text or
    bytes. Returns the paths written, sorted.
    """
    extra = dict(files or {})
    _check_names(tables, extra)
    document = metadata.to_json()  # before staging: a value JSON cannot hold writes nothing
    target = Path(out_dir)
    with atomic_directory(target) as staging:
        for name, frame in tables.items():
            atomic_write_csv(staging / f"{name}.csv", frame)
        for name, data in extra.items():
            _write_file(staging / name, data)
        atomic_write_text(staging / METADATA_FILE, document)
        written = sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file())
    return [target / path for path in written]


def write_experiments(
    out_dir: str | os.PathLike[str],
    experiments: Mapping[str, ExperimentResult],
    label: str = "scenario",
    extra_tables: Mapping[str, pd.DataFrame] | None = None,
    metadata: RunMetadata | None = None,
) -> list[Path]:
    """Write the KPI tables, the scenarios and ``metadata.json`` into ``out_dir``, atomically."""
    frames = {**tables(experiments, label), **(extra_tables or {})}
    scenarios = {f"scenario_{_slug(key)}.yaml": scenario_to_yaml(e.scenario)
                 for key, e in experiments.items()}
    return write_outputs(out_dir, frames, metadata or experiment_metadata(experiments), scenarios)


def _experiment_entry(experiment: ExperimentResult) -> dict[str, object]:
    """Run length and statistics settings of one experiment."""
    return {
        "scenario": experiment.scenario.name,
        "scenario_sha256_16": experiment.scenario.digest(),
        "seed": experiment.seed,
        "replications": len(experiment.results),
        "horizon_days": experiment.scenario.horizon_days,
        "warmup_h": experiment.scenario.warmup_h,
        "confidence": experiment.confidence,
    }


def _common(values: Iterable[int]) -> int | None:
    """The one value shared by all ``values``, or None when they differ or there are none."""
    found = set(values)
    return found.pop() if len(found) == 1 else None


def _script_arguments() -> dict[str, object]:
    """The script and command line that called the Python API."""
    return {"script": Path(sys.argv[0]).name, "argv": sys.argv[1:]}


def _check_names(tables: Mapping[str, pd.DataFrame], files: Mapping[str, str | bytes]) -> None:
    """Reject two outputs with the same file name, or one named like ``metadata.json``."""
    names = [f"{name}.csv" for name in tables] + [Path(name).as_posix() for name in files]
    clashes = sorted({n for n in names if names.count(n) > 1 or n == METADATA_FILE})
    if clashes:
        raise ValueError(f"output file names clash: {', '.join(clashes)}")


def _write_file(path: Path, data: str | bytes) -> None:
    """One extra file, text as UTF-8."""
    if isinstance(data, str):
        atomic_write_text(path, data)
    else:
        atomic_write_bytes(path, data)


def _jsonable(value: object) -> object:
    """A JSON-safe form of a value ``json`` does not know (enum, set, numpy, path, ...)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return value.tolist()
    return str(value)


def _slug(text: str) -> str:
    """A file-name-safe version of ``text``."""
    cleaned = "".join(c if c.isalnum() or c in "-_" else "_" for c in text.strip())
    return cleaned or "scenario"
