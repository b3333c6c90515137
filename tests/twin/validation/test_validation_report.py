"""The committed validation report is complete and every verdict in it is a pass."""

import re

import pytest

from twin.validation.checks import band_check, bound_check, interval_check
from twin.validation.closed_forms import erlang_c_wait_s, mm1_sojourn_s, two_station_blocking
from twin.validation.paths import REPORT
from twin.validation.report import SECTIONS


def test_every_verdict_in_the_committed_report_is_a_pass():
    text = REPORT.read_text()
    verdicts = re.findall(r"\| (PASS|FAIL) \|$", text, flags=re.MULTILINE)
    assert verdicts, "no verdicts found: run make validate"
    assert set(verdicts) == {"PASS"}
    passed, total = map(int, re.search(r"\*\*(\d+) of (\d+) checks pass", text).groups())
    assert passed == total == len(verdicts)


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
