"""``gigatwin compare --vehicle``: lifecycle.csv follows the vehicle file; bad files exit 2."""

from __future__ import annotations

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from twin.cli.compare import register

SHORT = ["--days", "0.5", "--replications", "2", "--workers", "1", "--no-record"]


def app() -> typer.Typer:
    cli = typer.Typer()
    register(cli)
    cli.command("noop")(lambda: None)
    return cli


def test_lifecycle_csv_follows_the_vehicle_file(tmp_path):
    car = tmp_path / "car.yaml"
    car.write_text("vehicle:\n  use_grid_kg_co2e_per_kwh: 0.2\n  lifetime_km: 100000\n")
    out = tmp_path / "cmp"
    result = CliRunner().invoke(app(), ["compare", *SHORT, "--vehicle", str(car),
                                        "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "lifecycle.csv").set_index("route")
    assert (table["use_grid_kg_co2e_per_kwh"] == 0.2).all()
    assert (table["lifetime_km"] == 100_000).all()
    casting = table.loc["casting"]
    # use phase = lifetime km / 100 x energy use x grid
    assert casting["use_co2e_kg"] == pytest.approx(1_000 * casting["energy_use_kwh_per_100km"]
                                                   * 0.2)
    assert casting["energy_saving_kwh_per_100km"] == pytest.approx(
        0.6 * casting["mass_saving_kg"] / 100)


def test_a_bad_vehicle_file_exits_2_naming_the_field(tmp_path):
    car = tmp_path / "car.yaml"
    car.write_text("battery_usable_kwh: -3\n")
    out = tmp_path / "cmp"
    result = CliRunner().invoke(app(), ["compare", *SHORT, "--vehicle", str(car),
                                        "--out", str(out)])
    assert result.exit_code == 2
    assert "battery_usable_kwh" in result.output
    assert not out.exists()
