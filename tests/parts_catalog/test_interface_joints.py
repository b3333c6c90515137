"""One boundary for both routes: each joins the rear underbody to the same neighbouring parts.

docs/background/routes.md writes the boundary down: what enters (coil or blanks, alloy ingots,
bought parts) and what leaves (the rear underbody joined to the front floor and both body
sides). Both routes must carry their joints to every interface of the catalog, with the same
sealing adhesive length at each, so neither route's cost leaves its framing joints out.
"""

from __future__ import annotations

import pytest

from parts_catalog import load_catalog


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def interface_joints(catalog, route: str) -> dict[str, dict[str, float]]:
    """Per interface: discrete joints and adhesive metres of ``route``'s joins that touch it."""
    names = {i.name for i in catalog.spec.interfaces}
    out: dict[str, dict[str, float]] = {name: {"joints": 0, "adhesive_m": 0.0} for name in names}
    for join in catalog.joins(route):
        for name in set(join.parts) & names:
            if join.type == "adhesive":
                out[name]["adhesive_m"] += join.length_m
            else:
                out[name]["joints"] += join.count
    return out


def test_the_catalog_names_the_three_neighbours_of_the_rear_underbody(catalog):
    assert {i.name for i in catalog.spec.interfaces} == {
        "front_floor", "body_side_LH", "body_side_RH"}


@pytest.mark.parametrize("route", ["welded", "casting"])
def test_every_route_joins_every_interface(catalog, route):
    for name, joints in interface_joints(catalog, route).items():
        assert joints["joints"] > 0, f"{route} makes no joint to {name}"
        assert joints["adhesive_m"] > 0, f"{route} bonds nothing to {name}"


def test_both_routes_seal_the_same_interface_flanges(catalog):
    """The same boundary: equal adhesive length at each interface (the flange length)."""
    welded, casting = interface_joints(catalog, "welded"), interface_joints(catalog, "casting")
    for name in welded:
        assert welded[name]["adhesive_m"] == pytest.approx(casting[name]["adhesive_m"])


def test_interface_joints_are_made_in_the_last_sub_assembly_of_each_route(catalog):
    """The joints to the body are the last step of both routes (the body-join station)."""
    names = {i.name for i in catalog.spec.interfaces}
    for route in ("welded", "casting"):
        last = catalog.subassemblies(route)[-1].name
        where = {j.subassembly for j in catalog.joins(route) if set(j.parts) & names}
        assert where == {last}, route


def test_welded_interface_spot_welds_hand_sum(catalog):
    """28 to the front floor + 2 x 14 to the body sides = 56 framing spot welds."""
    joints = interface_joints(catalog, "welded")
    assert sum(j["joints"] for j in joints.values()) == 28 + 2 * 14
    body_join = next(s for s in catalog.subassemblies("welded") if s.name == "body-join")
    assert body_join.spot_welds == 56
