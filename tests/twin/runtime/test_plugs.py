"""The one plug for special stations: a spec block picks its runtime, and only one block."""

import pytest

from lines.spec import Station
from lines.supermarket import SupermarketSpec
from twin.runtime.casting_cell import CastingCellRuntime
from twin.runtime.plugs import SPECIAL_STATIONS, runtime_class
from twin.runtime.station import StationRuntime
from twin.runtime.supermarket import SupermarketRuntime

CELL = {"shot_mass_kg": 90.0, "part_mass_kg": 62.0, "remelt_loss_share": 0.02,
        "furnace": {"melt_rate_kg_h": 3_500.0, "holding_capacity_kg": 8_000.0},
        "warmup_shots": 0, "defect_model": "constant", "constant_scrap_rate": 0.0,
        "xray_sensitivity": 1.0}


def test_a_plain_station_runs_on_the_plain_runtime():
    assert runtime_class(Station(name="s", cycle_time_s=1.0)) is StationRuntime


def test_each_block_picks_its_runtime():
    cell = Station.model_validate({"name": "c", "cycle_time_s": 1.0, "casting_cell": CELL})
    market = Station(name="m", cycle_time_s=1.0, supermarket=SupermarketSpec(parts={}))
    assert runtime_class(cell) is CastingCellRuntime
    assert runtime_class(market) is SupermarketRuntime


def test_two_special_blocks_on_one_station_are_refused_naming_both():
    both = Station.model_validate({"name": "x", "cycle_time_s": 1.0, "casting_cell": CELL,
                                   "supermarket": {"parts": {}}})
    with pytest.raises(ValueError, match="'x'.*casting_cell and supermarket"):
        runtime_class(both)


def test_every_plug_names_a_block_of_the_station_spec_and_a_station_runtime():
    for plug in SPECIAL_STATIONS:
        assert plug.block in Station.model_fields
        assert issubclass(plug.runtime, StationRuntime)
