"""Holidays in the shift calendar, and sources that release on a schedule with a backlog."""

import math

import pytest
from scenario_builders import exp, line

from lines.spec import Scenario, ShiftCalendar
from twin.runtime.clock import YEAR_S, make_clock
from twin.runtime.engine import run_replication

DAY_S = 86_400.0
SCHEDULED = math.ceil(200 * 3600 / 60.0) - 1  # releases at 60 s, 120 s, ... before the end


def test_a_year_with_holidays_has_exactly_the_working_days_times_the_shift_hours():
    calendar = ShiftCalendar(shifts_per_day=2, shift_length_h=8, days_per_week=5,
                             holidays=(0, 3, 100, 101))
    clock = make_clock(calendar)
    # 365 days = 52 weeks + day 364 (weekday 0): 261 weekdays, less 4 holidays on weekdays
    assert calendar.working_days_per_year == 257
    assert clock.production_time(YEAR_S) == pytest.approx(257 * 16 * 3600.0)


def test_no_production_time_passes_on_a_holiday_and_the_next_day_works():
    calendar = ShiftCalendar(shifts_per_day=1, shift_length_h=8, days_per_week=7, holidays=(2,))
    clock = make_clock(calendar)
    assert clock.production_time(3 * DAY_S) - clock.production_time(2 * DAY_S) == 0.0
    assert clock.production_time(4 * DAY_S) - clock.production_time(3 * DAY_S) == 8 * 3600.0
    # a cycle started before the holiday resumes on the day after it
    assert clock.calendar_time(2 * 8 * 3600.0 + 60.0) == pytest.approx(3 * DAY_S + 60.0)


def test_the_holiday_calendar_repeats_every_365_days():
    calendar = ShiftCalendar(shifts_per_day=3, days_per_week=5, holidays=(10,))
    clock = make_clock(calendar)
    year = clock.production_time(YEAR_S)
    assert clock.production_time(2 * YEAR_S + 5 * DAY_S) == pytest.approx(
        2 * year + clock.production_time(5 * DAY_S))


def test_a_holiday_must_not_repeat():
    with pytest.raises(ValueError, match="repeat"):
        ShiftCalendar(holidays=(4, 4))


def _scheduled(scrap: float, buffer: int | None, horizon_h: float = 200.0):
    return line(
        [{"name": "cell", "cycle_time_s": exp(40.0), "buffer_capacity": buffer,
          "scrap_probability": scrap, "next": "exit",
          "failures": [{"time_between_failures_h": exp(2.0), "time_to_repair_min": exp(20.0)}]}],
        sources=[{"name": "orders", "to": "cell", "interarrival_s": 60.0, "backlog": True}],
        horizon_days=horizon_h / 24, warmup_h=0,
    )


def test_a_backlog_source_releases_on_schedule_whatever_the_buffer_and_replaces_scrap():
    result = run_replication(_scheduled(scrap=0.2, buffer=1), 0, 7)
    scheduled = SCHEDULED
    assert result.scrapped > 0.15 * scheduled  # the case exercises replacement
    # every scheduled order is released, plus one for each scrapped unit
    assert result.released == scheduled + result.scrapped
    # conservation: what entered either left good, left as scrap, or is still inside
    assert result.created == result.finished + result.scrapped + result.wip_end
    # the good output is the scheduled orders less those still open (in process or waiting)
    assert result.finished == scheduled - result.wip_end
    assert 0 <= result.order_backlog_units <= result.wip_end


def test_a_blocking_source_falls_behind_its_schedule_when_the_buffer_is_full():
    spec = _scheduled(scrap=0.0, buffer=1).model_dump(mode="json")
    spec["sources"][0]["backlog"] = False
    blocking = run_replication(Scenario.model_validate(spec), 0, 7)
    backlog = run_replication(_scheduled(scrap=0.0, buffer=1), 0, 7)
    assert blocking.released < backlog.released
    assert backlog.released == SCHEDULED


def test_backlog_needs_a_release_schedule():
    with pytest.raises(ValueError, match="backlog needs interarrival_s"):
        line([{"name": "a", "cycle_time_s": 1.0}],
             sources=[{"name": "s", "to": "a", "backlog": True}])
