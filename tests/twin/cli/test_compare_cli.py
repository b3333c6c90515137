"""``gigatwin compare`` on a short horizon, through a throwaway Typer app."""

from __future__ import annotations

import json

import pandas as pd
import typer
from typer.testing import CliRunner

from twin.cli.compare import register


def app() -> typer.Typer:
    cli = typer.Typer()
    register(cli)
    cli.command("noop")(lambda: None)  # two commands: typer keeps sub-command names
    return cli


def test_compare_prints_both_routes_and_writes_route_tables(tmp_path):
    out = tmp_path / "cmp"
    result = CliRunner().invoke(app(), [
        "compare", "--days", "0.5", "--replications", "2", "--seed", "3", "--workers", "1",
        "--warmup-h", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "welded" in result.output
    assert "casting" in result.output
    assert "Paired difference" in result.output
    replications = pd.read_csv(out / "replications.csv")
    assert set(replications["route"]) == {"welded", "casting"}
    assert (replications.groupby("route")["seed"].first() == 3).all()
    routes = pd.read_csv(out / "routes.csv").set_index("route")
    assert routes.loc["casting", "mass_kg"] < routes.loc["welded", "mass_kg"]
    stations = pd.read_csv(out / "stations.csv")
    assert "metal_melted_kg" in stations.columns  # casting extras as columns
    assert "route is cheaper by US$" in " ".join(result.output.split())
    table = pd.read_csv(out / "comparison.csv").set_index("kpi")
    assert table.loc["mass_kg", "casting_mean"] == routes.loc["casting", "mass_kg"]
    metadata = json.loads((out / "metadata.json").read_text())
    assert metadata["command"] == "compare"
    assert set(metadata["scenarios"]) == {"welded", "casting"}
    assert metadata["details"]["annual_volume_units"] == 250_000


def test_compare_rejects_a_bad_route_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("route: casting\ncells: 0\n")
    result = CliRunner().invoke(app(), ["compare", "--days", "0.1", "--casting", str(bad)])
    assert result.exit_code == 2
