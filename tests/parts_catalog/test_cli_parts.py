"""The ``gigatwin parts`` command on a throwaway Typer app."""

import pandas as pd
import pytest
import typer
import yaml
from typer.testing import CliRunner

from parts_catalog import load_catalog
from twin.cli.parts import register


@pytest.fixture(scope="module")
def app():
    application = typer.Typer()
    register(application)

    @application.command("noop")
    def noop() -> None:  # a second command keeps Typer from collapsing to a single command
        """Do nothing."""

    return application


def run(app, *args):
    return CliRunner().invoke(app, ["parts", *args])


def test_parts_shows_totals_of_both_routes_and_the_mass_saving(app):
    result = run(app)
    assert result.exit_code == 0, result.output
    assert "== welded route" in result.output
    assert "== casting route" in result.output
    assert "casting route saves" in result.output


def test_out_writes_parts_route_totals_and_subassemblies_csv(app, tmp_path):
    result = run(app, "--route", "welded", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    parts = pd.read_csv(tmp_path / "out" / "parts.csv")
    totals = pd.read_csv(tmp_path / "out" / "route_totals.csv")
    catalog = load_catalog()
    assert len(parts) == len(catalog.parts("welded"))
    assert {"part_number", "mass_kg", "thickness_mm", "spot_welds", "press_line"} <= set(parts)
    assert list(totals["route"]) == ["welded"]
    assert totals.loc[0, "mass_kg"] == pytest.approx(parts["mass_kg"].sum())
    assert (tmp_path / "out" / "subassemblies.csv").is_file()


def test_export_writes_an_stl_per_part_and_a_glb_per_route(app, tmp_path):
    result = run(app, "--route", "casting", "--export", str(tmp_path / "meshes"))
    assert result.exit_code == 0, result.output
    stls = sorted(p.stem for p in (tmp_path / "meshes" / "casting").glob("*.stl"))
    assert stls == sorted(p.part_number for p in load_catalog().parts("casting"))
    assert (tmp_path / "meshes" / "casting_assembly.glb").stat().st_size > 0


def test_bad_catalog_exits_2_with_a_message_and_writes_nothing(app, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"materials": [], "routes": {}}), encoding="utf-8")
    result = run(app, "--catalog", str(bad), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "error:" in result.output
    assert not (tmp_path / "out").exists()


def test_route_missing_from_the_catalog_exits_2(app, tmp_path):
    document = yaml.safe_load(load_catalog().spec.model_dump_json())
    del document["routes"]["casting"]
    path = tmp_path / "welded_only.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    result = run(app, "--catalog", str(path), "--route", "casting")
    assert result.exit_code == 2
    assert "unknown route 'casting'" in result.output


def test_unknown_route_choice_is_a_usage_error(app):
    assert run(app, "--route", "bicycle").exit_code == 2
