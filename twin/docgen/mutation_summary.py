"""Mutation testing as a measurement: which modules to mutate, and the summary page of a run.

``make mutate`` runs mutmut (configured in ``[tool.mutmut]`` of pyproject.toml) and then this
module. Two commands:

* ``select --base REV``: mutant-name patterns (``twin.cost.route_costs.*``) of the model modules
  changed against ``REV`` (``git diff``, untracked files included), one per line; nothing when
  no model module changed. ``make mutate`` passes them to ``mutmut run``.
* ``sample PACKAGE... --size N --seed S``: a seeded random sample of N mutant names per
  package (mutmut's own generator lists them; ``random.Random(S)`` draws), recorded in
  ``docs/reference/mutation_history.json`` so the page counts only the sample and gives the
  share's Wilson 95 % interval. ``make mutate SAMPLE=N SEED=S PACKAGES="..."`` runs them.
* ``write``: reads mutmut's result files (``mutants/**/*.py.meta``), merges them into the
  committed record and writes ``docs/reference/mutation_testing.md``: the killed share per
  package and every surviving mutant with its one-line change and, where it has been
  reviewed, why it is harmless.

The killed share counts a timeout as killed (the mutant hung the tests) and a mutant no
selected test reaches ("no tests") as not killed: it is a gap of the suite, not of mutmut.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import fnmatch
import json
import math
import random
import subprocess
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "docs" / "reference" / "mutation_testing.md"
MUTANTS = REPO / "mutants"
HISTORY = REPO / "docs" / "reference" / "mutation_history.json"
"""Committed record of every run: ``verdicts`` (mutant name -> status and the hash of the
function it mutates, so a verdict is dropped once that function changes), ``runs`` (scope ->
wall seconds) and ``samples`` (package -> seed, size, population and the names drawn).
mutmut's own result files live in the git-ignored ``mutants/`` and are reset when the test
selection changes; the record keeps what earlier runs found."""
Z95 = 1.959963984540054
"""Two-sided 95 % normal quantile, for the Wilson interval of a sampled killed share."""
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
STD_OF_ONE = ("numpy's `std(ddof=1)` of one value (or none) is NaN as well (with a "
              "RuntimeWarning): the same figure")
MESSAGE = "only the text of an error message changes (the error is raised all the same)"
UNLISTED_RANK = ("an unlisted station's rank becomes None instead of len(stations); pandas "
                 "sorts the tuple keys level by level with the missing rank last, so unlisted "
                 "machines still follow every listed one, by name among themselves: the same "
                 "row order")
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
    "twin.experiments.kpis.x_kpi_interval__mutmut_2[26]": STD_OF_ONE,
    "twin.experiments.kpis.x__difference_interval__mutmut_3[48]": STD_OF_ONE,
    "twin.experiments.kpis.x_confidence_interval__mutmut_[46]": "the values are numbers "
    "(float columns); numpy's mean, std and the t half-width are the same float64 whether "
    "the array is float or int",
    "twin.experiments.kpis.x__difference_interval__mutmut_1[23]": "pandas `astype(None)` is "
    "float64, as `astype(float)`",
    "twin.cost.route_costs.x_tooling_usd__mutmut_21": "the yearly cost is max(by time, by "
    "wear): a wear of 1 US$ a year instead of 0 shows only for a tool cheaper than about "
    "US$ 4 (the cheapest tool is a US$ 0.5 M fixture set)",
    "twin.cost.route_costs.x_cost_breakdown__mutmut_50": "without blank mass the sheet term "
    "is blanks x (0 + premium - 0) and the premium is blank mass x a rate, also 0",
    "twin.cost.defaults.x_body_shop_capex_usd__mutmut_23": "differs only when the fixtures "
    "cost exactly the stations' share (24 sub-assemblies x 0.5 M US$ = 12 M US$); the "
    "catalog's welded route has 11 (5.5 M US$)",
    "twin.cost.defaults.x_body_shop_capex_usd__mutmut_24": MESSAGE,
    "twin.cost.tooling.x_stamping_die_cost_per_body__mutmut_3": MESSAGE,
    "twin.runtime.downtime.xǁCalendarDowntimeǁoverlap__mutmut_5": "the down intervals are "
    "merged, disjoint and in order: once the last one ends at or after p1 the next starts "
    "after p1, so the same intervals are summed",
    "twin.runtime.downtime.xǁCalendarDowntimeǁoverlap__mutmut_11": "an interval starting "
    "exactly at p1 adds max(0, p1 - p1) = 0 s either way",
    "twin.runtime.learning.xǁLearningStationRuntimeǁcycle_time__mutmut_11": "the plain "
    "`StationRuntime.cycle_time` does not read its machine argument",
    "twin.runtime.learning.xǁLearningStationRuntimeǁroute__mutmut_30": "u is a continuous "
    "uniform draw: u equal to scrap + rework has probability 0",
    "twin.runtime.engine.xǁSourceRuntimeǁ__init____mutmut_5": "`start` schedules the first "
    "arrival at once, which sets `blocked` to False before any event can read it",
    "twin.runtime.supermarket.xǁKitInboxǁreceive__mutmut_16": "a kit's product name is a "
    "label: the body stations that draw kits have no changeovers and no per-product cycle",
    "lines.routes.welded.x_paced_body_line__mutmut_37": "`Station.next` defaults to the exit",
    "lines.routes.casting.x_join_station__mutmut_13": "`Station.next` defaults to the exit",
    "lines.routes.welded.x_cost_steps__mutmut_3": "a paced body shop's scenario has exactly "
    "the body line and the repair booths besides the press shop, in that order: the general "
    "branch returns the same tuple",
    "lines.routes.casting.x_build_casting_scenario__mutmut_35": "the shots source is "
    "unlimited (it draws nothing); its name is only a label",
    "twin.cost.defaults.x_logistics_step__mutmut_8": "the driver seconds are 0 only for a "
    "route without stamped parts; both shipped routes have them",
    "twin.cost.defaults.x_material_inputs__mutmut_78": "both shipped routes have sheet parts, "
    "so the press scrap applies either way",
    "twin.cost.defaults.x_stamping_dies__mutmut_17": SAME_ORDER.split(";")[0]
    + "; the dies are a mapping keyed by die",
    "twin.cost.levers.x_set_recycled_share__mutmut_6": MESSAGE,
    "twin.cost.defaults.x_material_inputs__mutmut_12": "in the shipped catalog every stamped "
    "part is sheet steel and every sheet-steel part is stamped, so `|` and `&` pick the same "
    "parts",
    "twin.cost.claims.x_load_claim_example__mutmut_1[01]": MESSAGE,
    "twin.runtime.clock.xǁShiftClockǁcalendar_time__mutmut_30": "`rest` never exceeds the "
    "on-shift seconds of a period, the last cumulative end, so the bisection is at most the "
    "last index and the `min` never applies",
    "twin.runtime.clock.xǁShiftClockǁproduction_time__mutmut_3": "at `t` equal to the end of "
    "the interval used last the bisection finds that same interval (or, at a period's end, "
    "the next period's start) and gives the same on-shift seconds; only the one-interval "
    "shortcut is skipped",
    "twin.runtime.clock.x__on_intervals__mutmut_35": "an on-shift interval ending exactly at "
    "the period's end is then also split off as an empty (0, 0) interval: it holds no "
    "on-shift time, so no cumulative sum changes, production_time before it gives the "
    "period's on-shift seconds as before, and calendar_time never picks it (its cumulative "
    "end is 0, below any rest it looks for)",
    "twin.runtime.clock.x__merge__mutmut_3": "touching on-shift intervals (one shift ending "
    "as the next starts) stay two intervals instead of one: both conversions give the same "
    "times at and across the junction (the bisection picks the interval that ends or starts "
    "there), up to the rounding of the cumulative sums; measured on a two-shift line over 4 "
    "weeks: the same counts, times equal to 2e-10 s",
    "twin.runtime.machine.xǁMachineǁ_work__mutmut_17": "`now_p` is set again after a "
    "repair before the loop reads it, or the loop returns: the value is never read",
    "lines.routes.welded.x_kit_sources__mutmut_1[68]": "only the order the kit sources are "
    "listed in changes: each draws its own station's parts (a part belongs to one "
    "sub-assembly) from a stream keyed by its name",
    "parts_catalog.loader.x_read_yaml__mutmut_5": "'UTF-8' and 'utf-8' name the same codec",
    "twin.ui.tables.x_state_intervals__mutmut_58": UNLISTED_RANK,
    "twin.ui.tables.x_state_intervals__mutmut_60": UNLISTED_RANK,
    "twin.cost.adapter.x_simulated_calendar__mutmut_8": "`ShiftCalendar.shift_length_h` "
    "defaults to 8.0 (lines/spec.py), so dropping the keyword builds the same 3 x 8 h x 7-day "
    "calendar",
}
"""Reviewed survivors: mutant-name pattern -> why no number a user sees changes."""
OPEN: dict[str, str] = {
}
"""Reviewed survivors that do change a number and still need a test: pattern -> what."""


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
    function_hash: str = ""

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
        data = json.loads(meta.read_text("utf-8"))
        hashes = data.get("hash_by_function_name", {})
        found += [Mutant(name, path, STATUS.get(code, "suspicious"),
                         hashes.get(_local_function(name), ""))
                  for name, code in data.get("exit_code_by_key", {}).items()]
    return found


def _local_function(name: str) -> str:
    """The mangled local function name of a mutant (``x_area``, ``xǁMachineǁrun``)."""
    return name.rsplit(".", 1)[-1].rsplit("__mutmut_", 1)[0]


def merged(current: list[Mutant], verdicts: dict[str, dict[str, str]]) -> list[Mutant]:
    """Current results, a mutant not run now keeping its last verdict if its function is unchanged.

    Same hash only: a verdict on an edited function says nothing about the new one.
    """
    def kept(m: Mutant) -> Mutant:
        old = verdicts.get(m.name)
        if m.status != "not run" or old is None or old.get("hash") != m.function_hash:
            return m
        return Mutant(m.name, m.path, old["status"], m.function_hash)

    return [kept(m) for m in current]


def record_verdicts(verdicts: dict[str, dict[str, str]], current: list[Mutant],
                    from_log: dict[str, str]) -> dict[str, dict[str, str]]:
    """``verdicts`` updated with this run's: mutmut's result files, then a saved run log."""
    hashes = {m.name: m.function_hash for m in current}
    updated = dict(verdicts)
    updated |= {m.name: {"status": m.status, "hash": m.function_hash}
                for m in current if m.status != "not run"}
    updated |= {name: {"status": status, "hash": hashes.get(name, "")}
                for name, status in from_log.items()}
    return updated


def files_of(package: str, root: Path = REPO) -> list[Path]:
    """The source files of a reporting group (a module or every module of a folder)."""
    where = root / package
    return [where] if where.suffix == ".py" else sorted(where.glob("*.py"))


def mutant_names(package: str, root: Path = REPO) -> list[str]:
    """Every mutant mutmut generates for ``package`` from the sources as they are now, sorted.

    mutmut's own generator, so the names are the ones ``mutmut run`` accepts.
    """
    from mutmut.mutation.file_mutation import mutate_file_contents  # noqa: PLC0415
    from mutmut.utils.format_utils import get_mutant_name  # noqa: PLC0415

    names = []
    for path in files_of(package, root):
        relative = path.relative_to(root)
        mutated = mutate_file_contents(str(relative), path.read_text("utf-8"))
        names += [get_mutant_name(relative, local) for local in mutated.mutant_names]
    return sorted(names)


def draw_sample(population: list[str], size: int, seed: int) -> list[str]:
    """``size`` names drawn by ``random.Random(seed)`` without replacement, sorted.

    Drawn from the sorted population (so its order does not matter); all of it when smaller.
    """
    ordered = sorted(population)
    if size >= len(ordered):
        return ordered
    return sorted(random.Random(seed).sample(ordered, size))


def wilson_interval(killed: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a binomial share ``killed / n`` (Wilson 1927)."""
    if n == 0:
        return (math.nan, math.nan)
    p = killed / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


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
    bodies = {node.name: ast.unparse(node).replace(node.name, "f", 1).splitlines()
              for node in ast.walk(tree)
              if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
              and node.name in (local, original)}  # the signature too (defaults are mutated)
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
    """Why a survivor is harmless, or what it still needs, if reviewed; else an empty string."""
    harmless = next((why for pattern, why in HARMLESS.items()
                     if fnmatch.fnmatch(mutant.name, pattern)), "")
    still_open = next((f"open: {why}" for pattern, why in OPEN.items()
                       if fnmatch.fnmatch(mutant.name, pattern)), "")
    return harmless or still_open


