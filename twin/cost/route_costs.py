"""Cost per good body of one route, by element: the PBCM financial model on a route's inputs.

Elements (sources §4.1): variable - material (with offal credit or remelt loss), direct
labour, energy; fixed - equipment, tooling, building, maintenance, overhead labour, working
capital. Fixed costs are spread over the annual volume, so they fall as volume rises until
a new dedicated line is needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from twin.cost.inputs import ProcessStep, RouteCostInputs, Tooling
from twin.cost.pbcm import (
    annual_capital_cost_usd,
    capital_recovery_factor,
    line_hours_needed,
    lines_needed,
    required_volume,
    working_capital_cost_usd,
)
from twin.cost.rates import CostRates
from twin.cost.tooling import (
    DieEconomics,
    DieEventCounts,
    StampingDieEconomics,
    giga_die_cost_per_body,
    stamping_die_cost_per_body,
)

ELEMENTS = (
    "material",
    "direct_labour",
    "energy",
    "equipment",
    "tooling",
    "building",
    "maintenance",
    "overhead_labour",
    "working_capital",
)
"""Cost elements in reporting order (sources §4.1/4.2)."""
FIXED = ("equipment", "maintenance", "building", "direct_labour", "tooling")


@dataclass(frozen=True)
class CostBreakdown:
    """Cost per good body of one route at one annual volume, by element [US$ per body]."""

    route: str
    annual_volume_units: float
    cost_per_body_usd: dict[str, float]
    lines_needed: dict[str, float]
    units_started: dict[str, float]
    kwh_per_body: dict[str, float]
    alloy_kg_per_body: float = 0.0
    sheet_blank_kg_per_body: float = 0.0
    sheet_kg_co2e_per_kg: float = 0.0
    alloy_kg_co2e_per_kg: float = 0.0
    investments_usd: dict[str, float] = field(default_factory=dict)
    tooling_by_item_usd: dict[str, float] = field(default_factory=dict)
    material_by_item_usd: dict[str, float] = field(default_factory=dict)

    @property
    def total_usd(self) -> float:
        """Cost per good body, all elements [US$]."""
        return sum(self.cost_per_body_usd.values())

    @property
    def shares(self) -> dict[str, float]:
        """Share of each element in the total."""
        total = self.total_usd
        return {k: (v / total if total else math.nan) for k, v in self.cost_per_body_usd.items()}


def units_started(inputs: RouteCostInputs) -> dict[str, float]:
    """Units each step starts per year to deliver the annual volume (scrap downstream included)."""
    steps = inputs.steps
    return {
        step.name: required_volume(inputs.annual_volume_units, [s.scrap_rate for s in steps[i:]])
        for i, step in enumerate(steps)
    }


def step_lines(inputs: RouteCostInputs, step: ProcessStep, started: float) -> float:
    """Lines (cells) a step needs for the units it starts (as sized, if the sizing gave them)."""
    if step.lines_installed is not None:
        return step.lines_installed
    hours = line_hours_needed(started, step.cycle_time_s)
    available = inputs.calendar.step_available_hours(step.relief_crews)
    return lines_needed(hours, available, step.oee, step.dedicated)


def step_fixed_usd(
    inputs: RouteCostInputs, step: ProcessStep, lines: float, rates: CostRates
) -> dict[str, float]:
    """Yearly equipment, maintenance, building and direct labour of a step's lines [US$/yr]."""
    life = step.life_years or rates.equipment_life_years
    i = rates.cost_of_capital
    building_crf = capital_recovery_factor(i, rates.building_life_years)
    operator_hours = step.operators_per_shift * inputs.calendar.step_paid_hours(step.relief_crews)
    return {
        "equipment": lines * annual_capital_cost_usd(step.capex_per_line_usd, i, life),
        "maintenance": lines * step.capex_per_line_usd * rates.maintenance_share_per_year,
        "building": lines * step.floor_space_m2 * rates.building_usd_per_m2 * building_crf,
        "direct_labour": lines * operator_hours * rates.labour_usd_per_h,
    }


def tooling_usd(tool: Tooling, started: float, lines: float, rates: CostRates) -> float:
    """Yearly cost of a die set: sets worn out by the units made, at least the sets in use.

    A set in use is written off over ``rates.tooling_life_years`` (one model life); wear
    replaces a set every ``life_units`` units. The larger of the two is the yearly cost.
    """
    sets = math.ceil(lines - 1e-9) if tool.per_line else 1
    by_time = sets * annual_capital_cost_usd(
        tool.capex_usd, rates.cost_of_capital, rates.tooling_life_years
    )
    by_wear = started / tool.life_units * tool.capex_usd if tool.life_units else 0.0
    return max(by_time, by_wear)


