"""The measured totals of one replication, assembled from a run's counters as plain numbers.

Kept apart from the engine so the result shape (``twin.runtime.results``) and how each number
is read off the runtime are in one place; the KPIs (``twin.experiments.kpis``) start here.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from lines.spec import Station
from twin.runtime.machine import STATES
from twin.runtime.results import TIME_SPLIT, ReplicationResult, StationResult

if TYPE_CHECKING:
    from twin.runtime.engine import LineModel
    from twin.runtime.station import StationRuntime


def replication_result(model: LineModel, replication: int, seed: int) -> ReplicationResult:
    """The measured totals, as plain numbers."""
    scenario, stats = model.scenario, model.stats
    start, end = scenario.warmup_s, scenario.warmup_s + scenario.horizon_s
    line_clock = model.clock(scenario.calendar)
    n, lead_sum = stats.finished, stats.lead_sum
    mean = lead_sum / n if n else math.nan
    variance = (stats.lead_sq_sum - n * mean * mean) / (n - 1) if n > 1 else math.nan
    return ReplicationResult(
        scenario=scenario.name,
        replication=replication,
        seed=seed,
        horizon_s=scenario.horizon_s,
        warmup_s=scenario.warmup_s,
        planned_time_s=line_clock.production_time(end) - line_clock.production_time(start),
        created=stats.created,
        finished=stats.finished,
        scrapped=stats.scrapped,
        consumed=stats.consumed,
        wip_start=stats.wip_start,
        wip_end=stats.wip,
        wip_mean_units=stats.wip_area / scenario.horizon_s,
        lead_time_mean_s=mean,
        lead_time_sd_s=math.sqrt(max(variance, 0.0)) if n > 1 else math.nan,
        lead_time_max_s=stats.lead_max if n else math.nan,
        finished_per_hour=tuple(
            stats.finished_per_hour[: math.ceil(scenario.horizon_s / 3600)]
        ),
        wip_per_hour=tuple(stats.wip_per_hour[: math.ceil(scenario.horizon_s / 3600)]),
        stations=tuple(station_result(model, station, start, end) for station in model.stations),
        released=sum(source.released for source in model.sources if source is not None),
        order_backlog_units=_order_backlog(model),
        trace=None if model.trace is None else tuple(model.trace),
    )


def _order_backlog(model: LineModel) -> int:
    """Released units still waiting at the end in the inbox of a backlog source."""
    return sum(
        len(source.target.items)
        for source in model.sources
        if source is not None and source.spec.backlog and source.target is not None
    )


def station_result(
    model: LineModel, station: StationRuntime, start: float, end: float
) -> StationResult:
    """One station's measured totals between ``start`` and ``end`` [s]."""
    spec = station.spec
    clock = model.clock(spec.calendar or model.scenario.calendar)
    on_shift = clock.production_time(end) - clock.production_time(start)
    time_s = dict.fromkeys(TIME_SPLIT, 0.0)
    for machine in station.machines:
        for state, seconds in zip(STATES, machine.time, strict=True):
            time_s[state] += seconds
    time_s["off_shift"] = spec.machines * ((end - start) - on_shift)
    inbox = station.inbox
    return StationResult(
        name=spec.name,
        machines=spec.machines,
        time_s=time_s,
        processed=station.processed,
        good=station.good,
        scrapped=station.scrapped,
        reworked=station.reworked,
        active_periods=sum(machine.active_periods for machine in station.machines),
        nominal_cycle_s=spec.cycle_time_s.mean,
        buffer_mean_units=inbox.area / (end - start),
        buffer_max_units=int(inbox.max_level),
        energy_kwh=_energy_kwh(spec, time_s),
        maintenance_stops=sum(plan.count for m in station.machines for plan in m.maintenance),
        operators_per_shift=spec.operators_per_shift,
        floor_space_m2=spec.floor_space_m2,
        visits_per_unit=model.visits[spec.name],
        extras=station.extras(),
    )


def _energy_kwh(spec: Station, time_s: dict[str, float]) -> float:
    power = spec.power
    kw_seconds = (
        power.working_kw * (time_s["working"] + time_s["setup"])
        + power.idle_kw * (time_s["blocked"] + time_s["starved"])
        + power.down_kw * (time_s["failed"] + time_s["maintenance"])
        + power.off_shift_kw * time_s["off_shift"]
    )
    return kw_seconds / 3600.0
