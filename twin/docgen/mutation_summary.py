"""Mutation testing as a measurement: which modules to mutate, and the summary page of a run.

``make mutate`` runs mutmut (configured in ``[tool.mutmut]`` of pyproject.toml) and then this
module. Two commands:

* ``select --base REV``: mutant-name patterns (``twin.cost.route_costs.*``) of the model modules
  changed against ``REV`` (``git diff``, untracked files included), one per line; nothing when
  no model module changed. ``make mutate`` passes them to ``mutmut run``.
* ``write``: reads mutmut's result files (``mutants/**/*.py.meta``) and writes
  ``docs/reference/mutation_testing.md``: the killed share per package and every surviving
  mutant with its one-line change and, where it has been reviewed, why it is harmless.

The killed share counts a timeout as killed (the mutant hung the tests) and a mutant no
selected test reaches ("no tests") as not killed: it is a gap of the suite, not of mutmut.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import fnmatch
import json
import subprocess
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "docs" / "reference" / "mutation_testing.md"
MUTANTS = REPO / "mutants"
TIMES = MUTANTS / "run_times.json"
HISTORY = MUTANTS / "results_history.json"
"""Every verdict recorded so far, by mutant name: mutmut resets its own result files when the
test selection changes, so a later run that re-runs only survivors would hide earlier kills."""
EMOJI = {"🎉": "killed", "🙁": "survived", "🫥": "no tests", "⏰": "timeout", "🤔": "suspicious",
         "🔇": "skipped", "🧙": "caught by type check"}
"""mutmut's per-mutant result marks (printed when ``mutmut run`` is given mutant names)."""

STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests",
          34: "skipped", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout",
          255: "timeout", 37: "caught by type check", None: "not run"}
"""mutmut 3.8's exit codes (``mutmut.stats.status_by_exit_code``); anything else: suspicious."""
KILLED = ("killed", "timeout", "caught by type check")
PACKAGES = ("twin/runtime", "twin/experiments/kpis.py", "twin/cost", "lines/routes",
            "parts_catalog/totals.py", "parts_catalog/loader.py", "twin/comparison/table.py",
            "twin/ui/tables.py")
"""Reporting groups, in the order of the issue (model packages first, then front-door tables)."""
MODEL_PACKAGES = PACKAGES[:6]

FLOAT_COLUMNS = ("`to_numpy(dtype=None)` keeps int64 counts as int64 instead of float64; "
                 "every sum and product is exact either way and the interval functions convert "
                 "to float before dividing, so the figures are the same")
SAME_ORDER = ("`sort=None` groups like `sort=False` (both falsy: first-seen order); the "
              "table is then sorted by value")
