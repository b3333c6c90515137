"""Nominal route inputs, without a simulation: the route specs, the catalog and cost-only figures.

Every figure the simulation also uses (cycle, calendar, scrap, die life, energy, operators,
floor space, masses, prices) is read from its one owner: the route spec
(``lines.routes.WeldedRouteSpec`` / ``CastingRouteSpec``) or the parts catalog. Only what the
simulation does not model lives here: capex, OEE of a step that is not simulated, the press
shop's shared lines and the stamping dies. ``inputs_from_route`` starts from these and
replaces the simulated steps with what the simulation measured.
"""

from __future__ import annotations

import pandas as pd

from lines.routes import CastingRouteSpec, WeldedRouteSpec, casting, welded
from parts_catalog import SHEET_STEEL_FAMILIES, Catalog, load_catalog
from twin.cost.inputs import (
    MaterialInputs,
    OperatingCalendar,
    ProcessStep,
    RouteCostInputs,
    StampingDies,
    Tooling,
)

# Press lines of the stamping shop: capex, operators, floor space per line - assumptions (X):
# sources §6 lists BIW line capex as not public. Shared with other parts of the car, so the
# rear underbody pays only for the press time it uses (fractional lines).
PRESS_LINES = {
    "tandem": {"capex_per_line_usd": 50e6, "operators_per_shift": 4, "floor_space_m2": 2_000},
    "transfer": {"capex_per_line_usd": 25e6, "operators_per_shift": 3, "floor_space_m2": 1_200},
    "progressive": {"capex_per_line_usd": 8e6, "operators_per_shift": 2, "floor_space_m2": 500},
    "hot_stamping": {"capex_per_line_usd": 15e6, "operators_per_shift": 3, "floor_space_m2": 1_500},
}
PRESS_OEE = 0.65  # sources §5.2 (D, 0.55-0.75)
BLANKING_LINE = {"capex_per_line_usd": 10e6, "operators_per_shift": 2, "floor_space_m2": 800}
"""A coil-fed blanking line (uncoiler, straightener, blanking press, stacker), shared with the
rest of the car; assumption (X), sources §6: line capex not public."""
BLANKING_STROKES_PER_MIN = 60.0  # assumption (X): blanking lines run ~40-80 strokes/min
BOUGHT_BLANK_PREMIUM_USD_PER_KG = 0.08
"""Steel service centre's price for cutting blanks, on top of the coil price [US$ per kg of
blank]; assumption (X). The offal stays the press shop's to sell (credit unchanged)."""
LOGISTICS_UTILISATION = 0.85
"""Share of a driver's working time spent moving containers (the rest: waits, allowances);
assumption (X)."""
COIL_FED_PRESS_KINDS = ("progressive",)
"""Press lines that feed from coil and cut their own blanks in the die (no blanking)."""
STAMPING_DIES_USD = 25e6  # sources §4.4/5.2 (X) for ~70 rear-underbody parts
STAMPING_DIES_PARTS = 70  # the part count that figure covers
BODY_SHOP_OEE = 0.80  # sources §5.2 (C); replaced by the simulated OEE
BODY_SHOP_CAPEX_USD = 36e6  # sources §4.4/5.2 (X, 120 robots x 0.3 M US$) at the 60 s takt
BODY_SHOP_REFERENCE_TAKT_S = 60.0  # the takt that capex figure is for
BODY_SHOP_STATION_SHARE = 1.0 / 3.0
"""Share of the body-shop capex that does not scale with the robots (fixtures, conveyors,
safety per station); assumption (X). The rest scales with the weld robots the takt needs, so a
slower line for a lower demand is cheaper, but never cheaper than its stations."""
GIGA_CELL_OEE = 0.70  # sources §5.3 (B, derived); replaced by the simulated OEE
GIGA_CELL_CAPEX_USD = 25e6  # sources §4.4/5.3 (X, 15-40 M)
GIGA_DIE_USD = 4e6  # sources §4.4/5.3 (B/X)
JOINING_OEE = 0.80  # sources §5.2 body-shop OEE (C); replaced by the simulated OEE
JOINING_ROBOT_USD = 0.3e6  # X: sources §4.4's all-in rate per robot, fixtures included
JOINING_FLOOR_M2 = 500.0  # X: the simulated joining station has no floor space of its own
FIXTURE_USD_PER_STATION = 0.5e6
"""Clamping and geometry fixtures of one joining station (one catalog sub-assembly) [US$];
assumption (X). They fit one body model only, so they are model-specific tooling written off
over the model life, carved out of the line capex that includes them (sources §4.4's robot
rate "incl. fixtures"), not added on top. Cross-check: ULSAB's assembly tooling (sources
§4.2: dies and weld fixtures, 23.40 US$ for a whole body of ~5,000 joints, 1998 US$) is about
4 US$ per body for the rear underbody's ~900 joints."""
HEAT_TREATMENT_FURNACE_USD = 4e6
"""Solution and ageing furnace with quench for one giga cell's output, when heat treatment is
on [US$ per cell]; assumption (X): no public price (sources §6), large castings need a
furnace several metres long. The cell capex default has no furnace (sources §5.3: none)."""


