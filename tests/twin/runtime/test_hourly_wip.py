"""The engine's hourly WIP series: time averages that add up to the run's mean WIP."""

import numpy as np
import pytest
from scenario_builders import exp, line

from twin.runtime.engine import run_replication


def test_hourly_wip_averages_to_the_mean_wip_of_the_run():
    scenario = line([{"name": "s1", "cycle_time_s": exp(50.0)}],
                    sources=[{"name": "a", "to": "s1", "interarrival_s": exp(60.0)}],
                    horizon_days=1, warmup_h=2)
    result = run_replication(scenario, 0, 3)
    hourly = np.array(result.wip_per_hour)
    assert len(hourly) == 24
    assert hourly.mean() == pytest.approx(result.wip_mean_units, rel=1e-9)
    assert (hourly >= 0).all()
    assert hourly.max() > 0


def test_a_partial_last_hour_is_averaged_over_its_own_length():
    # a deterministic line: one unit always inside (a 100 s cycle fed every 100 s, no queue)
    scenario = line([{"name": "s1", "cycle_time_s": {"dist": "fixed", "value": 100.0},
                      "buffer_capacity": 0}], horizon_days=1.25 / 24)
    result = run_replication(scenario, 0, 0)
    assert result.wip_per_hour == pytest.approx((1.0, 1.0))  # 1 unit in the line, always


def test_a_line_filling_up_from_empty_shows_rising_wip():
    # arrivals faster than service: the queue grows by ~ (1/50 - 1/60) x 3600 = 12 units an hour
    scenario = line([{"name": "s1", "cycle_time_s": exp(60.0)}],
                    sources=[{"name": "a", "to": "s1", "interarrival_s": exp(50.0)}],
                    horizon_days=0.5, warmup_h=0)
    hourly = np.array(run_replication(scenario, 0, 5).wip_per_hour)
    slope = np.polyfit(np.arange(len(hourly)), hourly, 1)[0]
    assert 6.0 < slope < 18.0
