"""The welded route: press shop in batches, parts supermarket, body shop, quality gate.

``build_welded_scenario(spec, catalog)`` derives the line from the parts catalog:

* **Press shop.** One station per press line of the catalog (tandem, transfer, progressive,
  hot stamping); its unit is one *batch* of one part number, so a year costs tens of thousands
  of events, not millions. Cycle = batch x 60 / SPM / parts per stroke; a die change (the
  line's ``die_change_min``, SMED) whenever the part number changes; press failures. Presses
  per line are derived from the load at takt unless given.
* **Supermarket (kanban).** Stock per part number; when stock plus open orders of a part falls
  to its reorder point, a batch order goes to its press line; the put-away station books
  finished batches into stock. Each body-shop station draws a kit of its stamped parts per
  body and waits (starved) while any part is out of stock, so short press capacity, press
  failures and die changes starve the body shop. Bought parts (nuts, studs) are not limited.
* **Body shop.** One station per catalog sub-assembly (``layout="stations"``): cycle = the
  takt if its work content (handling + spot welds x time per weld / robots) fits, else the
  work content; robots per station derived from the takt unless given; assembly stations
  join their input sub-assemblies (``assembles``) through small buffers; robot-station
  failures (MTBF/MTTR). ``layout="paced"`` runs the body shop as one paced line: one event per
  takt, failure modes = the union of the stations' (a stop anywhere stops the line), which is
  what a line without buffers does and what makes a simulated year fast; the quality gate is
  then its last station.
* **Quality gate.** Scrap per body; weld rework per body = 1 - (1 - rework per weld)^welds,
  repaired off-line in weld-repair booths and sent on.
"""

from __future__ import annotations

import math
from typing import Literal

import pandas as pd
from pydantic import Field, NonNegativeFloat, PositiveFloat, PositiveInt

from lines.distributions import Exponential
from lines.learning import LearningCurveSpec
from lines.routes.common import RouteSpec, power_by_state, route_scenario
from lines.spec import EXIT, FailureMode, ProductShare, Scenario, Source, Station
from lines.supermarket import PartStockSpec, SupermarketLink, SupermarketSpec
from parts_catalog import Catalog, SubAssembly

GATE, REPAIR, MARKET, BODY_LINE = "quality_gate", "weld_repair", "supermarket", "body_line"
LOGISTICS = "press_logistics"
"""Transit of finished press batches to the body shop's supermarket (a lead time)."""
"""Station names of the welded route (the runtime, the cost mapping and the app use these)."""
PRESS_PREFIX, ORDERS_PREFIX, KIT_PREFIX = "press-", "orders-", "kit-"
"""Name prefixes: press-<line> stations, orders-<line> and kit-<station> sources."""
BODY_STEP = "body_shop"
"""The cost step of the body shop (press cost steps are per press kind, nominal)."""


def press_station(line: str) -> str:
    """The station name of press line ``line``."""
    return f"{PRESS_PREFIX}{line}"


