"""The shipped examples run, and the what-if script still prints its recorded output."""

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from twin.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_scenario_runs_through_the_cli(path, tmp_path):
    result = CliRunner().invoke(app, ["run", str(path), "--days", "1", "--replications", "2",
                                      "--workers", "1", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "summary.csv").exists()


@pytest.mark.parametrize("script", sorted(EXAMPLES.glob("*.py")), ids=lambda p: p.name)
def test_example_script_output_matches_its_recording(script):
    # a change here means the engine's numbers changed: check why, then re-record the .out
    expected = script.with_suffix(".out").read_text()
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         check=True, timeout=300)
    assert run.stdout == expected
