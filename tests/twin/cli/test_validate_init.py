"""``gigatwin validate`` finds each file's kind from its content; ``init`` starters validate."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from lines.routes import SCENARIO_DIR
from lines.starter_files import SCENARIO_STARTER, route_starter, study_starter
from twin.cli import app

REPO = Path(__file__).resolve().parents[3]
RUNNER = CliRunner()


def invoke(*args: object):
    return RUNNER.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize(("path", "found"), [
    (REPO / "examples" / "two_station_line.yaml",
     "scenario 'two-station line': 2 stations, 1 sources, 7 days"),
    (SCENARIO_DIR / "welded_rear_underbody.yaml", "route file: welded route"),
    (REPO / "examples" / "cost" / "tesla_like.yaml", "claim file 'tesla_like'"),
    (REPO / "parts_catalog" / "data" / "catalog.yaml", "catalog: routes welded, casting"),
])
def test_validate_names_the_kind_it_found(path, found):
    result = invoke("validate", path)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{path}: ok, {found}")


def test_validate_reads_a_rates_file_and_a_study(tmp_path):
    rates = tmp_path / "rates.yaml"
    rates.write_text("labour_usd_per_h: 40\n")
    study = tmp_path / "study.yaml"
    study.write_text("annual_demand_bodies: 100000\n")
    result = invoke("validate", rates, study)
    assert result.exit_code == 0, result.output
    assert f"{rates}: ok, rates file: 1 CostRates fields set" in result.output
    assert f"{study}: ok, study 'default study': 100,000 bodies/yr" in result.output


def test_validate_lists_every_bad_file_and_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsources: [{name: q, to: s}]\nstations: [{name: s, cycle_time_s: "
                   ".inf}]\n")
    odd = tmp_path / "odd.yaml"
    odd.write_text("colour: blue\n")
    good = REPO / "examples" / "two_station_line.yaml"
    result = invoke("validate", bad, good, odd)
    assert result.exit_code == 2
    assert f"{bad}: stations[0] 's'.cycle_time_s: must be a finite number" in result.output
    assert f"{odd}: cannot tell what kind of file this is" in result.output
    assert "2 of 3 files invalid" in result.output


@pytest.mark.parametrize(("kind", "extra", "text"), [
    ("scenario", [], SCENARIO_STARTER),
    ("route", ["--route", "welded"], route_starter("welded")),
    ("route", ["--route", "casting"], route_starter("casting")),
    ("study", [], study_starter()),
])
def test_init_writes_a_commented_file_that_validates(tmp_path, kind, extra, text):
    path = tmp_path / f"{kind}.yaml"
    result = invoke("init", kind, path, *extra)
    assert result.exit_code == 0, result.output
    assert path.read_text() == text
    assert text.startswith("# ")
    checked = invoke("validate", path)
    assert checked.exit_code == 0, checked.output
    assert f"ok, {kind}" in checked.output


def test_init_never_overwrites_without_force(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("my work\n")
    result = invoke("init", "scenario", path)
    assert result.exit_code == 2
    assert path.read_text() == "my work\n"
    assert invoke("init", "scenario", path, "--force").exit_code == 0
    assert path.read_text() == SCENARIO_STARTER