HARMLESS: dict[str, str] = {
    "twin.ui.tables.x_csv_bytes__mutmut_4": "'UTF-8' and 'utf-8' name the same codec",
    "twin.ui.tables.x_with_units__mutmut_6": "pandas `astype(None)` is float64, as `astype(float)`",
    "twin.ui.tables.x_time_split__mutmut_4": "pandas `astype(None)` is float64, as `astype(float)`",
    "twin.ui.tables.x_time_split__mutmut_9": SAME_ORDER.split(";")[0] + ", the line order",
    "twin.ui.tables.x_scrap_by_cause__mutmut_32": SAME_ORDER,
    "twin.ui.tables.x_scrap_by_cause__mutmut_34": "the grouping order is undone by the sort on "
    "the value that follows (ties keep an order no figure depends on)",
    "twin.ui.tables.x_scrap_by_cause__mutmut_37": "the grouping order is undone by the sort on "
    "the value that follows (ties keep an order no figure depends on)",
    "twin.ui.tables.x_scrap_by_cause__mutmut_12": "pandas `fillna(None)` leaves NaN, and `sum` "
    "skips NaN as it adds 0: the same totals",
    "twin.ui.tables.x_throughput_by_hour__mutmut_5": "an integer count array gives the same "
    "float mean and rolling mean as a float one",
    "twin.ui.tables.x_throughput_by_hour__mutmut_7": "an integer count array gives the same "
    "float mean and rolling mean as a float one",
    "twin.ui.tables.x_state_intervals__mutmut_7[2-4]": "a multi-column sort is a lexsort that "
    "ignores `kind`; keys (machine, start) are unique once zero-length states are dropped",
    "twin.ui.tables.x_state_intervals__mutmut_8[01]": "a multi-column sort is a lexsort that "
    "ignores `kind`",
    "twin.ui.tables.x_scrap_by_cause__mutmut_6[259]": "only the row index changes; the app "
    "shows the table with `hide_index` and its CSV is written with `index=False`",
    "twin.ui.tables.x_sweep_table__mutmut_[47]": "pivoting every numeric column instead of "
    "three adds columns that the next line's selection of mean/ci_low/ci_high drops again",
    "twin.comparison.table.x_verdict__mutmut_15": "only at a difference of exactly 0.0 US$, "
    "where either route is 'cheaper by US$ 0'",
    "twin.experiments.kpis.x_ratio_parts__mutmut_[26]": FLOAT_COLUMNS,
    "twin.experiments.kpis.x_ratio_parts__mutmut_14": FLOAT_COLUMNS,
    "twin.experiments.kpis.x_kpi_interval__mutmut_3": FLOAT_COLUMNS,
    "twin.experiments.kpis.x__summary_row__mutmut_6": FLOAT_COLUMNS,
    "twin.experiments.kpis.x_summarise__mutmut_23": "pandas `astype(None)` is float64, as "
    "`astype(float)`",
    "twin.experiments.kpis.x_summarise__mutmut_27": SAME_ORDER.split(";")[0] + ", the line order",
}
"""Reviewed survivors: mutant-name pattern -> why no number a user sees changes."""


def only_mutate() -> list[str]:
    """The ``only_mutate`` patterns of ``[tool.mutmut]`` (the model modules)."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    return list(config["tool"]["mutmut"]["only_mutate"])


def changed_files(base: str) -> list[str]:
    """Python files changed against ``base`` in the working tree, untracked ones included."""
    def git(*args: str) -> list[str]:
        out = subprocess.run(["git", *args], cwd=REPO, check=True, capture_output=True,
                             text=True).stdout
        return [line for line in out.splitlines() if line.endswith(".py")]

    return sorted(set(git("diff", "--name-only", base, "--"))
                  | set(git("ls-files", "--others", "--exclude-standard")))


def select(base: str) -> list[str]:
    """Mutant-name patterns of the model modules changed against ``base``."""
    patterns = only_mutate()
    chosen = [path for path in changed_files(base)
              if any(fnmatch.fnmatch(path, p) for p in patterns)]
    return [path.removesuffix(".py").removesuffix("/__init__").replace("/", ".") + ".*"
            for path in chosen]


@dataclass(frozen=True)
class Mutant:
    """One mutant: its name, the file it mutates and mutmut's verdict."""

    name: str
    path: str
    status: str

    @property
    def package(self) -> str:
        """The reporting group of :data:`PACKAGES` the mutant belongs to."""
        return next((p for p in PACKAGES if self.path == p or self.path.startswith(p + "/")),
                    self.path)


def read_mutants(folder: Path = MUTANTS) -> list[Mutant]:
    """Every mutant recorded in ``folder`` (mutmut's ``*.py.meta`` result files)."""
    found = []
    for meta in sorted(folder.rglob("*.py.meta")):
        path = str(meta.relative_to(folder)).removesuffix(".meta")
        codes = json.loads(meta.read_text("utf-8")).get("exit_code_by_key", {})
        found += [Mutant(name, path, STATUS.get(code, "suspicious"))
                  for name, code in codes.items()]
    return found


def merged(current: list[Mutant], history: dict[str, str]) -> list[Mutant]:
    """Current results, a mutant not run now keeping its last recorded verdict."""
    return [m if m.status != "not run" or m.name not in history
            else Mutant(m.name, m.path, history[m.name]) for m in current]