class WeldedRouteSpec(RouteSpec):
    """Parameters of the welded route; each default names its source (sources §x.y) and tag."""

    name: str = "welded rear underbody"
    layout: Literal["stations", "paced"] = Field(
        "paced", description="Body shop as one station per sub-assembly, or one paced line."
    )
    takt_s: PositiveFloat = Field(60.0, description="Line takt [s]; sources §5.2 (B, 60 JPH).")
    time_per_weld_s: PositiveFloat = Field(
        3.0, description="Weld + move time per spot [s]; sources §5.2 (X, 2-4)."
    )
    handling_s: NonNegativeFloat = Field(
        10.0, description="Load, clamp, transfer per station cycle [s]; assumption (X)."
    )
    time_per_stud_s: NonNegativeFloat = Field(
        4.0, description="Stud weld incl. feed and move per stud [s]; assumption (X), drawn "
        "arc stud welding takes well under a second of arc time."
    )
    time_per_projection_weld_s: NonNegativeFloat = Field(
        5.0, description="Projection-welded nut incl. feeding per nut [s]; assumption (X)."
    )
    adhesive_s_per_m: NonNegativeFloat = Field(
        7.0, description="Robot bead application per metre [s/m]; assumption (X), ~150 mm/s."
    )
    robots_by_station: dict[str, PositiveInt] = Field(
        default_factory=dict, description="Robots per station; missing: derived from the takt."
    )
    station_mtbf_h: PositiveFloat = Field(
        8.0, description="Robot-station MTBF, operating hours; sources §5.2 (X, 2-40 h)."
    )
    station_mttr_min: PositiveFloat = Field(
        10.0, description="Robot-station MTTR [min]; sources §5.2 (X, 3-30 min)."
    )
    mtbf_h_by_station: dict[str, PositiveFloat] = Field(
        default_factory=dict, description="MTBF overrides per station [h] (what-ifs)."
    )
    buffer_units: int = Field(3, ge=0, description="Buffer between sub-lines [bodies] (X).")
    weld_rework_per_weld: float = Field(
        0.002, ge=0, le=1, description="Share of welds reworked; sources §5.2 (X, 0.05-1 %)."
    )
    scrap_share: float = Field(
        0.005, ge=0, le=1, description="Bodies scrapped at the gate; sources §5.2 (X, 0.1-2 %)."
    )
    inspection_s: PositiveFloat = Field(45.0, description="Quality gate per body [s] (X).")
    repair_s_per_weld: PositiveFloat = Field(30.0, description="Manual weld repair [s] (X).")
    repair_handling_s: NonNegativeFloat = Field(30.0, description="Per repaired body [s] (X).")
    repair_operators_per_booth_shift: NonNegativeFloat = Field(
        1.0, description="Welders per weld-repair booth and shift; assumption (X), manual "
        "repair."
    )
    repair_booth_floor_m2: NonNegativeFloat = Field(
        60.0, description="Floor of one weld-repair booth [m2], part of the body-shop floor; "
        "assumption (X)."
    )
    press_scrap_share: float = Field(
        0.02, ge=0, lt=1, description="Pressed parts scrapped in production (strokes that "
        "make no good part); ULSAB cost model: production scrap 2 % (A-)."
    )
    blanking: Literal["in_house", "bought"] = Field(
        "in_house", description="Blanks of the tandem, transfer and hot-stamping parts: cut "
        "from coil on the press shop's own blanking line, or bought cut from a steel service "
        "centre at a premium per kg; progressive presses feed from coil either way. Cost-only "
        "(the blanking line is not simulated); assumption (X)."
    )
    press_to_body_shop_min: NonNegativeFloat = Field(
        30.0, description="Lead time of a finished press batch to the body shop's supermarket "
        "(transport, staging, release) [min]; assumption (X). 0: no transit station."
    )
    logistics_move_s: PositiveFloat = Field(
        120.0, description="Driver time per container moved from press to body shop, loading "
        "and line-side delivery included [s]; assumption (X). Cost: logistics labour."
    )
    logistics_container_bodies: PositiveInt = Field(
        100, description="Bodies' worth of one part number per container move; assumption (X)."
    )
    press_batch_bodies: PositiveInt = Field(
        1_000, description="Bodies' worth of parts per press batch; assumption (X, ~1 day)."
    )
    reorder_point_bodies: PositiveInt = Field(
        480, description="Reorder when stock + orders cover this many bodies; assumption (X)."
    )
    presses_by_line: dict[str, PositiveInt] = Field(
        default_factory=dict, description="Presses per press line; missing: derived from load."
    )
    press_max_load: float = Field(
        0.8, gt=0, le=1, description="Target load when deriving presses; assumption (X), "
        "sources §5.2 press-shop OEE 0.65 (D)."
    )
    strokes_per_min_by_line: dict[str, PositiveFloat] = Field(
        default_factory=dict, description="SPM overrides per press line (what-ifs)."
    )
    press_mtbf_h: PositiveFloat = Field(6.0, description="Press MTBF [h]; assumption (X).")
    press_mttr_min: PositiveFloat = Field(30.0, description="Press MTTR [min]; assumption (X).")
    put_away_s: PositiveFloat = Field(45.0, description="Put-away per batch [s] (X).")
    operators_per_shift: NonNegativeFloat = Field(
        8.0, description="Direct operators per shift; sources §5.2 (X)."
    )
    body_shop_floor_space_m2: NonNegativeFloat = Field(
        3_000.0, description="Body-shop floor space [m2], weld-repair booths included, counted "
        "once; assumption (X): a 4,000 m2 'press share + body line' assumption (X) less a "
        "press share. The press lines carry their own floor in the cost model, pro rata."
    )
    body_shop_energy_kwh_per_body: NonNegativeFloat = Field(
        30.0, description="Body-shop electricity per rear underbody [kWh]; assumption (X): "
        "the rest of sources §5.2's 50 kWh per body after the presses."
    )
    press_energy_kwh_per_body: NonNegativeFloat = Field(
        20.0, description="Press-shop electricity per rear underbody [kWh], spread over the "
        "stamping seconds; assumption (X): a share of sources §5.2's 50 kWh per body."
    )
    ramp_up: LearningCurveSpec | None = Field(
        None, description="Body-shop learning curve from SOP (scrap/rework odds and cycle, "
        "assumption X, the casting cell's shape); None: mature."
    )