def fed_ratio(inputs: RouteCostInputs, started: dict[str, float], feed: str) -> float:
    """Units started per good body at the first step that consumes ``feed`` (1 if none)."""
    for step in inputs.steps:
        if step.material_feed == feed:
            return started[step.name] / inputs.annual_volume_units
    return 1.0


def alloy_kg_per_body(inputs: RouteCostInputs, shots_per_body: float) -> float:
    """Alloy bought per good body [kg]: the good casting plus the dross of all remelted metal.

    Every shot returns its runners (shot - part) and every scrapped shot its casting to the
    furnace, each losing ``remelt_loss_share``: part + loss x (shots x shot - part).
    """
    m = inputs.material
    if m.alloy_shot_kg == 0:
        return 0.0
    remelted = shots_per_body * m.alloy_shot_kg - m.alloy_part_kg
    return m.alloy_part_kg + m.remelt_loss_share * remelted


def blank_sets_per_body(inputs: RouteCostInputs, sets_started: float) -> float:
    """Blank sets bought per good body: the sets the press steps start, press scrap included.

    ``sets_started`` counts the sets downstream scrap needs (units started at the press step
    per good body); a share ``press_scrap_share`` of the pressed parts is scrapped at the
    press itself, so 1 / (1 - share) blanks are bought for each set that leaves it.
    """
    return sets_started / (1.0 - inputs.material.press_scrap_share)


def sheet_usd_per_body(inputs: RouteCostInputs, blanks_per_body: float) -> float:
    """Net steel cost per good body: blanks minus offal credit, scrapped parts sold as scrap.

    A set's blanks cost coil price x blank mass plus, for bought blanks, the premium.
    """
    m, credit = inputs.material, inputs.material.offal_credit_usd_per_kg
    per_set = (m.sheet_blank_kg * m.sheet_usd_per_kg + m.blank_premium_usd
               - m.sheet_offal_kg * credit)
    return blanks_per_body * per_set - (blanks_per_body - 1.0) * m.sheet_part_kg * credit


def consumables_usd_per_body(inputs: RouteCostInputs, started: dict[str, float]) -> float:
    """Joining consumables per good body: the catalog's per-body figure x bodies joined.

    Bodies scrapped at or after the last step were joined too, so the figure is scaled by
    the units the route's last step starts per good body.
    """
    last = inputs.steps[-1].name
    return inputs.material.consumables_usd * started[last] / inputs.annual_volume_units


def stamping_die_usd_per_body(
    inputs: RouteCostInputs, rates: CostRates, sets_started: float
) -> dict[str, float]:
    """Stamping-die sets and upkeep per good body from the dies' strokes (empty without them).

    Strokes per good body = strokes per set x the sets the presses start per good body; the
    model life is ``rates.tooling_life_years`` (the study's, one owner).
    """
    dies = inputs.stamping_dies
    if dies is None:
        return {}
    economics = StampingDieEconomics(die_sets_usd=dies.die_sets_usd,
                                     model_life_years=rates.tooling_life_years)
    strokes = {die: n * sets_started for die, n in dies.strokes_per_set_by_die.items()}
    return stamping_die_cost_per_body(strokes, economics, inputs.annual_volume_units)


def energy_kwh(
    inputs: RouteCostInputs, started: dict[str, float], shots_per_body: float
) -> dict[str, float]:
    """Electricity per good body by step, plus melting of every kg poured [kWh]."""
    volume = inputs.annual_volume_units
    kwh = {s.name: started[s.name] / volume * s.energy_kwh_per_unit for s in inputs.steps}
    melted_kg = shots_per_body * inputs.material.alloy_shot_kg
    if melted_kg and inputs.melt_kwh_per_kg:
        kwh["melting"] = melted_kg * inputs.melt_kwh_per_kg
    return kwh


def fixed_usd_per_body(
    inputs: RouteCostInputs, started: dict[str, float], lines: dict[str, float], rates: CostRates
) -> dict[str, float]:
    """Equipment, maintenance, building, direct labour and tooling per good body [US$]."""
    yearly = dict.fromkeys(FIXED, 0.0)
    for step in inputs.steps:
        for key, value in step_fixed_usd(inputs, step, lines[step.name], rates).items():
            yearly[key] += value
    yearly["tooling"] = sum(tooling_items_usd(inputs, started, lines, rates).values())
    return {key: value / inputs.annual_volume_units for key, value in yearly.items()}


