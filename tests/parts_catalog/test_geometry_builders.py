"""Builders against analytic volumes: the mass of a simple shape is its dimensions x density."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parts_catalog import (
    BracketShape,
    HatRailShape,
    PanelShape,
    PlateShape,
    RibbedShellShape,
    StudShape,
    WeldNutShape,
    build_shape,
)

STEEL_KG_M3 = 7850.0
MM = 1e-3
FACETED = 0.005  # 48-facet circles and mitred corners stay within 0.5 % of the analytic value


@settings(max_examples=25, deadline=None)
@given(
    length=st.floats(20, 2000),
    width=st.floats(20, 1500),
    thickness=st.floats(0.5, 4.0),
)
def test_plate_mass_matches_length_width_thickness_density(length, width, thickness):
    mesh = build_shape(PlateShape(length_mm=length, width_mm=width), thickness)
    analytic_kg = length * width * thickness * MM**3 * STEEL_KG_M3
    assert mesh.is_watertight
    assert mesh.volume * STEEL_KG_M3 == pytest.approx(analytic_kg, rel=FACETED)


def test_flat_panel_with_flange_matches_floor_plus_wall_ring():
    length, width, flange, t = 700.0, 400.0, 30.0, 0.8
    mesh = build_shape(PanelShape(length_mm=length, width_mm=width, flange_height_mm=flange), t)
    ring_mm2 = length * width - (length - 2 * t) * (width - 2 * t)
    analytic_mm3 = length * width * t + ring_mm2 * (flange - t)
    assert mesh.is_watertight
    assert mesh.volume / MM**3 == pytest.approx(analytic_mm3, rel=FACETED)


def test_bead_adds_its_formed_walls_to_a_flat_panel():
    t, bead_w, bead_d, fraction = 1.0, 30.0, 8.0, 0.7
    flat = build_shape(PanelShape(length_mm=600, width_mm=300), t)
    beaded = build_shape(
        PanelShape(
            length_mm=600,
            width_mm=300,
            bead_count=1,
            bead_width_mm=bead_w,
            bead_depth_mm=bead_d,
            bead_length_fraction=fraction,
        ),
        t,
    )
    bead_len = 600 * fraction
    # Ridge above the sheet minus the hollow the punch leaves underneath.
    added_mm3 = bead_len * (bead_w + 2 * t) * bead_d - (bead_len - 2 * t) * bead_w * bead_d
    assert beaded.is_watertight
    assert (beaded.volume - flat.volume) / MM**3 == pytest.approx(added_mm3, rel=FACETED)


def test_hat_rail_volume_is_centreline_length_x_thickness_x_length():
    shape = HatRailShape(
        length_mm=1400, web_width_mm=90, height_mm=100, flange_width_mm=28, draft_mm=12
    )
    t = 1.6
    wall = math.hypot(shape.draft_mm, shape.height_mm)
    centreline = shape.web_width_mm + 2 * wall + 2 * shape.flange_width_mm
    mesh = build_shape(shape, t)
    assert mesh.is_watertight
    assert mesh.volume / MM**3 == pytest.approx(centreline * t * shape.length_mm, rel=FACETED)


def test_bracket_volume_is_two_legs_minus_the_hole():
    shape = BracketShape(length_mm=120, width_mm=60, height_mm=80, hole_diameter_mm=14)
    t = 2.0
    legs_mm3 = (shape.length_mm + shape.height_mm) * t * shape.width_mm
    hole_mm3 = math.pi * (shape.hole_diameter_mm / 2) ** 2 * t
    mesh = build_shape(shape, t)
    assert mesh.is_watertight
    assert mesh.volume / MM**3 == pytest.approx(legs_mm3 - hole_mm3, rel=FACETED)


def test_weld_nut_volume_is_hexagon_minus_hole_times_height():
    shape = WeldNutShape(across_flats_mm=17, height_mm=10, hole_diameter_mm=8.4)
    hexagon_mm2 = math.sqrt(3) / 2 * shape.across_flats_mm**2
    hole_mm2 = math.pi * (shape.hole_diameter_mm / 2) ** 2
    mesh = build_shape(shape)
    assert mesh.volume / MM**3 == pytest.approx((hexagon_mm2 - hole_mm2) * 10, rel=FACETED)


def test_stud_volume_is_flange_plus_shank():
    shape = StudShape(diameter_mm=6, length_mm=20, flange_diameter_mm=9, flange_thickness_mm=1.5)
    flange_mm3 = math.pi * 4.5**2 * 1.5
    shank_mm3 = math.pi * 3**2 * 20
    assert build_shape(shape).volume / MM**3 == pytest.approx(flange_mm3 + shank_mm3, rel=FACETED)


def test_ribbed_shell_is_a_closed_solid_between_tray_and_naive_sum():
    shape = RibbedShellShape(
        length_mm=800,
        width_mm=600,
        height_mm=150,
        wall_mm=4,
        floor_mm=3.5,
        rib_mm=3,
        rib_height_mm=60,
        rib_pitch_mm=150,
        boss_diameter_mm=30,
        boss_hole_mm=0,
        boss_height_mm=100,
        bosses_per_side=3,
    )
    tray_mm3 = 800 * 600 * 3.5 + (800 * 600 - 792 * 592) * (150 - 3.5)
    mesh = build_shape(shape)
    assert mesh.is_watertight
    assert mesh.volume / MM**3 > tray_mm3  # ribs and bosses add metal
    assert mesh.volume / MM**3 < tray_mm3 * 1.6


def test_built_shapes_are_copies_that_callers_may_change():
    shape = PlateShape(length_mm=100, width_mm=50)
    first = build_shape(shape, 1.0)
    first.apply_scale(2.0)
    assert build_shape(shape, 1.0).volume == pytest.approx(100 * 50 * 1.0 * MM**3)
