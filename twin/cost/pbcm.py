"""Process-based cost modelling (Kirchain & Field 2001): the operations and financial models.

Pure functions on numbers; sources §4.1 gives the method:

* operations model: a step must start ``APV / prod(1 - scrap)`` units to deliver ``APV`` good
  ones (it also makes the units scrapped downstream); the line time it needs over the
  available time x OEE gives the lines (ceil if dedicated, a fraction if shared);
* financial model: an investment costs ``capex x CRF(i, n)`` a year, with the capital recovery
  factor ``CRF = i (1 + i)^n / ((1 + i)^n - 1)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable


def capital_recovery_factor(rate: float, years: float) -> float:
    """Share of an investment paid back each year over ``years`` at interest ``rate``.

    Args:
        rate: cost of capital per year (0.10 for 10 %); 0 gives straight-line 1 / years.
        years: economic life [yr], > 0.

    Raises:
        ValueError: for a negative rate or a life that is not positive.
    """
    if years <= 0:
        raise ValueError(f"years must be > 0, got {years}")
    if rate < 0:
        raise ValueError(f"rate must be >= 0, got {rate}")
    if rate == 0:
        return 1.0 / years
    growth = (1.0 + rate) ** years
    return rate * growth / (growth - 1.0)


def required_volume(good_units: float, scrap_rates: Iterable[float]) -> float:
    """Units a step must start to deliver ``good_units`` after the given scrap rates."""
    passed = math.prod(1.0 - rate for rate in scrap_rates)
    if passed <= 0:
        raise ValueError("a scrap rate of 1 leaves no good units")
    return good_units / passed


def available_hours(days_per_year: float, shifts_per_day: float, hours_per_shift: float) -> float:
    """Productive hours per year of one line: days x shifts x productive hours per shift."""
    return days_per_year * shifts_per_day * hours_per_shift


def line_hours_needed(units: float, cycle_time_s: float) -> float:
    """Line hours to make ``units`` at ``cycle_time_s`` per unit (one line)."""
    return units * cycle_time_s / 3600.0


def lines_needed(hours_needed: float, hours_available: float, oee: float, dedicated: bool) -> float:
    """Lines (or cells) the demand needs: ``ceil`` if dedicated, the exact fraction if shared."""
    if hours_available <= 0 or oee <= 0:
        raise ValueError("available hours and OEE must be > 0")
    exact = hours_needed / (hours_available * oee)
    return float(math.ceil(exact - 1e-9)) if dedicated else exact


def annual_capital_cost_usd(capex_usd: float, rate: float, life_years: float) -> float:
    """Yearly cost of an investment: capex x CRF(rate, life)."""
    return capex_usd * capital_recovery_factor(rate, life_years)


def working_capital_cost_usd(variable_cost_usd: float, months: float, rate: float) -> float:
    """Cost of the variable cost tied up for ``months``: variable x months / 12 x rate."""
    return variable_cost_usd * months / 12.0 * rate
