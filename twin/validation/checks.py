"""A validation check: expected value, simulated value with its interval, and the verdict."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Check:
    """One line of the validation report."""

    area: str
    name: str
    reference: str
    expected: float
    observed: float
    ci_low: float
    ci_high: float
    unit: str
    rule: str
    passed: bool
    note: str = ""
    """What the reader must know: the parameter fitted (calibrated), why a check is circular,
    or what a miss means."""

    def noted(self, note: str) -> Check:
        """The same check with ``note``."""
        return replace(self, note=note)


def interval_check(area: str, name: str, reference: str, expected: float,
                   values: Sequence[float], unit: str, confidence: float = 0.999) -> Check:
    """Pass if ``expected`` lies in the Student-t interval of the mean of ``values``."""
    data = np.asarray(values, dtype=float)
    mean = float(data.mean())
    half = float(stats.t.ppf(0.5 + confidence / 2, len(data) - 1) * data.std(ddof=1)
                 / math.sqrt(len(data)))
    return Check(area, name, reference, expected, mean, mean - half, mean + half, unit,
                 f"expected inside the {confidence:.1%} CI of {len(data)} replications",
                 abs(mean - expected) <= half)


def band_check(area: str, name: str, reference: str, low: float, high: float,
               observed: float, unit: str, ci: tuple[float, float] | None = None) -> Check:
    """Pass if ``observed`` (or its whole interval, when given) lies in [low, high]."""
    lo, hi = ci if ci is not None else (observed, observed)
    return Check(area, name, reference, (low + high) / 2, observed, lo, hi, unit,
                 f"within [{low:g}, {high:g}]", low <= lo and hi <= high)


def bound_check(area: str, name: str, reference: str, limit: float, observed: float,
                unit: str, upper: bool = True) -> Check:
    """Pass if ``observed`` stays below (or above) ``limit``."""
    passed = observed <= limit if upper else observed >= limit
    rule = f"{'at most' if upper else 'at least'} {limit:g}"
    return Check(area, name, reference, limit, observed, math.nan, math.nan, unit, rule, passed)