def tooling_items_usd(
    inputs: RouteCostInputs, started: dict[str, float], lines: dict[str, float], rates: CostRates
) -> dict[str, float]:
    """Yearly cost of each ``Tooling`` item (dies, fixtures) [US$/yr]."""
    return {tool.name: tooling_usd(tool, started[tool.step], lines[tool.step], rates)
            for tool in inputs.tooling}


def counted_die_usd_per_body(inputs: RouteCostInputs, rates: CostRates) -> dict[str, float]:
    """Giga-die cost per good body from the counted events (empty without them) [US$].

    Die sets over the model life (``rates.tooling_life_years``: one owner of the model life),
    insert refurbishments and damage repairs at the counted rates, and a spare die.
    """
    events = inputs.die_events
    if events is None:
        return {}
    counts = DieEventCounts(shots=events.shots, good_bodies=events.good_bodies,
                            insert_refurbishments=events.insert_refurbishments,
                            die_damages=events.die_damages)
    economics = DieEconomics(die_life_shots=events.die_life_shots, spare_die=events.spare_die,
                             model_life_years=rates.tooling_life_years)
    return giga_die_cost_per_body(counts, economics, inputs.annual_volume_units, events.cells)


def add_dependent_elements(per_body: dict[str, float], rates: CostRates) -> dict[str, float]:
    """Overhead labour (a ratio of direct labour) and working capital (months of variable cost)."""
    variable = per_body["material"] + per_body["direct_labour"] + per_body["energy"]
    return per_body | {
        "overhead_labour": per_body["direct_labour"] * rates.overhead_labour_ratio,
        "working_capital": working_capital_cost_usd(
            variable, rates.working_capital_months, rates.cost_of_capital
        ),
    }


def cost_breakdown(inputs: RouteCostInputs, rates: CostRates | None = None) -> CostBreakdown:
    """Cost per good body of ``inputs`` by element, with the lines each step needs.

    Args:
        inputs: the route at its annual volume.
        rates: economic rates (default: the sourced defaults).
    """
    rates = rates or CostRates()
    started = units_started(inputs)
    lines = {s.name: step_lines(inputs, s, started[s.name]) for s in inputs.steps}
    shots, sets = fed_ratio(inputs, started, "alloy"), fed_ratio(inputs, started, "sheet")
    blanks = blank_sets_per_body(inputs, sets)
    alloy_kg = alloy_kg_per_body(inputs, shots)
    kwh = energy_kwh(inputs, started, shots)
    material = {
        "sheet": sheet_usd_per_body(inputs, blanks) if inputs.material.sheet_blank_kg else 0.0,
        "alloy": alloy_kg * inputs.material.alloy_usd_per_kg,
        "bought_parts": inputs.material.bought_parts_usd,
        "consumables": consumables_usd_per_body(inputs, started),
    }
    per_body = fixed_usd_per_body(inputs, started, lines, rates)
    volume = inputs.annual_volume_units
    tooling = {name: usd / volume
               for name, usd in tooling_items_usd(inputs, started, lines, rates).items()}
    tooling |= counted_die_usd_per_body(inputs, rates)
    tooling |= stamping_die_usd_per_body(inputs, rates, sets)
    per_body["tooling"] = sum(tooling.values())
    per_body = per_body | {
        "material": sum(material.values()),
        "energy": sum(kwh.values()) * rates.electricity_usd_per_kwh,
    }
    per_body = add_dependent_elements(per_body, rates)
    return CostBreakdown(
        route=inputs.route,
        annual_volume_units=inputs.annual_volume_units,
        cost_per_body_usd={element: per_body[element] for element in ELEMENTS},
        lines_needed=lines,
        units_started=started,
        kwh_per_body=kwh,
        alloy_kg_per_body=alloy_kg,
        sheet_blank_kg_per_body=blanks * inputs.material.sheet_blank_kg,
        sheet_kg_co2e_per_kg=inputs.material.sheet_kg_co2e_per_kg,
        alloy_kg_co2e_per_kg=inputs.material.alloy_kg_co2e_per_kg,
        investments_usd=investments_usd(inputs, lines),
        tooling_by_item_usd=tooling,
        material_by_item_usd=material,
    )


def investments_usd(inputs: RouteCostInputs, lines: dict[str, float]) -> dict[str, float]:
    """Capital tied up by the route: equipment of the lines needed and one set of each tool."""
    equipment = {f"equipment:{s.name}": lines[s.name] * s.capex_per_line_usd for s in inputs.steps}
    tools = {
        f"tooling:{t.name}": t.capex_usd * (math.ceil(lines[t.step] - 1e-9) if t.per_line else 1)
        for t in inputs.tooling
    }
    if inputs.stamping_dies is not None:
        tools["tooling:stamping_dies"] = inputs.stamping_dies.die_sets_usd
    return equipment | tools
