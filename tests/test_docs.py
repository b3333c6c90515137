"""The documentation's examples run: python blocks execute, `$ gigatwin` lines succeed.

Each page runs in a fresh folder that links to the repository's examples/ and docs/, so the
pages' relative paths work and their outputs land in a temporary directory.
"""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from lines.schema_doc import PAGE, render

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
