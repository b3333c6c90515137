"""Availability under a one-shift calendar against its closed form (repairs stop off shift).

Failure and repair clocks run in production (on-shift) time: a machine that fails one hour
before the end of its shift is repaired for one hour that evening and the rest the next
morning. With a fixed working time to failure ``f`` and a fixed repair ``r`` the machine then
runs a strict cycle of ``f + r`` on-shift hours, so its availability is exactly
``f / (f + r)`` whatever the calendar, and on a horizon of a whole number of cycles the
counters are exact too. A repair that kept going off shift (the bug this guards) finishes in
the evening and raises availability: 0.714 -> 0.80 in the first case below.
"""

from __future__ import annotations

import pytest
from scenario_builders import exp, line

from twin.experiments.kpis import station_oee
from twin.experiments.replications import run_experiment
from twin.runtime.engine import run_replication

ONE_SHIFT = {"shifts_per_day": 1, "shift_length_h": 8, "first_shift_start_h": 6,
             "days_per_week": 7, "breaks": []}


def one_shift_press(ttf_h, ttr_min, days: float):
    return line([{"name": "press", "cycle_time_s": 60,
                  "failures": [{"time_between_failures_h": ttf_h,
                                "time_to_repair_min": ttr_min}]}],
                horizon_days=days, warmup_h=0, calendar=ONE_SHIFT)


@pytest.mark.parametrize(("ttf_h", "ttr_h", "days"), [
    (5.0, 2.0, 70),  # 560 on-shift hours = 80 cycles of 7 h; 2 of each 7 repairs span a night
    (7.0, 3.0, 50),  # 400 on-shift hours = 40 cycles of 10 h; most repairs span a night
])
def test_fixed_failures_on_one_shift_give_ttf_over_ttf_plus_ttr(ttf_h, ttr_h, days):
    result = run_replication(one_shift_press(ttf_h, ttr_h * 60, days))
    press = result.stations[0]
    on_shift_h = days * 8
    cycles = on_shift_h / (ttf_h + ttr_h)
    assert result.planned_time_s == pytest.approx(on_shift_h * 3600, abs=1e-6)
    assert station_oee(press)["availability"] == pytest.approx(ttf_h / (ttf_h + ttr_h),
                                                               abs=1e-9)
    assert press.time_s["failed"] == pytest.approx(cycles * ttr_h * 3600, abs=1e-6)
    assert press.time_s["off_shift"] == pytest.approx((days * 24 - on_shift_h) * 3600, abs=1e-6)
    assert result.finished == pytest.approx(cycles * ttf_h * 60, abs=1)  # 60 units a working h


def test_random_failures_on_one_shift_give_mtbf_over_mtbf_plus_mttr():
    """Exponential clocks, repairs as long as a third of a shift: A = 2 / (2 + 1.5) = 0.571."""
    scenario = one_shift_press(exp(2.0), exp(90.0), 120)
    result = run_experiment(scenario, replications=6, seed=3)
    availability = result.stations["availability"].to_numpy()
    # 6 replications of 960 on-shift hours, ~275 failures each: sd of one replication's A
    # is about 0.02, so the mean of six lies within +/- 0.025 of the truth at > 99.9 %
    assert availability.mean() == pytest.approx(2.0 / 3.5, abs=0.025)
