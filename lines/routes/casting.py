"""The giga-casting route: furnace, giga-press cell(s), trim, X-ray, joining into the body.

``build_casting_scenario(spec, catalog)`` turns a :class:`CastingRouteSpec` into the engine's
generic :class:`~lines.spec.Scenario`. The cell station carries a ``casting_cell`` block (die
thermal state, warm-up and defect scrap, metal balance: ``twin.runtime.casting_cell``); die changes
and die maintenance are maintenance plans counted in shots. Shot and part mass and the joints
to the rest of the body come from the parts catalog.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import Field, NonNegativeFloat, PositiveFloat, PositiveInt

from lines.casting_cell import CastingCellSpec, DieThermalSpec, FurnaceSpec, RampUpSpec
from lines.routes.common import RouteSpec, power_by_state
from lines.spec import Scenario
from parts_catalog import Catalog


class CastingRouteSpec(RouteSpec):
    """Parameters of the casting route; each default names its REFERENCE.md source and tag."""

    name: str = "casting rear underbody"
    cells: PositiveInt = Field(
        3, description="Giga-press cells in parallel; REFERENCE 5.3 (2.13 -> 3 for 250k/yr, X)."
    )
    cycle_time_s: PositiveFloat = Field(
        110.0, description="Mean shot cycle [s]; REFERENCE 5.3 (B, range 80-180)."
    )
    cycle_time_sd_s: NonNegativeFloat = Field(
        3.0, description="Shot-to-shot sd of the cycle (normal) [s]; assumption (X)."
    )
    shot_mass_kg: PositiveFloat | None = Field(
        None, description="Metal per shot [kg]; None: from the catalog (REFERENCE 5.3, 90 kg)."
    )
    part_mass_kg: PositiveFloat | None = Field(
        None, description="Casting mass [kg]; None: from the catalog (REFERENCE 5.3, 62 kg)."
    )
    melt_rate_kg_h_per_cell: PositiveFloat = Field(
        3_500.0, description="Furnace melt rate per cell [kg/h]; assumption (X), ~20 % above "
        "a cell's pour rate at 110 s."
    )
    holding_capacity_kg_per_cell: PositiveFloat = Field(
        8_000.0, description="Holding furnace capacity per cell [kg]; assumption (X)."
    )
    remelt_loss_share: float = Field(
        0.02, ge=0, le=1, description="Dross loss of remelted metal; REFERENCE 5.3 (X, 1-3 %)."
    )
    die: DieThermalSpec = Field(DieThermalSpec(), description="Die thermal model (X).")
    warmup_shots: int = Field(20, ge=0, description="REFERENCE 5.3 (X, 5-50).")
    die_life_shots: PositiveInt = Field(
        100_000, description="Shots until the die is changed; REFERENCE 5.3 (X, 60k-150k)."
    )
    die_change_h: PositiveFloat = Field(
        8.0, description="Full die change [h]; REFERENCE 5.3 (B, Toyota 24 h -> 20 min)."
    )
    die_maintenance_every_shots: PositiveInt = Field(
        10_000, description="Shots between die maintenance stops; assumption (X)."
    )
    die_maintenance_h: PositiveFloat = Field(
        2.0, description="Length of a die maintenance stop [h]; assumption (X)."
    )
    cell_mtbf_h: PositiveFloat = Field(
        5.0, description="Operating hours between cell failures; assumption (X), calibrated "
        "with cell_mttr_min so one cell at 120 s makes ~500 castings/day (REFERENCE 5.4 #1, B)."
    )
    cell_mttr_min: PositiveFloat = Field(
        90.0, description="Mean cell repair time (exponential) [min]; assumption (X), see MTBF."
    )
    defect_model: str = Field("default", description="'default' (ml model) or 'constant'.")
    constant_scrap_rate: float = Field(0.05, ge=0, le=1, description="For 'constant'.")
    xray_sensitivity: float = Field(
        0.98, ge=0, le=1, description="Share of defects the X-ray rejects; assumption (X)."
    )
    ramp_up: RampUpSpec | None = Field(
        None, description="Learning curve from SOP (REFERENCE 5.3, D/X); None: mature."
    )
    trim_cycle_s: PositiveFloat = Field(
        60.0, description="In-cell trim press per casting [s]; assumption (X), REFERENCE 1.7."
    )
    xray_cycle_s: PositiveFloat = Field(
        60.0, description="X-ray per casting [s]; REFERENCE 5.3 (<= cycle time, B/C)."
    )
    layout: Literal["cell", "stations"] = Field(
        "cell", description="cell: trim and X-ray run inside the cell in parallel with the "
        "next shot (REFERENCE 1.7, 5.3: in-cell trim, X-ray <= cycle time); stations: each is "
        "its own station (slower to simulate)."
    )
    heat_treatment: bool = Field(
        False, description="Straightening/heat treatment step; REFERENCE 5.3: none (B)."
    )
    heat_treatment_cycle_s: PositiveFloat = Field(
        60.0, description="Per casting when heat treatment is on [s]; assumption (X)."
    )
    time_per_joint_s: PositiveFloat = Field(
        3.0, description="Joining time per SPR/FDS joint [s]; assumption (X, like a spot weld)."
    )
    join_handling_s: PositiveFloat = Field(15.0, description="Load/unload at joining [s] (X).")
    join_robots: PositiveInt | None = Field(
        None, description="Joining robots; None: enough for the cells' pace at 80 % load (X)."
    )
    buffer_units: int = Field(3, ge=0, description="Buffer between steps [units] (X).")
    operators_per_cell_shift: NonNegativeFloat = Field(
        4.0, description="Operators per cell and shift; REFERENCE 5.3 (X)."
    )
    floor_space_m2_per_cell: NonNegativeFloat = Field(
        840.0, description="Floor space of a cell [m2]; REFERENCE 5.3 (B, Xiaomi)."
    )
    energy_kwh_per_shot: NonNegativeFloat = Field(
        100.0, description="Energy per shot, melting included [kWh]; REFERENCE 5.3 (X)."
    )


def cast_masses(spec: CastingRouteSpec, catalog: Catalog) -> tuple[float, float]:
    """Shot and part mass [kg]: from the spec if given, else from the catalog's cast part."""
    table = catalog.parts_table("casting")
    cast = table[table["kind"] == "cast"]
    shot = spec.shot_mass_kg or float(cast["shot_mass_kg"].sum())
    part = spec.part_mass_kg or float(cast["mass_kg"].sum())
    if part >= shot:
        raise ValueError(f"part mass {part:.1f} kg must be below the shot mass {shot:.1f} kg")
    return shot, part


