"""The experiment record from the command line: run/sweep/compare record; history, show, diff,
rerun read it; a store that cannot be used never costs the simulation's files."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from twin.cli import app
from twin.store import ExperimentStore

RUNNER = CliRunner()
LINE = """
name: cli store line
horizon_days: 0.25
sources: [{{name: supply, to: a}}]
stations:
  - {{name: a, cycle_time_s: {{dist: exponential, mean: 30}}, next: b}}
  - {{name: b, cycle_time_s: {{dist: exponential, mean: 32}}, buffer_capacity: {buffer}}}
"""


def invoke(*args):
    return RUNNER.invoke(app, [str(a) for a in args])


@pytest.fixture
def line_file(tmp_path):
    path = tmp_path / "line.yaml"
    path.write_text(LINE.format(buffer=2))
    return path


def run_recorded(line_file, out, store, *extra):
    result = invoke("run", line_file, "--replications", 3, "--seed", 4, "--workers", 1,
                    "--out", out, "--store", store, *extra)
    assert result.exit_code == 0, result.output
    return int(result.output.split("recorded as experiment ")[1].split()[0])


def test_record_list_show_diff_rerun_round_trip(store_url, line_file, tmp_path):
    first = run_recorded(line_file, tmp_path / "a", store_url, "--tag", "k7", "--note", "base")
    line_file.write_text(LINE.format(buffer=8))  # edit the file: the record keeps the old one
    second = run_recorded(line_file, tmp_path / "b", store_url, "--tag", "k7")
    # history
    listed = invoke("history", "--tag", "k7", "--store", store_url)
    assert listed.exit_code == 0, listed.output
    assert listed.output.index(f"│  {second} ") < listed.output.index(f"│  {first} ")
    assert "base" in listed.output
    assert "(no experiments" not in invoke("history", "--tag", "k7", "--last", 1,
                                           "--store", store_url).output
    # show: the numbers are those of the run's own summary.csv
    shown = invoke("show", first, "--store", store_url, "--yaml")
    assert shown.exit_code == 0, shown.output
    summary = pd.read_csv(tmp_path / "a" / "summary.csv").set_index(["scope", "kpi"])
    throughput = summary.loc[("line", "throughput_uph")]
    assert f"{throughput['mean']:,.2f} [{throughput['ci_low']:,.2f}, " \
           f"{throughput['ci_high']:,.2f}]" in shown.output
    assert "tag: k7    note: base" in shown.output
    assert "buffer_capacity: 2" in shown.output  # the scenario as it ran
    # diff: same seeds and replications, so paired; the mean difference from the CSVs
    diffed = invoke("diff", first, second, "--store", store_url)
    assert diffed.exit_code == 0, diffed.output
    assert "paired: the same 3 replications and seeds in both" in diffed.output
    reps_a = pd.read_csv(tmp_path / "a" / "replications.csv")
    reps_b = pd.read_csv(tmp_path / "b" / "replications.csv")
    delta = (reps_b["throughput_uph"] - reps_a["throughput_uph"]).mean()
    assert f"{delta:,.2f}" in diffed.output
    # rerun: from the store alone (the file changed since), byte-identical CSVs
    rerun = invoke("rerun", first, "--out", tmp_path / "again", "--store", store_url)
    assert rerun.exit_code == 0, rerun.output
    assert "warning" not in rerun.output
    for name in ("summary.csv", "replications.csv", "stations.csv"):
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "a" / name).read_bytes()
    assert "the 3 CSV files are identical to the original's" in rerun.output
    store = ExperimentStore.open(store_url)
    latest = store.get(int(store.history(last=1)["id"].iloc[0]))
    assert (latest.tag, latest.note) == ("k7", f"rerun of experiment {first}")
    store.close()


def test_rerun_names_the_versions_that_differ(line_file, tmp_path):
    store_url = f"sqlite:///{tmp_path / 'store.db'}"
    first = run_recorded(line_file, tmp_path / "a", store_url)
    engine = sa.create_engine(store_url)
    with engine.begin() as connection:
        versions = json.loads(connection.exec_driver_sql(
            "SELECT versions FROM experiments WHERE id = ?", (first,)).scalar_one())
        old_numpy = versions["numpy"]
        versions["numpy"] = "1.0.0"
        connection.exec_driver_sql("UPDATE experiments SET versions = ? WHERE id = ?",
                                   (json.dumps(versions), first))
    engine.dispose()
    rerun = invoke("rerun", first, "--out", tmp_path / "again", "--store", store_url)
    assert rerun.exit_code == 0, rerun.output
    assert f"warning: versions differ from the original run (numpy 1.0.0 -> {old_numpy})" \
        in rerun.output


def test_no_record_leaves_the_store_untouched(line_file, tmp_path):
    store_url = f"sqlite:///{tmp_path / 'store.db'}"
    run_recorded(line_file, tmp_path / "a", store_url)
    result = invoke("run", line_file, "--replications", 2, "--workers", 1, "--store", store_url,
                    "--no-record")
    assert result.exit_code == 0, result.output
    assert "recorded as" not in result.output
    assert ExperimentStore.open(store_url).count() == 1


def test_the_default_store_comes_from_the_environment(line_file, tmp_path, monkeypatch):
    monkeypatch.setenv("GIGATWIN_STORE", str(tmp_path / "env.db"))
    result = invoke("run", line_file, "--replications", 2, "--workers", 1)
    assert result.exit_code == 0, result.output
    assert f"recorded as experiment 1 in sqlite:///{tmp_path / 'env.db'}" in result.output
    assert invoke("history").exit_code == 0
    assert ExperimentStore.open(str(tmp_path / "env.db")).history()["experiments"].tolist() == [
        "cli store line"]


@pytest.mark.parametrize("kind", ["corrupted", "foreign", "wrong url", "unreachable"])
def test_a_store_that_cannot_be_used_names_it_and_the_results_are_still_written(
        kind, line_file, tmp_path):
    store = {"corrupted": tmp_path / "broken.db", "foreign": tmp_path / "other.db",
             "wrong url": "mysql://kaizen@db.example/gigatwin",
             "unreachable": "postgresql://kaizen:secret@127.0.0.1:9/gigatwin"}[kind]
    if kind == "corrupted":
        store.write_bytes(b"\x00garbage" * 500)
    if kind == "foreign":
        engine = sa.create_engine(f"sqlite:///{store}")
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE invoices (id INTEGER)")
        engine.dispose()
    shown = str(store) if kind in ("wrong url", "unreachable") else f"sqlite:///{store}"
    shown = shown.replace("secret", "***")
    out = tmp_path / "out"
    result = invoke("run", line_file, "--replications", 2, "--workers", 1, "--out", out,
                    "--store", store)
    assert result.exit_code == 2, result.output
    assert f"warning: experiment store {shown}: " in result.output
    assert f"error: experiment store {shown}: " in result.output
    assert f"not recorded (the results were written to {out})" in result.output
    assert "Traceback" not in result.output
    assert "secret" not in result.output
    assert "throughput_uph" in result.output  # the KPIs were printed
    assert len(pd.read_csv(out / "replications.csv")) == 2  # and written


def test_show_and_diff_of_a_missing_id_exit_2(tmp_path):
    store_url = f"sqlite:///{tmp_path / 'store.db'}"
    for args in (("show", 42), ("diff", 42, 43), ("rerun", 42, "--out", tmp_path / "x")):
        result = invoke(*args, "--store", store_url)
        assert result.exit_code == 2
        assert f"error: experiment store {store_url}: no experiment 42" in result.output


def test_a_sweep_is_recorded_per_point_and_reruns_identically(line_file, tmp_path):
    store_url = f"sqlite:///{tmp_path / 'store.db'}"
    result = invoke("sweep", line_file, "--set", "stations.b.buffer_capacity=0,4",
                    "--replications", 2, "--workers", 1, "--out", tmp_path / "s",
                    "--store", store_url, "--tag", "grid")
    assert result.exit_code == 0, result.output
    store = ExperimentStore.open(store_url)
    record = store.get(1)
    assert record.command == "sweep"
    assert record.keys == ["point 0", "point 1"]
    assert record.overrides == {"grid": ["stations.b.buffer_capacity=0,4"]}
    assert "buffer_capacity: 4" in record.scenarios["point 1"].yaml
    assert record.metadata["details"]["grid"] == {"stations.b.buffer_capacity": [0, 4]}
    rerun = invoke("rerun", 1, "--out", tmp_path / "s2", "--store", store_url)
    assert rerun.exit_code == 0, rerun.output
    for name in ("sweep_summary.csv", "sweep_replications.csv"):
        assert (tmp_path / "s2" / name).read_bytes() == (tmp_path / "s" / name).read_bytes()


def test_a_run_of_several_scenario_files_reruns_from_the_recorded_files(line_file, tmp_path):
    store_url = f"sqlite:///{tmp_path / 'store.db'}"
    other = tmp_path / "other.yaml"
    other.write_text(LINE.format(buffer=5).replace("cli store line", "bigger buffer"))
    result = invoke("run", line_file, other, "--replications", 2, "--workers", 1,
                    "--out", tmp_path / "a", "--store", store_url)
    assert result.exit_code == 0, result.output
    other.unlink()  # gone from disk: the rerun needs the record's copy
    record = ExperimentStore.open(store_url).get(1)
    assert sorted(record.inputs) == ["more_scenarios[0]", "scenario_file"]
    rerun = invoke("rerun", 1, "--out", tmp_path / "b", "--store", store_url)
    assert rerun.exit_code == 0, rerun.output
    names = sorted(p.name for p in (tmp_path / "a").glob("*.csv"))
    assert "replications.csv" in names
    for name in names:
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "a" / name).read_bytes()


def test_a_compare_is_recorded_route_by_route_with_its_cost_per_body_row(tmp_path):
    store_url = f"sqlite:///{tmp_path / 'store.db'}"
    out = tmp_path / "c"
    result = invoke("compare", "--days", 0.2, "--replications", 2, "--workers", 1,
                    "--out", out, "--store", store_url)
    assert result.exit_code == 0, result.output
    record = ExperimentStore.open(store_url).get(1)
    assert sorted(record.keys) == ["casting", "welded"]
    table = pd.read_csv(out / "comparison.csv").set_index("kpi")
    rows = record.summary[record.summary["scope"] == "comparison"].set_index(
        ["experiment_key", "kpi"])
    for route in ("welded", "casting"):
        assert rows.loc[(route, "cost_usd"), "mean"] == pytest.approx(
            table.loc["cost_usd", f"{route}_mean"], rel=1e-12)
    diffed = invoke("diff", 1, 1, "--store", store_url)
    assert diffed.output.count("paired: the same 2 replications and seeds in both") == 2