def press_steps(catalog: Catalog, route: str, spec: WeldedRouteSpec) -> tuple[ProcessStep, ...]:
    """One shared step per press line kind, its cycle the press time of one body's parts."""
    table = catalog.parts_table(route)
    stamped = table[table["kind"] == "stamped"]
    seconds = 60.0 * stamped["strokes_per_part"] / (
        stamped["strokes_per_min"] * (1.0 - spec.press_scrap_share))  # scrapped parts' too
    by_kind = seconds.groupby(stamped["press_kind"]).sum()
    kwh_per_s = welded.press_kwh_per_stamping_s(spec, catalog)
    return tuple(
        ProcessStep(
            name=f"press_{kind}",
            cycle_time_s=float(press_s),
            oee=PRESS_OEE,
            dedicated=False,
            energy_kwh_per_unit=kwh_per_s * float(press_s),
            material_feed="sheet",
            **PRESS_LINES[str(kind)],
        )
        for kind, press_s in by_kind.items()
    )


def blanked_parts(catalog: Catalog, route: str) -> pd.DataFrame:
    """The route's stamped parts whose press line needs cut blanks (not coil-fed)."""
    table = catalog.parts_table(route)
    stamped = table[table["kind"] == "stamped"]
    return stamped[~stamped["press_kind"].isin(COIL_FED_PRESS_KINDS)]


def blanking_step(catalog: Catalog, route: str, spec: WeldedRouteSpec) -> ProcessStep | None:
    """The in-house blanking line's share for one body's blanks (None: bought, or no blanks).

    Cycle per body = blanks / strokes per minute x 60 / (1 - press scrap): one blank per
    stroke (X), and the blanks of scrapped parts are cut too. Its electricity is inside the
    press shop's kWh per body (counted once).
    """
    blanks = len(blanked_parts(catalog, route))
    if spec.blanking != "in_house" or blanks == 0:
        return None
    return ProcessStep(
        name="blanking",
        cycle_time_s=blanks * 60.0 / BLANKING_STROKES_PER_MIN / (1.0 - spec.press_scrap_share),
        oee=PRESS_OEE,
        dedicated=False,
        material_feed="sheet",
        **BLANKING_LINE,
    )


def logistics_step(catalog: Catalog, route: str, spec: WeldedRouteSpec) -> ProcessStep | None:
    """Drivers moving the route's pressed parts to the body shop (None: no stamped parts).

    One driver position per "line": the driver seconds per body (``welded.logistics_s_per_body``,
    from the route spec's move time and container size) over the drivers' working time.
    """
    seconds = welded.logistics_s_per_body(spec, catalog, route)
    if seconds <= 0:
        return None
    return ProcessStep(name="parts_logistics", cycle_time_s=seconds, oee=LOGISTICS_UTILISATION,
                       dedicated=False, operators_per_shift=1.0)


