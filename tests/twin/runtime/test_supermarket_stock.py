"""The supermarket's time-average stock, against an independent sampling of its level."""

import numpy as np
import pytest

from lines.routes import WeldedRouteSpec, build_route_scenario, welded
from parts_catalog import load_catalog
from twin.runtime.engine import LineModel, Streams


def test_the_time_average_stock_matches_the_level_sampled_every_minute():
    scenario = build_route_scenario(WeldedRouteSpec().with_changes(horizon_days=2.0,
                                                                  warmup_h=2.0),
                                    load_catalog())
    model = LineModel(scenario, Streams(3, 0))
    market = next(s for s in model.stations if s.name == welded.MARKET).market
    samples: list[int] = []

    def sample():
        yield model.env.timeout(scenario.warmup_s + 30.0)
        while True:
            samples.append(market.level_units())
            yield model.env.timeout(60.0)

    model.env.process(sample())
    model.run()
    result = model.result(0, 3)
    mean = next(s for s in result.stations if s.name == welded.MARKET).extras[
        "stock_mean_parts"]
    assert len(samples) == pytest.approx(2 * 24 * 60, abs=1)
    assert mean == pytest.approx(float(np.mean(samples)), rel=0.01)
    assert min(samples) < mean < max(samples)  # the stock moves: a real average, not a level
