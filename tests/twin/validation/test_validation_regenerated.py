"""A fast subset of the validation report, regenerated now and compared with the committed one.

``test_validation_report.py`` reads docs/validation.md as committed; a code change that flips a
verdict would pass it until someone ran ``make validate``. Here the checks that take a few
seconds each (about 20 s in all; the slow queueing and year-long runs are left to
``make validate``) are computed again with their fixed seeds and compared row by row with
the committed report: the verdict must be the same, and the observed figure the same to the
report's four significant digits (1 % allowed for floating-point drift across platforms).
A failure means either a regression or a stale report: run ``make validate`` and read the diff.
"""

from __future__ import annotations

import math

import pytest

from parts_catalog import load_catalog
from twin.validation import calibrated_checks, cost_checks, engine_checks, predicted_checks
from twin.validation import route_checks as routes
from twin.validation.paths import REPORT

FAST = {  # module, function, takes the catalog
    "engine": [(engine_checks.time_split_closes, False), (engine_checks.failing_machine, False)],
    "routes": [(routes.welded_takt, True), (routes.metal_balance, True),
               (routes.defects_conserved, True)],
    "cost": [(cost_checks.crf, False), (cost_checks.die_life_halves_tooling, False)],
    "calibrated": [(calibrated_checks.castings_per_day, True),
                   (calibrated_checks.mature_defect_scrap, True),
                   (calibrated_checks.mass_saving, True), (calibrated_checks.claims, True)],
    "predicted": [(predicted_checks.volvo_gap, True),
                  (predicted_checks.dongfeng_qualification, True),
                  (predicted_checks.production_time, True),
                  (predicted_checks.robots_per_weld, True), (predicted_checks.ulsab_shares, True)],
}


def committed_rows() -> dict[str, tuple[float, str]]:
    """Check name -> (observed, verdict) of every row of the committed report."""
    rows = {}
    for line in REPORT.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 9 and cells[-1] in ("PASS", "FAIL"):
            observed = math.nan if cells[3] == "-" else float(cells[3])
            rows[cells[0]] = (observed, cells[-1])
    return rows


@pytest.fixture(scope="module")
def regenerated():
    catalog = load_catalog()
    checks = []
    for functions in FAST.values():
        for function, needs_catalog in functions:
            out = function(catalog) if needs_catalog else function()
            checks += out if isinstance(out, list) else [out]
    return checks


def test_the_committed_report_has_every_regenerated_check(regenerated):
    missing = [c.name for c in regenerated if c.name not in committed_rows()]
    assert not missing, f"not in docs/validation.md (run make validate): {missing}"
    assert len(regenerated) >= 20


def test_regenerated_verdicts_match_the_committed_report(regenerated):
    committed = committed_rows()
    flipped = [f"{c.name}: committed {committed[c.name][1]}, now "
               f"{'PASS' if c.passed else 'FAIL'} (observed {c.observed:.4g})"
               for c in regenerated if c.name in committed
               and committed[c.name][1] != ("PASS" if c.passed else "FAIL")]
    assert not flipped, "verdicts changed (regression, or run make validate):\n" + "\n".join(
        flipped)


def test_regenerated_figures_match_the_committed_report(regenerated):
    committed = committed_rows()
    moved = []
    for c in regenerated:
        if c.name not in committed:
            continue
        before = committed[c.name][0]
        same = (math.isnan(before) and math.isnan(c.observed)) or c.observed == pytest.approx(
            before, rel=0.01, abs=1e-9)
        if not same:
            moved.append(f"{c.name}: committed {before:.4g}, now {c.observed:.4g}")
    assert not moved, "figures moved (run make validate and review):\n" + "\n".join(moved)