# -- body shop ------------------------------------------------------------------------------
def joining_s(spec: WeldedRouteSpec, sub: SubAssembly) -> float:
    """Robot seconds of one sub-assembly's joints: spot and projection welds, studs, adhesive."""
    joints = sub.joins_by_type
    return (joints.get("spot_weld", 0) * spec.time_per_weld_s
            + joints.get("stud_weld", 0) * spec.time_per_stud_s
            + joints.get("projection_weld", 0) * spec.time_per_projection_weld_s
            + sub.adhesive_m * spec.adhesive_s_per_m)


def station_work(spec: WeldedRouteSpec, sub: SubAssembly) -> tuple[float, int]:
    """Work content of one sub-assembly station [s] and its robots.

    Handling plus the joining seconds (:func:`joining_s`) shared by the station's robots.
    """
    weld_s = joining_s(spec, sub)
    room = max(spec.takt_s - spec.handling_s, 1.0)
    robots = spec.robots_by_station.get(sub.name) or max(1, math.ceil(weld_s / room))
    return spec.handling_s + weld_s / robots, robots


def weld_robots(spec: WeldedRouteSpec, catalog: Catalog) -> int:
    """Weld robots of the whole body shop at the spec's takt (the sum over its stations)."""
    return sum(station_work(spec, sub)[1] for sub in catalog.subassemblies("welded"))


def _failure(spec: WeldedRouteSpec, name: str) -> FailureMode:
    return FailureMode(
        name=name,
        time_between_failures_h=Exponential(
            mean=spec.mtbf_h_by_station.get(name, spec.station_mtbf_h)),
        time_to_repair_min=Exponential(mean=spec.station_mttr_min),
    )


def stamped_parts(catalog: Catalog) -> pd.DataFrame:
    """The welded route's stamped parts with their press line and sub-assembly."""
    table = catalog.parts_table("welded")
    return table[table["kind"] == "stamped"]


def _station_common(spec: WeldedRouteSpec, n: int, catalog: Catalog) -> dict[str, object]:
    """Power, operators and floor space of one of ``n`` body-shop stations.

    The body-shop floor is counted once: the repair booths' floor is taken out of it and the
    rest shared by the ``n`` stations.
    """
    working_kw = spec.body_shop_energy_kwh_per_body * 3600.0 / spec.takt_s / n
    booths_m2 = repair_booths(spec, catalog)[0] * spec.repair_booth_floor_m2
    return {
        "power": power_by_state(working_kw, 0.3, 0.1, 0.0),  # shares X
        "operators_per_shift": spec.operators_per_shift / n,
        "floor_space_m2": max(0.0, spec.body_shop_floor_space_m2 - booths_m2) / n,
    }


