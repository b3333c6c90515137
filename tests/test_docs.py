"""The documentation's examples run: python blocks execute, `$ gigatwin` lines succeed.

Each page runs in a fresh folder that links to the repository's examples/, docs/ and lines/,
with a fresh experiment store, so the pages' relative paths and experiment ids work and
their outputs land in a temporary directory. A `console` line is run as a shell would run
it (comments dropped, globs expanded) unless its comment says ``[not run in tests: why]``;
every output path it names (``--out``, ``--report``, ``--export``, an ``init`` file) must
exist afterwards, and an ``--out`` folder must hold the ``metadata.json`` every one has.
"""

import ast
import glob
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
from twin.experiments.kpis import LINE_UNITS

REPO = Path(__file__).resolve().parents[1]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


PROMPTS = ("$ gigatwin ", "$ .venv/bin/gigatwin ")
NOT_RUN = re.compile(r"\[not run in tests: (?P<why>[^\]]*)\]")
OUTPUT_OPTIONS = ("--out", "--report", "--export")


def workspace(tmp_path: Path) -> Path:
    for name in ("examples", "docs", "lines"):
        (tmp_path / name).symlink_to(REPO / name)
    return tmp_path


def runnable(page: Path) -> bool:
    return any(lang in ("python", "console") for lang, _ in BLOCK.findall(page.read_text()))


def console_commands(block: str) -> list[tuple[str, list[str] | None]]:
    """Each gigatwin line of a console block and its arguments; None for a line not run."""
    commands = []
    for line in block.splitlines():
        prompt = next((p for p in PROMPTS if line.startswith(p)), None)
        if prompt is None:
            continue
        skipped = NOT_RUN.search(line)
        if skipped:
            assert skipped["why"].strip(), f"say why it is not run: {line}"
        commands.append((line, None if skipped else shlex.split(line.removeprefix(prompt),
                                                                  comments=True)))
    return commands


def expanded(args: list[str], cwd: Path) -> list[str]:
    """Arguments with shell globs expanded (sorted, relative to ``cwd``), as bash would."""
    out = []
    for arg in args:
        matches = sorted(glob.glob(arg, root_dir=cwd)) if glob.has_magic(arg) else []
        out += matches or [arg]
    return out


def promised_outputs(args: list[str]) -> list[tuple[str, str]]:
    """(option, path) of each path a command line writes: output options, an ``init`` file."""
    pairs = [(option, value) for option, value in zip(args[:-1], args[1:], strict=True)
             if option in OUTPUT_OPTIONS]
    return pairs + ([("init", args[-1])] if args[0] == "init" else [])


