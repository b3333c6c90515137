"""``gigatwin rerun`` of a ``plan`` and of an ``optimise`` record: from the store alone (the study
file is overwritten after the first run), with byte-identical CSVs."""

from __future__ import annotations

import filecmp

import pytest
import yaml
from typer.testing import CliRunner

from twin.cli.app import app
from twin.store import ExperimentStore

TINY_PLAN = {"annual_demand_bodies": 150_000,
             "run": {"horizon_days": 1, "replications": 2, "pilot_days": 1,
                     "pilot_replications": 2, "risk_draws": 3, "seed": 4},
             "casting": {"defect_model": "constant"}}


def latest_id(store: str, command: str) -> int:
    opened = ExperimentStore.open(store)
    history = opened.history(command=command)
    opened.close()
    return int(history["id"].iloc[0])


@pytest.mark.parametrize(("command", "options"), [
    ("plan", ["--workers", "1"]),
    ("optimise", ["--vary", "cells=2..3", "--constraint", "demand_met_share>=0.95",
                  "--trials", "3", "--days", "1", "--short-days", "0.5",
                  "--confirm-replications", "2"]),
])
def test_rerun_writes_byte_identical_csvs_from_the_record_alone(tmp_path, command, options):
    study, store = tmp_path / "study.yaml", str(tmp_path / "store.db")
    study.write_text(yaml.safe_dump(TINY_PLAN))
    runner = CliRunner()
    first = runner.invoke(app, [command, str(study), *options, "--out", str(tmp_path / "a"),
                                "--store", store])
    assert first.exit_code == 0, first.output
    study.write_text("annual_demand_bodies: -1\n")  # the rerun must not read the file again
    again = runner.invoke(app, ["rerun", str(latest_id(store, command)), "--out",
                                str(tmp_path / "b"), "--store", store])
    assert again.exit_code == 0, again.output
    names = sorted(p.name for p in (tmp_path / "a").glob("*.csv"))
    assert names == sorted(p.name for p in (tmp_path / "b").glob("*.csv"))
    assert len(names) >= 3
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "a", tmp_path / "b", names,
                                               shallow=False)
    assert (mismatch, errors) == ([], [])
    assert f"the {len(names)} CSV files are identical to the original's" in \
        " ".join(again.output.split())
