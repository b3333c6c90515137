"""``gigatwin plan``: a small study end to end, and bad input refused before any simulation."""

from __future__ import annotations

import json

import pandas as pd
import typer
import yaml
from typer.testing import CliRunner

from twin.cli.plan import register


def app() -> typer.Typer:
    cli = typer.Typer()
    register(cli)
    cli.command("noop")(lambda: None)  # two commands: typer keeps sub-command names
    return cli


def small_study(tmp_path, **changes):
    study = {"annual_demand_bodies": 150_000,
             "run": {"horizon_days": 5, "replications": 2, "pilot_days": 5,
                     "pilot_replications": 2, "risk_draws": 5, "seed": 4},
             "casting": {"defect_model": "constant"}} | changes
    path = tmp_path / "study.yaml"
    path.write_text(yaml.safe_dump(study))
    return path


def test_plan_writes_every_table_and_the_study_as_run(tmp_path):
    out = tmp_path / "plan"
    result = CliRunner().invoke(app(), ["plan", str(small_study(tmp_path)), "--workers", "1",
                                        "--no-record", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "For 150,000 good bodies a year" in " ".join(result.output.split())
    for name in ("sizing", "plan_summary", "cost_replications", "risk",
                 "risk_draws", "breakeven_crossings", "breakeven_resized", "lifecycle",
                 "replications", "stations"):
        assert (out / f"{name}.csv").exists(), name
    assert not (out / "breakeven.csv").exists()  # that name is the cost command's schema
    reps = pd.read_csv(out / "cost_replications.csv")
    assert sorted(reps["route"].unique()) == ["casting", "welded"]
    assert (reps.groupby("route")["replication"].nunique() == 2).all()
    assert reps["seed"].eq(4).all()
    sizing = pd.read_csv(out / "sizing.csv")
    assert {"giga cells", "body lines", "weld robots"} <= set(sizing["unit"])
    metadata = json.loads((out / "metadata.json").read_text())
    assert metadata["command"] == "plan"
    assert metadata["details"]["annual_demand_bodies"] == 150_000
    study = yaml.safe_load((out / "study.yaml").read_text())
    assert study["run"]["horizon_days"] == 5


def test_the_demand_option_overrides_the_study(tmp_path):
    out = tmp_path / "plan"
    result = CliRunner().invoke(app(), ["plan", str(small_study(tmp_path)), "--demand", "90000",
                                        "--no-risk", "--workers", "1", "--no-record",
                                        "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = pd.read_csv(out / "plan_summary.csv").set_index("kpi")
    required = summary.loc["required_jph_on_shift", "welded_mean"]
    assert required == 90_000 / (240 * 3 * 7.5)  # demand over the on-shift hours of a year


def test_a_bad_study_is_refused_naming_the_file_and_field_and_nothing_is_written(tmp_path):
    out = tmp_path / "plan"
    path = small_study(tmp_path, operating_pattern={"working_days_per_year": 400})
    result = CliRunner().invoke(app(), ["plan", str(path), "--out", str(out), "--no-record"])
    assert result.exit_code == 2
    assert str(path) in result.output
    assert "working_days_per_year" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_an_infinite_demand_is_refused_before_any_run(tmp_path):
    result = CliRunner().invoke(app(), ["plan", "--demand", "inf", "--no-record"])
    assert result.exit_code == 2
    assert "finite" in result.output


def test_a_defect_model_that_is_not_a_gigatwin_model_is_refused_before_any_run(tmp_path):
    bogus = tmp_path / "model.skops"
    bogus.write_bytes(b"not a model")
    out = tmp_path / "plan"
    result = CliRunner().invoke(app(), ["plan", str(small_study(tmp_path)), "--defect-model",
                                        str(bogus), "--out", str(out), "--no-record"])
    assert result.exit_code == 2
    assert "model.skops" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_warmup_auto_runs_each_sized_route_from_empty_and_records_the_cut(tmp_path,
                                                                        monkeypatch):
    import twin.cli.plan as plan_cli
    monkeypatch.setattr(plan_cli, "PLAN_WARMUP_RUN_H", 168.0)  # a week from empty is enough
    out = tmp_path / "plan"
    result = CliRunner().invoke(app(), ["plan", str(small_study(tmp_path)), "--warmup-h", "auto",
                                        "--no-risk", "--workers", "1", "--no-record",
                                        "--out", str(out)])
    assert result.exit_code == 0, result.output
    warmup = json.loads((out / "metadata.json").read_text())["details"]["warmup"]
    assert set(warmup) == {"welded", "casting"}
    for route, found in warmup.items():
        assert found["choice"] == "auto"
        assert found["run_length_h"] == 168.0
        scenario = yaml.safe_load((out / f"scenario_{route}.yaml").read_text())
        assert scenario["warmup_h"] == found["warmup_h"]  # the cut is what the run used
        assert 0.0 <= found["warmup_h"] <= 84.0  # MSER-5 never cuts more than half the run


def test_a_warmup_in_hours_overrides_the_study(tmp_path):
    out = tmp_path / "plan"
    result = CliRunner().invoke(app(), ["plan", str(small_study(tmp_path)), "--warmup-h", "3",
                                        "--no-risk", "--workers", "1", "--no-record",
                                        "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((out / "study.yaml").read_text())["run"]["warmup_h"] == 3.0
    for route in ("welded", "casting"):
        assert yaml.safe_load((out / f"scenario_{route}.yaml").read_text())["warmup_h"] == 3.0
