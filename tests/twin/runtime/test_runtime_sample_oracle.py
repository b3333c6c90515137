"""Runtime pieces the seeded mutation sample of ``twin/runtime`` found unchecked (issue 18).

Each against a closed form or a count by hand: the expected die damages of a Weibull life,
calendar downtime with a zero-length repair, the time-average of waiting press orders (the
press line's ``buffer_mean_units``), reworked kits going first, and the casting cell's scrap
during ramp-up against the learning curve's stated odds law.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
import simpy
from scenario_builders import exp, line

from lines.casting_cell import DieThermalSpec
from lines.spec import Scenario, ShiftCalendar
from twin.runtime.buffers import LineStats, Unit
from twin.runtime.casting_cell import Furnace, cooled_temp_c
from twin.runtime.clock import ShiftClock
from twin.runtime.die_damage import expected_damages
from twin.runtime.downtime import CalendarDowntime
from twin.runtime.engine import run_replication
from twin.runtime.supermarket import KitInbox, OrderBook


def test_expected_damages_are_the_weibull_cumulative_hazard():
    """H(t) = (t / scale)^shape: twice the scale at shape 3 is 8 damages, half at 2 is 0.25."""
    assert expected_damages(2_000.0, 1_000.0, 3.0) == pytest.approx(8.0)
    assert expected_damages(500.0, 1_000.0, 2.0) == pytest.approx(0.25)


def fixed(value: float):
    return lambda: value


def test_a_zero_length_repair_at_the_query_time_is_over():
    """Failures every 100 s of production with 0 s repairs: at p = 100 the next is at 200."""
    downtime = CalendarDowntime([(fixed(100.0), fixed(0.0))])
    assert downtime.next_interval(100.0) == (200.0, 200.0)


def test_calendar_downtime_inside_an_interval_by_hand():
    """Up 100 s, down 10 s: down (100, 110), (210, 220), ...; [105, 215] holds 5 + 5 s."""
    downtime = CalendarDowntime([(fixed(100.0), fixed(10.0))])
    assert downtime.overlap(105.0, 215.0) == pytest.approx(10.0)
    assert downtime.overlap(110.0, 210.0) == pytest.approx(0.0)
    assert downtime.next_interval(110.0) == (210.0, 220.0)


def test_waiting_press_orders_are_integrated_over_time():
    """Orders placed at 0 s and 10 s, one taken at 30 s, counted to 40 s: 0 x 0 + 1 x 10 +
    2 x 20 + 1 x 10 = 60 order-seconds, a mean of 1.5 orders."""
    env = simpy.Environment()
    book = OrderBook(env, LineStats(env, 3600.0))
    book.place("A")
    env.run(until=10)
    book.place("B")
    env.run(until=30)
    assert book.take().product == "A"
    env.run(until=40)
    book._note()  # what closing the measured period does
    assert book.area == pytest.approx(60.0)
    assert book.area / 40.0 == pytest.approx(1.5)
    assert book.max_level == 2


def test_a_reworked_kit_goes_first_and_at_once_to_a_waiting_machine():
    env = simpy.Environment()
    kits = KitInbox(SimpleNamespace(env=env), {"A": 1}, LineStats(env, 3600.0))
    reworked = Unit(0.0, "kit")
    kits.offer_rework(reworked)
    assert kits.take() is reworked
    waiting = kits.wait_get()
    again = Unit(5.0, "kit")
    kits.offer_rework(again)
    env.run()
    assert waiting.value is again


def cell_line(days: float, ramp: dict[str, float]) -> Scenario:
    """One cell at a fixed 110 s, 20 % constant defect rate, a perfect X-ray, no warm-up scrap."""
    block = {
        "shot_mass_kg": 90.0, "part_mass_kg": 62.0, "remelt_loss_share": 0.02,
        "furnace": {"melt_rate_kg_h": 3_500.0, "holding_capacity_kg": 8_000.0},
        "defect_model": "constant", "constant_scrap_rate": 0.2, "warmup_shots": 0,
        "xray_sensitivity": 1.0, "ramp_up": ramp,
    }
    return Scenario.model_validate({
        "name": "cell", "horizon_days": days, "warmup_h": 0.0,
        "sources": [{"name": "shots", "to": "cell"}],
        "stations": [{"name": "cell", "cycle_time_s": 110.0, "casting_cell": block}],
    })


def ramped_defect_share(p: float, start_odds: float, tau_days: float, days: float) -> float:
    """Mean over a run from SOP of p with its odds x (1 + (start - 1) e^(-t / tau))."""
    t = np.linspace(0.0, days, 20_001)
    odds = (1.0 + (start_odds - 1.0) * np.exp(-t / tau_days)) * p / (1.0 - p)
    return float(np.mean(odds / (1.0 + odds)))


def test_ramp_up_scrap_follows_the_odds_law_from_sop():
    """20 % defects, odds x3 at SOP decaying with a 2-day constant, 4 days from SOP: the
    defect share is the time-average of the raised probability (about 3,140 shots: binomial
    sd 0.008, tolerance 0.025)."""
    result = run_replication(cell_line(4.0, {"days_since_sop": 0.0, "start_odds_factor": 3.0,
                                             "time_constant_days": 2.0}), 0, 3)
    cell = result.stations[0]
    expected = ramped_defect_share(0.2, 3.0, 2.0, 4.0)
    assert cell.scrapped / cell.processed == pytest.approx(expected, abs=0.025)
    mature_from = ramped_defect_share(0.2, 3.0, 2.0, 4.0 + 10.0) * 14 - expected * 4
    later = run_replication(cell_line(10.0, {"days_since_sop": 4.0, "start_odds_factor": 3.0,
                                             "time_constant_days": 2.0}), 0, 3).stations[0]
    assert later.scrapped / later.processed == pytest.approx(mature_from / 10, abs=0.02)


def test_a_maintenance_stop_lasts_its_duration_on_a_machine_with_calendar_failures():
    """100 cycles of 30 s then a 5-minute stop, 36 times in 33 h (as without failures): a
    calendar-basis failure mode that never strikes in that time (MTBF 10^7 h) must not change
    how long the stop takes."""
    scenario = line([{
        "name": "cell", "cycle_time_s": 30,
        "maintenance": [{"name": "tip_dress", "every_cycles": 100, "duration_min": 5}],
        "failures": [{"name": "rare", "basis": "calendar",
                      "time_between_failures_h": exp(1e7), "time_to_repair_min": exp(6)}],
    }], horizon_days=33 / 24)
    result = run_replication(scenario)
    cell = result.stations[0]
    assert result.finished == 3600
    assert cell.maintenance_stops == 36
    assert cell.time_s["maintenance"] == pytest.approx(36 * 300.0)
    assert cell.time_s["failed"] == 0.0


def test_a_dose_the_furnace_holds_needs_no_wait():
    """10.5 kg held, 10 kg dosed: 0.5 kg left, no wait; 11 kg more: 10.5 kg short at 1 kg/s."""
    furnace = Furnace(rate_kg_h=3600.0, capacity_kg=100.0, level_kg=10.5)
    assert furnace.dose(10.0, now=0.0) == 0.0
    assert furnace.level_kg == pytest.approx(0.5)
    assert furnace.dose(11.0, now=0.0) == pytest.approx(10.5)


def test_a_die_held_without_limit_cools_towards_the_idle_temperature():
    """Held always (no hold limit): 200 degC -> 120 + 80 e^-1 after one 10-minute constant."""
    thermal = DieThermalSpec(idle_temp_c=120.0, thermal_units_hold_h=None,
                             cooling_time_constant_min=10.0)
    assert cooled_temp_c(200.0, 600.0, thermal) == pytest.approx(120.0 + 80.0 / math.e)


def test_calendar_time_at_zero_and_at_the_end_of_a_week_by_hand():
    """One 8-hour shift from 06:00, Monday to Friday: 40 on-shift hours a week; the 40th
    ends on Friday at 14:00 (4 days + 14 h = 110 h), the 80th a week later."""
    clock = ShiftClock(ShiftCalendar(shifts_per_day=1, shift_length_h=8.0,
                                     first_shift_start_h=6.0, days_per_week=5, breaks=()))
    assert clock.calendar_time(0.0) == 0.0
    assert clock.calendar_time(40 * 3600.0) == pytest.approx(110 * 3600.0)
    assert clock.calendar_time(80 * 3600.0) == pytest.approx((168 + 110) * 3600.0)
    assert clock.calendar_time(3600.0) == pytest.approx(7 * 3600.0)


def blocking_pair():
    """s1 (10 s) feeds s2 (20 s) without a buffer: s1 works 10 s, waits 10 s, every 20 s."""
    return line([{"name": "s1", "cycle_time_s": 10, "next": "s2"},
                 {"name": "s2", "cycle_time_s": 20, "buffer_capacity": 0}],
                horizon_days=10 / 24, warmup_h=1)


def test_a_station_that_works_10_s_in_20_has_10_s_active_periods():
    """10 h measured: s1 has 1,800 working spells of 10 s; s2 works throughout (one period)."""
    result = run_replication(blocking_pair())
    s1, s2 = result.stations
    assert s1.active_periods == pytest.approx(1800, abs=1)
    assert s1.time_s["working"] / s1.active_periods == pytest.approx(10.0, rel=1e-3)
    assert s2.active_periods == 1


def test_a_deterministic_line_has_no_lead_time_spread_and_keeps_no_trace():
    result = run_replication(blocking_pair())
    assert result.lead_time_sd_s == pytest.approx(0.0, abs=1e-6)
    assert result.lead_time_mean_s > 0
    assert result.trace is None


def test_a_night_shift_across_the_week_end_counts_in_full():
    """One 8-hour shift from 22:00, 7 days a week: the Sunday shift runs into Monday; 56 h."""
    clock = ShiftClock(ShiftCalendar(shifts_per_day=1, shift_length_h=8.0,
                                     first_shift_start_h=22.0, days_per_week=7, breaks=()))
    assert clock.on_per_period_s == pytest.approx(56 * 3600.0)
    assert clock.calendar_time(6 * 3600.0) == pytest.approx(6 * 3600.0)
