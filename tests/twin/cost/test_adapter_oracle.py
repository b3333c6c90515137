"""The adapter against a hand-made experiment result: every cost input worked out on paper.

The experiment is typed in, not simulated: two replications of the casting route whose
station KPIs (units started and scrapped, off-shift share, energy, the cell's insert
refurbishments and die damages) and good bodies differ, so that a figure taken from the
wrong replication, or pooled where one replication was asked for, shows. The scenario (the
stations' cycles, machines, operators and floor space, the die-change plan, the calendar) is
the route's own, built from its spec; its figures used below are pinned in
``test_the_hand_made_experiment_runs_the_casting_route_as_specified``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest

from lines.routes import (
    CastingRouteSpec,
    WeldedRouteSpec,
    build_casting_scenario,
    build_welded_scenario,
    route_cost_steps,
)
from lines.routes.casting import die_life_shots
from lines.spec import Scenario
from twin.cost import default_casting_inputs
from twin.cost.adapter import (
    counted_die_events,
    inputs_from_experiment,
    inputs_from_route,
    simulated_calendar,
    simulated_casting_material,
    station_means,
)

HORIZON_S = 7 * 86_400.0  # the route spec's default horizon: 7 days = 604,800 s
DIE_LIFE = 80_000  # shots per die set in the simulated die-change plan
CELL_STATIONS = ("giga_cell", "laser_trim", "dimensional_check")

# station -> (processed, scrapped, off-shift share, energy kWh, refurbishments, damages)
REP0 = {
    "giga_cell": (9_000, 450, 0.25, 900_000, 2, 1),
    "laser_trim": (8_550, 45, 0.25, 18_000, 0, 0),
    "dimensional_check": (8_505, 0, 0.25, 9_000, 0, 0),
    "body_join": (8_400, 0, 0.25, 16_800, 0, 0),
}
REP1 = {
    "giga_cell": (9_600, 288, 0.30, 1_008_000, 3, 0),
    "laser_trim": (9_312, 96, 0.30, 19_200, 0, 0),
    "dimensional_check": (9_216, 0, 0.30, 9_600, 0, 0),
    "body_join": (9_216, 0, 0.30, 27_648, 0, 0),
}
GOOD = {0: 8_400, 1: 9_216}  # good bodies of each replication


@dataclass(frozen=True)
class HandExperiment:
    """What the adapter reads of an ExperimentResult: scenario, seed and the two tables."""

    scenario: Scenario
    seed: int
    stations: pd.DataFrame
    replications: pd.DataFrame


def station_table(extras: bool = True) -> pd.DataFrame:
    rows = []
    for replication, figures in ((0, REP0), (1, REP1)):
        for station, (done, scrapped, off, kwh, refurbs, damages) in figures.items():
            row = {"replication": replication, "station": station, "processed_units": done,
                   "scrapped_units": scrapped, "off_shift_share": off, "energy_kwh": kwh}
            if extras:
                row |= {"insert_refurbishments": refurbs, "die_damages": damages}
            rows.append(row)
    return pd.DataFrame(rows)


def replication_table() -> pd.DataFrame:
    return pd.DataFrame({"replication": list(GOOD), "good_units": list(GOOD.values())})


@pytest.fixture(scope="module")
def spec():
    return CastingRouteSpec().with_changes(die_life_shots=DIE_LIFE, spare_die=True)


@pytest.fixture(scope="module")
def experiment(spec, catalog):
    scenario = build_casting_scenario(spec, catalog)
    return HandExperiment(scenario, 7, station_table(), replication_table())


def test_the_hand_made_experiment_runs_the_casting_route_as_specified(spec, experiment):
    """The scenario figures the hand computations below use (from the route spec)."""
    scenario = experiment.scenario
    assert scenario.horizon_s == HORIZON_S
    assert [(s.name, s.machines) for s in scenario.stations] == [
        ("giga_cell", 3), ("laser_trim", 3), ("dimensional_check", 3), ("body_join", 1)]
    assert scenario.station("giga_cell").cycle_time_s.mean == 110.0
    assert scenario.station("laser_trim").cycle_time_s.mean == 90.0
    assert scenario.station("dimensional_check").cycle_time_s.mean == 80.0
    assert scenario.station("body_join").cycle_time_s.mean == pytest.approx(375 / 13)
    assert [s.operators_per_shift for s in scenario.stations] == [12.0, 1.5, 1.5, 1.0]
    assert [s.floor_space_m2 for s in scenario.stations] == [2520.0, 300.0, 300.0, 0.0]
    assert die_life_shots(scenario) == DIE_LIFE
    assert route_cost_steps(spec, scenario) == {"giga_cell": CELL_STATIONS,
                                                "joining": ("body_join",)}


@pytest.mark.parametrize(("replication", "started", "scrapped"),
                         [(0, 9_000, 495), (1, 9_600, 384), (None, 9_300, 439.5)])
def test_station_means_take_the_one_replication_asked_for_or_pool_both(
        experiment, replication, started, scrapped):
    means = station_means(experiment, replication)
    # pooled: (9,000 + 9,600) / 2 = 9,300 started; scrapped (495 + 384) / 2 = 439.5
    assert means.loc["giga_cell", "processed_units"] == started
    assert means.loc[list(CELL_STATIONS), "scrapped_units"].sum() == scrapped


def test_station_means_reject_a_replication_the_experiment_does_not_have(experiment):
    with pytest.raises(ValueError, match="no replication 2"):
        station_means(experiment, 2)


# Giga-cell step (3 cells = 3 lines, ideal cycle max(110, 90, 80) / 3 per machine x 3 = 110 s):
#   OEE = started x 110 / 3 / (604,800 x (1 - off-shift share))
#   rep 0: 9,000 x 110 / 3 / 453,600 = 330,000 / 453,600; scrap 495 / 9,000 = 0.055;
#          energy (900,000 + 18,000 + 9,000) / 9,000 = 103 kWh
#   rep 1: 9,600 x 110 / 3 / 423,360 = 352,000 / 423,360; scrap 384 / 9,600 = 0.04;
#          energy (1,008,000 + 19,200 + 9,600) / 9,600 = 108 kWh
#   pooled: 9,300 x 110 / 3 / (604,800 x 0.725) = 341,000 / 438,480; scrap 439.5 / 9,300;
#          energy (927,000 + 1,036,800) / 2 / 9,300 = 981,900 / 9,300 kWh
# Joining (1 machine, cycle 375/13 s): OEE = started x 375/13 / on-shift time;
#   energy 16,800 / 8,400 = 2 kWh (rep 0), 27,648 / 9,216 = 3 kWh (rep 1),
#   pooled (16,800 + 27,648) / 2 / ((8,400 + 9,216) / 2) = 44,448 / 17,616 kWh
CELL_FIGURES = {
    0: (330_000 / 453_600, 0.055, 103.0),
    1: (352_000 / 423_360, 0.04, 108.0),
    None: (341_000 / 438_480, 439.5 / 9_300, 981_900 / 9_300),
}
JOIN_FIGURES = {
    0: (8_400 * 375 / 13 / 453_600, 2.0),
    1: (9_216 * 375 / 13 / 423_360, 3.0),
    None: (8_808 * 375 / 13 / 438_480, 44_448 / 17_616),
}


@pytest.mark.parametrize("replication", [0, 1, None])
def test_inputs_from_experiment_costs_the_replication_asked_for(
        casting, experiment, replication):
    inputs = inputs_from_experiment(
        casting, experiment, {"giga_cell": CELL_STATIONS, "joining": ("body_join",)},
        replication)
    cell, join = inputs.step("giga_cell"), inputs.step("joining")
    oee, scrap, kwh = CELL_FIGURES[replication]
    assert cell.cycle_time_s == pytest.approx(110.0)
    assert cell.oee == pytest.approx(oee, rel=1e-12)
    assert cell.scrap_rate == pytest.approx(scrap, rel=1e-12)
    assert cell.energy_kwh_per_unit == pytest.approx(kwh, rel=1e-12)
    assert cell.operators_per_shift == pytest.approx(5.0)  # (12 + 1.5 + 1.5) / 3 lines
    assert cell.floor_space_m2 == pytest.approx(1_040.0)  # (2,520 + 300 + 300) / 3 lines
    oee, kwh = JOIN_FIGURES[replication]
    assert join.cycle_time_s == pytest.approx(375 / 13)
    assert join.oee == pytest.approx(oee, rel=1e-12)
    assert join.scrap_rate == 0.0
    assert join.energy_kwh_per_unit == pytest.approx(kwh, rel=1e-12)
    assert join.floor_space_m2 == casting.step("joining").floor_space_m2  # 0 m2: kept as given
    which = "" if replication is None else f", replication {replication}"
    assert inputs.source == f"simulated: {experiment.scenario.name} (seed 7{which})"


@pytest.mark.parametrize(("replication", "shots", "good", "refurbs", "damages"),
                         [(0, 9_000, 8_400, 2, 1), (1, 9_600, 9_216, 3, 0),
                          (None, 9_300, 8_808, 2.5, 0.5)])
def test_counted_die_events_of_one_replication_or_pooled(
        spec, experiment, replication, shots, good, refurbs, damages):
    # pooled: means of the two replications, e.g. (8,400 + 9,216) / 2 = 8,808 good bodies
    events = counted_die_events(experiment, spec, replication)
    assert events.shots == shots
    assert events.good_bodies == good
    assert events.insert_refurbishments == refurbs
    assert events.die_damages == damages
    assert events.cells == 3
    assert events.die_life_shots == DIE_LIFE
    assert events.spare_die is True  # the spec buys a spare die set


def test_counted_die_events_without_a_spare_die_in_the_spec(experiment):
    events = counted_die_events(experiment, CastingRouteSpec(), 0)
    assert events.spare_die is False


def test_counted_die_events_default_to_none_counted_when_the_cell_reports_none(
        spec, experiment):
    bare = HandExperiment(experiment.scenario, 7, station_table(extras=False),
                          replication_table())
    events = counted_die_events(bare, spec, 0)
    assert events.insert_refurbishments == 0.0
    assert events.die_damages == 0.0
    assert events.shots == 9_000


def test_simulated_casting_material_replaces_the_die_life_of_the_giga_die_only(
        catalog, experiment):
    # nominal inputs at a die life of 60,000 shots; the simulated plan changes dies every 80,000
    base = default_casting_inputs(catalog, 250_000, CastingRouteSpec(die_life_shots=60_000))
    before = {t.name: t.life_units for t in base.tooling}
    assert before == {"casting_fixtures": None, "giga_die": 60_000.0}
    changed = simulated_casting_material(base, experiment)
    assert {t.name: t.life_units for t in changed.tooling} == {
        "casting_fixtures": None, "giga_die": float(DIE_LIFE)}
    cell = experiment.scenario.station("giga_cell").casting_cell
    assert changed.material.alloy_shot_kg == cell.shot_mass_kg
    assert changed.material.alloy_part_kg == cell.part_mass_kg
    assert changed.material.remelt_loss_share == cell.remelt_loss_share


def test_simulated_calendar_of_a_line_without_calendar_is_24_7(experiment):
    # no shift calendar: three 8 h shifts on 7 days a week, no breaks -> 365 days a year
    scenario = experiment.scenario.with_changes(calendar=None)
    assert scenario.calendar is None
    calendar = simulated_calendar(HandExperiment(scenario, 0, pd.DataFrame(), pd.DataFrame()))
    assert calendar.days_per_year == pytest.approx(365.0)
    assert calendar.shifts_per_day == 3
    assert calendar.paid_hours_per_shift == 8.0
    assert calendar.productive_hours_per_shift == 8.0
    assert calendar.available_hours_per_year == pytest.approx(365 * 24.0)


@pytest.mark.parametrize("replication", [0, 1])
def test_inputs_from_route_costs_the_die_events_of_the_replication_asked_for(
        spec, catalog, experiment, replication):
    inputs = inputs_from_route(spec, catalog, experiment, 250_000, replication)
    shots, good, refurbs, damages = [(9_000, 8_400, 2, 1), (9_600, 9_216, 3, 0)][replication]
    events = inputs.die_events
    assert (events.shots, events.good_bodies) == (shots, good)
    assert (events.insert_refurbishments, events.die_damages) == (refurbs, damages)
    assert events.spare_die is True
    assert all(t.name != "giga_die" for t in inputs.tooling)  # costed from the events
    assert inputs.step("giga_cell").oee == pytest.approx(CELL_FIGURES[replication][0])
    # the route's calendar: 3 x 8 h shifts with a 30 min break, 5 days a week
    assert inputs.calendar.days_per_year == pytest.approx(5 * 365 / 7)
    assert inputs.calendar.productive_hours_per_shift == pytest.approx(7.5)


def test_inputs_from_route_pools_the_die_events_and_keeps_the_spare_die(
        spec, catalog, experiment):
    events = inputs_from_route(spec, catalog, experiment).die_events
    assert (events.shots, events.good_bodies) == (9_300, 8_808)
    assert (events.insert_refurbishments, events.die_damages) == (2.5, 0.5)
    assert events.spare_die is True


def test_inputs_from_route_builds_the_welded_defaults_from_the_catalog_given(catalog):
    # a catalog with every sheet steel at 3.00 US$/kg (the shipped one: 1.10 US$/kg)
    priced = catalog.with_prices(steel_usd_per_kg=3.0)
    spec = WeldedRouteSpec(layout="stations")
    scenario = build_welded_scenario(spec, priced)
    names = route_cost_steps(spec, scenario)["body_shop"]
    # every body-shop station: 1,000 units started, none scrapped, 20 % off shift, 5 kWh a unit
    stations = pd.DataFrame([
        {"replication": 0, "station": name, "processed_units": 1_000, "scrapped_units": 0,
         "off_shift_share": 0.2, "energy_kwh": 5_000} for name in names])
    experiment = HandExperiment(scenario, 1, stations, replication_table().iloc[:1])
    inputs = inputs_from_route(spec, priced, experiment)
    assert inputs.route == "welded"
    assert inputs.material.sheet_usd_per_kg == pytest.approx(3.0)
    body = inputs.step("body_shop")
    assert body.energy_kwh_per_unit == pytest.approx(len(names) * 5.0)
    assert body.scrap_rate == 0.0


def test_inputs_from_route_names_the_type_that_is_not_a_route_spec(catalog, experiment):
    with pytest.raises(TypeError, match=r"^not a route spec: str$"):
        inputs_from_route("casting", catalog, experiment)