def run_console(block: str, cwd: Path) -> None:
    for line, args in console_commands(block):
        if args is None:
            continue
        args = expanded(args, cwd)
        run = subprocess.run([sys.executable, "-m", "twin.cli", *args], cwd=cwd,
                             capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, f"{line}\n{run.stdout}\n{run.stderr}"
        for option, name in promised_outputs(args):
            path = cwd / name
            assert path.is_file() or any(path.iterdir()), f"{line}: wrote nothing to {path}"
            if option == "--out" and path.is_dir():
                assert (path / "metadata.json").is_file(), f"{line}: no metadata.json in {path}"


README_RUN_FILES = ("summary.csv", "replications.csv", "stations.csv", "metadata.json")


def check_readme_promises(cwd: Path) -> None:
    """What the README says of its runs: the four files of a run, a byte-identical rerun."""
    for name in README_RUN_FILES:
        assert (cwd / "out" / "body" / name).is_file(), name
    for table in sorted((cwd / "out" / "precision").glob("*.csv")):
        assert (cwd / "out" / "again" / table.name).read_bytes() == table.read_bytes(), table


@pytest.mark.parametrize("page", [p for p in PAGES if runnable(p)],
                         ids=lambda p: str(p.relative_to(REPO)))
def test_the_examples_of_the_page_run_in_order(page, tmp_path, monkeypatch):
    cwd = workspace(tmp_path)
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("GIGATWIN_STORE", str(tmp_path / "experiments.db"))  # ids from 1
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for language, body in BLOCK.findall(page.read_text()):
        if language == "python":
            exec(compile(body, str(page), "exec"), namespace)  # noqa: S102 - our own docs
        elif language == "console":
            run_console(body, cwd)
    if page.name == "README.md":
        check_readme_promises(cwd)


def test_every_gigatwin_command_of_the_readme_is_run_or_says_why_not():
    """A README command in a shell block would never run: it must be a console line."""
    blocks = BLOCK.findall((REPO / "README.md").read_text())
    hidden = [line for lang, body in blocks if lang != "console" for line in body.splitlines()
              if re.match(r"\s*(\$ )?(\.venv/bin/)?gigatwin ", line)]
    assert not hidden, f"README commands outside a console block: {hidden}"
    commands = [c for lang, body in blocks if lang == "console" for c in console_commands(body)]
    run = [line for line, args in commands if args is not None]
    assert len(run) >= 10, run  # the not-run lines are the exception


def test_the_scenario_reference_page_is_current():
    assert PAGE.read_text() == render(), "regenerate it: make schema"


CSV_PAGE = REPO / "docs" / "reference" / "csv_files.md"
PLACEHOLDERS = {"<defect class>": "|".join(DEFECT_CLASSES), "<lever>": "|".join(LEVERS),
                "<parameter path>": re.escape("stations.weld.buffer_capacity"),
                "<type>": r"[a-z_]+", "<element>": "|".join(ELEMENTS),
                "<kpi>": "|".join(LINE_UNITS)}


def documented_columns() -> dict[str, list[re.Pattern[str]]]:
    """Per CSV file of the reference page: a pattern for each column named in its tables."""
    files: dict[str, list[re.Pattern[str]]] = {}
    current = None
    for line in CSV_PAGE.read_text().splitlines():
        if line.startswith("### `"):
            current = files.setdefault(line.split("`")[1], [])
        elif line.startswith("## "):  # a new section: its tables are not a file's columns
            current = None
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


APP_SECTION = "## The app's downloads"
DOWNLOAD_CALLS = {"csv_download", "table_with_download", "download_button"}


def _file_name(node: ast.expr) -> str | None:
    """A literal file name argument; an f-string's fields become ``<field>``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(part.value if isinstance(part, ast.Constant) else
                       f"<{ast.unparse(part.value)}>" for part in node.values)  # type: ignore[attr-defined]
    else:
        return None
    return text if re.fullmatch(r"[\w<>.-]+\.[a-z0-9]+", text) else None


def app_download_names() -> set[str]:
    """Every file name passed to a download call in twin/ui (read from the source)."""
    names = set()
    for path in (REPO / "twin" / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = getattr(node, "func", None)
            called = getattr(func, "attr", getattr(func, "id", None))
            if isinstance(node, ast.Call) and called in DOWNLOAD_CALLS:
                arguments = [*node.args, *(k.value for k in node.keywords if k.arg == "file_name")]
                names |= {n for n in map(_file_name, arguments) if n}
    return names


def documented_app_downloads() -> dict[str, str]:
    """File name -> schema cell of the app's downloads table on the CSV reference page."""
    section = CSV_PAGE.read_text().split(APP_SECTION, 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            for name in re.findall(r"`([^`]+)`", cells[0]):
                rows[name] = cells[2]
    return rows


def test_every_app_download_is_in_the_csv_reference_and_shares_names_only_with_its_schema():
    from twin.ui.downloads import PLAN_ZIP_NAME, ZIP_NAME
    from twin.ui.session_views import SESSION_FILE_NAME

    documented, cli_files = documented_app_downloads(), set(documented_columns())
    offered = app_download_names() | {ZIP_NAME, PLAN_ZIP_NAME, SESSION_FILE_NAME}
    assert len(offered) > 15, sorted(offered)  # the scan sees the pages' downloads
    assert offered <= set(documented), f"not in csv_files.md: {sorted(offered - set(documented))}"
    for name, schema in documented.items():
        if schema.startswith("the CLI's"):
            assert name in cli_files, f"{name} is listed as the CLI's but no command writes it"
        else:
            assert name not in cli_files, f"{name}: the app's own table under a CLI file's name"
