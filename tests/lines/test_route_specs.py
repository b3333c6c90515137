"""Route parameter specs, shipped route files and the builders of both routes."""

from __future__ import annotations

import math
from typing import Literal, get_origin

import pytest
from pydantic import ValidationError

from lines.casting_cell import DEFECT_CLASS_NAMES
from lines.routes import (
    SCENARIO_DIR,
    CastingRouteSpec,
    WeldedRouteSpec,
    build_casting_scenario,
    build_welded_scenario,
    casting,
    load_route_spec,
    press_load,
    welded,
)
from ml import DEFECT_CLASSES

SOURCED = ("REFERENCE", "sources §", "(X", "X)", "assumption", "(A-", "(B", "(C", "For 'constant'",
           "MTBF overrides", "derived", "catalog", "what-if", "Robots per", "Presses per",
           "Warm-up", "run length", "Name of")


@pytest.mark.parametrize("kind", [WeldedRouteSpec, CastingRouteSpec])
def test_every_number_names_its_source(kind):
    """Each numeric field cites REFERENCE.md or says it is an assumption (X)."""
    for name, field in kind.model_fields.items():
        text_like = field.annotation in (bool, str) or get_origin(field.annotation) is Literal
        if text_like or name in ("calendar", "die", "ramp_up"):
            continue
        assert any(tag in (field.description or "") for tag in SOURCED), name


def test_shipped_route_files_hold_the_defaults():
    assert load_route_spec(SCENARIO_DIR / "welded_rear_underbody.yaml") == WeldedRouteSpec()
    assert load_route_spec(SCENARIO_DIR / "casting_rear_underbody.yaml") == CastingRouteSpec()


