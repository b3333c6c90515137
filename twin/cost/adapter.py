"""Fill a route's cost inputs from a simulated line: cycle, OEE, scrap and energy per step.

A cost step (e.g. ``giga_cell``, ``body_shop``) maps to one or more simulated stations. From
the experiment's station table (mean over replications) it takes:

* ``cycle_time_s`` = the slowest station's mean cycle per machine (the ideal line cycle);
* ``oee`` = units started x ideal cycle / on-shift time: the share of working time that
  produced at the ideal rate (failures, maintenance, die changes, blocking and starving
  included; scrap is counted apart, in ``scrap_rate``);
* ``scrap_rate`` = units scrapped in the step's stations / units started at its first station;
* ``energy_kwh_per_unit`` = the stations' electricity (all states) / units started;
* operators and floor space per line from the scenario's stations (if it gives them).

A step whose first station has several machines (parallel giga cells) counts each machine as
one line. Everything else (capex, tooling, material, rates) stays as given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from lines.routes import (
    CastingRouteSpec,
    RouteSpec,
    WeldedRouteSpec,
    casting,
    route_cost_steps,
)
from lines.spec import Scenario as LineScenario
from lines.spec import ShiftCalendar, Station
from parts_catalog import Catalog
from twin.cost.defaults import default_casting_inputs, default_welded_inputs
from twin.cost.inputs import CountedDieEvents, OperatingCalendar, ProcessStep, RouteCostInputs
from twin.experiments import ExperimentResult


def station_means(experiment: ExperimentResult, replication: int | None = None) -> pd.DataFrame:
    """Mean of every numeric station KPI over the replications (or of one), by station."""
    table = experiment.stations
    if replication is not None:
        table = table[table["replication"] == replication]
        if table.empty:
            raise ValueError(f"the experiment has no replication {replication}")
    return table.groupby("station", sort=False).mean(numeric_only=True)


def mean_cycle_s(station: Station) -> float:
    """Mean cycle time of one machine of ``station`` [s]."""
    return float(station.cycle_time_s.mean)


def ideal_cycle_s(scenario: LineScenario, names: Sequence[str]) -> float:
    """The slowest station's mean cycle per machine [s]."""
    stations = [scenario.station(name) for name in names]
    return max(mean_cycle_s(station) / station.machines for station in stations)


def simulated_step(
    step: ProcessStep, experiment: ExperimentResult, names: Sequence[str],
    replication: int | None = None,
) -> ProcessStep:
    """``step`` with cycle, OEE, scrap, energy, operators and floor space of stations ``names``.

    Over the replications' means, or of one ``replication`` (the per-replication cost).
    """
    scenario = experiment.scenario
    means = station_means(experiment, replication).loc[list(names)]
    first = scenario.station(names[0])
    lines = first.machines
    started = float(means["processed_units"].iloc[0])
    cycle_s = ideal_cycle_s(scenario, names) * lines  # one line = one machine of the first
    on_shift_s = scenario.horizon_s * (1.0 - float(means["off_shift_share"].iloc[0]))
    if started <= 0 or on_shift_s <= 0:
        raise ValueError(f"step {step.name!r}: stations {list(names)} started no units")
    stations = [scenario.station(n) for n in names]
    changes = {
        "cycle_time_s": cycle_s,
        "oee": min(1.0, started * cycle_s / lines / on_shift_s),
        "scrap_rate": min(0.999, float(means["scrapped_units"].sum()) / started),
        "energy_kwh_per_unit": float(means["energy_kwh"].sum()) / started,
    }
    for field in ("operators_per_shift", "floor_space_m2"):  # kept as given if not simulated
        total = sum(getattr(s, field) for s in stations)
        if total > 0:
            changes[field] = total / lines
    return step.with_changes(**changes)