def body_stations(spec: WeldedRouteSpec, catalog: Catalog) -> list[Station]:
    """One station per sub-assembly, in build order, joined through small buffers."""
    subs = catalog.subassemblies("welded")
    consumer = {name: sub.name for sub in subs for name in sub.inputs}
    kits = set(stamped_parts(catalog)["subassembly"])
    stations = []
    for sub in subs:
        work, _ = station_work(spec, sub)
        feeders = (*sub.inputs, *((f"{KIT_PREFIX}{sub.name}",) if sub.name in kits else ()))
        stations.append(Station(
            name=sub.name,
            cycle_time_s=max(spec.takt_s, work),  # type: ignore[arg-type]
            buffer_capacity=spec.buffer_units,
            next=consumer.get(sub.name, GATE),
            assembles=feeders if len(feeders) > 1 else (),
            failures=(_failure(spec, sub.name),),
            learning_curve=spec.ramp_up,
            **_station_common(spec, len(subs), catalog),  # type: ignore[arg-type]
        ))
    return stations


def paced_body_line(spec: WeldedRouteSpec, catalog: Catalog) -> list[Station]:
    """The body shop as one paced line, the quality gate its last station.

    The line indexes at the slowest work content or the takt; the gate inspects in the same
    index (its ``inspection_s`` must fit the takt) and decides scrap and rework.
    """
    subs = catalog.subassemblies("welded")
    work = max(station_work(spec, sub)[0] for sub in subs)
    gate, repair = quality_stations(spec, catalog)
    if spec.inspection_s > max(spec.takt_s, work):
        raise ValueError("inspection_s must fit in the takt of a paced line; use layout=stations")
    return [Station(
        name=BODY_LINE,
        cycle_time_s=max(spec.takt_s, work),  # type: ignore[arg-type]
        buffer_capacity=spec.buffer_units,
        next=EXIT,
        failures=tuple(_failure(spec, sub.name) for sub in subs),
        scrap_probability=gate.scrap_probability,
        rework_probability=gate.rework_probability,
        rework_to=gate.rework_to,
        learning_curve=spec.ramp_up,
        **_station_common(spec, 1, catalog),  # type: ignore[arg-type]
    ), repair]


def kit_sources(spec: WeldedRouteSpec, catalog: Catalog) -> list[Source]:
    """Sources releasing kits of stamped parts from the supermarket, one per kit station."""
    parts = stamped_parts(catalog)
    if spec.layout == "paced":
        groups = {BODY_LINE: list(parts["part_number"])}
    else:
        groups = {str(sub): list(group["part_number"])
                  for sub, group in parts.groupby("subassembly", sort=False)}
    return [
        Source(name=f"{KIT_PREFIX}{station}", to=station, supermarket=SupermarketLink(
            supermarket=MARKET, role="kits", kit=dict.fromkeys(kit, 1)))
        for station, kit in groups.items()
    ]


def repair_booths(spec: WeldedRouteSpec, catalog: Catalog) -> tuple[int, float, float]:
    """Weld-repair booths, repair seconds per reworked body and the share of bodies reworked.

    Rework per body = 1 - (1 - rework per weld)^welds; a reworked body has welds x rework per
    weld / that share bad welds on average; booths are sized for 85 % load (X).
    """
    welds = catalog.route_totals("welded").spot_welds
    rework = 1.0 - (1.0 - spec.weld_rework_per_weld) ** welds
    rework = min(rework, 1.0 - spec.scrap_share)
    bad_welds = welds * spec.weld_rework_per_weld / rework if rework > 0 else 0.0
    repair_s = spec.repair_handling_s + bad_welds * spec.repair_s_per_weld
    booths = max(1, math.ceil(rework * repair_s / spec.takt_s / 0.85))  # 85 % load, X
    return booths, repair_s, rework


