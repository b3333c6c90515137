"""The giga-casting route: furnace, giga-press cell(s), the finishing chain, joining.

``build_casting_scenario(spec, catalog)`` turns a :class:`CastingRouteSpec` into the engine's
generic :class:`~lines.spec.Scenario`. The cell station carries a ``casting_cell`` block (die
thermal state, warm-up and defect scrap, metal balance, unplanned die damage:
``twin.runtime.casting_cell``); die changes, insert refurbishments and die care are maintenance
plans counted in shots. The finishing chain (Giga Press practice: trim, X-ray, laser trim and
drilling, CMM; optional heat treatment and straightening) is a row of ``finishing`` stations
that reject castings by defect class (``twin.runtime.finishing``). Shot and part mass and the
joints to the rest of the body come from the parts catalog.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, NonNegativeFloat, PositiveFloat, PositiveInt

from lines.casting_cell import (
    DIE_CHANGE_PLAN,
    DIMENSIONAL_CHECK_SENSITIVITY,
    REFURBISHMENT_PLAN,
    XRAY_SENSITIVITY,
    CastingCellSpec,
    DefectModelName,
    DieDamageSpec,
    DieThermalSpec,
    FinishingSpec,
    FinishingStep,
    FurnaceSpec,
    RampUpSpec,
)
from lines.distributions import Exponential, Normal
from lines.routes.common import RouteSpec, power_by_state, route_scenario
from lines.spec import EXIT, FailureMode, MaintenancePlan, Scenario, Source, Station
from parts_catalog import Catalog

GIGA_CELL, TRIM, XRAY, HEAT_TREATMENT, BODY_JOIN = (
    "giga_cell", "trim", "xray", "heat_treatment", "body_join")
"""Station names of the casting route (the runtime, the cost mapping and the app use these)."""
LASER_TRIM, DIMENSIONAL_CHECK, STRAIGHTENING = "laser_trim", "dimensional_check", "straightening"
"""Station names of the finishing chain after the cell (see docs/background/routes.md)."""
DIE_CHANGE, DIE_MAINTENANCE, INSERT_REFURBISHMENT = (
    DIE_CHANGE_PLAN, "die_maintenance", REFURBISHMENT_PLAN)
"""Maintenance plans of the cell: die change (the cell's runtime resets the die), die care
(cleaning, spray nozzles) and the refurbishment of the die inserts."""
CELL_STEP, JOIN_STEP = "giga_cell", "joining"
"""Cost steps of the casting route, each covering the stations in :func:`cost_steps`."""


class CastingRouteSpec(RouteSpec):
    """Parameters of the casting route; each default names its source (sources §x.y) and tag."""

    name: str = "casting rear underbody"
    cells: PositiveInt = Field(
        3, description="Giga-press cells in parallel; sources §5.3 (2.13 -> 3 for 250k/yr, X)."
    )
    cycle_time_s: PositiveFloat = Field(
        110.0, description="Mean shot cycle [s]; sources §5.3 (B, range 80-180)."
    )
    cycle_time_sd_s: NonNegativeFloat = Field(
        3.0, description="Shot-to-shot sd of the cycle (normal) [s]; assumption (X)."
    )
    shot_mass_kg: PositiveFloat | None = Field(
        None, description="Metal per shot [kg]; None: from the catalog (sources §5.3, 90 kg)."
    )
    part_mass_kg: PositiveFloat | None = Field(
        None, description="Casting mass [kg]; None: from the catalog (sources §5.3, 62 kg)."
    )
    melt_rate_kg_h_per_cell: PositiveFloat = Field(
        3_500.0, description="Furnace melt rate per cell [kg/h]; assumption (X), ~20 % above "
        "a cell's pour rate at 110 s."
    )
    holding_capacity_kg_per_cell: PositiveFloat = Field(
        8_000.0, description="Holding furnace capacity per cell [kg]; assumption (X)."
    )
    remelt_loss_share: float = Field(
        0.02, ge=0, le=1, description="Dross loss of remelted metal; sources §5.3 (X, 1-3 %)."
    )
    die: DieThermalSpec = Field(DieThermalSpec(), description="Die thermal model (X).")
    warmup_shots: int = Field(20, ge=0, description="sources §5.3 (X, 5-50).")
    die_life_shots: PositiveInt = Field(
        100_000, description="Shots until the die is changed; sources §5.3 (X, 60k-150k)."
    )
    die_change_h: PositiveFloat = Field(
        8.0, description="Full die change [h]; sources §5.3 (B, Toyota 24 h -> 20 min)."
    )
    die_maintenance_every_shots: PositiveInt = Field(
        10_000, description="Shots between die maintenance stops; assumption (X)."
    )
    die_maintenance_h: PositiveFloat = Field(
        2.0, description="Length of a die maintenance stop [h]; assumption (X)."
    )
    insert_refurbishment_every_shots: PositiveInt | None = Field(
        25_000, description="Shots between refurbishments of the die inserts (gates, cores, "
        "heat-checked faces); assumption (X). None: "
        "none."
    )
    insert_refurbishment_h: PositiveFloat = Field(
        6.0, description="Length of an insert refurbishment stop [h]; assumption (X)."
    )
    die_damage: DieDamageSpec | None = Field(
        DieDamageSpec(), description="Unplanned die damage, rate rising with die age "
        "(heat checking, soldering: diecastingdesign.org, ORNL, B/C; rates X); None: none."
    )
    spare_die: bool = Field(
        False, description="A preheated spare die: a damaged die is swapped instead of "
        "repaired in the press, and a die change takes spare_die_change_h."
    )
    spare_die_change_h: PositiveFloat = Field(
        2.0, description="Swap to the preheated spare die [h]; assumption (X), between "
        "Toyota's 20 min target (Toyota Times, B) and a full change."
    )
    cell_mtbf_h: PositiveFloat = Field(
        4.0, description="Operating hours between cell failures; assumption (X), calibrated "
        "with cell_mttr_min so one cell at 120 s makes ~500 good castings/day (IDRA/EPO, "
        "B); refitted from 5.0 h when thermal units and the finishing chain came in."
    )
    cell_mttr_min: PositiveFloat = Field(
        90.0, description="Mean cell repair time (exponential) [min]; assumption (X), see MTBF."
    )
    defect_model: DefectModelName = Field(
        "default", description="'default' (the shipped ml model), 'constant', or the path "
        "of a .skops model file made by 'gigatwin train-defects --out' (relative to the "
        "route file)."
    )
    constant_scrap_rate: float = Field(0.05, ge=0, le=1, description="For 'constant'.")
    xray_sensitivity: dict[str, float] = Field(
        default_factory=lambda: dict(XRAY_SENSITIVITY),
        description="Share of castings with each defect class the X-ray rejects; assumption "
        "(X): porosity, cold shuts and hot tears seen, dimensional and soldering not "
        "(EPO; Dakak 2019). A number applies to every class.",
    )
    finishing_chain: bool = Field(
        True, description="Laser trim/drilling and the CMM/optical dimensional check after "
        "the cell (Giga Press practice: Wikipedia, EPO, C/B); False: straight to joining."
    )
    laser_trim_cycle_s: PositiveFloat = Field(
        90.0, description="Laser trim and drilling per casting, one cell per giga cell [s]; "
        "assumption (X), below the shot cycle."
    )
    laser_trim_kw: NonNegativeFloat = Field(
        60.0, description="Laser trim cell power while working [kW]; assumption (X)."
    )
    dimensional_check_cycle_s: PositiveFloat = Field(
        80.0, description="CMM/optical check per casting, 100 % inline [s]; assumption (X), "
        "a CMM usually samples (1 in 50, X), inline vision sees every casting."
    )
    dimensional_check_kw: NonNegativeFloat = Field(
        10.0, description="Dimensional check power while working [kW]; assumption (X)."
    )
    dimensional_check_sensitivity: dict[str, float] = Field(
        default_factory=lambda: dict(DIMENSIONAL_CHECK_SENSITIVITY),
        description="Share of castings with each defect class the dimensional check rejects; "
        "assumption (X).",
    )
    finishing_operators_per_cell_shift: NonNegativeFloat = Field(
        1.0, description="Operators of laser trim and dimensional check per cell and shift "
        "(shared); assumption (X)."
    )
    finishing_floor_m2_per_cell: NonNegativeFloat = Field(
        200.0, description="Floor of laser trim and dimensional check per cell [m2]; "
        "assumption (X), outside the 840 m2 press cluster."
    )
    ramp_up: RampUpSpec | None = Field(
        None, description="Learning curve from SOP (sources §5.3, D/X); None: mature."
    )
    trim_cycle_s: PositiveFloat = Field(
        60.0, description="In-cell trim press per casting [s]; assumption (X), sources §1.7."
    )
    xray_cycle_s: PositiveFloat = Field(
        60.0, description="X-ray per casting [s]; sources §5.3 (<= cycle time, B/C)."
    )
    layout: Literal["cell", "stations"] = Field(
        "cell", description="cell: trim and X-ray run inside the cell in parallel with the "
        "next shot (sources §1.7, 5.3: in-cell trim, X-ray <= cycle time); stations: each is "
        "its own station (slower to simulate)."
    )
    heat_treatment: bool = Field(
        False, description="Straightening/heat treatment step; sources §5.3: none (B)."
    )
    heat_treatment_cycle_s: PositiveFloat = Field(
        60.0, description="Per casting when heat treatment is on [s]; assumption (X)."
    )
    heat_treatment_kwh_per_casting: NonNegativeFloat = Field(
        30.0, description="Furnace electricity per casting when heat treatment is on [kWh]; "
        "assumption (X): ~7 kWh to heat 62 kg of Al to ~500 degC, times furnace losses."
    )
    straightening: bool = Field(
        False, description="Straightening press after heat treatment: heat treatment distorts "
        "large castings (HPDC heat-treatment patent background, A-/B)."
    )
    straightening_cycle_s: PositiveFloat = Field(
        60.0, description="Straightening per casting [s]; assumption (X)."
    )
    post_treatment_operators_per_cell_shift: NonNegativeFloat = Field(
        0.5, description="Operators per cell and shift for each of heat treatment and "
        "straightening when on; assumption (X)."
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
        4.0, description="Operators per cell and shift; sources §5.3 (X)."
    )
    floor_space_m2_per_cell: NonNegativeFloat = Field(
        840.0, description="Floor space of a cell [m2]; sources §5.3 (B, Xiaomi)."
    )
    energy_kwh_per_shot: NonNegativeFloat = Field(
        100.0, description="Energy per shot, melting included [kWh]; sources §5.3 (X)."
    )
    join_operators_per_shift: NonNegativeFloat = Field(
        1.0, description="Operators of the joining station per shift; assumption (X)."
    )
    join_energy_kwh_per_body: NonNegativeFloat = Field(
        5.0, description="Electricity of joining per body [kWh]; assumption (X)."
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


def cost_steps(spec: CastingRouteSpec) -> dict[str, tuple[str, ...]]:
    """The route's cost steps and the simulated stations each covers (one line = one cell).

    The cell step covers the finishing chain too: its energy, operators, floor and rejects
    belong to the cell (the cell capex default includes trim, X-ray, laser trim and CMM, X).
    """
    chain = tuple(row[0] for row in finishing_plan(spec))
    return {CELL_STEP: (GIGA_CELL, *chain), JOIN_STEP: (BODY_JOIN,)}


def die_life_shots(scenario: Scenario) -> int | None:
    """Shots per die as simulated: the die-change plan of the cell station (None: no plan)."""
    cell = scenario.station(GIGA_CELL)
    plan_name = cell.casting_cell.die_change_plan if cell.casting_cell else DIE_CHANGE
    plan = next((p for p in cell.maintenance if p.name == plan_name), None)
    return None if plan is None else plan.every_cycles


def cell_block(spec: CastingRouteSpec, catalog: Catalog) -> CastingCellSpec:
    """The cell's per-shot model: masses from the catalog (or spec), process figures from spec."""
    shot, part = cast_masses(spec, catalog)
    return CastingCellSpec(
        shot_mass_kg=shot, part_mass_kg=part, remelt_loss_share=spec.remelt_loss_share,
        furnace=FurnaceSpec(
            melt_rate_kg_h=spec.melt_rate_kg_h_per_cell * spec.cells,
            holding_capacity_kg=spec.holding_capacity_kg_per_cell * spec.cells,
        ),
        die=spec.die, warmup_shots=spec.warmup_shots, die_change_plan=DIE_CHANGE,
        defect_model=spec.defect_model, constant_scrap_rate=spec.constant_scrap_rate,
        xray_sensitivity=spec.xray_sensitivity if in_cell_inspection(spec) else {},
        ramp_up=spec.ramp_up, die_damage=spec.die_damage,
        damage_stop_h_with_spare=spec.spare_die_change_h if spec.spare_die else None,
    )


def in_cell_inspection(spec: CastingRouteSpec) -> bool:
    """True if trim and X-ray run inside the cell (layout cell, and they fit the cycle)."""
    slowest_s = max(spec.trim_cycle_s, spec.xray_cycle_s)
    return spec.layout == "cell" and slowest_s <= spec.cycle_time_s


def cell_station(spec: CastingRouteSpec, catalog: Catalog, next_: str) -> Station:
    """The giga-press cells: shot cycle, failures, die change and care, power, the cell block."""
    working_kw = spec.energy_kwh_per_shot * 3600.0 / spec.cycle_time_s
    cycle = (Normal(mean=spec.cycle_time_s, sd=spec.cycle_time_sd_s)
             if spec.cycle_time_sd_s > 0 else spec.cycle_time_s)
    return Station(
        name=GIGA_CELL, machines=spec.cells, cycle_time_s=cycle, next=next_,  # type: ignore[arg-type]
        failures=(FailureMode(
            name="cell_failure",
            time_between_failures_h=Exponential(mean=spec.cell_mtbf_h),
            time_to_repair_min=Exponential(mean=spec.cell_mttr_min),
        ),),
        maintenance=die_plans(spec),
        # holding furnace and die thermal units stay hot when idle (shares X)
        power=power_by_state(working_kw, 0.4, 0.3, 0.2),
        operators_per_shift=spec.operators_per_cell_shift * spec.cells,
        floor_space_m2=spec.floor_space_m2_per_cell * spec.cells,
        casting_cell=cell_block(spec, catalog),
    )


def die_plans(spec: CastingRouteSpec) -> tuple[MaintenancePlan, ...]:
    """Die change at end of life, die care and insert refurbishment, all counted in shots."""
    change_h = spec.spare_die_change_h if spec.spare_die else spec.die_change_h
    plans = [
        MaintenancePlan(name=DIE_CHANGE, every_cycles=spec.die_life_shots,
                        duration_min=change_h * 60.0),  # type: ignore[arg-type]
        MaintenancePlan(name=DIE_MAINTENANCE, every_cycles=spec.die_maintenance_every_shots,
                        duration_min=spec.die_maintenance_h * 60.0),  # type: ignore[arg-type]
    ]
    if spec.insert_refurbishment_every_shots is not None:
        plans.append(MaintenancePlan(
            name=INSERT_REFURBISHMENT, every_cycles=spec.insert_refurbishment_every_shots,
            duration_min=spec.insert_refurbishment_h * 60.0))  # type: ignore[arg-type]
    return tuple(plans)


FinishingPlan = tuple[str, FinishingStep, float, dict[str, float], float, float, float]
"""One finishing station: name, step, cycle [s], sensitivity, kW working, operators per cell
and shift, floor per cell [m2]."""


def finishing_plan(spec: CastingRouteSpec) -> list[FinishingPlan]:
    """The finishing stations after the cell, in flow order (the last one counts escapes)."""
    x = {} if in_cell_inspection(spec) else spec.xray_sensitivity
    ht_kw = spec.heat_treatment_kwh_per_casting * 3600.0 / spec.heat_treatment_cycle_s
    post_ops = spec.post_treatment_operators_per_cell_shift
    half_ops = spec.finishing_operators_per_cell_shift / 2
    half_floor = spec.finishing_floor_m2_per_cell / 2
    plan: list[FinishingPlan] = []
    if not in_cell_inspection(spec):
        plan += [(TRIM, "trim", spec.trim_cycle_s, {}, 0.0, 0.0, 0.0),
                 (XRAY, "xray", spec.xray_cycle_s, x, 0.0, 0.0, 0.0)]
    if spec.heat_treatment:
        plan.append((HEAT_TREATMENT, "heat_treatment", spec.heat_treatment_cycle_s, {}, ht_kw,
                     post_ops, 0.0))
    if spec.straightening:
        plan.append((STRAIGHTENING, "straightening", spec.straightening_cycle_s, {}, 30.0,
                     post_ops, 0.0))  # 30 kW: X
    if spec.finishing_chain:
        plan += [(LASER_TRIM, "laser_trim", spec.laser_trim_cycle_s, {}, spec.laser_trim_kw,
                  half_ops, half_floor),
                 (DIMENSIONAL_CHECK, "dimensional_check", spec.dimensional_check_cycle_s,
                  spec.dimensional_check_sensitivity, spec.dimensional_check_kw, half_ops,
                  half_floor)]
    return plan


def finishing_stations(spec: CastingRouteSpec, next_: str) -> list[Station]:
    """The finishing chain as ``finishing`` stations; the last one counts escaped defects."""
    plan = finishing_plan(spec)
    names = [row[0] for row in plan] + [next_]
    return [
        Station(
            name=name, machines=spec.cells, cycle_time_s=cycle_s, next=names[i + 1],  # type: ignore[arg-type]
            buffer_capacity=spec.buffer_units,
            power=power_by_state(kw, 0.3, 0.1, 0.0),  # shares X
            operators_per_shift=ops * spec.cells, floor_space_m2=floor * spec.cells,
            finishing=FinishingSpec(step=step, cell_station=GIGA_CELL, sensitivity=seen,
                                    last_check=i == len(plan) - 1),
        )
        for i, (name, step, cycle_s, seen, kw, ops, floor) in enumerate(plan)
    ]


def join_station(spec: CastingRouteSpec, cycle_s: float) -> Station:
    """Joining the casting into the body: SPR/FDS robots, its operators and power."""
    working_kw = spec.join_energy_kwh_per_body * 3600.0 / cycle_s
    # the few small brackets joined here are bought or stamped elsewhere: never short (X)
    return Station(name=BODY_JOIN, cycle_time_s=cycle_s, next=EXIT,  # type: ignore[arg-type]
                   buffer_capacity=spec.buffer_units,
                   operators_per_shift=spec.join_operators_per_shift,
                   power=power_by_state(working_kw, 0.3, 0.1, 0.0))  # shares X


def build_casting_scenario(spec: CastingRouteSpec, catalog: Catalog) -> Scenario:
    """The casting route as an engine scenario: cell(s) -> finishing chain -> joining.

    The chain: [trim -> X-ray, if not in the cell] -> [heat treatment] -> [straightening] ->
    [laser trim -> dimensional check].
    """
    joints = sum(catalog.route_totals("casting").joints_by_type.values())
    join_s, robots = join_cycle_s(spec, joints)
    steps = finishing_stations(spec, BODY_JOIN)
    chain = [*(s.name for s in steps), BODY_JOIN]
    join = join_station(spec, join_s)
    return route_scenario(
        spec, f"giga-casting route, {spec.cells} cell(s), {robots} joining robot(s)",
        [Source(name="shots", to=GIGA_CELL)],
        [cell_station(spec, catalog, chain[0]), *steps, join],
    )
