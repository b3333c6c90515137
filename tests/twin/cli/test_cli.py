"""The gigatwin command line: outputs, exit codes, nothing written on bad input."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from twin.cli import app

RUNNER = CliRunner()
SCENARIO = """
name: cli line
horizon_days: 0.5
sources: [{name: supply, to: a}]
stations:
  - {name: a, cycle_time_s: {dist: exponential, mean: 30}, next: b}
  - {name: b, cycle_time_s: 35, buffer_capacity: 2}
"""


@pytest.fixture
def scenario_file(tmp_path):
    path = tmp_path / "line.yaml"
    path.write_text(SCENARIO)
    return path


def test_run_prints_kpis_and_writes_the_four_files(scenario_file, tmp_path):
    out = tmp_path / "out"
    result = RUNNER.invoke(app, ["run", str(scenario_file), "--replications", "3", "--seed", "4",
                                 "--workers", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "throughput_uph" in result.output
    summary = pd.read_csv(out / "summary.csv")
    assert {"scenario", "kpi", "scope", "unit", "mean", "ci_low", "ci_high", "n"} <= set(summary)
    assert len(pd.read_csv(out / "replications.csv")) == 3
    assert set(pd.read_csv(out / "stations.csv")["station"]) == {"a", "b"}
    metadata = json.loads((out / "metadata.json").read_text())
    assert metadata["command"] == "run"
    assert metadata["arguments"]["replications"] == metadata["replications"] == 3
    assert metadata["seed"] == metadata["experiments"]["cli line"]["seed"] == 4
    assert len(metadata["scenarios"]["cli line"]) == 16
    assert [s["replication"] for s in metadata["replication_seeds"]] == [0, 1, 2]
    assert metadata["seed_rule"].startswith("numpy SeedSequence")
    assert metadata["versions"]["simpy"]


def test_days_option_overrides_the_horizon(scenario_file, tmp_path):
    out = tmp_path / "out"
    RUNNER.invoke(app, ["run", str(scenario_file), "--replications", "1", "--days", "0.25",
                        "--out", str(out)])
    assert json.loads((out / "metadata.json").read_text())["experiments"]["cli line"][
        "horizon_days"] == 0.25
    reps = pd.read_csv(out / "replications.csv")
    assert reps.loc[0, "good_units"] <= 0.25 * 86400 / 35  # b's capacity in a quarter day


@pytest.mark.parametrize(
    ("text", "message"),
    [("name: [unclosed\n", "not valid YAML"),
     (SCENARIO.replace("mean: 30", "mean: -30"), "cycle_time_s.mean"),
     (SCENARIO.replace("next: b}", "next: c}"), "unknown station 'c'")],
)
def test_bad_input_exits_2_with_the_field_and_writes_nothing(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    out = tmp_path / "out"
    result = RUNNER.invoke(app, ["run", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert message in result.output
    assert not out.exists()


def test_sweep_runs_every_grid_point_with_the_same_seeds(scenario_file, tmp_path):
    out = tmp_path / "sweep"
    result = RUNNER.invoke(app, ["sweep", str(scenario_file), "--set",
                                 "stations.b.buffer_capacity=0,4", "--replications", "2",
                                 "--workers", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = pd.read_csv(out / "sweep_summary.csv")
    assert sorted(summary["stations.b.buffer_capacity"].unique()) == [0, 4]
    reps = pd.read_csv(out / "sweep_replications.csv")
    assert len(reps) == 4
    metadata = json.loads((out / "metadata.json").read_text())
    assert metadata["command"] == "sweep"
    assert metadata["details"]["grid"] == {"stations.b.buffer_capacity": [0, 4]}
    assert set(metadata["scenarios"]) == {"point 0", "point 1"}
    assert (out / "scenario.yaml").is_file()


def test_sweep_with_an_unknown_path_exits_2(scenario_file):
    result = RUNNER.invoke(app, ["sweep", str(scenario_file), "--set", "stations.zz.machines=2"])
    assert result.exit_code == 2
    assert "no item named 'zz'" in result.output


def test_schema_prints_the_json_schema():
    result = RUNNER.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "Scenario"