def tally(mutants: list[Mutant]) -> tuple[Counter[str], int, int]:
    """Counts by verdict, the mutants that ran (not skipped) and those killed."""
    counts = Counter(m.status for m in mutants)
    ran = sum(counts.values()) - counts["not run"] - counts["skipped"]
    return counts, ran, sum(counts[s] for s in KILLED)


def share_row(package: str, mutants: list[Mutant], sample: dict | None = None) -> str:
    """One table row: counts by verdict and the killed share of the mutants that ran.

    For a seeded sample also how it was drawn and the share's Wilson 95 % interval.
    """
    counts, ran, killed = tally(mutants)
    share = f"{killed / ran:.1%}" if ran else "-"
    if sample and sample["size"] >= sample["population"]:
        how = "every mutant (a sample as large as the package)"
    elif sample:
        low, high = wilson_interval(killed, ran)
        how = (f"sample of {sample['size']} of {sample['population']} (seed "
               f"{sample['seed']}); 95 % {low:.1%} to {high:.1%}" if ran else
               f"sample of {sample['size']} of {sample['population']} (seed "
               f"{sample['seed']}), not run yet")
        how += f" ({sample['note']})" if sample.get("note") else ""
    else:
        how = ("not run in the recorded runs" if not ran else
               "every mutant" if not counts["not run"] else "the mutants run")
    return (f"| {package} | {ran} | {killed} | {counts['survived']} | {counts['no tests']} | "
            f"{counts['suspicious']} | {counts['not run']} | {share} | {how} |")


