"""Route parameter specs, shipped route files and the builders of both routes."""

from __future__ import annotations

import math
from typing import Literal, get_origin

import pytest
from pydantic import ValidationError

from lines.routes import (
    SCENARIO_DIR,
    CastingRouteSpec,
    WeldedRouteSpec,
    build_casting_scenario,
    build_welded_scenario,
    load_route_spec,
    press_load,
)

SOURCED = ("REFERENCE", "(X", "X)", "assumption", "For 'constant'", "MTBF overrides",
           "derived", "catalog", "what-if", "Robots per", "Presses per", "Warm-up", "run length",
           "Name of")


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
    scenario = build_casting_scenario(CastingRouteSpec(layout="stations", heat_treatment=True),
                                      catalog)
    names = [station.name for station in scenario.stations]
    assert names == ["giga_cell", "trim", "xray", "heat_treatment", "body_join"]


def test_welded_stations_follow_the_catalog(catalog):
    spec = WeldedRouteSpec(layout="stations")
    scenario = build_welded_scenario(spec, catalog)
    subs = catalog.subassemblies("welded")
    framing = scenario.station("framing")
    assert set(framing.assembles) >= set(next(s for s in subs if s.name == "framing").inputs)
    assert scenario.station("respot").next == "quality_gate"
    rework = scenario.station("quality_gate").rework_probability
    assert rework == pytest.approx(1 - (1 - 0.002) ** 838, rel=1e-9)


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
    assert math.isclose(load.loc["TANDEM-1", "seconds_per_body"], 5 * 60 / 14 + 5 * 300 / 1000)


def test_a_kit_source_must_name_a_supermarket(catalog):
    raw = build_welded_scenario(WeldedRouteSpec(), catalog).model_dump()
    raw["sources"][-1]["supermarket"]["supermarket"] = "body_line"
    with pytest.raises(ValidationError, match="no supermarket block"):
        type(build_welded_scenario(WeldedRouteSpec(), catalog)).model_validate(raw)
