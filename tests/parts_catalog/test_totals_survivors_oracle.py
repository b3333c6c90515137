"""Route totals where a part kind is absent, sub-assembly summaries field by field, and the flat
CSV row of a route's totals: every value worked out by hand from small typed-in tables."""

from __future__ import annotations

import pandas as pd
import pytest

from parts_catalog import Join
from parts_catalog.schema import SubAssemblySpec
from parts_catalog.totals import route_totals, summarise_subassemblies

NAN = float("nan")

# A casting-only route: one cast part, no stamped and no bought parts
CAST_ONLY = pd.DataFrame([
    {"kind": "cast", "mass_kg": 60.0, "blank_mass_kg": 0.0, "blank_scrap_kg": 0.0,
     "material_cost_usd": 170.0, "co2e_kg": 480.0, "shot_mass_kg": 80.0},
])
# A sheet route without bought parts: two stamped plates
STAMPED_ONLY = pd.DataFrame([
    {"kind": "stamped", "mass_kg": 6.0, "blank_mass_kg": 10.0, "blank_scrap_kg": 4.0,
     "material_cost_usd": 9.0, "co2e_kg": 20.0, "shot_mass_kg": NAN},
    {"kind": "stamped", "mass_kg": 2.0, "blank_mass_kg": 2.5, "blank_scrap_kg": 0.5,
     "material_cost_usd": 3.0, "co2e_kg": 6.0, "shot_mass_kg": NAN},
])


def test_a_casting_only_route_counts_no_stamped_and_no_bought_parts():
    t = route_totals("casting", CAST_ONLY, (), subassemblies=1)
    assert (t.part_count, t.stamped_part_count, t.bought_part_count, t.cast_part_count) == (
        1, 0, 0, 1)
    assert t.blank_mass_kg == 0.0
    assert t.material_utilisation_share is None  # no stamped parts: no blanks to divide by
    assert t.casting_yield_share == pytest.approx(60.0 / 80.0)


def test_a_route_without_bought_parts_counts_zero_bought():
    t = route_totals("welded", STAMPED_ONLY, (), subassemblies=1)
    assert (t.part_count, t.stamped_part_count, t.bought_part_count, t.cast_part_count) == (
        2, 2, 0, 0)
    assert t.material_utilisation_share == pytest.approx(8.0 / 12.5)  # (6 + 2) / (10 + 2.5)


def test_route_totals_row_has_one_column_per_figure_with_its_unit():
    joins = (
        Join(subassembly="a", parts=("P1", "P2"), type="spot_weld", count=12),
        Join(subassembly="a", parts=("P1", "P2"), type="flow_drill_screw", count=4),
        Join(subassembly="a", parts=("P1", "P2"), type="adhesive", length_m=1.25),
    )
    row = route_totals("welded", STAMPED_ONLY, joins, subassemblies=3).as_row()
    assert row == {
        "route": "welded",
        "mass_kg": pytest.approx(8.0),
        "part_count": 2,
        "stamped_part_count": 2,
        "bought_part_count": 0,
        "cast_part_count": 0,
        "spot_welds": 12,
        "adhesive_m": pytest.approx(1.25),
        "material_cost_usd": pytest.approx(12.0),
        "blank_mass_kg": pytest.approx(12.5),
        "blank_scrap_kg": pytest.approx(4.5),
        "material_utilisation_share": pytest.approx(0.64),
        "co2e_kg": pytest.approx(26.0),
        "shot_mass_kg": None,
        "casting_yield_share": None,
        "subassembly_count": 3,
        # one count column per discrete joint type, zero where the route has none;
        # adhesive is in metres above, not a count
        "joints_spot_weld_count": 12,
        "joints_projection_weld_count": 0,
        "joints_stud_weld_count": 0,
        "joints_self_piercing_rivet_count": 0,
        "joints_flow_drill_screw_count": 4,
    }


def test_sub_assemblies_carry_their_title_route_joints_adhesive_and_output_mass():
    specs = (SubAssemblySpec(name="floor", title="Rear floor"),
             SubAssemblySpec(name="rails", title="Rear rails"),
             SubAssemblySpec(name="underbody", title="Rear underbody",
                             inputs=("floor", "rails")))
    table = pd.DataFrame({"part_number": ["F1", "F2", "R1", "U1"],
                          "subassembly": ["floor", "floor", "rails", "underbody"],
                          "mass_kg": [4.0, 1.5, 3.0, 0.25]})
    joins = (
        Join(subassembly="floor", parts=("F1", "F2"), type="spot_weld", count=20),
        Join(subassembly="floor", parts=("F1", "F2"), type="adhesive", length_m=0.8),
        Join(subassembly="rails", parts=("R1", "F1"), type="self_piercing_rivet", count=6),
        Join(subassembly="underbody", parts=("U1", "R1"), type="spot_weld", count=5),
        Join(subassembly="underbody", parts=("U1", "R1"), type="stud_weld", count=2),
        Join(subassembly="underbody", parts=("U1", "F1"), type="adhesive", length_m=0.5),
        Join(subassembly="underbody", parts=("U1", "R1"), type="adhesive", length_m=0.25),
    )
    floor, rails, underbody = summarise_subassemblies("welded", specs, table, joins)
    assert [s.title for s in (floor, rails, underbody)] == [
        "Rear floor", "Rear rails", "Rear underbody"]
    assert {s.route for s in (floor, rails, underbody)} == {"welded"}
    assert (floor.parts, rails.parts, underbody.parts) == (("F1", "F2"), ("R1",), ("U1",))
    assert underbody.inputs == ("floor", "rails")
    assert floor.joins_by_type == {"spot_weld": 20}
    assert rails.joins_by_type == {"self_piercing_rivet": 6}
    assert underbody.joins_by_type == {"spot_weld": 5, "stud_weld": 2}
    assert (floor.spot_welds, rails.spot_welds, underbody.spot_welds) == (20, 0, 5)
    assert floor.adhesive_m == pytest.approx(0.8)
    assert rails.adhesive_m == 0.0
    assert underbody.adhesive_m == pytest.approx(0.75)  # 0.5 + 0.25
    # output mass: floor 4 + 1.5 = 5.5, rails 3, underbody 0.25 + 5.5 + 3 = 8.75
    assert (floor.mass_kg, rails.mass_kg, underbody.mass_kg) == pytest.approx((5.5, 3.0, 8.75))