def test_route_file_must_say_its_route(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("route: bicycle\n")
    with pytest.raises(ValueError, match="route"):
        load_route_spec(path)


def test_with_changes_revalidates():
    spec = CastingRouteSpec().with_changes(cells=2, die_life_shots=80_000)
    assert (spec.cells, spec.die_life_shots) == (2, 80_000)
    with pytest.raises(ValidationError):
        CastingRouteSpec().with_changes(cells=0)


def test_casting_scenario_follows_the_spec(catalog):
    scenario = build_casting_scenario(
        CastingRouteSpec(cells=2, die_life_shots=80_000, die_change_h=4), catalog)
    cell = scenario.station("giga_cell")
    assert cell.machines == 2
    plans = {plan.name: plan for plan in cell.maintenance}
    assert plans["die_change"].every_cycles == 80_000
    assert plans["die_change"].duration_min.mean == 240
    assert cell.casting_cell is not None
    assert cell.casting_cell.shot_mass_kg == pytest.approx(89.87, abs=0.1)  # from the catalog


def test_separate_trim_and_xray_stations(catalog):
    spec = CastingRouteSpec(layout="stations", heat_treatment=True, straightening=True)
    scenario = build_casting_scenario(spec, catalog)
    names = [station.name for station in scenario.stations]
    assert names == ["giga_cell", "trim", "xray", "heat_treatment", "straightening",
                     "laser_trim", "dimensional_check", "body_join"]
    # the X-ray verdict moves from the cell to the X-ray station; the last check counts escapes
    assert scenario.station("giga_cell").casting_cell.xray_sensitivity == {}
    assert scenario.station("xray").finishing.sensitivity == spec.xray_sensitivity
    checks = [s.name for s in scenario.stations if s.finishing and s.finishing.last_check]
    assert checks == ["dimensional_check"]


def test_the_finishing_chain_is_in_the_cell_cost_step_and_can_be_left_out(catalog):
    assert casting.cost_steps(CastingRouteSpec())["giga_cell"] == (
        "giga_cell", "laser_trim", "dimensional_check")
    short = build_casting_scenario(CastingRouteSpec(finishing_chain=False), catalog)
    assert [s.name for s in short.stations] == ["giga_cell", "body_join"]


def test_heat_treatment_and_finishing_stations_carry_energy_and_operators(catalog):
    spec = CastingRouteSpec(heat_treatment=True)
    ht = build_casting_scenario(spec, catalog).station("heat_treatment")
    # 30 kWh per casting over a 60 s cycle: 1,800 kW while working
    assert ht.power.working_kw == pytest.approx(30.0 * 3600.0 / 60.0)
    assert ht.operators_per_shift == pytest.approx(0.5 * spec.cells)
    laser = build_casting_scenario(spec, catalog).station("laser_trim")
    assert laser.floor_space_m2 == pytest.approx(100.0 * spec.cells)


def test_the_defect_classes_of_lines_match_the_defect_model():
    assert DEFECT_CLASS_NAMES == DEFECT_CLASSES


def test_welded_stations_follow_the_catalog(catalog):
    spec = WeldedRouteSpec(layout="stations")
    scenario = build_welded_scenario(spec, catalog)
    subs = catalog.subassemblies("welded")
    framing = scenario.station("framing")
    assert set(framing.assembles) >= set(next(s for s in subs if s.name == "framing").inputs)
    assert scenario.station("respot").next == "body-join"
    assert scenario.station("body-join").next == "quality_gate"
    rework = scenario.station("quality_gate").rework_probability
    assert rework == pytest.approx(1 - (1 - 0.002) ** 894, rel=1e-9)  # 838 + 56 framing welds


def test_welded_station_work_includes_studs_projection_welds_and_adhesive(catalog):
    """respot: 118 spot welds x 3 s + 30 studs x 4 s = 474 s over 10 robots + 10 s handling;
    floor-front: 130 x 3 + 8 nuts x 5 + 4.3 m x 7 s/m = 460.1 s over 10 robots + 10 s."""
    spec = WeldedRouteSpec()
    subs = {s.name: s for s in catalog.subassemblies("welded")}
    assert welded.joining_s(spec, subs["respot"]) == pytest.approx(118 * 3 + 30 * 4)
    work, robots = welded.station_work(spec, subs["respot"])
    assert (work, robots) == (pytest.approx(10 + 474 / 10), 10)
    assert welded.joining_s(spec, subs["floor-front"]) == pytest.approx(130 * 3 + 8 * 5 + 4.3 * 7)
    spot_only = spec.with_changes(time_per_stud_s=0, time_per_projection_weld_s=0,
                                  adhesive_s_per_m=0)
    assert welded.joining_s(spot_only, subs["respot"]) == pytest.approx(118 * 3)


def test_press_scrap_adds_the_strokes_of_the_scrapped_parts(catalog):
    """2 % production scrap (ULSAB): a batch of good parts takes 1/0.98 of the strokes."""
    none = press_load(WeldedRouteSpec(press_scrap_share=0.0), catalog)
    two = press_load(WeldedRouteSpec(), catalog)
    ratio = two["stamping_s_per_body"] / none["stamping_s_per_body"]
    assert ratio.to_numpy() == pytest.approx(1 / 0.98)


def test_weld_repair_booths_have_welders_and_floor_inside_the_body_shop_floor(catalog):
    spec = WeldedRouteSpec()
    scenario = build_welded_scenario(spec, catalog)
    booth = scenario.station("weld_repair")
    assert booth.operators_per_shift == booth.machines * spec.repair_operators_per_booth_shift
    assert booth.floor_space_m2 == booth.machines * spec.repair_booth_floor_m2
    body = sum(s.floor_space_m2 for s in scenario.stations
               if not s.name.startswith("press-") and s.supermarket is None)
    assert body == pytest.approx(spec.body_shop_floor_space_m2)  # counted once


def test_paced_line_fails_with_any_station(catalog):
    scenario = build_welded_scenario(WeldedRouteSpec(), catalog)
    line = scenario.station("body_line")
    assert len(line.failures) == len(catalog.subassemblies("welded"))
    assert line.cycle_time_s.mean == 60.0


def test_presses_cover_the_load_at_takt(catalog):
    spec = WeldedRouteSpec()
    load = press_load(spec, catalog)
    assert set(load.index) == {"TANDEM-1", "TRANSFER-1", "PROG-1", "HOTFORM-1"}
    for row in load.itertuples():
        assert row.seconds_per_body / row.presses <= spec.takt_s * spec.press_max_load
    assert load["parts"].sum() == catalog.route_totals("welded").stamped_part_count
    # 5 panels at 14 SPM in 4 strokes (the wheelhouse inners LH/RH share one double die's
    # stroke), 2 % press scrap, plus 5 die changes of 5 min per 1,000-body batch (the engine
    # still changes between the pair's two part numbers)
    assert math.isclose(load.loc["TANDEM-1", "seconds_per_body"],
                        4 * 60 / 14 / 0.98 + 5 * 300 / 1000)


def test_a_kit_source_must_name_a_supermarket(catalog):
    raw = build_welded_scenario(WeldedRouteSpec(), catalog).model_dump()
    raw["sources"][-1]["supermarket"]["supermarket"] = "body_line"
    with pytest.raises(ValidationError, match="no supermarket block"):
        type(build_welded_scenario(WeldedRouteSpec(), catalog)).model_validate(raw)
