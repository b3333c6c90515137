"""Behaviour of the routes: die life, idle time, robot failures, press capacity."""

from __future__ import annotations

import math

import pytest

from lines.casting_cell import DieThermalSpec
from lines.routes import (
    CastingRouteSpec,
    WeldedRouteSpec,
    build_casting_scenario,
    build_welded_scenario,
)
from lines.spec import Break, ShiftCalendar
from twin.experiments.kpis import station_rows
from twin.runtime.engine import run_replication

ALWAYS = ShiftCalendar(shifts_per_day=3, shift_length_h=8.0)


def cell_row(spec: CastingRouteSpec, catalog, seed: int = 0) -> dict:
    result = run_replication(build_casting_scenario(spec, catalog), 0, seed)
    return station_rows(result)[0] | {"finished": result.finished}


def test_shorter_die_life_costs_the_expected_die_change_share(catalog):
    """Die change share = change time / (die life x cycle + change time)."""
    base = CastingRouteSpec(cells=1, cycle_time_sd_s=0.0, cell_mtbf_h=1e6, calendar=ALWAYS,
                            die_maintenance_every_shots=10**7, horizon_days=40, warmup_h=0)
    short = base.with_changes(die_life_shots=3_000)
    share = 8.0 / (3_000 * 110 / 3600 + 8.0)
    long_row, short_row = cell_row(base, catalog), cell_row(short, catalog)
    assert short_row["maintenance_share"] == pytest.approx(share, abs=0.015)
    ratio = short_row["working_share"] / long_row["working_share"]
    assert ratio == pytest.approx(1 - share, abs=0.015)
    assert short_row["die_changes"] >= 9


def break_calendar(minutes: float, days_per_week: int = 7) -> ShiftCalendar:
    return ShiftCalendar(shifts_per_day=3, shift_length_h=8.0, days_per_week=days_per_week,
                         breaks=(Break(after_h=4.0, duration_min=minutes),))


COLD_IDLE = DieThermalSpec(idle_temp_c=120.0)  # units that keep the die only above 120 degC


def test_longer_breaks_give_more_warmup_scrap_when_the_die_is_held_only_at_120c(catalog):
    """The die cools during each break; a longer break leaves it colder: more warm-up shots."""
    spec = CastingRouteSpec(cells=1, cell_mtbf_h=1e6, horizon_days=5, die=COLD_IDLE,
                            die_damage=None)
    short = cell_row(spec.with_changes(calendar=break_calendar(10)), catalog)
    long_ = cell_row(spec.with_changes(calendar=break_calendar(60)), catalog)
    assert long_["scrap_warmup_units"] > short["scrap_warmup_units"] + 5 * 3 * 2


def test_thermal_units_holding_the_die_leave_no_warmup_scrap_after_breaks(catalog):
    """Default thermal-oil units hold the idle die at 190 degC, above the 180 degC threshold."""
    spec = CastingRouteSpec(cells=1, cell_mtbf_h=1e6, horizon_days=5, die_damage=None,
                            calendar=break_calendar(60))
    assert cell_row(spec, catalog)["scrap_warmup_units"] == 0


def test_a_cell_running_through_breaks_gets_no_warmup_scrap_after_them(catalog):
    """Relief crews (a station calendar with breaks=()): no stop, so no cooling, even with a
    die held only at 120 degC; the same cell stopping for its breaks scraps warm-up shots."""
    spec = CastingRouteSpec(cells=1, cell_mtbf_h=1e6, horizon_days=5, die=COLD_IDLE,
                            die_damage=None, calendar=break_calendar(30))
    scenario = build_casting_scenario(spec, catalog)
    relief = break_calendar(30).model_copy(update={"breaks": ()})
    through = scenario.with_changes(stations=tuple(
        s.model_copy(update={"calendar": relief}) for s in scenario.stations))
    stopping = station_rows(run_replication(scenario, 0, 0))[0]
    running = station_rows(run_replication(through, 0, 0))[0]
    assert stopping["scrap_warmup_units"] > 3 * 5  # >= 1 shot after each of 15 breaks
    assert running["scrap_warmup_units"] == 0


def test_a_weekend_cools_the_die_and_costs_the_hand_computed_warmup_shots(catalog):
    """5 days a week: after the weekend the thermal units are off (> 8 h idle), the die is at
    ~30 degC; pre-shot T_n = 200 - 170 k^n with k = exp(-1/6) stays below 180 degC for
    n = 0..12: 13 warm-up shots per cell and weekend, none after the breaks."""
    spec = CastingRouteSpec(cells=2, cell_mtbf_h=1e6, horizon_days=15, warmup_h=0,
                            die_damage=None, calendar=break_calendar(30, days_per_week=5),
                            cycle_time_sd_s=0.0)
    k = math.exp(-1 / 6)
    per_weekend = sum(1 for n in range(100) if 200 - 170 * k**n < 180)
    assert per_weekend == 13
    row = cell_row(spec, catalog)
    # 20 shots of each new die at the start + 2 weekends x 2 cells (day 0 is a Monday)
    assert row["scrap_warmup_units"] == 2 * 20 + 2 * 2 * per_weekend


def test_a_robot_station_with_a_low_mtbf_becomes_the_bottleneck(catalog):
    """Body shop as stations: the station failing 8x as often limits the line (active period)."""
    spec = WeldedRouteSpec(layout="stations", horizon_days=4, mtbf_h_by_station={"floor-rear": 1})
    result = run_replication(build_welded_scenario(spec, catalog), 0, 3)
    body = {s.name for s in catalog.subassemblies("welded")}
    rows = [row for row in station_rows(result) if row["station"] in body]
    neck = max(rows, key=lambda row: row["active_period_mean_min"])
    assert neck["station"] == "floor-rear"
    assert neck["failed_share"] == max(row["failed_share"] for row in rows)


def test_short_press_capacity_starves_the_body_shop(catalog):
    """One progressive press instead of three cannot keep the supermarket filled."""
    spec = WeldedRouteSpec(horizon_days=5)
    full = run_replication(build_welded_scenario(spec, catalog), 0, 5)
    short = run_replication(
        build_welded_scenario(spec.with_changes(presses_by_line={"PROG-1": 1}), catalog), 0, 5)
    starved = {row["station"]: row["starved_share"] for row in station_rows(short)}
    assert short.finished < 0.7 * full.finished
    assert starved["body_line"] > 0.2
