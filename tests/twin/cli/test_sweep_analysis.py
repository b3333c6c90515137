"""``gigatwin sweep`` compares its points: Bonferroni paired intervals against point 0 equal the
hand computation from sweep_replications.csv, and KN picks the point that is best by
construction (most capacity; least scrap), written to CSVs whose columns carry the KPI.

The line: a press of m parallel machines with exponential 60 s cycles (capacity 60 m
units/h) feeds a 5 s trim station that scraps a share p of its units. With more machines the
throughput rises by ~60 units/h each (the trim's 720/h never limits); the scrap rate is p
whatever m is.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from typer.testing import CliRunner

from twin.cli import app

RUNNER = CliRunner()
LINE = """
name: sizing line
horizon_days: 0.25
warmup_h: 0
sources: [{name: supply, to: press}]
stations:
  - {name: press, cycle_time_s: {dist: exponential, mean: 60}, next: trim}
  - {name: trim, cycle_time_s: 5, buffer_capacity: 2, scrap_probability: 0.05}
"""
MACHINES, SCRAP = "stations.press.machines", "stations.trim.scrap_probability"


@pytest.fixture
def line_file(tmp_path):
    path = tmp_path / "line.yaml"
    path.write_text(LINE)
    return path


def sweep(line_file, out, *args):
    result = RUNNER.invoke(app, ["sweep", str(line_file), *args, "--seed", "3", "--workers", "1",
                                 "--no-record", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("points", [3, 4])
def test_the_intervals_against_point_0_are_the_hand_computed_bonferroni_ones(
        line_file, tmp_path, points):
    out = tmp_path / "sweep"
    values = ",".join(str(m) for m in range(1, points + 1))
    sweep(line_file, out, "--set", f"{MACHINES}={values}", "--replications", "6",
          "--kpi", "throughput_uph", "--kpi", "good_units")
    against = pd.read_csv(out / "sweep_against_baseline.csv").set_index("point")
    reps = pd.read_csv(out / "sweep_replications.csv")
    assert list(against.index) == list(range(1, points))
    level = 1 - 0.05 / (points - 1)  # k - 1 comparisons share alpha = 0.05
    assert against["confidence_each_share"].tolist() == pytest.approx([level] * (points - 1))
    assert set(against["family_confidence_share"]) == {0.95}
    base = reps[reps["point"] == 0].set_index("replication")
    t = stats.t.ppf(1 - (1 - level) / 2, 6 - 1)
    for point in range(1, points):
        other = reps[reps["point"] == point].set_index("replication")
        for kpi in ("throughput_uph", "good_units"):
            d = (other[kpi] - base[kpi]).to_numpy(float)
            half = t * d.std(ddof=1) / np.sqrt(len(d))
            row = against.loc[point]
            assert row[f"difference_{kpi}"] == pytest.approx(d.mean(), rel=1e-9)
            assert row[f"ci_low_{kpi}"] == pytest.approx(d.mean() - half, rel=1e-9)
            assert row[f"ci_high_{kpi}"] == pytest.approx(d.mean() + half, rel=1e-9)
        assert row[MACHINES] == point + 1
        assert row["differs_throughput_uph"]  # ~60 units/h more per machine
        assert row["replication_pairs_count"] == 6


def test_kn_picks_the_point_with_the_most_capacity(line_file, tmp_path):
    out = tmp_path / "sweep"
    result = sweep(line_file, out, "--set", f"{MACHINES}=2,3,1", "--replications", "5",
                   "--kpi", "throughput_uph", "--delta", "10")
    selection = pd.read_csv(out / "sweep_selection.csv").set_index("point")
    assert selection["picked"].tolist() == [False, True, False]  # 3 machines: ~180/h
    assert selection.loc[1, MACHINES] == 3
    assert set(selection["delta_throughput_uph"]) == {10.0}
    assert set(selection["alpha_share"]) == {0.05}
    assert selection["maximise"].all()
    assert selection["guaranteed"].all()
    assert selection.loc[1, "mean_throughput_uph"] > selection.loc[0, "mean_throughput_uph"]
    assert "Best on throughput_uph (highest): point 1" in " ".join(result.output.split())
    details = json.loads((out / "metadata.json").read_text())["details"]
    assert details["selection"]["picked_point"] == 1
    assert details["selection"]["picked_settings"] == {MACHINES: 3}
    assert details["against_baseline"]["baseline_point"] == 0


def test_kn_picks_the_least_scrap_when_smaller_is_better(line_file, tmp_path):
    out = tmp_path / "sweep"
    sweep(line_file, out, "--set", f"{SCRAP}=0.3,0.02,0.15", "--replications", "5",
          "--kpi", "scrap_share", "--delta", "0.03")
    selection = pd.read_csv(out / "sweep_selection.csv").set_index("point")
    assert selection.loc[selection["picked"], SCRAP].tolist() == [0.02]
    assert not selection["maximise"].any()
    against = pd.read_csv(out / "sweep_against_baseline.csv").set_index("point")
    # scrap shares 0.02 and 0.15 against 0.3: both clearly lower, by about 0.28 and 0.15
    assert against.loc[1, "difference_scrap_share"] == pytest.approx(-0.28, abs=0.06)
    assert against.loc[2, "difference_scrap_share"] == pytest.approx(-0.15, abs=0.06)
    assert against["differs_scrap_share"].all()


def test_one_grid_point_writes_no_comparison_and_says_why(line_file, tmp_path):
    out = tmp_path / "sweep"
    result = sweep(line_file, out, "--set", f"{MACHINES}=2", "--replications", "3")
    assert "no comparison between points" in " ".join(result.output.split())
    assert not (out / "sweep_against_baseline.csv").exists()
    assert not (out / "sweep_selection.csv").exists()
    assert (out / "sweep_summary.csv").is_file()


def test_an_unknown_kpi_exits_2_before_any_run(line_file, tmp_path):
    out = tmp_path / "sweep"
    result = RUNNER.invoke(app, ["sweep", str(line_file), "--set", f"{MACHINES}=1,2",
                                 "--kpi", "happiness", "--no-record", "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "unknown KPI happiness" in result.output
    assert not out.exists()