def counted(package: str, mutants: list[Mutant], samples: dict[str, dict]) -> list[Mutant]:
    """The mutants a package's share counts: its seeded sample if it has one, else all."""
    if package not in samples:
        return mutants
    drawn = set(samples[package]["names"])
    return [m for m in mutants if m.name in drawn]


def together_row(groups: dict[str, list[Mutant]], samples: dict[str, dict]) -> str:
    """The model packages together: each package's share weighted by its mutants.

    With a stratified normal 95 % interval (a package run whole adds no sampling error).
    """
    weights, shares, variance = {}, {}, 0.0
    for package, mutants in groups.items():
        population = samples[package]["population"] if package in samples else len(mutants)
        _, ran, killed = tally(counted(package, mutants, samples))
        if ran:
            weights[package], shares[package] = population, killed / ran
    total = sum(weights.values())
    if not total:
        return "| **model packages together** | - |"
    for package, weight in weights.items():
        _, ran, _ = tally(counted(package, groups[package], samples))
        finite = 1 - ran / weight if package in samples else 0.0
        p = shares[package]
        variance += (weight / total) ** 2 * p * (1 - p) / ran * max(finite, 0.0)
    estimate = sum(weights[k] * shares[k] for k in weights) / total
    half = Z95 * math.sqrt(variance)
    return (f"| **model packages together** (weighted by mutants: {total:.0f}) | "
            f"{estimate:.1%} | {max(0.0, estimate - half):.1%} to "
            f"{min(1.0, estimate + half):.1%} |")


