"""PBCM arithmetic against hand computations."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twin.cost import available_hours, capital_recovery_factor, lines_needed, required_volume


def test_crf_at_10_percent_over_10_years_matches_the_formula():
    """CRF = i(1+i)^n / ((1+i)^n - 1); at 10 %, 10 yr the tables give 0.16275."""
    growth = 1.1**10
    assert capital_recovery_factor(0.10, 10) == pytest.approx(0.1 * growth / (growth - 1))
    assert capital_recovery_factor(0.10, 10) == pytest.approx(0.162745, abs=1e-6)


def test_crf_without_interest_is_straight_line():
    assert capital_recovery_factor(0.0, 8) == pytest.approx(1 / 8)


@given(rate=st.floats(0.001, 0.5), years=st.floats(1, 40))
def test_crf_repays_the_investment(rate, years):
    """The present value of CRF paid each year equals the investment."""
    crf = capital_recovery_factor(rate, years)
    present_value = crf * (1 - (1 + rate) ** -years) / rate
    assert present_value == pytest.approx(1.0)
    assert crf > 1 / years


@pytest.mark.parametrize(("rate", "years"), [(0.1, 0), (0.1, -3), (-0.1, 10)])
def test_crf_rejects_bad_input(rate, years):
    with pytest.raises(ValueError, match="must be"):
        capital_recovery_factor(rate, years)


def test_required_volume_makes_up_for_downstream_scrap():
    assert required_volume(1000, [0.05, 0.2]) == pytest.approx(1000 / (0.95 * 0.8))


def test_reference_4_5_giga_cells_for_250k():
    """REFERENCE 4.5: 250k good at 5 % scrap, 110 s, OEE 0.70, 5,400 h -> 2.13 cells (3)."""
    hours = available_hours(240, 3, 7.5)
    needed = required_volume(250_000, [0.05]) * 110 / 3600
    assert hours == 5400
    assert lines_needed(needed, hours, 0.70, dedicated=False) == pytest.approx(2.126, abs=0.005)
    assert lines_needed(needed, hours, 0.70, dedicated=True) == 3


def test_lines_needed_exact_multiple_is_not_rounded_up():
    assert lines_needed(2 * 5400 * 0.5, 5400, 0.5, dedicated=True) == 2
    assert math.isclose(lines_needed(5400 * 0.25, 5400, 0.5, dedicated=False), 0.5)
