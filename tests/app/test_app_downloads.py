"""The app's downloads are the CLI's files: same name, same bytes for the same run, one metadata.

``gigatwin compare`` and the app's What-if/Cost pages answer the same question; for the same
route specs, run settings and seed, every table of the app's "Download all" zip must be
byte-identical to the file of the same name ``compare --out`` writes.
"""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
import pytest
from typer.testing import CliRunner

from lines.routes import build_route_scenario
from parts_catalog import load_catalog
from twin import comparison, run_experiment
from twin.cli import app
from twin.cost import CostRates
from twin.ui import downloads
from twin.ui.session import parse_session, session_from_settings

DAYS, REPLICATIONS, SEED = 0.5, 2, 5
VOLUME = 250_000.0  # compare's default --volume
TABLES = ("summary", "replications", "stations", "routes", "comparison", "cost_breakdown",
          "breakeven", "sensitivity", "carbon", "cost_lines", "lifecycle")


@pytest.fixture(scope="module")
def cli_folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli_compare")
    result = CliRunner().invoke(app, [
        "compare", "--days", str(DAYS), "--replications", str(REPLICATIONS), "--seed",
        str(SEED), "--workers", "1", "--no-record", "--out", str(root / "out")])
    assert result.exit_code == 0, result.output
    return root / "out"


@pytest.fixture(scope="module")
def app_zip():
    """The app's download as the What-if page builds it from the session's settings."""
    catalog = load_catalog()
    specs = comparison.default_specs()
    session = session_from_settings(
        specs, {"volume": VOLUME, "rates": CostRates(), "prices": {}},
        {"days": DAYS, "replications": REPLICATIONS, "seed": SEED},
        {"demand": VOLUME, "days": 28.0, "replications": 4, "seed": 0})
    experiments = {route: run_experiment(build_route_scenario(
        specs[route].with_changes(horizon_days=DAYS), catalog), REPLICATIONS, SEED)
        for route in comparison.ROUTES}
    data = downloads.download_all(specs, experiments, catalog, session, "What-if")
    return zipfile.ZipFile(io.BytesIO(data)), session


@pytest.mark.parametrize("table", TABLES)
def test_each_table_of_the_zip_is_byte_identical_to_the_clis_file(cli_folder, app_zip, table):
    archive, _ = app_zip
    cli_bytes = (cli_folder / f"{table}.csv").read_bytes()
    assert archive.read(f"{table}.csv") == cli_bytes
    assert len(pd.read_csv(io.BytesIO(cli_bytes))) > 0


def test_the_zip_holds_the_clis_files_the_metadata_and_the_session(cli_folder, app_zip):
    archive, session = app_zip
    cli_names = {path.name for path in cli_folder.iterdir()}
    assert set(archive.namelist()) == cli_names | {"gigatwin_session.yaml"}
    assert parse_session(archive.read("gigatwin_session.yaml"), "zip") == session
    for scenario in ("scenario_welded.yaml", "scenario_casting.yaml"):
        assert archive.read(scenario) == (cli_folder / scenario).read_bytes()


def test_the_metadata_has_the_one_shape_and_the_same_runs(cli_folder, app_zip):
    archive, session = app_zip
    ours = json.loads(archive.read("metadata.json"))
    theirs = json.loads((cli_folder / "metadata.json").read_text())
    assert set(ours) == set(theirs)
    assert ours["command"] == "app"
    assert ours["arguments"]["session"] == session.model_dump(mode="json")
    for key in ("scenarios", "seed", "replications", "replication_seeds", "experiments"):
        assert ours[key] == theirs[key], key
    assert ours["details"]["rates"] == theirs["details"]["rates"]


def test_the_zip_is_the_same_bytes_for_the_same_session(app_zip):
    archive, _ = app_zip
    again = downloads.zip_bytes({name: archive.read(name) for name in archive.namelist()})
    assert zipfile.ZipFile(io.BytesIO(again)).namelist() == sorted(archive.namelist())
    assert downloads.zip_bytes({"a.csv": b"x\n"}) == downloads.zip_bytes({"a.csv": b"x\n"})


SMALL_STUDY = ("run: {horizon_days: 1, replications: 2, pilot_days: 1, pilot_replications: 2, "
               "risk_draws: 3}\ncasting: {defect_model: constant}\n")


def test_the_overviews_zip_holds_the_plan_commands_files_byte_for_byte(tmp_path):
    from lines.study import load_study
    from twin.planning import run_plan

    study_file = tmp_path / "study.yaml"
    study_file.write_text(SMALL_STUDY, encoding="utf-8")
    result = CliRunner().invoke(app, ["plan", str(study_file), "--workers", "1", "--no-record",
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    session = session_from_settings(
        comparison.default_specs(), {"volume": VOLUME, "rates": CostRates(), "prices": {}},
        {"days": 1.0, "replications": 2, "seed": 0},
        {"demand": VOLUME, "days": 1.0, "replications": 2, "seed": 0})
    plan = run_plan(load_study(study_file), load_catalog())
    archive = zipfile.ZipFile(io.BytesIO(downloads.plan_download(plan, session)))
    cli = {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()}
    assert set(archive.namelist()) == set(cli) | {"gigatwin_session.yaml"}
    for name, data in cli.items():
        if name != "metadata.json":
            assert archive.read(name) == data, name
    ours, theirs = json.loads(archive.read("metadata.json")), json.loads(cli["metadata.json"])
    assert set(ours) == set(theirs)
    assert ours["details"]["verdict"] == theirs["details"]["verdict"]
    assert ours["command"] == "app"
