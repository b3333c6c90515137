"""The committed validation report is complete and every verdict in it is a pass."""

import re

import pytest

from twin.validation.checks import band_check, bound_check, interval_check
from twin.validation.closed_forms import erlang_c_wait_s, mm1_sojourn_s, two_station_blocking
from twin.validation.paths import REPORT
from twin.validation.report import CALIBRATED, PREDICTED, SECTIONS


def sections_of(text: str) -> dict[str, list[str]]:
    """Verdicts per ``## `` section of the report."""
    out: dict[str, list[str]] = {}
    title = ""
    for line in text.splitlines():
        if line.startswith("## "):
            title = line[3:]
        elif match := re.search(r"\| (PASS|FAIL) \|$", line):
            out.setdefault(title, []).append(match.group(1))
    return out


def test_every_verdict_outside_the_predictions_is_a_pass():
    """Closed forms, conservation and calibrations must hold; a prediction may miss."""
    text = REPORT.read_text()
    by_section = sections_of(text)
    assert by_section, "no verdicts found: run make validate"
    for title, verdicts in by_section.items():
        if title != PREDICTED:
            assert set(verdicts) == {"PASS"}, title
    verdicts = [v for vs in by_section.values() for v in vs]
    passed, total = map(int, re.search(r"\*\*(\d+) of (\d+) checks pass", text).groups())
    assert (passed, total) == (verdicts.count("PASS"), len(verdicts))


def test_the_report_says_how_many_predictions_it_misses():
    text = REPORT.read_text()
    missed = sections_of(text).get(PREDICTED, []).count("FAIL")
    assert (f"misses {missed} of" in text) == (missed > 0)


def test_calibrated_checks_name_what_was_fitted_or_that_they_are_circular():
    text = REPORT.read_text()
    body = text.split(f"## {CALIBRATED}")[1].split("\n## ")[0]
    rows = [line for line in body.splitlines() if line.startswith("| ") and "PASS" in line
            or line.startswith("| ") and "FAIL" in line]
    assert rows
    assert all("fitted:" in row or "circular:" in row for row in rows)


def test_the_report_has_every_section():
    text = REPORT.read_text()
    for title in SECTIONS:
        assert f"## {title}" in text, f"section {title!r} missing: run make validate"


def test_verdicts_are_computed_not_typed():
    assert interval_check("a", "n", "r", 10.0, [9.9, 10.1, 10.0, 9.95], "u").passed
    assert not interval_check("a", "n", "r", 11.0, [9.9, 10.1, 10.0, 9.95], "u").passed
    assert band_check("a", "n", "r", 1, 2, 1.5, "u").passed
    assert not band_check("a", "n", "r", 1, 2, 1.5, "u", ci=(0.9, 1.6)).passed
    assert not bound_check("a", "n", "r", 0.02, 0.03, "u").passed


def test_closed_forms_reduce_to_known_special_cases():
    # M/M/1 is M/M/c with c = 1: Wq = rho / (mu - lambda)
    lam, s = 0.1, 6.0
    assert erlang_c_wait_s(lam, s, 1) == pytest.approx(mm1_sojourn_s(lam, s) - s)
    # equal stations and no buffer: throughput = mu * (1 - 1/3) (three equally likely states)
    assert two_station_blocking(10.0, 10.0, 0)["throughput_per_s"] == pytest.approx(0.1 * 2 / 3)
