"""The documentation's examples run: python blocks execute, `$ gigatwin` lines succeed.

Each page runs in a fresh folder that links to the repository's examples/ and docs/, so the
pages' relative paths work and their outputs land in a temporary directory.
"""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from lines.schema_doc import PAGE, render
from ml import DEFECT_CLASSES, generate_shots
from twin.cli import app
from twin.cost import ELEMENTS, LEVERS

REPO = Path(__file__).resolve().parents[1]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def workspace(tmp_path: Path) -> Path:
    for name in ("examples", "docs"):
        (tmp_path / name).symlink_to(REPO / name)
    return tmp_path


def runnable(page: Path) -> bool:
    return any(lang in ("python", "console") for lang, _ in BLOCK.findall(page.read_text()))


def run_console(block: str, cwd: Path) -> None:
    for line in block.splitlines():
        if line.startswith("$ gigatwin "):
            args = shlex.split(line.removeprefix("$ gigatwin "))
            run = subprocess.run([sys.executable, "-m", "twin.cli", *args], cwd=cwd,
                                 capture_output=True, text=True, timeout=600)
            assert run.returncode == 0, f"{line}\n{run.stdout}\n{run.stderr}"


@pytest.mark.parametrize("page", [p for p in PAGES if runnable(p)],
                         ids=lambda p: str(p.relative_to(REPO)))
def test_the_examples_of_the_page_run_in_order(page, tmp_path, monkeypatch):
    cwd = workspace(tmp_path)
    monkeypatch.chdir(cwd)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for language, body in BLOCK.findall(page.read_text()):
        if language == "python":
            exec(compile(body, str(page), "exec"), namespace)  # noqa: S102 - our own docs
        elif language == "console":
            run_console(body, cwd)


def test_the_scenario_reference_page_is_current():
    assert PAGE.read_text() == render(), "regenerate it: make schema"


CSV_PAGE = REPO / "docs" / "reference" / "csv_files.md"
PLACEHOLDERS = {"<defect class>": "|".join(DEFECT_CLASSES), "<lever>": "|".join(LEVERS),
                "<parameter path>": re.escape("stations.weld.buffer_capacity"),
                "<type>": r"[a-z_]+", "<element>": "|".join(ELEMENTS)}


def documented_columns() -> dict[str, list[re.Pattern[str]]]:
    """Per CSV file of the reference page: a pattern for each column named in its tables."""
    files: dict[str, list[re.Pattern[str]]] = {}
    current = None
    for line in CSV_PAGE.read_text().splitlines():
        if line.startswith("### `"):
            current = files.setdefault(line.split("`")[1], [])
        elif line.startswith("| `") and current is not None:
            for name in re.findall(r"`([^`]+)`", line.split("|")[1]):
                pattern = re.escape(name)
                for placeholder, regex in PLACEHOLDERS.items():
                    pattern = pattern.replace(re.escape(placeholder), f"(?:{regex})")
                current.append(re.compile(pattern))
    return files


def written_columns(tmp_path: Path) -> dict[str, set[str]]:
    """Run every command that writes CSVs on a small case; file name -> columns seen."""
    shots = generate_shots(3000, seed=1)
    shots.drop(columns=[c for c in shots if c.startswith(("defect_", "p_true_"))]).to_csv(
        tmp_path / "shots.csv", index=False)
    line = str(REPO / "examples" / "two_station_line.yaml")
    small = ["--replications", "2", "--workers", "1"]
    study = tmp_path / "study.yaml"
    study.write_text("run: {horizon_days: 1, replications: 2, pilot_days: 1, "
                     "pilot_replications: 2, risk_draws: 3}\ncasting: {defect_model: constant}\n")
    commands = [["run", line, "--days", "0.5", *small], ["compare", "--days", "1", *small],
                ["plan", str(study), "--workers", "1", "--no-record"],
                ["warmup", line, "--run-length-h", "48", "--workers", "1"],
                ["run", line, "--days", "0.5", "--precision", "0.05", "--max-replications", "8",
                 *small],
                ["run", line, str(REPO / "examples" / "body_subline.yaml"), "--days", "0.5",
                 *small],
                ["run", line, "--batch-means", "--days", "2", "--workers", "1"],
                ["sweep", line, "--set", "stations.weld.buffer_capacity=0,3", "--days", "0.5",
                 *small], ["parts"], ["cost", "--monte-carlo", "5"]]
    columns: dict[str, set[str]] = {}
    for number, args in enumerate([*commands, ["train-defects", "--data", "shots.csv"]]):
        out = tmp_path / str(number)
        option = "--report" if args[0] == "train-defects" else "--out"
        result = CliRunner().invoke(app, [*args, option, str(out)])
        assert result.exit_code == 0, f"{args}\n{result.output}"
        for csv in out.glob("*.csv"):
            columns.setdefault(csv.name, set()).update(pd.read_csv(csv, nrows=1).columns)
    return columns


def test_the_csv_reference_lists_exactly_the_columns_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    documented, written = documented_columns(), written_columns(tmp_path)
    assert set(documented) == set(written), "a CSV file is missing from docs/reference/csv_files.md"
    for name, columns in written.items():
        undocumented = {c for c in columns if not any(p.fullmatch(c) for p in documented[name])}
        assert not undocumented, f"{name}: columns not documented: {sorted(undocumented)}"
        stale = [p.pattern for p in documented[name] if not any(p.fullmatch(c) for c in columns)]
        assert not stale, f"{name}: documented columns not written: {stale}"
