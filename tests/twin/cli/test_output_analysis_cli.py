"""warmup, --warmup-h auto, --precision and several scenarios on run: outputs, exit codes."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from twin.cli import app

RUNNER = CliRunner()
QUIET = ["--workers", "1", "--no-record"]


def scenario(name, buffer, warmup_h=0):
    return f"""
name: {name}
horizon_days: 0.25
warmup_h: {warmup_h}
sources: [{{name: supply, to: a}}]
stations:
  - {{name: a, cycle_time_s: {{dist: exponential, mean: 30}}, next: b}}
  - {{name: b, cycle_time_s: {{dist: exponential, mean: 28}}, buffer_capacity: {buffer}}}
"""


@pytest.fixture
def files(tmp_path):
    paths = []
    for name, buffer in (("base", 2), ("tight", 0), ("wide", 12)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(scenario(name, buffer))
        paths.append(str(path))
    return paths


def metadata(out):
    return json.loads((out / "metadata.json").read_text())


def test_warmup_prints_and_writes_the_series_and_statistic(files, tmp_path):
    out = tmp_path / "w"
    result = RUNNER.invoke(app, ["warmup", files[0], "--replications", "3",
                                 "--run-length-h", "60", "--workers", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "recommended warm-up" in result.output
    series, statistic = (pd.read_csv(out / f"{n}.csv") for n in ("warmup_series", "warmup_mser"))
    details = metadata(out)["details"]
    assert len(series) == 60
    assert len(statistic) == 60 // 5 // 2 + 1
    assert details["warmup_h"] == series["in_warmup"].sum()
    assert metadata(out)["command"] == "warmup"
    assert metadata(out)["replications"] == 3


def test_warmup_refuses_a_series_the_engine_does_not_keep(files):
    result = RUNNER.invoke(app, ["warmup", files[0], "--kpi", "queue_length"])
    assert result.exit_code == 2
    assert "output_uph, wip_units" in result.output


def test_warmup_refuses_too_short_a_run_with_exit_2(files):
    result = RUNNER.invoke(app, ["warmup", files[0], "--run-length-h", "10", "--workers", "1"])
    assert result.exit_code == 2
    assert "--run-length-h" in result.output


def test_run_with_auto_warmup_uses_and_records_the_mser_choice(files, tmp_path):
    out = tmp_path / "r"
    result = RUNNER.invoke(app, ["run", files[0], "--replications", "2", "--warmup-h", "auto",
                                 *QUIET, "--out", str(out)])
    assert result.exit_code == 0, result.output
    meta = metadata(out)
    chosen = meta["details"]["warmup"]["base"]
    assert chosen["choice"] == "auto"
    assert meta["experiments"]["base"]["warmup_h"] == chosen["warmup_h"]


@pytest.mark.parametrize("value", ["soon", "-3"])
def test_run_refuses_a_bad_warmup_with_exit_2(files, value):
    result = RUNNER.invoke(app, ["run", files[0], "--warmup-h", value, *QUIET])
    assert result.exit_code == 2


def test_run_to_a_precision_reports_and_writes_what_it_reached(files, tmp_path):
    out = tmp_path / "p"
    result = RUNNER.invoke(app, ["run", files[0], "--replications", "4", "--precision", "0.03",
                                 "--kpi", "throughput_uph", "--max-replications", "60", *QUIET,
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    precision = pd.read_csv(out / "precision.csv")
    details = metadata(out)["details"]["precision"]
    replications = pd.read_csv(out / "replications.csv")
    assert len(replications) == details["replications"] == precision["n"].iloc[0]
    assert precision["relative_half_width"].iloc[0] <= 0.03 or not details["reached"]


def test_run_refuses_an_unknown_kpi_before_running(files):
    result = RUNNER.invoke(app, ["run", files[0], "--precision", "0.02", "--kpi", "jph", *QUIET])
    assert result.exit_code == 2
    assert "throughput_uph" in result.output


def test_several_scenarios_get_bonferroni_intervals_and_a_pick(files, tmp_path):
    out = tmp_path / "v"
    result = RUNNER.invoke(app, ["run", *files, "--replications", "8", "--kpi",
                                 "throughput_uph", "--delta", "3", *QUIET, "--out", str(out)])
    assert result.exit_code == 0, result.output
    paired = pd.read_csv(out / "variants.csv")
    selection = pd.read_csv(out / "selection.csv")
    assert list(paired["variant"]) == ["tight", "wide"]
    assert paired["confidence_each"].tolist() == pytest.approx([0.975, 0.975])
    assert selection["picked"].sum() == 1
    assert "Best on throughput_uph" in result.output
    assert metadata(out)["details"]["selection"]["picked"] in {"base", "tight", "wide"}


def test_batch_means_runs_one_long_replication_and_writes_its_interval(files, tmp_path):
    out = tmp_path / "b"
    result = RUNNER.invoke(app, ["run", files[0], "--batch-means", "--days", "2", *QUIET,
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "batch_means.csv")
    assert len(pd.read_csv(out / "replications.csv")) == 1
    assert table["ci_low"].iloc[0] < table["mean"].iloc[0] < table["ci_high"].iloc[0]
    assert table["batches"].iloc[0] >= 10


def test_batch_means_refuses_several_scenarios(files):
    result = RUNNER.invoke(app, ["run", *files, "--batch-means", *QUIET])
    assert result.exit_code == 2


def test_several_scenarios_with_one_replication_are_refused(files):
    result = RUNNER.invoke(app, ["run", *files, "--replications", "1", *QUIET])
    assert result.exit_code == 2
    assert "--replications 2" in result.output


def test_a_first_stage_beyond_the_maximum_is_refused_with_exit_2(files):
    result = RUNNER.invoke(app, ["run", files[0], "--precision", "0.02", "--replications", "50",
                                 "--max-replications", "20", *QUIET])
    assert result.exit_code == 2
    assert "max replications" in result.output