def blank_premium_usd(catalog: Catalog, route: str, spec: WeldedRouteSpec) -> float:
    """Service-centre premium for one body's bought blanks [US$] (0 when blanked in-house)."""
    if spec.blanking != "bought":
        return 0.0
    return float(blanked_parts(catalog, route)["blank_mass_kg"].sum()
                 * BOUGHT_BLANK_PREMIUM_USD_PER_KG)


def _weighted(values: pd.Series, weights: pd.Series) -> float:
    total = float(weights.sum())
    return float((values * weights).sum()) / total if total > 0 else 0.0


def material_inputs(
    catalog: Catalog,
    route: str,
    remelt_loss_share: float = 0.0,
    cast_masses_kg: tuple[float, float] | None = None,
    press_scrap_share: float = 0.0,
) -> MaterialInputs:
    """Masses of one body of ``route`` and their prices and footprint, all from the catalog.

    ``cast_masses_kg`` (shot, part) replaces the catalog's casting masses when a route spec
    overrides them; ``press_scrap_share`` is the press shop's (``WeldedRouteSpec``), and the
    joining consumables are the catalog's joins x its ``join_consumables`` prices.
    """
    table = catalog.parts_table(route)
    totals = catalog.route_totals(route)
    grade = table["material"].map(catalog.materials)
    sheet = table["material_family"].isin(SHEET_STEEL_FAMILIES) & (table["kind"] == "stamped")
    cast = table["kind"] == "cast"
    blanks, offal = table.loc[sheet, "blank_mass_kg"], table.loc[sheet, "blank_scrap_kg"]
    shot_kg, part_kg = cast_masses_kg or (
        totals.shot_mass_kg or 0.0, float(table.loc[cast, "mass_kg"].sum()))
    return MaterialInputs(
        sheet_blank_kg=totals.blank_mass_kg,
        sheet_offal_kg=totals.blank_scrap_kg,
        alloy_part_kg=part_kg,
        alloy_shot_kg=shot_kg,
        bought_parts_usd=float(table.loc[table["kind"] == "bought", "material_cost_usd"].sum()),
        consumables_usd=sum(catalog.consumables_usd(route).values()),
        press_scrap_share=press_scrap_share if sheet.any() else 0.0,
        sheet_usd_per_kg=_weighted(grade[sheet].map(lambda m: m.price_usd_per_kg), blanks),
        offal_credit_usd_per_kg=_weighted(
            grade[sheet].map(lambda m: m.scrap_credit_usd_per_kg), offal),
        alloy_usd_per_kg=_weighted(grade[cast].map(lambda m: m.price_usd_per_kg),
                                   table.loc[cast, "mass_kg"]),
        remelt_loss_share=remelt_loss_share if cast.any() else 0.0,
        sheet_kg_co2e_per_kg=_weighted(grade[sheet].map(lambda m: m.co2e_kg_per_kg), blanks),
        alloy_kg_co2e_per_kg=_weighted(grade[cast].map(lambda m: m.co2e_kg_per_kg),
                                       table.loc[cast, "mass_kg"]),
        alloy_mix=next((m.alloy_mix for m in grade[cast] if m.alloy_mix is not None), None),
    )


def catalog_prices(catalog: Catalog) -> dict[str, float]:
    """The sheet-steel and alloy prices [US$/kg] and the alloy's recycled share of ``catalog``.

    The share (``alloy_recycled_share``) is absent when the alloy has no mix.
    """
    alloy = material_inputs(catalog, "casting")
    prices = {"steel_usd_per_kg": material_inputs(catalog, "welded").sheet_usd_per_kg,
              "alloy_usd_per_kg": alloy.alloy_usd_per_kg}
    if alloy.alloy_mix is not None:
        prices["alloy_recycled_share"] = alloy.alloy_mix.recycled_share
    return prices


