"""Runtime figures the mutation sample left unchecked, against hand computations (issue 18):
setup energy, the per-product cycle fallback, the active periods of a machine blocked at the
end of the warm-up, a line model built without asking for a trace, the die ages summed
at die damages, a calendar failure inside a cycle, and a plant-year's hourly series."""

import numpy as np
import pytest
from scenario_builders import line

from twin.runtime.die_damage import DieDamageClock
from twin.runtime.engine import LineModel, run_replication
from twin.runtime.streams import Streams

POWER = {"working_kw": 10.0, "idle_kw": 2.0, "down_kw": 1.0, "off_shift_kw": 0.5}


def test_setup_draws_working_power():
    # two products in lots of one: most units need a 1-min changeover, booked as setup
    scenario = line(
        [{"name": "press", "cycle_time_s": 60.0, "changeover_min": 1.0, "power": POWER,
          "next": "exit"}],
        sources=[{"name": "supply", "to": "press", "batch_size_units": 1,
                  "products": [{"name": "A"}, {"name": "B"}]}],
        horizon_days=1 / 6, warmup_h=0,
    )
    station = run_replication(scenario, 0, 3).stations[0]
    t = station.time_s
    assert t["setup"] > 600.0  # the case exercises setup (about half the units change over)
    by_hand_kwh = (10.0 * (t["working"] + t["setup"]) + 2.0 * (t["blocked"] + t["starved"])
                   + 1.0 * (t["failed"] + t["maintenance"]) + 0.5 * t["off_shift"]) / 3600.0
    assert station.energy_kwh == pytest.approx(by_hand_kwh, rel=1e-12)
    # nothing else happens on this line: 4 h of working or setup power
    assert station.energy_kwh == pytest.approx(10.0 * 4.0, rel=1e-9)


def test_a_product_without_its_own_cycle_takes_the_station_cycle():
    scenario = line(
        [{"name": "cell", "cycle_time_s": 20.0, "cycle_time_s_by_product": {"A": 10.0},
          "next": "exit"}],
        # A is in the mix (a per-product cycle must name a released product) at a share so
        # small that this seed releases only B
        sources=[{"name": "supply", "to": "cell",
                  "products": [{"name": "A", "share": 1e-9}, {"name": "B"}]}],
        horizon_days=1000 / 86_400, warmup_h=0,
    )
    result = run_replication(scenario, 0, 1)
    # done at 20, 40, ..., 980 s (the one due at 1,000 s falls at the stop); at product A's
    # 10 s it would be 99
    assert result.finished == 49


def test_a_machine_blocked_at_the_end_of_the_warm_up_starts_no_active_period_there():
    # A (10 s) feeds B (100 s) with no buffer: A is unblocked when B takes its unit, at
    # 110 s, 210 s, ... (10 + 100 k); at the reset (1,000 s) A has been blocked since 920 s.
    scenario = line(
        [{"name": "a", "cycle_time_s": 10.0, "next": "b"},
         {"name": "b", "cycle_time_s": 100.0, "buffer_capacity": 0, "next": "exit"}],
        horizon_days=1000 / 86_400, warmup_h=1000 / 3600,
    )
    a = run_replication(scenario, 0, 1).stations[0]
    # measured [1000, 2000): unblocked at 1010, 1110, ..., 1910
    assert a.active_periods == 10
    assert a.time_s["working"] == pytest.approx(100.0)
    assert a.time_s["blocked"] == pytest.approx(900.0)


def test_a_line_model_keeps_no_trace_unless_asked():
    scenario = line([{"name": "cell", "cycle_time_s": 10.0, "next": "exit"}],
                    horizon_days=0.01, warmup_h=0)
    assert LineModel(scenario, Streams(0, 0)).trace is None
    assert LineModel(scenario, Streams(0, 0), trace=True).trace == []


def test_die_damage_clock_sums_the_die_ages_at_its_damages():
    # damages at die ages 10 and 30 shots, then the warm-up ends and one more at 5 shots: the
    # sums the mean age at a damage divides are 40 and then 5 shots, exactly
    class Die:
        shots_since_change, changes_seen, change_clock = 0, 0, None

    die = Die()
    clock = DieDamageClock(die, 1_000.0, 2.0, 1.0, np.random.default_rng(0))
    assert clock.age_sum_shots == 0.0
    for age in (10, 30):
        die.shots_since_change = age
        clock.begin()
    assert (clock.count, clock.age_sum_shots) == (2, 40.0)
    clock.reset_ages()
    die.shots_since_change = 5
    clock.begin()
    assert clock.age_sum_shots == 5.0


def test_calendar_failure_pauses_a_cycle_it_falls_in():
    # one machine, 70 s cycles, unlimited supply, no operating failures; a calendar failure
    # every 1 h of on-shift time, repaired in 10 min: down [3600 + 4200 k, 4200 + 4200 k).
    # In a 24 h day: 20 repairs (12,000 s) and 74,400 s up, so floor(74,400 / 70) = 1,062
    # cycles. The 52nd cycle of each hour is cut by the failure and ends after the repair; a
    # machine that ignored the failure inside a cycle would make 52 an interval, 1,074 a day.
    scenario = line(
        [{"name": "oven", "cycle_time_s": 70.0,
          "failures": [{"name": "trip", "basis": "calendar", "time_between_failures_h": 1.0,
                        "time_to_repair_min": 10.0}]}],
        horizon_days=1, warmup_h=0,
    )
    day_s, period_s, repair_s = 86_400.0, 3_600.0 + 600.0, 600.0
    down_s = (day_s // period_s) * repair_s  # the 21st failure would start after the day
    result = run_replication(scenario, 0, 0)
    assert result.finished == (day_s - down_s) // 70.0 == 1_062
    assert result.stations[0].time_s["failed"] == pytest.approx(down_s, abs=1e-6)
    assert result.stations[0].time_s["working"] == pytest.approx(day_s - down_s, abs=1e-6)


def test_a_plant_year_has_one_finished_count_per_hour():
    # a 70 s machine with unlimited supply for 365 days: 8,760 hours of 51 or 52 units
    # (3,600 / 70 = 51.4), floor(365 x 86,400 / 70) = 450,514 in all; a series sized short
    # would put the last hours' units into one slot (103)
    scenario = line([{"name": "press", "cycle_time_s": 70.0}], horizon_days=365, warmup_h=0)
    hourly = run_replication(scenario, 0, 0).finished_per_hour
    assert len(hourly) == 365 * 24
    assert sum(hourly) == (365 * 86_400) // 70 == 450_514
    assert set(hourly) == {51, 52}
