"""Warm-up from the engine's hourly WIP series (a level, not divided by the on-shift share)."""

import numpy as np
import pytest
from scenario_builders import line

from twin.experiments import recommend_warmup


def test_a_buffer_filling_from_empty_is_cut_where_the_wip_levels_off():
    """A 60 s station feeds a 120 s one through 50 places: WIP climbs 30 units an hour to
    1 + 50 + 1 = 52 (about 1.7 h), then stays there."""
    fixed = {"dist": "fixed", "value": 60.0}
    fill = line([{"name": "fast", "cycle_time_s": fixed, "next": "slow"},
                 {"name": "slow", "cycle_time_s": {**fixed, "value": 120.0},
                  "buffer_capacity": 50}], horizon_days=2, warmup_h=0)
    found = recommend_warmup(fill, replications=1, series="wip_units")
    assert found.series_name == "wip_units"
    assert 2 <= found.warmup_h <= 10  # MSER-5 cuts whole batches of 5 h: the first one
    average = np.asarray(found.average)
    assert average[0] == pytest.approx(1 + 1 + 30 / 2, abs=1.0)  # fills 30 an hour
    assert np.allclose(average[2:], 52.0)


def test_the_wip_series_is_not_divided_by_the_on_shift_share():
    calendar = {"shifts_per_day": 2, "shift_length_h": 8.0, "days_per_week": 7,
                "breaks": [{"after_h": 4, "duration_min": 30}]}
    buffer_full = line([{"name": "m", "cycle_time_s": {"dist": "fixed", "value": 60.0},
                         "buffer_capacity": 0}], horizon_days=2, warmup_h=0,
                       calendar=calendar)  # one unit always in the machine
    found = recommend_warmup(buffer_full, replications=1, series="wip_units")
    assert np.allclose(found.average, 1.0)  # 1 unit, also in the hour with a break
