"""Supermarket settings that could never work are rejected when the scenario is read."""

import pytest
from pydantic import ValidationError

from lines.spec import Scenario
from twin.runtime.engine import run_replication


def supermarket_line(reorder_point=1, kit_part="P", quantity=2):
    return {
        "name": "supermarket", "horizon_days": 1,
        "sources": [
            {"name": "orders", "to": "press", "products": [{"name": "P"}],
             "supermarket": {"supermarket": "market", "role": "orders"}},
            {"name": "kits", "to": "body",
             "supermarket": {"supermarket": "market", "role": "kits", "kit": {kit_part: quantity}}},
        ],
        "stations": [
            {"name": "press", "cycle_time_s": 60.0, "next": "market"},
            {"name": "market", "cycle_time_s": 10.0, "supermarket": {"parts": {"P": {
                "press_source": "orders", "batch_units": 10,
                "reorder_point_units": reorder_point, "initial_units": 11}}}},
            {"name": "body", "cycle_time_s": 60.0},
        ],
    }


def test_a_sound_supermarket_line_runs():
    assert run_replication(Scenario.model_validate(supermarket_line())).finished > 1000


def test_a_reorder_point_below_one_kit_is_rejected():
    with pytest.raises(ValidationError, match="reorder_point_units must be at least 1"):
        Scenario.model_validate(supermarket_line(reorder_point=0))


def test_a_kit_part_the_supermarket_does_not_hold_is_rejected():
    with pytest.raises(ValidationError, match="holds no 'Q'"):
        Scenario.model_validate(supermarket_line(kit_part="Q"))
