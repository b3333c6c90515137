"""A body shop on its start-of-production learning curve."""

from __future__ import annotations

import math

import pytest

from lines.learning import learning_factor
from lines.routes import WeldedRouteSpec, build_welded_scenario
from parts_catalog import load_catalog
from twin.runtime.engine import run_replication
from twin.runtime.learning import raised


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_the_learning_factor_decays_from_its_start_to_one():
    assert learning_factor(5.0, 0.0, 91.0) == 5.0
    assert learning_factor(5.0, 91.0, 91.0) == pytest.approx(1 + 4 / math.e)
    assert learning_factor(5.0, 10_000.0, 91.0) == pytest.approx(1.0)


def test_raised_probability_multiplies_the_odds():
    assert raised(0.2, 4.0) == pytest.approx(0.5)
    assert raised(0.0, 4.0) == 0.0


def test_a_launch_year_body_shop_is_slower_and_scraps_more(catalog):
    """At SOP (cycle x 1.25, odds x 5) over 5 days (factor ~ constant): output ~ 1/1.25 and
    gate scrap ~ raised(0.5 %, 5) = 2.45 % of bodies, both against the mature line."""
    spec = WeldedRouteSpec(horizon_days=5, warmup_h=0)
    launch = spec.with_changes(ramp_up={"days_since_sop": 0.0})
    mature, new = (run_replication(build_welded_scenario(s, catalog), 0, 4)
                   for s in (spec, launch))
    assert new.finished / mature.finished == pytest.approx(1 / 1.24, rel=0.05)
    line = next(s for s in new.stations if s.name == "body_line")
    assert line.scrapped / line.processed == pytest.approx(raised(0.005, 4.9), abs=0.008)
    old = next(s for s in mature.stations if s.name == "body_line")
    assert old.scrapped / old.processed < 0.01
