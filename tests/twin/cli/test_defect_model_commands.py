"""A plant's own defect model end to end: train on a CSV, inspect, simulate with, check drift.

One model is trained (module fixture) by ``gigatwin train-defects`` on a user CSV from a
plant with more porosity than the shipped model's data: the generator with a 9 % mature
scrap rate and a gas-porosity share of 50 % (the shipped data: 5 % and 35 %). Those two
figures are the oracle of the simulation test.
"""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
import typer
import yaml
from sklearn.metrics import roc_auc_score
from typer.testing import CliRunner

from lines.routes import load_route_spec
from lines.spec import Scenario
from ml import (
    FEATURES,
    GeneratorSettings,
    ParameterWindow,
    ProcessWindow,
    generate_shots,
    load_model,
)
from twin.cli.check_defects import check_defects_command
from twin.cli.compare import register as register_compare
from twin.cli.model_info import model_info_command
from twin.cli.train_defects import register as register_train
from twin.runtime.engine import run_replication

POROUS = GeneratorSettings(mature_scrap_rate=0.09, defect_mix={
    "gas_porosity": 0.50, "shrinkage_porosity": 0.15, "cold_shut": 0.10, "hot_tear": 0.07,
    "soldering": 0.08, "dimensional": 0.10},  # enough soldering shots to calibrate that class
    die_life_shots=8_000)  # the data span die ages 0-8,000, as the simulated new die does
SHOTS = 16_000


def cli() -> typer.Typer:
    app = typer.Typer()
    register_train(app)
    register_compare(app)
    app.command("model-info")(model_info_command)
    app.command("check-defects")(check_defects_command)
    return app


def invoke(*args):
    return CliRunner().invoke(cli(), [str(a) for a in args])


def user_csv(path, n, seed, window=None):
    """A plant's shot export: features and labels, no true probabilities."""
    frame = generate_shots(n, seed=seed, settings=POROUS, window=window)
    frame.drop(columns=[c for c in frame.columns if c.startswith("p_true")]).to_csv(
        path, index=False)
    return path