def join_cycle_s(spec: CastingRouteSpec, joints: int) -> tuple[float, int]:
    """Cycle of the joining station [s] and its robots."""
    pace = spec.cycle_time_s / spec.cells * 0.8 - spec.join_handling_s
    robots = spec.join_robots or max(1, math.ceil(joints * spec.time_per_joint_s / max(pace, 1.0)))
    return spec.join_handling_s + joints * spec.time_per_joint_s / robots, robots


def _cell_block(spec: CastingRouteSpec, catalog: Catalog) -> CastingCellSpec:
    shot, part = cast_masses(spec, catalog)
    return CastingCellSpec(
        shot_mass_kg=shot, part_mass_kg=part, remelt_loss_share=spec.remelt_loss_share,
        furnace=FurnaceSpec(
            melt_rate_kg_h=spec.melt_rate_kg_h_per_cell * spec.cells,
            holding_capacity_kg=spec.holding_capacity_kg_per_cell * spec.cells,
        ),
        die=spec.die, warmup_shots=spec.warmup_shots, defect_model=spec.defect_model,  # type: ignore[arg-type]
        constant_scrap_rate=spec.constant_scrap_rate, xray_sensitivity=spec.xray_sensitivity,
        ramp_up=spec.ramp_up,
    )


def _cell_station(spec: CastingRouteSpec, catalog: Catalog) -> dict[str, Any]:
    working_kw = spec.energy_kwh_per_shot * 3600.0 / spec.cycle_time_s
    return {
        "name": "giga_cell",
        "machines": spec.cells,
        "cycle_time_s": {"dist": "normal", "mean": spec.cycle_time_s, "sd": spec.cycle_time_sd_s}
        if spec.cycle_time_sd_s > 0 else spec.cycle_time_s,
        "failures": [{
            "name": "cell_failure",
            "time_between_failures_h": {"dist": "exponential", "mean": spec.cell_mtbf_h},
            "time_to_repair_min": {"dist": "exponential", "mean": spec.cell_mttr_min},
        }],
        "maintenance": [
            {"name": "die_change", "every_cycles": spec.die_life_shots,
             "duration_min": spec.die_change_h * 60.0},
            {"name": "die_maintenance", "every_cycles": spec.die_maintenance_every_shots,
             "duration_min": spec.die_maintenance_h * 60.0},
        ],
        # holding furnace and die thermal units stay hot when idle (shares X)
        "power": power_by_state(working_kw, 0.4, 0.3, 0.2).model_dump(),
        "operators_per_shift": spec.operators_per_cell_shift * spec.cells,
        "floor_space_m2": spec.floor_space_m2_per_cell * spec.cells,
        "casting_cell": _cell_block(spec, catalog).model_dump(),
    }


def _step(name: str, cycle_s: float, machines: int, next_: str, buffer: int) -> dict[str, Any]:
    return {"name": name, "machines": machines, "cycle_time_s": cycle_s, "next": next_,
            "buffer_capacity": buffer}


def build_casting_scenario(spec: CastingRouteSpec, catalog: Catalog) -> Scenario:
    """The casting route as an engine scenario: cell(s) -> trim -> X-ray -> [HT] -> joining."""
    joints = sum(catalog.route_totals("casting").joints_by_type.values())
    join_s, robots = join_cycle_s(spec, joints)
    slowest_s = max(spec.trim_cycle_s, spec.xray_cycle_s)
    in_cell = spec.layout == "cell" and slowest_s <= spec.cycle_time_s
    chain = [
        *(["trim", "xray"] if not in_cell else []),
        *(["heat_treatment"] if spec.heat_treatment else []),
        "body_join",
    ]
    cycles = {"trim": spec.trim_cycle_s, "xray": spec.xray_cycle_s,
              "heat_treatment": spec.heat_treatment_cycle_s}
    steps = [
        _step(name, cycles[name], spec.cells, chain[i + 1], spec.buffer_units)
        for i, name in enumerate(chain[:-1])
    ]
    join = _step("body_join", join_s, 1, "exit", spec.buffer_units)
    # the few small brackets joined here are bought or stamped elsewhere: never short (X)
    join |= {"operators_per_shift": 1.0}
    cell = _cell_station(spec, catalog) | {"next": chain[0]}
    return Scenario.model_validate({
        "name": spec.name,
        "description": f"giga-casting route, {spec.cells} cell(s), {robots} joining robot(s)",
        "horizon_days": spec.horizon_days,
        "warmup_h": spec.warmup_h,
        "calendar": spec.calendar.model_dump(),
        "sources": [{"name": "shots", "to": "giga_cell"}],
        "stations": [cell, *steps, join],
    })
