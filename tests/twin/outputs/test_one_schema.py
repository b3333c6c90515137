"""A file name means one schema: the CLI commands that write the same table write its columns."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from twin.cli import app

RUNNER = CliRunner()
SHARED = ("cost_breakdown", "breakeven", "sensitivity", "carbon", "cost_lines")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("one_schema")
    store = f"sqlite:///{root / 'store.db'}"
    cost = RUNNER.invoke(app, ["cost", "--out", str(root / "cost")])
    assert cost.exit_code == 0, cost.output
    compared = RUNNER.invoke(app, ["compare", "--days", "0.2", "--warmup-h", "0",
                                   "--replications", "2", "--workers", "1", "--store", store,
                                   "--out", str(root / "compare")])
    assert compared.exit_code == 0, compared.output
    return root


@pytest.mark.parametrize("table", SHARED)
def test_a_cost_table_has_the_same_columns_from_cost_and_from_compare(outputs, table):
    alone = pd.read_csv(outputs / "cost" / f"{table}.csv")
    simulated = pd.read_csv(outputs / "compare" / f"{table}.csv")
    assert list(alone.columns) == list(simulated.columns)
    assert list(alone.dtypes) == list(simulated.dtypes)


def test_both_folders_carry_the_one_metadata_shape(outputs):
    shapes = {name: set(json.loads((outputs / name / "metadata.json").read_text()))
              for name in ("cost", "compare")}
    assert shapes["cost"] == shapes["compare"]