@pytest.fixture(scope="module")
def porous(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plant")
    data = user_csv(folder / "shots.csv", SHOTS, 21)
    model = folder / "porous.skops"
    result = invoke("train-defects", "--data", data, "--kind", "glm", "--out", model)
    assert result.exit_code == 0, result.output
    return model, data


def test_model_info_shows_the_card_of_a_user_trained_model(porous):
    model, data = porous
    result = invoke("model-info", model)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "(user data)" in text
    assert f"rows {SHOTS * 3 // 4} training, {SHOTS // 4} held out" in text  # last 25 % held out
    assert "features missing none" in text
    # the card's held-out AUC, recomputed here on the last quarter of the CSV
    held_out = pd.read_csv(data).iloc[SHOTS * 3 // 4:]
    auc = roc_auc_score(held_out["scrap"], load_model(model).p_scrap_batch(held_out))
    assert f"ROC AUC {auc:.4f}" in text


def test_model_info_refuses_a_tampered_file(porous, tmp_path):
    model, _ = porous
    copy = tmp_path / "porous.skops"
    data = bytearray(model.read_bytes())
    data[len(data) // 3] ^= 0x01
    copy.write_bytes(bytes(data))
    shutil.copy(model.with_suffix(".json"), copy.with_suffix(".json"))
    result = invoke("model-info", copy)
    assert result.exit_code == 2
    assert "sha256 differs" in result.output


def cell_line(defect_model: str, days: float = 8.0) -> Scenario:
    """One cell shooting every 110 s without stops, every defect counted (oracle: the mix)."""
    block = {
        "shot_mass_kg": 90.0, "part_mass_kg": 62.0, "remelt_loss_share": 0.02,
        "furnace": {"melt_rate_kg_h": 3_500.0, "holding_capacity_kg": 8_000.0},
        "defect_model": defect_model, "constant_scrap_rate": 0.0, "warmup_shots": 0,
        "xray_sensitivity": 0.98,
    }
    return Scenario.model_validate({
        "name": "cell", "horizon_days": days, "warmup_h": 1.0,
        "sources": [{"name": "shots", "to": "cell"}],
        "stations": [{"name": "cell", "cycle_time_s": 110.0, "casting_cell": block}],
    })


def made(defect_model: str) -> tuple[float, float, float]:
    """Defective share of shots, and gas-porosity share of shots, in one simulated run."""
    station = run_replication(cell_line(defect_model), 0, 4).stations[0]
    made = {k.removeprefix("defects_made_").removesuffix("_units"): v
            for k, v in station.extras.items() if k.startswith("defects_made_")}
    return sum(made.values()) / station.processed, made["gas_porosity"] / station.processed, \
        station.processed


def test_a_model_trained_on_more_porosity_gives_more_casting_scrap(porous):
    """Simulated defect rates follow each model's data: 9 % (50 % gas) against 5 % (35 %)."""
    rate_user, gas_user, shots = made(str(porous[0]))
    rate_shipped, gas_shipped, _ = made("default")
    se = np.sqrt(0.09 * 0.91 / shots)  # ~0.0036 on ~6,200 shots
    # a steady die at its set-point: the data's mature rates, within model error and 4 SE
    assert 0.09 - 0.015 - 4 * se < rate_user < 0.09 + 0.015 + 4 * se
    assert 0.05 - 0.01 - 4 * se < rate_shipped < 0.05 + 0.01 + 4 * se
    assert 0.09 * 0.50 - 0.01 < gas_user < 0.09 * 0.50 + 0.015
    assert gas_user > 2 * gas_shipped  # expected 4.5 % against 1.75 %


def test_a_route_file_names_the_model_relative_to_itself(porous, tmp_path):
    folder = tmp_path / "plant_files"
    folder.mkdir()
    shutil.copy(porous[0], folder / "our_model.skops")
    shutil.copy(porous[0].with_suffix(".json"), folder / "our_model.json")
    route = folder / "casting.yaml"
    route.write_text(yaml.safe_dump({"route": "casting", "defect_model": "our_model.skops"}))
    spec = load_route_spec(route)
    assert spec.defect_model == str(folder / "our_model.skops")


def test_compare_with_a_broken_defect_model_exits_2_and_writes_nothing(porous, tmp_path):
    lonely = tmp_path / "lonely.skops"
    shutil.copy(porous[0], lonely)  # no sidecar
    out = tmp_path / "out"
    result = invoke("compare", "--days", "0.2", "--replications", "1", "--workers", "1",
                    "--defect-model", lonely, "--out", out, "--no-record")
    assert result.exit_code == 2, result.output
    assert "sidecar" in result.output
    assert not out.exists()
    result = invoke("compare", "--days", "0.2", "--defect-model", tmp_path / "model.pkl",
                    "--no-record")
    assert result.exit_code == 2
    assert "defect_model must be" in result.output


def test_compare_runs_the_casting_route_with_the_plant_model(porous, tmp_path):
    out = tmp_path / "cmp"
    result = invoke("compare", "--days", "0.5", "--replications", "1", "--workers", "1",
                    "--warmup-h", "1", "--defect-model", porous[0], "--out", out, "--no-record")
    assert result.exit_code == 0, result.output
    stations = pd.read_csv(out / "stations.csv")
    cell = stations[(stations["route"] == "casting") & (stations["station"] == "giga_cell")]
    assert float(cell["defects_made_gas_porosity_units"].sum()) > 0


def test_check_defects_keeps_a_model_on_shots_of_the_same_process(porous, tmp_path):
    new = user_csv(tmp_path / "new.csv", 10_000, 31)
    result = invoke("check-defects", porous[0], new, "--out", tmp_path / "drift")
    assert result.exit_code == 0, result.output
    assert "flag:" not in result.output  # no score moved beyond its threshold and 2 SE
    assert "verdict: retrain" not in result.output
    psi = pd.read_csv(tmp_path / "drift" / "drift_psi.csv").set_index("feature")
    assert set(psi.index) == set(FEATURES)
    # same process: no major shift. The generator's variables wander slowly (AR(1) drift
    # over ~500 shots) and die age is a sawtooth, so "moderate" readings can occur (watch)
    assert (psi["psi"] < 0.25).all()


def test_check_defects_says_retrain_when_the_vacuum_drifted(porous, tmp_path):
    worse = ProcessWindow(vacuum_mbar=ParameterWindow(setpoint=110, scale=20, noise_sd=14,
                                                      drift_sd=8))  # poorer vacuum
    new = user_csv(tmp_path / "new.csv", 10_000, 32, window=worse)
    result = invoke("check-defects", porous[0], new)
    assert result.exit_code == 0, result.output
    assert "verdict: retrain" in result.output
    assert "vacuum_mbar: PSI" in result.output


def test_check_defects_refuses_shots_without_a_feature_the_model_uses(porous, tmp_path):
    frame = pd.read_csv(porous[1]).drop(columns=["vacuum_mbar"])
    frame.to_csv(tmp_path / "short.csv", index=False)
    result = invoke("check-defects", porous[0], tmp_path / "short.csv")
    assert result.exit_code == 2
    assert "vacuum_mbar" in result.output