def stamping_dies(catalog: Catalog, route: str, spec: WeldedRouteSpec) -> StampingDies:
    """Stamping dies of the route's parts: sources §4.4's 25 M US$ for 70 parts, pro rata.

    Each die set makes its parts' strokes per part / (1 - press scrap) strokes per body's set
    (the press shop's scrap, ``spec.press_scrap_share``); a left/right pair die is one die
    set making both sides in one stroke. ``twin.cost.tooling`` prices their wear and upkeep
    from those strokes over the model life.
    """
    stamped = catalog.parts_table(route)
    stamped = stamped[stamped["kind"] == "stamped"]
    strokes = stamped["strokes_per_part"] / (1.0 - spec.press_scrap_share)
    by_die = strokes.groupby(stamped["die_set"], sort=False).sum()
    capex = STAMPING_DIES_USD * min(1.0, len(stamped) / STAMPING_DIES_PARTS)
    return StampingDies(
        strokes_per_set_by_die={str(die): float(n) for die, n in by_die.items()},
        die_sets_usd=capex)


def fixtures(catalog: Catalog, route: str, step: str) -> Tooling:
    """The joining fixtures of a route: one set per catalog sub-assembly, per line (X)."""
    stations = len(catalog.subassemblies(route))
    return Tooling(name=f"{route}_fixtures", step=step, per_line=True,
                   capex_usd=stations * FIXTURE_USD_PER_STATION)


def body_shop_capex_usd(spec: WeldedRouteSpec, catalog: Catalog) -> float:
    """Equipment capex of one body line at the spec's takt, its fixtures excluded.

    Stations fixed, the rest per weld robot, anchored at :data:`BODY_SHOP_CAPEX_USD` for the
    robots the line needs at the 60 s reference takt (the robots are the builder's:
    ``welded.weld_robots``). The fixtures (:func:`fixtures`) are part of the stations' fixed
    share and are costed as model-specific tooling instead, so they are taken out here.
    """
    reference = welded.weld_robots(spec.with_changes(takt_s=BODY_SHOP_REFERENCE_TAKT_S), catalog)
    robots = welded.weld_robots(spec, catalog)
    fixed = BODY_SHOP_CAPEX_USD * BODY_SHOP_STATION_SHARE
    tools = fixtures(catalog, "welded", welded.BODY_STEP).capex_usd
    if tools > fixed:
        raise ValueError(f"body-shop fixtures {tools:,.0f} US$ exceed the stations' share "
                         f"{fixed:,.0f} US$ of the body-shop capex that includes them")
    return fixed - tools + (BODY_SHOP_CAPEX_USD - fixed) * robots / reference


def giga_cell_capex_usd(spec: CastingRouteSpec) -> float:
    """Capex of one giga cell, with a heat-treatment furnace when the spec's option is on."""
    furnace = HEAT_TREATMENT_FURNACE_USD if spec.heat_treatment else 0.0
    return GIGA_CELL_CAPEX_USD + furnace


def joining_capex_usd(robots: int, catalog: Catalog) -> float:
    """Equipment capex of the casting's joining cell: robots all-in, less its fixtures."""
    tools = fixtures(catalog, "casting", casting.JOIN_STEP).capex_usd
    return max(0.0, robots * JOINING_ROBOT_USD - tools)


def body_shop_step(spec: WeldedRouteSpec, catalog: Catalog) -> ProcessStep:
    """The welded body shop at the spec's takt, scrap, operators, floor and energy."""
    return ProcessStep(
        name=welded.BODY_STEP,
        cycle_time_s=spec.takt_s,
        oee=BODY_SHOP_OEE,
        scrap_rate=spec.scrap_share,
        capex_per_line_usd=body_shop_capex_usd(spec, catalog),
        operators_per_shift=spec.operators_per_shift,
        floor_space_m2=spec.body_shop_floor_space_m2,
        energy_kwh_per_unit=spec.body_shop_energy_kwh_per_body,
    )


def giga_cell_step(spec: CastingRouteSpec) -> ProcessStep:
    """One giga-casting cell at the spec's cycle, operators, floor and energy per shot.

    Nominal scrap is the spec's defect rate of the constant model (~5 % mature scrap,
    sources §5.3): warm-up scrap appears only in the simulation.
    """
    return ProcessStep(
        name=casting.CELL_STEP,
        cycle_time_s=spec.cycle_time_s,
        oee=GIGA_CELL_OEE,
        scrap_rate=spec.constant_scrap_rate,
        capex_per_line_usd=giga_cell_capex_usd(spec),
        operators_per_shift=spec.operators_per_cell_shift,
        floor_space_m2=spec.floor_space_m2_per_cell,
        energy_kwh_per_unit=spec.energy_kwh_per_shot,  # melting included (sources §5.3)
        material_feed="alloy",
    )


