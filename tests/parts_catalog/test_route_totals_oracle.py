"""Route totals of a four-part route and its joins, every field worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from parts_catalog import Join
from parts_catalog.totals import joint_columns, ratio_or_none, route_totals

PARTS = pd.DataFrame([
    # kind, mass, blank, offal, cost, co2e, shot
    {"kind": "stamped", "mass_kg": 6.0, "blank_mass_kg": 10.0, "blank_scrap_kg": 4.0,
     "material_cost_usd": 9.8, "co2e_kg": 20.0, "shot_mass_kg": float("nan")},
    {"kind": "stamped", "mass_kg": 3.0, "blank_mass_kg": 5.0, "blank_scrap_kg": 2.0,
     "material_cost_usd": 4.9, "co2e_kg": 10.0, "shot_mass_kg": float("nan")},
    {"kind": "cast", "mass_kg": 60.0, "blank_mass_kg": 0.0, "blank_scrap_kg": 0.0,
     "material_cost_usd": 170.0, "co2e_kg": 480.0, "shot_mass_kg": 90.0},
    {"kind": "bought", "mass_kg": 0.5, "blank_mass_kg": 0.0, "blank_scrap_kg": 0.0,
     "material_cost_usd": 2.0, "co2e_kg": 1.5, "shot_mass_kg": float("nan")},
])
JOINS = (
    Join(subassembly="a", parts=("P1", "P2"), type="spot_weld", count=12),
    Join(subassembly="a", parts=("P1", "C1"), type="spot_weld", count=3),
    Join(subassembly="b", parts=("P2", "C1"), type="self_piercing_rivet", count=8),
    Join(subassembly="b", parts=("P1", "C1"), type="adhesive", length_m=1.5),
    Join(subassembly="b", parts=("P2", "C1"), type="adhesive", length_m=0.7),
)


def test_route_totals_by_hand():
    t = route_totals("mixed", PARTS, JOINS, subassemblies=2)
    assert t.route == "mixed"
    assert t.mass_kg == pytest.approx(69.5)
    assert (t.part_count, t.stamped_part_count, t.cast_part_count, t.bought_part_count) == (
        4, 2, 1, 1)
    assert t.joints_by_type == {"self_piercing_rivet": 8, "spot_weld": 15}  # adhesive in metres
    assert t.spot_welds == 15
    assert t.adhesive_m == pytest.approx(2.2)
    assert t.material_cost_usd == pytest.approx(186.7)
    assert t.co2e_kg == pytest.approx(511.5)
    assert t.blank_mass_kg == pytest.approx(15.0)
    assert t.blank_scrap_kg == pytest.approx(6.0)
    assert t.material_utilisation_share == pytest.approx(9.0 / 15.0)  # stamped parts over blanks
    assert t.shot_mass_kg == pytest.approx(90.0)
    assert t.casting_yield_share == pytest.approx(60.0 / 90.0)
    assert t.subassembly_count == 2


def test_a_route_without_castings_has_no_shot_and_no_casting_yield():
    t = route_totals("welded", PARTS[PARTS["kind"] != "cast"], JOINS[:1], subassemblies=1)
    assert t.shot_mass_kg is None
    assert t.casting_yield_share is None
    assert t.cast_part_count == 0
    assert t.adhesive_m == 0.0


def test_ratio_or_none_and_joint_columns():
    assert ratio_or_none(3.0, 4.0) == 0.75
    assert ratio_or_none(3.0, 0.0) is None
    assert ratio_or_none(0.5, 0.5) == 1.0  # a denominator below 1 is still a ratio
    columns = joint_columns({"spot_weld": 15})
    assert columns["joints_spot_weld_count"] == 15
    assert set(columns.values()) == {15, 0}
    assert all(name.startswith("joints_") and name.endswith("_count") for name in columns)
