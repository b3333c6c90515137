"""``gigatwin fit``: a log in, a scenario out that ``gigatwin run`` accepts; bad input exits 2
and writes nothing."""

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from lines.scenario_io import load_scenario, scenario_from_dict, scenario_to_yaml
from twin.cli.app import app
from twin.fitting import simulated_event_log

runner = CliRunner()

LINE = {
    "name": "two cells", "horizon_days": 4,
    "sources": [{"name": "supply", "to": "cell"}],
    "stations": [
        {"name": "cell", "cycle_time_s": {"dist": "normal", "mean": 90, "sd": 9}, "next": "pack",
         "failures": [{"time_between_failures_h": {"dist": "weibull", "shape": 1.5, "scale": 3},
                       "time_to_repair_min": {"dist": "lognormal", "mean": 12, "sd": 6}}]},
        {"name": "pack", "cycle_time_s": 30, "scrap_probability": 0.01},
    ],
}


@pytest.fixture(scope="module")
def event_log(tmp_path_factory):
    frame, _ = simulated_event_log(scenario_from_dict(LINE), seed=2)
    path = tmp_path_factory.mktemp("log") / "events.csv"
    frame.to_csv(path, index=False)
    return path


def test_fit_with_a_base_writes_a_scenario_that_run_accepts(event_log, tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text(scenario_to_yaml(scenario_from_dict(LINE)))
    out, report = tmp_path / "fitted.yaml", tmp_path / "report"
    result = runner.invoke(app, ["fit", str(event_log), "--out", str(out), "--base", str(base),
                                 "--report", str(report), "--resamples", "9"])
    assert result.exit_code == 0, result.output
    fitted = load_scenario(out)
    cell = fitted.station("cell")
    assert cell.failures[0].basis == "operating"
    assert cell.failures[0].time_between_failures_h.dist == "weibull"
    assert fitted.station("pack").scrap_probability == 0.01  # the base's other fields stay
    table = pd.read_csv(report / "reliability.csv")
    assert set(table.columns) >= {"station", "mtbf_h", "mtbf_h_ci_low", "mttr_min"}
    assert (report / "candidates.csv").exists()
    assert (report / "metadata.json").exists()
    ran = runner.invoke(app, ["run", str(out), "--days", "1", "--replications", "2",
                              "--workers", "1"])
    assert ran.exit_code == 0, ran.output


def test_fit_without_a_base_puts_the_logged_stations_in_series(event_log, tmp_path):
    out = tmp_path / "line.yaml"
    result = runner.invoke(app, ["fit", str(event_log), "--out", str(out), "--resamples", "0"])
    assert result.exit_code == 0, result.output
    raw = yaml.safe_load(out.read_text())
    assert [s["name"] for s in raw["stations"]] == ["cell", "pack"]
    assert raw["stations"][0]["next"] == "pack"
    assert "failures" not in yaml.safe_load(out.read_text())["stations"][1] or not raw[
        "stations"][1]["failures"]


@pytest.mark.parametrize(("text", "words"), [
    ("station;machine;state;start;end\na;1;working;0;1\n", ["line 1", "semicolons"]),
    ("station,machine,state,start,end\na,1,working,0,10\na,1,failed,5,20\n",
     ["line 3", "overlapping"]),
    ("", ["empty"]),
])
def test_a_bad_log_exits_2_naming_the_line_and_writes_nothing(tmp_path, text, words):
    log, out, report = tmp_path / "bad.csv", tmp_path / "out.yaml", tmp_path / "report"
    log.write_text(text)
    result = runner.invoke(app, ["fit", str(log), "--out", str(out), "--report", str(report)])
    assert result.exit_code == 2
    for word in words:
        assert word in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not report.exists()


def test_a_logged_station_missing_from_the_base_exits_2(event_log, tmp_path):
    other = dict(LINE, stations=[dict(LINE["stations"][0], name="other", next="exit")],
                 sources=[{"name": "supply", "to": "other"}])
    base = tmp_path / "base.yaml"
    base.write_text(scenario_to_yaml(scenario_from_dict(other)))
    out = tmp_path / "out.yaml"
    result = runner.invoke(app, ["fit", str(event_log), "--out", str(out), "--base", str(base),
                                 "--resamples", "0"])
    assert result.exit_code == 2
    assert "station 'cell', which the base does not" in result.output
    assert not out.exists()
