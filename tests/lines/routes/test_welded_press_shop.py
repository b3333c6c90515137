"""Welded press shop (issue 13): left/right double dies, press-to-body-shop transit, by hand."""

import math

import pytest

from lines.routes import WeldedRouteSpec, build_welded_scenario, welded
from parts_catalog import load_catalog
from twin.experiments import run_experiment

CATALOG = load_catalog()


def test_a_left_right_pair_die_charges_each_side_half_a_stroke():
    """RU-3100 LH/RH share one double die on the tandem line (14 SPM): a 1,000-body batch of
    either side takes 1,000 x 60/14 x 1/2 / 0.98 s; a single panel takes twice that."""
    spec = WeldedRouteSpec()
    cycles = build_welded_scenario(spec, CATALOG).station(
        welded.press_station("TANDEM-1")).cycle_time_s_by_product
    single = 1_000 * 60 / 14 / 0.98
    assert float(cycles["RU-3100-LH"].mean) == pytest.approx(single / 2)
    assert float(cycles["RU-3100-RH"].mean) == pytest.approx(single / 2)
    assert float(cycles["RU-1100"].mean) == pytest.approx(single)
    table = CATALOG.parts_table("welded")
    pair = table[table["part_number"].str.startswith("RU-3100")]
    assert set(pair["die_set"]) == {"RU-3100-LR"}


def test_transit_slots_are_twice_the_batches_in_transit_at_takt():
    """104 part numbers, 1,000-body batches, 60 s takt: 0.104 batches a minute x 30 min x 2."""
    spec = WeldedRouteSpec()
    assert welded.transit_slots(spec, CATALOG) == math.ceil(2 * 104 / 1_000 / 60 * 1_800)
    station = build_welded_scenario(spec, CATALOG).station(welded.LOGISTICS)
    assert (station.machines, float(station.cycle_time_s.mean)) == (7, 1_800.0)


def test_every_press_batch_travels_to_the_supermarket_through_the_transit():
    spec = WeldedRouteSpec(horizon_days=2.0, warmup_h=0.0)
    experiment = run_experiment(build_welded_scenario(spec, CATALOG), 1, seed=4)
    table = experiment.stations.set_index("station")
    pressed = sum(table.loc[welded.press_station(line), "processed_units"]
                  for line in ("HOTFORM-1", "PROG-1", "TANDEM-1", "TRANSFER-1"))
    moved = table.loc[welded.LOGISTICS, "processed_units"]
    booked = table.loc[welded.MARKET, "processed_units"]
    slots = welded.transit_slots(spec, CATALOG)
    assert pressed - slots <= moved <= pressed  # at most `slots` batches still on the way
    assert booked == pytest.approx(moved, abs=1)


def test_no_lead_time_means_no_transit_station():
    scenario = build_welded_scenario(WeldedRouteSpec(press_to_body_shop_min=0.0), CATALOG)
    assert welded.LOGISTICS not in [s.name for s in scenario.stations]
    assert scenario.station(welded.press_station("PROG-1")).next == welded.MARKET


def test_logistics_driver_seconds_are_moves_times_move_time():
    """104 part numbers / 100 bodies per container x 120 s = 124.8 s a body; casting: 3 parts."""
    spec = WeldedRouteSpec()
    assert welded.logistics_s_per_body(spec, CATALOG) == pytest.approx(104 / 100 * 120)
    assert welded.logistics_s_per_body(spec, CATALOG, "casting") == pytest.approx(3 / 100 * 120)
