import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from ml import generate_shots, load_model
from twin.cli.train_defects import register


@pytest.fixture(scope="module")
def app():
    app = typer.Typer()
    register(app)

    @app.callback()
    def main():  # a callback keeps the sub-command name on the command line
        pass

    return app


def run(app, *args):
    return CliRunner().invoke(app, ["train-defects", *map(str, args)])


def test_train_on_generated_shots_writes_model_and_report(app, tmp_path):
    out, report = tmp_path / "m" / "model.skops", tmp_path / "report"
    result = run(app, "--shots", 20_000, "--seed", 1, "--out", out, "--report", report)
    assert result.exit_code == 0, result.output
    assert "truth" in result.output
    assert "in-loop" in result.output
    assert out.is_file()
    assert out.with_suffix(".json").is_file()
    load_model(out)
    evaluation = pd.read_csv(report / "evaluation.csv")
    assert {"model", "model_uncalibrated", "in_loop", "truth"} <= set(evaluation["scorer"])
    assert {"roc_auc", "brier_score"} <= set(evaluation.columns)
    assert {"p_predicted_mean", "scrap_rate_observed"} <= set(
        pd.read_csv(report / "calibration_curve.csv").columns)
    assert "permutation_auc_drop" in pd.read_csv(report / "feature_effects.csv").columns
    window = pd.read_csv(report / "process_window.csv")
    assert list(window.columns) == ["die_temp_c", "vacuum_mbar", "p_scrap"]


def test_train_on_a_user_csv_with_only_a_scrap_label(app, tmp_path):
    data = tmp_path / "shots.csv"
    frame = generate_shots(6000, seed=2)
    frame.drop(columns=[c for c in frame.columns if c.startswith(("defect_", "p_true"))]).to_csv(
        data, index=False)
    result = run(app, "--data", data, "--report", tmp_path / "r")
    assert result.exit_code == 0, result.output
    assert "user data" in result.output
    evaluation = pd.read_csv(tmp_path / "r" / "evaluation.csv")
    assert set(evaluation["target"]) == {"scrap"}
    assert "truth" not in set(evaluation["scorer"])  # a user's data has no true probability


def test_too_few_defects_is_a_clear_error(app, tmp_path):
    data = tmp_path / "few.csv"
    generate_shots(3000, seed=2).to_csv(data, index=False)
    result = run(app, "--data", data)
    assert result.exit_code == 2
    assert "soldering" in result.output


def test_bad_csv_is_reported_and_nothing_is_written(app, tmp_path):
    data = tmp_path / "bad.csv"
    frame = generate_shots(500, seed=3)
    frame.loc[3, "melt_hydrogen_ml_100g"] = float("nan")  # a gap in the export
    frame["melt_temp_c"] = frame["melt_temp_c"] * 1.8 + 32  # fahrenheit by mistake
    frame.to_csv(data, index=False)
    out, report = tmp_path / "model.skops", tmp_path / "report"
    result = run(app, "--data", data, "--out", out, "--report", report)
    assert result.exit_code == 2
    assert "melt_hydrogen_ml_100g: 1 missing value(s) (NaN), rows 3" in result.output
    assert "fahrenheit" in result.output
    assert not out.exists()
    assert not report.exists()


@pytest.mark.parametrize("args", [["--shots", 10], ["--out", "model.pkl"]])
def test_bad_options_exit_2(app, tmp_path, args):
    result = run(app, *args)
    assert result.exit_code == 2
    assert args[0] in result.output  # the message names the option