def statuses_from_log(text: str) -> dict[str, str]:
    """Verdicts from the "Mutant results" list that ``mutmut run NAMES...`` prints."""
    found = {}
    for line in text.split("Mutant results", 1)[-1].splitlines():
        mark, _, name = line.strip().partition(" ")
        if mark in EMOJI and "__mutmut_" in name:
            found[name] = EMOJI[mark]
    return found


def change_of(mutant: Mutant, folder: Path = MUTANTS) -> str:
    """The mutated line(s) against the original, as ``old -> new`` (from mutmut's copy)."""
    tree = ast.parse((folder / mutant.path).read_text("utf-8"))
    local = mutant.name.rsplit(".", 1)[-1]
    original = local.rsplit("__mutmut_", 1)[0] + "__mutmut_orig"
    bodies = {node.name: ast.unparse(node).splitlines()[1:] for node in ast.walk(tree)
              if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
              and node.name in (local, original)}
    if len(bodies) != 2:
        return "?"
    diff = [line for line in difflib.ndiff(bodies[original], bodies[local])
            if line[:1] in "-+"]
    old = " / ".join(d[2:].strip() for d in diff if d.startswith("-"))
    new = " / ".join(d[2:].strip() for d in diff if d.startswith("+"))
    return f"`{_window(old, new)}` -> `{_window(new, old)}`"


def _window(text: str, other: str, context: int = 30) -> str:
    """The part of ``text`` that differs from ``other``, with some context either side."""
    start = next((i for i, (a, b) in enumerate(zip(text, other, strict=False)) if a != b),
                 min(len(text), len(other)))
    tail = next((i for i, (a, b) in enumerate(zip(text[::-1], other[::-1], strict=False))
                 if a != b), 0)
    low, high = max(0, start - context), min(len(text), len(text) - tail + context)
    return ("..." if low else "") + text[low:high] + ("..." if high < len(text) else "")


def function_of(mutant: Mutant) -> str:
    """The mutated function's readable name (``Machine._work``, ``cost_breakdown``)."""
    local = mutant.name.rsplit(".", 1)[-1].rsplit("__mutmut_", 1)[0]
    return local.removeprefix("x_").removeprefix("x\u01c1").replace("\u01c1", ".")


def reason(mutant: Mutant) -> str:
    """Why a survivor is harmless, if it was reviewed; else an empty string."""
    return next((why for pattern, why in HARMLESS.items()
                 if fnmatch.fnmatch(mutant.name, pattern)), "")


def share_row(package: str, mutants: list[Mutant]) -> str:
    """One table row: counts by verdict and the killed share of the mutants that ran."""
    counts = Counter(m.status for m in mutants)
    ran = sum(counts.values()) - counts["not run"] - counts["skipped"]
    killed = sum(counts[s] for s in KILLED)
    share = f"{killed / ran:.1%}" if ran else "-"
    return (f"| {package} | {ran} | {killed} | {counts['survived']} | {counts['no tests']} | "
            f"{counts['suspicious']} | {counts['not run']} | {share} |")