def render(mutants: list[Mutant], runs: dict[str, float], folder: Path = MUTANTS,
           samples: dict[str, dict] | None = None) -> str:
    """The summary page."""
    samples = samples or {}
    by_package: dict[str, list[Mutant]] = {p: [] for p in PACKAGES}
    for mutant in mutants:
        by_package.setdefault(mutant.package, []).append(mutant)
    lines = [
        "# Mutation testing",
        "",
        "Generated by `make mutate` (`python -m twin.docgen.mutation_summary write`) from "
        "mutmut 3.8.1's results in `mutants/` and the committed record "
        "`docs/reference/mutation_history.json`; do not edit by hand. A mutant is a small "
        "change to the model code (an operator, a constant, a condition); the suite *kills* it "
        "when a test fails. The killed share is how much of the model code the tests really "
        "check.",
        "",
        "`make mutate` mutates the model modules changed against `BASE` (default `HEAD`: the "
        "uncommitted changes); `make mutate ALL=1` mutates every module of `[tool.mutmut]` "
        "`only_mutate` in pyproject.toml; `make mutate SAMPLE=N SEED=S PACKAGES=\"...\"` "
        "runs a seeded random sample of N mutants of each named package. Each mutant runs only "
        "the tests that call the function it changes (mutmut maps them in a first, clean run), "
        "one at a time (`--max-children 1`), without the `slow` statistical tests. It is not "
        "part of `make test`.",
        "",
        "Counted: timeouts as killed; `no tests` (no selected test calls the function) as not "
        "killed; `not run` mutants are left out of the share. A verdict of an earlier run is "
        "kept only while the function it mutates is unchanged (mutmut's function hash).",
        "",
        "**Samples.** A package too large to run whole on this shared 2-core machine is "
        "measured on a sample: mutmut's own generator lists every mutant of the package's "
        "sources as they are (`python -m twin.docgen.mutation_summary sample`), sorted by "
        "name, and `random.Random(seed).sample` draws N without replacement; only the drawn "
        "mutants count in the package's share, whose 95 % interval is the Wilson score "
        "interval of a binomial share. A drawn mutant whose function changed later (its name "
        "gone or its hash new) loses its verdict and counts as not run until `sample` draws "
        "again from the new sources and the draw is run.",
        "",
        "| package | mutants run | killed | survived | no tests | suspicious | not run | "
        "killed share | counted |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [share_row(p, counted(p, ms, samples), samples.get(p))
              for p, ms in by_package.items() if ms]
    model = {p: by_package[p] for p in MODEL_PACKAGES if by_package.get(p)}
    lines += ["", "| model packages together | killed share | 95 % interval |", "|---|---|---|",
              together_row(model, samples), "",
              "Recorded runs (`mutmut run` pattern: wall time on this 2-core machine, "
              "one child):", ""]
    lines += [f"- `{scope}`: {seconds / 60:.1f} min" for scope, seconds in runs.items()]
    mutants = [m for p, ms in by_package.items() for m in counted(p, ms, samples)]
    survivors = [m for m in mutants if m.status == "survived"]
    untested = Counter((m.package, function_of(m)) for m in mutants if m.status == "no tests")
    lines += ["", "## Surviving mutants", "",
              "Each survivor either gets a test that kills it or a reason here why no number a "
              "user sees changes; `open:` marks one reviewed that does change a number and still "
              "needs a test; `not reviewed` means neither has been done yet.", ""]
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


