"""``gigatwin cost`` through a throwaway Typer app: outputs, metadata, bad input writes nothing."""

import json

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from twin.cli.cost import register
from twin.cost import CostRates

RUNNER = CliRunner()


@pytest.fixture(scope="module")
def app():
    application = typer.Typer()
    register(application)

    @application.callback()
    def main() -> None:
        """Test app."""

    return application


def test_cost_writes_the_csvs_and_metadata(app, tmp_path):
    out = tmp_path / "out"
    result = RUNNER.invoke(app, ["cost", "--out", str(out), "--monte-carlo", "20", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "break-even" in result.output
    for name in ("cost_breakdown", "breakeven", "sensitivity", "carbon", "monte_carlo"):
        assert (out / f"{name}.csv").exists(), name
    breakdown = pd.read_csv(out / "cost_breakdown.csv")
    assert {"route", "element", "cost_per_body_usd", "share"} <= set(breakdown.columns)
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["command"] == "cost"
    assert meta["arguments"]["seed"] == meta["seed"] == 7
    assert meta["details"]["rates"] == CostRates().model_dump(mode="json")
    assert set(meta["details"]["routes"]) == {"welded", "casting"}
    assert set(meta["details"]["monte_carlo_percentiles"]) >= {"p10_usd", "p90_usd"}


def test_claim_example_changes_the_result(app, tmp_path):
    out = tmp_path / "tesla"
    result = RUNNER.invoke(app, ["cost", "--out", str(out), "--claim",
                                 "examples/cost/tesla_like.yaml"])  # fmt: skip
    assert result.exit_code == 0, result.output
    totals = pd.read_csv(out / "cost_breakdown.csv").query("element == 'total'")
    cost = totals.set_index("route")["cost_per_body_usd"]
    assert cost["casting"] < 0.7 * cost["welded"]


@pytest.mark.parametrize(
    ("text", "field"),
    [("alloy_usd_per_kg: -2\n", "alloy_usd_per_kg"), ("equipment_life_years: 0\n",
                                                      "equipment_life_years")],
)  # fmt: skip
def test_bad_rates_exit_2_and_write_nothing(app, tmp_path, text, field):
    rates = tmp_path / "rates.yaml"
    rates.write_text(text)
    out = tmp_path / "out"
    result = RUNNER.invoke(app, ["cost", "--out", str(out), "--rates", str(rates)])
    assert result.exit_code == 2
    assert field in result.output
    assert not out.exists()