def inputs_from_experiment(
    inputs: RouteCostInputs,
    experiment: ExperimentResult,
    step_stations: Mapping[str, Sequence[str]],
    replication: int | None = None,
) -> RouteCostInputs:
    """``inputs`` with the mapped steps replaced by their simulated figures.

    Args:
        inputs: the route's hand-filled inputs (capex, tooling, material, calendar).
        experiment: the simulated route.
        step_stations: cost step name -> the simulated station names it covers, in flow order.
        replication: one replication's figures instead of the means over all of them.
    """
    unknown = set(step_stations) - {s.name for s in inputs.steps}
    if unknown:
        raise ValueError(f"unknown cost steps {sorted(unknown)}")
    steps = tuple(
        simulated_step(s, experiment, step_stations[s.name], replication)
        if s.name in step_stations else s
        for s in inputs.steps
    )
    which = "" if replication is None else f", replication {replication}"
    source = f"simulated: {experiment.scenario.name} (seed {experiment.seed}{which})"
    return inputs.with_changes(steps=steps, source=source)


def simulated_calendar(experiment: ExperimentResult) -> OperatingCalendar:
    """The cost calendar of the simulated line's own shift calendar (one calendar for both)."""
    calendar = experiment.scenario.calendar
    if calendar is None:  # 24/7: three 8 h shifts every day
        calendar = ShiftCalendar(shifts_per_day=3, shift_length_h=8.0, days_per_week=7)
    return OperatingCalendar.from_shift_calendar(calendar)


def counted_die_events(experiment: ExperimentResult, spec: CastingRouteSpec,
                       replication: int | None = None) -> CountedDieEvents | None:
    """The giga-die events the cell counted (over the replications' means, or of one)."""
    cell = station_means(experiment, replication).loc[casting.GIGA_CELL]
    life = casting.die_life_shots(experiment.scenario)
    table = experiment.replications
    if replication is not None:
        table = table[table["replication"] == replication]
    good = float(table["good_units"].mean())
    if life is None or good <= 0 or float(cell["processed_units"]) <= 0:
        return None
    return CountedDieEvents(
        shots=float(cell["processed_units"]), good_bodies=good,
        insert_refurbishments=float(cell.get("insert_refurbishments", 0.0)),
        die_damages=float(cell.get("die_damages", 0.0)),
        cells=experiment.scenario.station(casting.GIGA_CELL).machines, die_life_shots=life,
        spare_die=bool(getattr(spec, "spare_die", False)))


def simulated_casting_material(
    base: RouteCostInputs, experiment: ExperimentResult
) -> RouteCostInputs:
    """Shot and part mass and the remelt loss as the simulated cell ran them; die life too."""
    cell = experiment.scenario.station(casting.GIGA_CELL).casting_cell
    assert cell is not None
    material = base.material.with_changes(
        alloy_shot_kg=cell.shot_mass_kg, alloy_part_kg=cell.part_mass_kg,
        remelt_loss_share=cell.remelt_loss_share)
    life = casting.die_life_shots(experiment.scenario)
    tools = tuple(
        t.with_changes(life_units=None if life is None else float(life))
        if t.name == "giga_die" else t
        for t in base.tooling
    )  # fmt: skip
    return base.with_changes(material=material, tooling=tools)


def inputs_from_route(
    route_spec: RouteSpec,
    catalog: Catalog,
    experiment: ExperimentResult,
    annual_volume_units: float = 250_000,
    replication: int | None = None,
) -> RouteCostInputs:
    """Cost inputs of a simulated route: nominal inputs of the same spec, simulated steps.

    The calendar, the die life (the die-change plan as run), the cell's masses and remelt
    loss come from the simulated scenario; the steps the route maps to stations
    (``lines.routes.route_cost_steps``) take the simulated cycle, OEE, scrap and energy.
    """
    if isinstance(route_spec, CastingRouteSpec):
        base = default_casting_inputs(catalog, annual_volume_units, route_spec)
        base = simulated_casting_material(base, experiment)
        events = counted_die_events(experiment, route_spec, replication)
        if events is not None:  # the giga die is costed from its events, not as a Tooling
            base = base.with_changes(
                die_events=events,
                tooling=tuple(t for t in base.tooling if t.name != "giga_die"))
    elif isinstance(route_spec, WeldedRouteSpec):
        base = default_welded_inputs(catalog, annual_volume_units, route_spec)
    else:
        raise TypeError(f"not a route spec: {type(route_spec).__name__}")
    base = base.with_changes(calendar=simulated_calendar(experiment))
    steps = route_cost_steps(route_spec, experiment.scenario)
    return inputs_from_experiment(base, experiment, steps, replication)