def quality_stations(spec: WeldedRouteSpec, catalog: Catalog) -> list[Station]:
    """The quality gate (scrap, weld rework) and the off-line weld-repair booths.

    The booths are stations with their welders and floor (inside the body-shop floor).
    """
    booths, repair_s, rework = repair_booths(spec, catalog)
    return [
        Station(name=GATE, cycle_time_s=spec.inspection_s, buffer_capacity=spec.buffer_units,  # type: ignore[arg-type]
                scrap_probability=spec.scrap_share, rework_probability=rework,
                rework_to=REPAIR, next=EXIT, learning_curve=spec.ramp_up),
        Station(name=REPAIR, machines=booths, cycle_time_s=repair_s, next=EXIT,  # type: ignore[arg-type]
                buffer_capacity=spec.buffer_units,
                operators_per_shift=booths * spec.repair_operators_per_booth_shift,
                floor_space_m2=booths * spec.repair_booth_floor_m2),
    ]


# -- press shop -----------------------------------------------------------------------------
def press_load(spec: WeldedRouteSpec, catalog: Catalog) -> pd.DataFrame:
    """Per press line: parts, stamping seconds per body, die-change seconds per body, presses."""
    parts = stamped_parts(catalog).copy()
    spm = parts["press_line"].map(spec.strokes_per_min_by_line).fillna(parts["strokes_per_min"])
    parts["batch_s"] = (spec.press_batch_bodies * 60.0 / spm * parts["strokes_per_part"]
                        / (1.0 - spec.press_scrap_share))  # strokes for the scrapped parts
    parts["change_s"] = parts["die_change_min"] * 60.0
    load = parts.groupby("press_line").agg(
        parts=("part_number", "size"), batch_s=("batch_s", "sum"), change_s=("change_s", "sum"))
    per_body = (load["batch_s"] + load["change_s"]) / spec.press_batch_bodies
    load["stamping_s_per_body"] = load["batch_s"] / spec.press_batch_bodies
    load["seconds_per_body"] = per_body
    derived = (per_body / (spec.takt_s * spec.press_max_load)).apply(math.ceil)
    load["presses"] = [spec.presses_by_line.get(line, int(n)) for line, n in derived.items()]
    return load


def press_kwh_per_stamping_s(spec: WeldedRouteSpec, catalog: Catalog) -> float:
    """Press-shop electricity per second of stamping [kWh/s].

    The spec's kWh per body spread over the stamping seconds of one body's parts (die changes
    excluded); the casting route's few stamped parts draw at the same rate.
    """
    stamping_s = float(press_load(spec, catalog)["stamping_s_per_body"].sum())
    return spec.press_energy_kwh_per_body / stamping_s


def press_stations(spec: WeldedRouteSpec, catalog: Catalog) -> list[Station]:
    """One station per press line: a unit is one batch; die change when the part changes."""
    parts = stamped_parts(catalog)
    load = press_load(spec, catalog)
    working_kw = press_kwh_per_stamping_s(spec, catalog) * 3600.0
    stations = []
    for line, group in parts.groupby("press_line"):
        spm = spec.strokes_per_min_by_line.get(str(line), float(group["strokes_per_min"].iloc[0]))
        cycles = {  # a batch of good parts takes the strokes of its scrapped parts too;
            # each side of a left/right pair die is charged half of the pair's strokes
            row.part_number: spec.press_batch_bodies * 60.0 / spm * row.strokes_per_part
            / (1.0 - spec.press_scrap_share)
            for row in group.itertuples()
        }
        stations.append(Station(
            name=press_station(str(line)),
            machines=int(load.loc[line, "presses"]),
            # every part has its own cycle, so this default is never drawn: it is the line's
            # stamping seconds per body, which line KPIs (ideal cycle) compare with the takt
            cycle_time_s=float(load.loc[line, "seconds_per_body"]),  # type: ignore[arg-type]
            cycle_time_s_by_product=cycles,  # type: ignore[arg-type]
            changeover_min=float(group["die_change_min"].iloc[0]),  # type: ignore[arg-type]
            next=LOGISTICS if spec.press_to_body_shop_min > 0 else MARKET,
            failures=(FailureMode(
                name="press_failure",
                time_between_failures_h=Exponential(mean=spec.press_mtbf_h),
                time_to_repair_min=Exponential(mean=spec.press_mttr_min),
            ),),
            power=power_by_state(working_kw, 0.2, 0.1, 0.0),  # idle/down shares X
        ))
    return stations


