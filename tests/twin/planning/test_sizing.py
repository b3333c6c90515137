"""Sizing for a demand, checked against hand computations (no simulation: pilots are given)."""

import math

import pytest

from lines.routes import welded
from lines.study import Study
from parts_catalog import load_catalog
from twin.planning import (
    PilotCapacity,
    available_hours_per_year,
    cells_needed,
    size_casting,
    size_welded,
    takt_for_demand,
    whole_cells,
)
from twin.planning.sizing import z_value

CATALOG = load_catalog()


def pilot(route: str, per_hour: float, cycle_s: float, sd: float = 0.0) -> PilotCapacity:
    return PilotCapacity(route, "unit", cycle_s, per_hour, (per_hour, per_hour), 0.95, 4, sd,
                         56.0)


def study(**run: object) -> Study:
    base = Study()
    return base.with_changes(run=base.run.model_copy(update=run)) if run else base


def test_available_hours_are_days_times_shifts_times_hours_less_breaks_unless_relieved():
    s = Study()
    assert available_hours_per_year(s, "body_shop") == pytest.approx(240 * 3 * 7.5)
    assert available_hours_per_year(s, "casting_cell") == pytest.approx(240 * 3 * 8.0)


def test_cells_without_spread_are_the_demand_over_a_cells_yearly_output():
    # 250,000 bodies over 5,760 h at 20 good castings per hour: 2.170 cells
    assert cells_needed(250_000 / 5_760, 20.0) == pytest.approx(250_000 / (20.0 * 5_760))
    assert whole_cells(250_000 / 5_760, 20.0) == 3
    assert whole_cells(230_000 / 5_760, 20.0) == 2  # 1.997 cells


def test_cells_with_spread_solve_n_mu_minus_z_sqrt_n_sigma_equal_to_the_demand():
    d, mu, sigma, z = 40.0, 21.0, 0.8, 1.2816
    n = cells_needed(d, mu, sigma, z)
    assert n * mu - z * math.sqrt(n) * sigma == pytest.approx(d)
    assert n > d / mu  # the spread asks for more than the mean


def test_dedicated_cells_are_whole_and_shared_cells_pay_the_time_they_use():
    s = study(meet_demand_confidence=0.5)  # z = 0: the plain operations model
    sized = size_casting(s, CATALOG, pilot=pilot("casting", 20.0, 110.0))
    assert sized.spec.cells == 3
    assert sized.installed["giga_cell"] == 3.0
    shared = s.with_changes(equipment_policy={"casting_cell": "shared"})
    sized = size_casting(shared, CATALOG, pilot=pilot("casting", 20.0, 110.0))
    assert sized.spec.cells == 3  # three cells run, but only the time used is paid
    assert sized.installed["giga_cell"] == pytest.approx(250_000 / (20.0 * 5_760))


def test_fewer_working_days_need_more_cells():
    few = Study().with_changes(operating_pattern={"working_days_per_year": 200})
    many = size_casting(Study(), CATALOG, pilot=pilot("casting", 22.0, 110.0, 0.5))
    less = size_casting(few, CATALOG, pilot=pilot("casting", 22.0, 110.0, 0.5))
    assert less.units_exact == pytest.approx(many.units_exact * 240 / 200, rel=0.02)


def test_the_takt_makes_the_demand_at_the_measured_efficiency_rounded_down():
    # 250,000 bodies in 5,400 h at 80 % efficiency: takt = 3600 x 0.8 x 5400 / 250000
    takt, lines = takt_for_demand(250_000 / 5_400, 0.8)
    assert takt == math.floor(3600 * 0.8 * 5_400 / 250_000 * 10) / 10 == 62.2
    assert lines == 1


def test_a_takt_below_the_fastest_line_splits_the_demand_over_two_lines():
    takt, lines = takt_for_demand(500_000 / 5_400, 0.8)  # one line would need 31.1 s
    assert lines == 2
    assert takt == math.floor(2 * 3600 * 0.8 * 5_400 / 500_000 * 10) / 10


def test_the_spread_shortens_the_takt_by_z_times_the_relative_spread():
    plain, _ = takt_for_demand(46.0, 0.8)
    spread, _ = takt_for_demand(46.0, 0.8, cv=0.02, z=z_value(0.9))
    assert spread == pytest.approx(plain * (1 - 1.2816 * 0.02), abs=0.11)


def test_a_lower_demand_gets_a_slower_line_with_the_robots_its_welds_need_at_that_takt():
    s = study(meet_demand_confidence=0.5)
    p = pilot("welded", 48.0, 60.0)  # efficiency 0.8
    low = size_welded(s.with_demand(100_000), CATALOG, pilot=p, refine=False)
    high = size_welded(s, CATALOG, pilot=p, refine=False)
    assert low.spec.takt_s > high.spec.takt_s
    for sized in (low, high):  # robots: ceil(joining work / (takt - handling)) per station
        takt, spec = sized.spec.takt_s, sized.spec  # (joining_s has its own hand-sum test)
        expected = sum(
            max(1, math.ceil(welded.joining_s(spec, sub) / max(takt - spec.handling_s, 1.0)))
            for sub in CATALOG.subassemblies("welded"))
        assert welded.weld_robots(sized.spec, CATALOG) == expected
    assert welded.weld_robots(low.spec, CATALOG) < welded.weld_robots(high.spec, CATALOG)


def test_presses_per_press_line_follow_the_strokes_the_takt_needs():
    spec = study().welded.with_changes(takt_s=70.0)
    load = welded.press_load(spec, CATALOG)
    parts = CATALOG.parts_table("welded")
    for line, row in load.iterrows():
        group = parts[(parts["press_line"] == line) & (parts["kind"] == "stamped")]
        batch = spec.press_batch_bodies
        stamping = (batch * 60.0 / group["strokes_per_min"] * group["strokes_per_part"]).sum()
        changes = (group["die_change_min"] * 60.0).sum()
        per_body = (stamping + changes) / batch
        assert row["presses"] == math.ceil(per_body / (70.0 * spec.press_max_load))
