"""Route builders checked against what their specs and docstrings state (issue 18).

The seeded mutation sample of ``lines/routes`` left these unchecked: the plant area of each
station, the errors a bad route file gets (they must name the file and say what is wrong),
the paced body line's buffer and inspection rule, the learning curve reaching every body
station, which stations each cost step covers and the die life the cost model reads back.
Expected values are written from the specs' stated figures and the station names the routes
export, not recomputed by the builders.
"""

from __future__ import annotations

import pytest

from lines.file_reader import FileFormatError
from lines.learning import LearningCurveSpec
from lines.routes import (
    CastingRouteSpec,
    WeldedRouteSpec,
    build_route_scenario,
    casting,
    load_route_spec,
    route_cost_steps,
    route_spec_from_dict,
    welded,
)
from lines.routes.areas import station_area
from parts_catalog import load_catalog

CATALOG = load_catalog()


@pytest.mark.parametrize(("route", "station", "area"), [
    ("welded", "press-TANDEM-1", "press_shop"),
    ("welded", welded.MARKET, "press_shop"),
    ("welded", welded.BODY_LINE, "body_shop"),
    ("welded", welded.GATE, "body_shop"),
    ("casting", "press-TANDEM-1", "press_shop"),
    ("casting", casting.GIGA_CELL, "casting_cell"),
    ("casting", casting.BODY_JOIN, "joining"),
    ("casting", casting.XRAY, "casting_finishing"),
    ("casting", casting.TRIM, "casting_finishing"),
])
def test_each_station_falls_in_its_plant_area(route, station, area):
    assert station_area(route, station) == area


def test_a_route_file_that_is_not_a_mapping_names_the_file_and_the_fix(tmp_path):
    path = tmp_path / "casting.yaml"
    path.write_text("- route\n- casting\n")
    with pytest.raises(FileFormatError) as error:
        load_route_spec(path)
    assert str(error.value) == (f"{path}: the file must hold a mapping of fields (route: "
                                "welded|casting, name:, ...), found a list")
    assert (error.value.source, error.value.what) == (str(path), "route file")
    with pytest.raises(FileFormatError) as error:
        route_spec_from_dict(["route", "casting"], "my.yaml")
    assert str(error.value) == ("my.yaml: a route file holds a mapping of fields, e.g. "
                                "'route: casting'")
    assert (error.value.source, error.value.what) == ("my.yaml", "route file")


def test_an_unknown_route_kind_is_refused_with_the_known_ones():
    with pytest.raises(FileFormatError) as error:
        route_spec_from_dict({"route": "riveted"}, "my.yaml")
    assert str(error.value) == "my.yaml: route: must be one of ['casting', 'welded'], got 'riveted'"
    assert error.value.what == "route file"