def transit_slots(spec: WeldedRouteSpec, catalog: Catalog) -> int:
    """Batches that can be in transit at once: twice the mean at the takt, at least one (X)."""
    batches_per_s = len(stamped_parts(catalog)) / spec.press_batch_bodies / spec.takt_s
    return max(1, math.ceil(2.0 * batches_per_s * spec.press_to_body_shop_min * 60.0))


def logistics_station(spec: WeldedRouteSpec, catalog: Catalog) -> Station | None:
    """Press-to-body-shop transit: each batch takes the lead time (None when it is 0).

    A pure delay with enough slots that it never holds the presses back; its drivers are
    costed by the cost model's logistics step (``logistics_s_per_body``), not here.
    """
    if spec.press_to_body_shop_min <= 0:
        return None
    return Station(name=LOGISTICS, machines=transit_slots(spec, catalog),
                   cycle_time_s=spec.press_to_body_shop_min * 60.0,  # type: ignore[arg-type]
                   next=MARKET)


def logistics_s_per_body(spec: WeldedRouteSpec, catalog: Catalog, route: str = "welded") -> float:
    """Driver seconds per body: one container move per part number per container of bodies."""
    table = catalog.parts_table(route)
    parts = int((table["kind"] == "stamped").sum())
    return parts / spec.logistics_container_bodies * spec.logistics_move_s


def supermarket(spec: WeldedRouteSpec, catalog: Catalog) -> Station:
    """The put-away station with the stock rule of every stamped part.

    Initial stock is staggered over one batch per press line, so that orders do not all fall
    due at once (the steady state of a kanban loop).
    """
    batch, rop = spec.press_batch_bodies, spec.reorder_point_bodies
    rules = {}
    for line, group in stamped_parts(catalog).groupby("press_line"):
        n = len(group)
        for i, part in enumerate(group["part_number"]):
            rules[str(part)] = PartStockSpec(
                press_source=f"{ORDERS_PREFIX}{line}", batch_units=batch,
                reorder_point_units=rop, initial_units=rop + round(batch * (i + 1) / n),
            )
    return Station(name=MARKET, cycle_time_s=spec.put_away_s, next=EXIT,  # type: ignore[arg-type]
                   supermarket=SupermarketSpec(parts=rules))


def order_sources(catalog: Catalog) -> list[Source]:
    """One source of batch orders (kanban cards) per press line."""
    return [
        Source(name=f"{ORDERS_PREFIX}{line}", to=press_station(str(line)),
               products=tuple(ProductShare(name=str(p)) for p in group["part_number"]),
               supermarket=SupermarketLink(supermarket=MARKET, role="orders"))
        for line, group in stamped_parts(catalog).groupby("press_line")
    ]


def build_welded_scenario(spec: WeldedRouteSpec, catalog: Catalog) -> Scenario:
    """The welded route as an engine scenario (see the module docstring)."""
    body = (
        [*body_stations(spec, catalog), *quality_stations(spec, catalog)]
        if spec.layout == "stations"
        else paced_body_line(spec, catalog)
    )
    return route_scenario(
        spec, f"welded route, body shop as {spec.layout}",
        [*order_sources(catalog), *kit_sources(spec, catalog)],
        [*press_stations(spec, catalog),
         *([transit] if (transit := logistics_station(spec, catalog)) else []),
         supermarket(spec, catalog), *body],
    )


def cost_steps(spec: WeldedRouteSpec, scenario: Scenario) -> dict[str, tuple[str, ...]]:
    """The route's simulated cost steps and the stations each covers.

    Press steps stay nominal: the press lines run batches for the supermarket and are shared
    with the rest of the car. A paced body shop is the ``body_line`` station and its weld-repair
    booths; with
    ``layout: stations`` it is every station that is neither a press line nor the supermarket.
    """
    if spec.layout == "paced":
        return {BODY_STEP: (BODY_LINE, REPAIR)}
    body = tuple(s.name for s in scenario.stations
                 if s.supermarket is None and not s.name.startswith(PRESS_PREFIX)
                 and s.name != LOGISTICS)
    return {BODY_STEP: body}
