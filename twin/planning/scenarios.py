"""The engine scenarios of a study: a route on its calendar, as a pilot or at the demand.

A route runs on the study's calendar with relief crews per area, either as a pilot (unlimited
supply, to measure capacity) or at the demand (work released on a schedule with a backlog).

Relief crews are a station calendar without the breaks; the demand is a source releasing
one good body's order every ``on-shift seconds a year / bodies a year`` of production time,
with a backlog, so a scrapped unit's order is released again and a station that falls behind
catches up instead of losing the order.
"""

from __future__ import annotations

from typing import Any

from lines.routes import RouteSpec, build_route_scenario, casting, welded
from lines.routes.areas import station_area
from lines.spec import Scenario
from lines.study import Study
from parts_catalog import Catalog
from twin.cost.inputs import OperatingCalendar

DEMAND_SOURCE = "demand"
"""Name (or prefix) of the sources that release the demand's orders."""


def on_shift_s_per_year(study: Study) -> float:
    """Production seconds a year of the study's calendar (breaks excluded) [s]."""
    calendar = OperatingCalendar.from_shift_calendar(study.operating_pattern.calendar())
    return calendar.available_hours_per_year * 3600.0


def available_hours_per_year(study: Study, area: str) -> float:
    """Hours a year one unit of ``area`` can run: through the breaks with relief crews [h].

    The cost model's own count (``OperatingCalendar.step_available_hours``), so sizing and
    costing share one definition of available time.
    """
    pattern = study.operating_pattern
    calendar = OperatingCalendar.from_shift_calendar(pattern.calendar())
    return calendar.step_available_hours(pattern.runs_through_breaks(area))


def route_scenario(study: Study, route: str, spec: RouteSpec, catalog: Catalog,
                   horizon_days: float | None = None) -> Scenario:
    """The route built from ``spec`` on the study's calendar, relief crews applied per area."""
    spec = spec.with_changes(
        calendar=study.operating_pattern.calendar(),
        horizon_days=horizon_days or study.run.horizon_days, warmup_h=study.run.warmup_h,
    )
    scenario = build_route_scenario(spec, catalog)
    pattern = study.operating_pattern
    relief = pattern.calendar(through_breaks=True).model_dump()
    data = scenario.model_dump(mode="json")
    for station in data["stations"]:
        if pattern.runs_through_breaks(station_area(route, station["name"])):
            station["calendar"] = relief
    return Scenario.model_validate(data)


def release_roots(route: str, data: dict[str, Any]) -> list[str]:
    """Stations where an order starts: the cell, or the kit-fed stations with no sub-assembly."""
    if route == "casting":
        return [casting.GIGA_CELL]
    stations = {s["name"] for s in data["stations"]}
    roots = []
    for station in data["stations"]:
        feeders = station.get("assembles") or ()
        kit = f"{welded.KIT_PREFIX}{station['name']}"
        fed_by_station = any(name in stations for name in feeders)
        has_kit = any(s["name"] == kit for s in data["sources"])
        if has_kit and not fed_by_station:
            roots.append(station["name"])
    return roots


def demand_scenario(study: Study, route: str, spec: RouteSpec, catalog: Catalog,
                    bodies_per_year: float) -> Scenario:
    """The route releasing ``bodies_per_year`` good bodies' orders on the study's calendar."""
    data = route_scenario(study, route, spec, catalog).model_dump(mode="json")
    interarrival_s = on_shift_s_per_year(study) / bodies_per_year
    roots = release_roots(route, data)
    if route == "casting":  # the cell's unlimited supply becomes the release schedule
        data["sources"] = [s for s in data["sources"] if s["to"] != casting.GIGA_CELL]
    for root in roots:
        name = DEMAND_SOURCE if len(roots) == 1 else f"{DEMAND_SOURCE}-{root}"
        data["sources"].append({"name": name, "to": root, "interarrival_s": interarrival_s,
                                "backlog": True})
        if route == "welded":
            station = next(s for s in data["stations"] if s["name"] == root)
            kit = f"{welded.KIT_PREFIX}{root}"
            station["assembles"] = [kit, name]
    data["description"] = (f"{data['description']}; orders for {bodies_per_year:,.0f} good "
                           f"bodies a year")
    return Scenario.model_validate(data)


__all__ = [
    "DEMAND_SOURCE",
    "available_hours_per_year",
    "demand_scenario",
    "on_shift_s_per_year",
    "release_roots",
    "route_scenario",
]
