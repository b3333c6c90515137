"""Relief crews and installed units in the cost model, against hand computations."""

import pytest

from lines.spec import Break, ShiftCalendar
from twin.cost import CostRates, ProcessStep, RouteCostInputs, cost_breakdown
from twin.cost.inputs import OperatingCalendar

# 3 shifts of 8 h with a 30 min break, 5 days a week, 21 holidays: 240 working days
CALENDAR = OperatingCalendar.from_shift_calendar(ShiftCalendar(
    shifts_per_day=3, shift_length_h=8, days_per_week=5,
    breaks=(Break(after_h=4, duration_min=30),),
    holidays=tuple(range(0, 21 * 7, 7))))  # 21 Mondays


def route(relief: bool, installed: float | None = None) -> RouteCostInputs:
    step = ProcessStep(name="cell", cycle_time_s=100.8, oee=0.5, capex_per_line_usd=1e6,
                       operators_per_shift=2, relief_crews=relief, lines_installed=installed)
    return RouteCostInputs(route="r", annual_volume_units=100_000, calendar=CALENDAR,
                           steps=(step,))


def test_the_study_calendar_counts_its_holidays():
    assert CALENDAR.days_per_year == 240
    assert CALENDAR.available_hours_per_year == 240 * 3 * 7.5
    assert CALENDAR.paid_hours_per_year == 240 * 3 * 8


def test_relief_crews_run_the_whole_shift_and_pay_the_break_cover():
    rates = CostRates(labour_usd_per_h=50.0)
    plain, relieved = cost_breakdown(route(False), rates), cost_breakdown(route(True), rates)
    # lines: 100,000 x 100.8 s / 3600 = 2,800 h over (hours a year x OEE 0.5), ceiled
    assert plain.lines_needed["cell"] == 2  # 2800 / (5400 x 0.5) = 1.04
    assert relieved.lines_needed["cell"] == 1  # 2800 / (5760 x 0.5) = 0.97
    # labour per body: lines x operators x paid hours x rate / volume
    paid = 240 * 3 * 8
    assert plain.cost_per_body_usd["direct_labour"] == pytest.approx(
        2 * 2 * paid * 50 / 100_000)
    assert relieved.cost_per_body_usd["direct_labour"] == pytest.approx(
        1 * 2 * (paid + 240 * 3 * 0.5) * 50 / 100_000)


def test_installed_units_replace_the_operations_model():
    breakdown = cost_breakdown(route(False, installed=3.0))
    assert breakdown.lines_needed["cell"] == 3.0
    shared = cost_breakdown(route(False, installed=0.4))
    assert shared.cost_per_body_usd["equipment"] == pytest.approx(
        breakdown.cost_per_body_usd["equipment"] * 0.4 / 3.0)


def test_counted_die_events_replace_the_giga_die_tooling_with_a_hand_sum():
    from twin.cost.inputs import CountedDieEvents

    events = CountedDieEvents(shots=105_000, good_bodies=100_000, insert_refurbishments=4,
                              die_damages=1, cells=2, die_life_shots=100_000)
    inputs = route(False, installed=2.0).with_changes(die_events=events)
    rates = CostRates(tooling_life_years=5.0)
    extra = (cost_breakdown(inputs, rates).cost_per_body_usd["tooling"]
             - cost_breakdown(route(False, installed=2.0), rates).cost_per_body_usd["tooling"])
    # 100,000 bodies/yr x 1.05 shots x 5 yr = 525,000 shots, 262,500 per cell: 3 sets each;
    # 4 M US$ for the first set, 2.5 M for each of the other 5; refurbishments at 4 per
    # 105,000 shots x 120 k US$, damages at 1 per 105,000 x 80 k US$; over 500,000 bodies
    total = 4e6 + 5 * 2.5e6 + 525_000 * (4 / 105_000 * 120e3 + 1 / 105_000 * 80e3)
    assert extra == pytest.approx(total / 500_000)