def test_a_file_used_as_the_other_route_is_refused(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("route: welded\ntakt_s: 55\n")
    with pytest.raises(FileFormatError) as error:
        load_route_spec(path, expected="casting")
    assert str(error.value).startswith(f"{path}: route: the file declares route 'welded' but "
                                       "is used as the casting route")
    assert error.value.what == "route file"
    assert load_route_spec(path, expected="welded").takt_s == 55.0


def test_a_bad_field_names_the_file_and_the_field(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("route: casting\ncells: zero\n")
    with pytest.raises(FileFormatError) as error:
        load_route_spec(path)
    assert (error.value.source, error.value.what) == (str(path), "route file")
    assert "cells" in str(error.value)


def test_a_defect_model_file_is_read_beside_the_route_file(tmp_path):
    """A relative ``defect_model:`` path is the route file's folder's, not the working dir's."""
    path = tmp_path / "c.yaml"
    path.write_text("route: casting\ndefect_model: models/mine.skops\n")
    assert load_route_spec(path).defect_model == str(tmp_path / "models" / "mine.skops")


def test_something_that_is_not_a_route_spec_is_refused():
    with pytest.raises(TypeError, match="^not a route spec: int$"):
        build_route_scenario(3, CATALOG)
    with pytest.raises(TypeError, match="^not a route spec: str$"):
        route_cost_steps("welded", None)


def test_the_paced_body_line_keeps_the_specs_buffer_and_ends_the_route():
    spec = WeldedRouteSpec(layout="paced", buffer_units=5)
    line = build_route_scenario(spec, CATALOG).station(welded.BODY_LINE)
    assert line.buffer_capacity == 5


def test_an_inspection_as_long_as_the_takt_fits_a_paced_line():
    """The gate inspects in the line's index: 60 s in a 60 s takt fits, 60.5 s does not."""
    spec = WeldedRouteSpec(layout="paced", takt_s=60.0, inspection_s=60.0)
    assert welded.paced_body_line(spec, CATALOG)[0].name == welded.BODY_LINE
    with pytest.raises(ValueError, match="inspection_s must fit"):
        welded.paced_body_line(spec.with_changes(inspection_s=60.5), CATALOG)


def test_the_ramp_up_reaches_every_body_station():
    ramp = LearningCurveSpec()
    spec = WeldedRouteSpec(layout="stations", ramp_up=ramp)
    stations = welded.body_stations(spec, CATALOG)
    assert len(stations) == len(CATALOG.subassemblies("welded"))
    assert all(s.learning_curve == ramp for s in stations)


def test_cost_steps_cover_the_body_shop_stations_and_the_cell_chain():
    paced = WeldedRouteSpec(layout="paced")
    assert route_cost_steps(paced, build_route_scenario(paced, CATALOG)) == {
        welded.BODY_STEP: (welded.BODY_LINE, welded.REPAIR)}
    stations = WeldedRouteSpec(layout="stations")
    covered = route_cost_steps(stations, build_route_scenario(stations, CATALOG))
    names = {sub.name for sub in CATALOG.subassemblies("welded")}
    assert set(covered) == {welded.BODY_STEP}
    assert set(covered[welded.BODY_STEP]) == names | {welded.GATE, welded.REPAIR}
    cast = CastingRouteSpec()
    steps = route_cost_steps(cast, build_route_scenario(cast, CATALOG))
    assert steps[casting.CELL_STEP][0] == casting.GIGA_CELL
    assert steps[casting.JOIN_STEP] == (casting.BODY_JOIN,)


def test_the_die_life_read_back_is_the_specs():
    spec = CastingRouteSpec(die_life_shots=80_000)
    assert casting.die_life_shots(build_route_scenario(spec, CATALOG)) == 80_000


def test_body_stations_share_the_body_shops_power_operators_and_floor():
    """n stations: each draws 30 kWh a body x 60 bodies an hour / n, has 8 operators / n and
    (3,000 m2 - the repair booths' 60 m2 each) / n; together they are the body shop's."""
    spec = WeldedRouteSpec(layout="stations")
    stations = welded.body_stations(spec, CATALOG)
    n = len(stations)
    booths = welded.repair_booths(spec, CATALOG)[0]
    for station in stations:
        assert station.power.working_kw == pytest.approx(30.0 * 60 / n)
        assert station.operators_per_shift == pytest.approx(8.0 / n)
        assert station.floor_space_m2 == pytest.approx((3000.0 - 60.0 * booths) / n)
    assert sum(s.operators_per_shift for s in stations) == pytest.approx(8.0)


def test_without_weld_rework_no_body_is_repaired():
    booths, repair_s, rework = welded.repair_booths(
        WeldedRouteSpec(weld_rework_per_weld=0.0), CATALOG)
    assert (booths, rework) == (1, 0.0)
    assert repair_s == pytest.approx(30.0)  # the handling only


def test_the_quality_gate_learns_with_the_body_shop():
    ramp = LearningCurveSpec()
    gate, _repair = welded.quality_stations(WeldedRouteSpec(ramp_up=ramp), CATALOG)
    assert gate.name == welded.GATE
    assert gate.learning_curve == ramp


def test_press_lines_fail_as_press_failures_and_idle_at_a_fifth_of_their_power():
    scenario = build_route_scenario(WeldedRouteSpec(), CATALOG)
    presses = [s for s in scenario.stations if s.name.startswith(welded.PRESS_PREFIX)]
    assert presses
    for press in presses:
        assert [f.name for f in press.failures] == ["press_failure"]
        assert press.power.idle_kw == pytest.approx(0.2 * press.power.working_kw)


@pytest.mark.parametrize(("minutes", "slots"), [(1.0, 1), (24.0, 5), (30.0, 7)])
def test_transit_slots_by_hand(minutes, slots):
    """104 part numbers / 1,000 bodies a batch / 60 s takt: 2 x 0.104 batches a minute x the
    transit minutes, rounded up, at least one: 1 min -> 0.208 -> 1; 24 -> 4.992 -> 5."""
    spec = WeldedRouteSpec(press_to_body_shop_min=minutes)
    assert welded.transit_slots(spec, CATALOG) == slots


def test_the_casting_furnace_grows_with_the_cells():
    spec = CastingRouteSpec(cells=2)
    cell = build_route_scenario(spec, CATALOG).station(casting.GIGA_CELL)
    furnace = cell.casting_cell.furnace
    assert furnace.holding_capacity_kg == pytest.approx(2 * spec.holding_capacity_kg_per_cell)
    assert furnace.melt_rate_kg_h == pytest.approx(2 * spec.melt_rate_kg_h_per_cell)


def test_the_cell_draws_its_energy_per_shot_over_the_shot_cycle():
    """kWh a shot x 3,600 s/h / cycle s = kW while working."""
    spec = CastingRouteSpec()
    cell = build_route_scenario(spec, CATALOG).station(casting.GIGA_CELL)
    assert cell.power.working_kw == pytest.approx(
        spec.energy_kwh_per_shot * 3600.0 / spec.cycle_time_s)


def test_the_finishing_chain_splits_its_crew_and_floor_and_straightening_draws_30_kw():
    spec = CastingRouteSpec(finishing_chain=True, straightening=True)
    rows = {row[0]: row for row in casting.finishing_plan(spec)}
    laser, check = rows[casting.LASER_TRIM], rows[casting.DIMENSIONAL_CHECK]
    assert laser[5] + check[5] == pytest.approx(spec.finishing_operators_per_cell_shift)
    assert laser[5] == pytest.approx(check[5])
    assert laser[6] + check[6] == pytest.approx(spec.finishing_floor_m2_per_cell)
    assert rows[casting.STRAIGHTENING][4] == 30.0  # kW, the route's assumption (X)


def test_the_join_station_cycle_and_robots_by_hand():
    """110 s shots on 1 cell: 80 % is 88 s, less 20 s handling = 68 s for the joints.
    40 joints x 3 s = 120 s -> 2 robots, cycle 20 + 120 / 2 = 80 s; 10 joints -> 1 robot."""
    spec = CastingRouteSpec(cycle_time_s=110.0, cells=1, join_handling_s=20.0,
                            time_per_joint_s=3.0, join_robots=None)
    assert casting.join_cycle_s(spec, 40) == (pytest.approx(80.0), 2)
    assert casting.join_cycle_s(spec, 10) == (pytest.approx(50.0), 1)
    # 2 cells: 44 s - 20 s = 24 s of joining per body: 120 s needs 5 robots
    assert casting.join_cycle_s(spec.with_changes(cells=2), 40)[1] == 5


def test_casting_stations_keep_the_specs_buffer_and_draw_nothing_off_shift():
    spec = CastingRouteSpec(buffer_units=4, finishing_chain=True)
    scenario = build_route_scenario(spec, CATALOG)
    names = [row[0] for row in casting.finishing_plan(spec)] + [casting.BODY_JOIN]
    for name in names:
        station = scenario.station(name)
        assert station.buffer_capacity == 4
        assert station.power.off_shift_kw == 0.0
    assert "joining robot" in scenario.description


def test_power_by_state_is_the_working_power_times_each_share():
    power = welded.power_by_state(100.0, 0.3, 0.1, 0.05)
    assert (power.working_kw, power.idle_kw, power.down_kw, power.off_shift_kw) == (
        100.0, pytest.approx(30.0), pytest.approx(10.0), pytest.approx(5.0))


def test_a_cell_without_a_die_change_plan_has_no_die_life():
    scenario = build_route_scenario(CastingRouteSpec(), CATALOG)
    stations = tuple(s.model_copy(update={"maintenance": ()}) if s.name == casting.GIGA_CELL
                     else s for s in scenario.stations)
    assert casting.die_life_shots(scenario.model_copy(update={"stations": stations})) is None
