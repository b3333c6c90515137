"""CSV and JSON outputs of an experiment, written atomically into one directory.

``summary.csv`` (one row per KPI and scope, with mean, confidence interval and unit),
``replications.csv`` (line KPIs per replication), ``stations.csv`` (station KPIs per
replication), the scenario(s) as YAML, and ``metadata.json`` (scenario hash, seed, the exact
replication seeds, package versions) so that every number can be reproduced. Either all files
are written or none.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pandas as pd

from lines.scenario_io import scenario_to_yaml
from twin.experiments.replications import ExperimentResult
from twin.outputs.atomic import atomic_directory, atomic_write_csv, atomic_write_text

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


def experiment_metadata(experiments: Mapping[str, ExperimentResult]) -> dict[str, object]:
    """What is needed to reproduce the experiments: scenario hashes, seeds, versions."""
    return {
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "experiments": {
            key: {
                "scenario": experiment.scenario.name,
                "scenario_sha256_16": experiment.scenario.digest(),
                "seed": experiment.seed,
                "replications": len(experiment.results),
                "replication_seeds": [
                    {"seed": r.seed, "replication": r.replication} for r in experiment.results
                ],
                "seed_rule": "numpy SeedSequence(seed, spawn_key=(replication, crc32(element)...))",
                "horizon_days": experiment.scenario.horizon_days,
                "warmup_h": experiment.scenario.warmup_h,
                "confidence": experiment.confidence,
            }
            for key, experiment in experiments.items()
        },
        "versions": versions(),
        "platform": platform.platform(),
    }


def write_experiments(
    out_dir: str | os.PathLike[str],
    experiments: Mapping[str, ExperimentResult],
    label: str = "scenario",
    extra_tables: Mapping[str, pd.DataFrame] | None = None,
) -> list[Path]:
    """Write every table, the scenarios and ``metadata.json`` into ``out_dir``, atomically."""
    frames = {**tables(experiments, label), **(extra_tables or {})}
    target = Path(out_dir)
    with atomic_directory(target) as staging:
        for name, frame in frames.items():
            atomic_write_csv(staging / f"{name}.csv", frame)
        for key, experiment in experiments.items():
            atomic_write_text(
                staging / f"scenario_{_slug(key)}.yaml", scenario_to_yaml(experiment.scenario)
            )
        atomic_write_text(
            staging / "metadata.json", json.dumps(experiment_metadata(experiments), indent=2) + "\n"
        )
        written = sorted(path.relative_to(staging) for path in staging.iterdir())
    return [target / path for path in written]


def _slug(text: str) -> str:
    """A file-name-safe version of ``text``."""
    cleaned = "".join(c if c.isalnum() or c in "-_" else "_" for c in text.strip())
    return cleaned or "scenario"