def load_history(path: Path = HISTORY) -> dict[str, dict]:
    """The committed record (``verdicts``, ``runs``, ``samples``), empty parts if absent."""
    record = json.loads(path.read_text("utf-8")) if path.exists() else {}
    return {key: record.get(key, {}) for key in ("verdicts", "runs", "samples")}


def save_history(record: dict[str, dict], path: Path = HISTORY) -> None:
    """Write the record, sorted, one entry a line (reviewable diffs)."""
    path.write_text(json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                    "utf-8")


def sample_command(packages: list[str], size: int, seed: int) -> list[str]:
    """Draw and record a seeded sample of each package; the names to pass to ``mutmut run``."""
    record = load_history()
    names = []
    for package in packages:
        population = mutant_names(package)
        drawn = draw_sample(population, size, seed)
        record["samples"][package] = {"seed": seed, "size": len(drawn),
                                      "population": len(population), "names": drawn}
        names += drawn
    save_history(record)
    return names


def write_command(out: str, seconds: float | None, scope: str, log: str | None) -> int:
    """Merge this run into the record and write the summary page."""
    record = load_history()
    current = read_mutants()
    from_log = statuses_from_log(Path(log).read_text("utf-8", errors="replace")) if log else {}
    record["verdicts"] = record_verdicts(record["verdicts"], current, from_log)
    mutants = merged(current, record["verdicts"])
    if not mutants:
        sys.stderr.write("no mutmut results in mutants/: run make mutate first\n")
        return 1
    if seconds is not None:
        record["runs"][scope] = seconds
    save_history(record)
    Path(out).write_text(render(mutants, record["runs"], samples=record["samples"]), "utf-8")
    sys.stdout.write(f"wrote {out}\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``select``, ``sample`` or ``write``; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    chooser = commands.add_parser("select", help="mutant patterns of changed model modules")
    chooser.add_argument("--base", default="HEAD")
    sampler = commands.add_parser("sample", help="a seeded random sample of mutant names")
    sampler.add_argument("packages", nargs="+", help="reporting groups, e.g. twin/runtime")
    sampler.add_argument("--size", type=int, required=True, help="mutants per package")
    sampler.add_argument("--seed", type=int, required=True)
    writer = commands.add_parser("write", help="write the summary page from mutants/")
    writer.add_argument("--out", default=str(PAGE))
    writer.add_argument("--seconds", type=float, help="wall time of the run just made")
    writer.add_argument("--scope", default="all", help="the patterns that run mutated")
    writer.add_argument("--log", help="a saved `mutmut run NAMES` output to add to the history")
    args = parser.parse_args(argv)
    if args.command == "select":
        sys.stdout.write("".join(f"{p}\n" for p in select(args.base)))
        return 0
    if args.command == "sample":
        unknown = [p for p in args.packages if p not in PACKAGES]
        if unknown:
            sys.stderr.write(f"sample: unknown package(s) {unknown}; one of {PACKAGES}\n")
            return 2
        names = sample_command(args.packages, args.size, args.seed)
        sys.stdout.write("".join(f"{n}\n" for n in names))
        return 0
    return write_command(args.out, args.seconds, args.scope, args.log)


if __name__ == "__main__":
    sys.exit(main())