def render(mutants: list[Mutant], runs: dict[str, float], folder: Path = MUTANTS) -> str:
    """The summary page."""
    by_package: dict[str, list[Mutant]] = {p: [] for p in PACKAGES}
    for mutant in mutants:
        by_package.setdefault(mutant.package, []).append(mutant)
    lines = [
        "# Mutation testing",
        "",
        "Generated by `make mutate` (`python -m twin.docgen.mutation_summary write`) from "
        "mutmut 3.8.1's results in `mutants/`; do not edit by hand. A mutant is a small change "
        "to the model code (an operator, a constant, a condition); the suite *kills* it when a "
        "test fails. The killed share is how much of the model code the tests really check.",
        "",
        "`make mutate` mutates the model modules changed against `BASE` (default `HEAD`: the "
        "uncommitted changes); `make mutate ALL=1` mutates every module of `[tool.mutmut]` "
        "`only_mutate` in pyproject.toml. Each mutant runs only the tests that call the "
        "function it changes (mutmut maps them in a first, clean run), one at a time "
        "(`--max-children 1`), without the `slow` statistical tests. It is not part of "
        "`make test`.",
        "",
        "Counted: timeouts as killed; `no tests` (no selected test calls the function) as not "
        "killed; `not run` mutants (outside the last selection) are left out of the share.",
        "",
        "| package | mutants run | killed | survived | no tests | suspicious | not run | "
        "killed share |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [share_row(p, ms) for p, ms in by_package.items() if ms]
    model = [m for m in mutants if m.package in MODEL_PACKAGES]
    lines += ["", share_row("**model packages together**", model), "",
              "Recorded runs (`mutmut run` pattern: wall time on this 2-core machine, "
              "one child):", ""]
    lines += [f"- `{scope}`: {seconds / 60:.1f} min" for scope, seconds in runs.items()]
    survivors = [m for m in mutants if m.status == "survived"]
    untested = Counter((m.package, function_of(m)) for m in mutants if m.status == "no tests")
    lines += ["", "## Surviving mutants", "",
              "Each survivor either gets a test that kills it or a reason here why no number a "
              "user sees changes. `not reviewed` means neither has been done yet.", ""]
    if not survivors:
        lines.append("None in the recorded runs.")
    for package in by_package:
        group = [m for m in survivors if m.package == package]
        if not group:
            continue
        lines += [f"### {package} ({len(group)})", "", "| mutant | change | reason |",
                  "|---|---|---|"]
        lines += [f"| {m.name.rsplit('.', 1)[-1]} | {change_of(m, folder).replace('|', '/')} | "
                  f"{reason(m) or 'not reviewed'} |" for m in group]
        lines.append("")
    if untested:
        lines += ["## Functions no selected test calls", "",
                  "Their mutants count as not killed. Most are tested elsewhere in the suite "
                  "(app pages, CLI, slow statistical tests) outside the lean mutation selection "
                  "of `[tool.mutmut]`; adding such a test to the selection is the remedy.", "",
                  "| package | function | mutants |", "|---|---|---|"]
        lines += [f"| {package} | `{function}` | {n} |"
                  for (package, function), n in sorted(untested.items())]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    """``select --base REV`` or ``write [--out PAGE]``; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    chooser = commands.add_parser("select", help="mutant patterns of changed model modules")
    chooser.add_argument("--base", default="HEAD")
    writer = commands.add_parser("write", help="write the summary page from mutants/")
    writer.add_argument("--out", default=str(PAGE))
    writer.add_argument("--seconds", type=float, help="wall time of the run just made")
    writer.add_argument("--scope", default="all", help="the patterns that run mutated")
    writer.add_argument("--log", help="a saved `mutmut run NAMES` output to add to the history")
    args = parser.parse_args(argv)
    if args.command == "select":
        sys.stdout.write("".join(f"{p}\n" for p in select(args.base)))
        return 0
    history = json.loads(HISTORY.read_text("utf-8")) if HISTORY.exists() else {}
    if args.log:
        history |= statuses_from_log(Path(args.log).read_text("utf-8", errors="replace"))
    current = read_mutants()
    history |= {m.name: m.status for m in current if m.status != "not run"}
    mutants = merged(current, history)
    if current:
        HISTORY.write_text(json.dumps(history, indent=0, sort_keys=True), "utf-8")
    if not mutants:
        sys.stderr.write("no mutmut results in mutants/: run make mutate first\n")
        return 1
    runs = json.loads(TIMES.read_text("utf-8")) if TIMES.exists() else {}
    if args.seconds is not None:
        runs[args.scope] = args.seconds
        TIMES.write_text(json.dumps(runs, indent=1), "utf-8")
    Path(args.out).write_text(render(mutants, runs), "utf-8")
    sys.stdout.write(f"wrote {args.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
