"""``gigatwin optimise``: the hand-computed cheapest cells found end to end, the same trials for
the same seed, every trial recorded, and bad input refused (exit 2) before any simulation.

The study is the ideal casting route of tests/twin/planning/test_evaluate.py: one cell makes
179,084 good bodies a year, the demand of 450,000 needs 3 cells (2 miss it by 20 %).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
import typer
import yaml
from typer.testing import CliRunner

from twin.cli.optimise import register
from twin.store import ExperimentStore

CELLS_NEEDED = 3


def app() -> typer.Typer:
    cli = typer.Typer()
    register(cli)
    cli.command("noop")(lambda: None)  # two commands: typer keeps sub-command names
    return cli


def hand_study(tmp_path):
    study = {
        "annual_demand_bodies": 450_000,
        "run": {"horizon_days": 10, "warmup_h": 0, "replications": 2, "seed": 0,
                "pilot_days": 1, "pilot_replications": 2, "risk_draws": 3},
        "casting": {"defect_model": "constant", "constant_scrap_rate": 0.05,
                    "cycle_time_sd_s": 0.0, "cell_mtbf_h": 1e6, "die_life_shots": 10**9,
                    "die_maintenance_every_shots": 10**9,
                    "insert_refurbishment_every_shots": None, "die_damage": None,
                    "warmup_shots": 0, "die": {"thermal_units_hold_h": None}},
    }
    path = tmp_path / "study.yaml"
    path.write_text(yaml.safe_dump(study))
    return path


def optimise_args(study, *extra: str) -> list[str]:
    return ["optimise", str(study), "--route", "casting", "--vary", "cells=1..5",
            "--constraint", "demand_met_share>=0.95", "--short-days", "3",
            "--confirm-replications", "3", *extra]


def test_optimise_finds_the_fewest_cells_and_writes_its_tables(tmp_path):
    out, store = tmp_path / "opt", tmp_path / "store.db"
    result = CliRunner().invoke(app(), optimise_args(
        hand_study(tmp_path), "--trials", "8", "--seed", "2", "--out", str(out),
        "--store", str(store), "--tag", "kaizen"))
    assert result.exit_code == 0, result.output
    assert f"Best settings {{'cells': {CELLS_NEEDED}}}" in " ".join(result.output.split())
    best = pd.read_csv(out / "best.csv").set_index("metric")
    assert set(best["cells"]) == {CELLS_NEEDED}
    assert best.loc["demand_met_share", "mean"] == 1.0
    assert best.loc["cost_per_body_usd", "ci_low"] <= best.loc["cost_per_body_usd", "mean"] \
        <= best.loc["cost_per_body_usd", "ci_high"]
    trials = pd.read_csv(out / "trials.csv")
    assert list(trials["trial"]) == list(range(8))
    front = pd.read_csv(out / "front.csv")
    cheapest_feasible = front[front["feasible"]].sort_values("cost_per_body_usd").iloc[0]
    assert cheapest_feasible["cells"] == CELLS_NEEDED
    metadata = json.loads((out / "metadata.json").read_text())
    assert metadata["command"] == "optimise"
    assert metadata["details"]["best_settings"] == {"cells": CELLS_NEEDED}
    assert metadata["seed"] == 2
    opened = ExperimentStore.open(str(store))
    history = opened.history()
    opened.close()
    assert (history["command"] == "optimise-trial").sum() == 8  # every trial
    assert (history["command"] == "optimise").sum() == 1  # and the confirmed best
    assert set(history["tag"]) == {"kaizen"}


def test_the_same_seed_gives_the_same_trials_in_the_same_order(tmp_path):
    study = hand_study(tmp_path)
    written = []
    for run in ("a", "b"):
        out = tmp_path / run
        result = CliRunner().invoke(app(), optimise_args(study, "--trials", "5", "--seed", "1",
                                                         "--no-record", "--out", str(out)))
        assert result.exit_code == 0, result.output
        written.append((out / "trials.csv").read_bytes())
    assert written[0] == written[1]


@pytest.mark.parametrize(("change", "message"), [
    (["--vary", "cells=5..2"], "LOW must be <= HIGH"),
    (["--vary", "cells"], "expected PATH=LOW..HIGH"),
    (["--constraint", "demand_met_share=0.95"], "expected METRIC>=BOUND"),
    (["--constraint", "happiness>=1"], "not a metric"),
    (["--objective", "throughput"], "not a metric"),
    (["--vary", "cell_count=1..3"], "not a field of the casting route spec"),
    (["--vary", "stations.nowhere.buffer_capacity=0..3"], "no item named 'nowhere'"),
    (["--vary", "cells=0..3"], "cells"),
    (["--route", "press"], "--route 'press'"),
])
def test_bad_input_exits_2_naming_it_and_writes_nothing(tmp_path, change, message):
    out = tmp_path / "opt"
    args = optimise_args(hand_study(tmp_path), "--trials", "2", "--no-record", "--out",
                         str(out))
    if change[0] in ("--vary", "--route", "--objective"):
        args = [*args, *change]
        if change[0] == "--vary":
            args.remove("cells=1..5")
            args.remove("--vary")
    else:
        position = args.index("--constraint")
        args[position + 1] = change[1]
    result = CliRunner().invoke(app(), args)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert not out.exists()


def test_two_workers_find_the_fewest_cells_dask_and_a_rerun_give_the_same_trials(tmp_path):
    pytest.importorskip("dask.distributed")
    from twin.cli.app import app as full_app

    study, written, store = hand_study(tmp_path), {}, str(tmp_path / "store.db")
    for name, extra in {"processes": ["--store", store],
                        "dask": ["--scheduler", "local", "--no-record"]}.items():
        out = tmp_path / name
        result = CliRunner().invoke(app(), optimise_args(
            study, "--trials", "8", "--seed", "2", "--workers", "2", "--out", str(out),
            *extra))
        assert result.exit_code == 0, result.output
        assert f"Best settings {{'cells': {CELLS_NEEDED}}}" in " ".join(result.output.split())
        written[name] = (out / "trials.csv").read_bytes()
        metadata = json.loads((out / "metadata.json").read_text())
        assert metadata["details"]["trials_per_batch"] == 2
        assert metadata["details"]["execution"].startswith(name)
    assert written["processes"] == written["dask"]
    trials = pd.read_csv(tmp_path / "processes" / "trials.csv")
    assert list(trials["trial"]) == list(range(8))
    opened = ExperimentStore.open(store)
    record = int(opened.history(command="optimise")["id"].iloc[0])
    opened.close()
    again = CliRunner().invoke(full_app, ["rerun", str(record), "--out",
                                          str(tmp_path / "rerun"), "--store", store,
                                          "--no-record"])
    assert again.exit_code == 0, again.output
    assert (tmp_path / "rerun" / "trials.csv").read_bytes() == written["processes"]