def joining_step(spec: CastingRouteSpec, catalog: Catalog) -> ProcessStep:
    """Joining the casting to the rest of the body, at the simulated joining station's cycle."""
    joints = sum(catalog.route_totals("casting").joints_by_type.values())
    cycle_s, robots = casting.join_cycle_s(spec, joints)
    return ProcessStep(
        name=casting.JOIN_STEP,
        cycle_time_s=cycle_s,
        oee=JOINING_OEE,
        capex_per_line_usd=joining_capex_usd(robots, catalog),
        operators_per_shift=spec.join_operators_per_shift,
        floor_space_m2=JOINING_FLOOR_M2,
        energy_kwh_per_unit=spec.join_energy_kwh_per_body,
    )


def default_welded_inputs(
    catalog: Catalog | None = None,
    annual_volume_units: float = 250_000,
    spec: WeldedRouteSpec | None = None,
) -> RouteCostInputs:
    """The welded steel route at its spec's figures (default: the shipped defaults), nominal OEE."""
    catalog = catalog or load_catalog()
    spec = spec or WeldedRouteSpec()
    presses = press_steps(catalog, "welded", spec)
    blanking = blanking_step(catalog, "welded", spec)
    material = material_inputs(catalog, "welded", press_scrap_share=spec.press_scrap_share)
    return RouteCostInputs(
        route="welded",
        annual_volume_units=annual_volume_units,
        calendar=OperatingCalendar.from_shift_calendar(spec.calendar),
        steps=(*((blanking,) if blanking else ()), *presses,
               *((moves,) if (moves := logistics_step(catalog, "welded", spec)) else ()),
               body_shop_step(spec, catalog)),
        tooling=(fixtures(catalog, "welded", welded.BODY_STEP),),
        stamping_dies=stamping_dies(catalog, "welded", spec),
        material=material.with_changes(
            blank_premium_usd=blank_premium_usd(catalog, "welded", spec)),
        source="nominal: route spec + catalog",
    )


def default_casting_inputs(
    catalog: Catalog | None = None,
    annual_volume_units: float = 250_000,
    spec: CastingRouteSpec | None = None,
    press_spec: WeldedRouteSpec | None = None,
) -> RouteCostInputs:
    """The giga-casting route at its spec's figures (default: the shipped defaults).

    ``press_spec`` gives the press shop's energy per stamping second for the route's few
    stamped parts (default: the welded route's defaults, the same press shop).
    """
    catalog = catalog or load_catalog()
    spec = spec or CastingRouteSpec()
    press_spec = press_spec or WeldedRouteSpec()
    presses = press_steps(catalog, "casting", press_spec)
    blanking = blanking_step(catalog, "casting", press_spec)
    die = Tooling(name="giga_die", step=casting.CELL_STEP, capex_usd=GIGA_DIE_USD,
                  life_units=spec.die_life_shots, per_line=True)
    material = material_inputs(catalog, "casting", spec.remelt_loss_share,
                               casting.cast_masses(spec, catalog), press_spec.press_scrap_share)
    material = material.with_changes(
        blank_premium_usd=blank_premium_usd(catalog, "casting", press_spec))
    return RouteCostInputs(
        route="casting",
        annual_volume_units=annual_volume_units,
        calendar=OperatingCalendar.from_shift_calendar(spec.calendar),
        steps=(*((blanking,) if blanking else ()), *presses,
               *((moves,) if (moves := logistics_step(catalog, "casting", press_spec)) else ()),
               giga_cell_step(spec), joining_step(spec, catalog)),
        tooling=(fixtures(catalog, "casting", casting.JOIN_STEP), die),
        stamping_dies=stamping_dies(catalog, "casting", press_spec),
        material=material,
        source="nominal: route spec + catalog",
    )
