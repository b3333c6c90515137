"""Checks that a scenario's routing makes a line that can run.

Each check names the field at fault: a reference to an unknown station, a station that nothing
feeds, an assembly whose inputs can never all arrive, a route that never reaches the exit.
Catching these before the run is what keeps a bad file from hanging or running empty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

EXIT = "exit"
"""Reserved routing target: the unit leaves the line as a finished good."""

if TYPE_CHECKING:
    from lines.spec import Scenario


def check_topology(scenario: Scenario) -> None:
    """Raise ``ValueError`` naming the field if the routing of ``scenario`` cannot work."""
    _check_names(scenario)
    _check_references(scenario)
    _check_assembly_inputs(scenario)
    _check_every_station_reaches_exit(scenario)
    _check_unlimited_supplies(scenario)
    _check_every_station_is_fed(scenario)


def _check_names(scenario: Scenario) -> None:
    stations = {station.name for station in scenario.stations}
    seen: set[str] = set()
    for index, source in enumerate(scenario.sources):
        if source.name in seen or source.name in stations or source.name == "exit":
            raise ValueError(
                f"sources[{index}].name: {source.name!r} is already used by another source, "
                f"a station or the exit"
            )
        seen.add(source.name)


def _known(scenario: Scenario) -> str:
    return ", ".join(station.name for station in scenario.stations)


def _check_references(scenario: Scenario) -> None:
    stations = {station.name for station in scenario.stations}
    feeders = stations | {source.name for source in scenario.sources}
    for index, source in enumerate(scenario.sources):
        if source.to not in stations:
            raise ValueError(
                f"sources[{index}].to: unknown station {source.to!r} (known: {_known(scenario)})"
            )
    for index, station in enumerate(scenario.stations):
        for target in station.targets:
            if target != EXIT and target not in stations:
                raise ValueError(
                    f"stations[{index}].next: unknown station {target!r} "
                    f"(expected 'exit' or one of: {_known(scenario)})"
                )
        if station.rework_to is not None and station.rework_to not in stations:
            raise ValueError(
                f"stations[{index}].rework_to: unknown station {station.rework_to!r} "
                f"(known: {_known(scenario)})"
            )
        for name in station.assembles:
            if name not in feeders:
                raise ValueError(f"stations[{index}].assembles: unknown station or source {name!r}")
        for product in station.cycle_time_s_by_product:
            if product not in _products(scenario):
                raise ValueError(
                    f"stations[{index}].cycle_time_s_by_product: unknown product {product!r} "
                    f"(sources release: {', '.join(sorted(_products(scenario)))})"
                )


def _products(scenario: Scenario) -> set[str]:
    return {product.name for source in scenario.sources for product in source.products}


def _feeders_of(scenario: Scenario) -> dict[str, set[str]]:
    """Map each station to the stations and sources whose good units go to it."""
    feeders: dict[str, set[str]] = {station.name: set() for station in scenario.stations}
    for source in scenario.sources:
        feeders[source.to].add(source.name)
    for station in scenario.stations:
        for target in station.targets:
            if target != EXIT:
                feeders[target].add(station.name)
    return feeders


def _check_assembly_inputs(scenario: Scenario) -> None:
    feeders = _feeders_of(scenario)
    for index, station in enumerate(scenario.stations):
        if station.rework_to is not None and scenario.station(station.rework_to).assembles:
            raise ValueError(
                f"stations[{index}].rework_to: {station.rework_to!r} is an assembly station; "
                f"send rework to a station with a single input"
            )
        if not station.assembles:
            continue
        if station.rework_probability > 0 and station.rework_to is None:
            raise ValueError(
                f"stations[{index}].rework_to: the assembly station {station.name!r} cannot "
                f"rework in place; name the station that reworks its units"
            )
        if len(set(station.assembles)) != len(station.assembles):
            raise ValueError(f"stations[{index}].assembles: an input is listed twice")
        listed, routed = set(station.assembles), feeders[station.name]
        if missing := sorted(listed - routed):
            raise ValueError(
                f"stations[{index}].assembles: {', '.join(missing)} never send units to "
                f"{station.name!r} (route them here with next/to)"
            )
        if extra := sorted(routed - listed):
            raise ValueError(
                f"stations[{index}].assembles: {', '.join(extra)} send units to the assembly "
                f"station {station.name!r} but are not among its inputs"
            )


def _check_unlimited_supplies(scenario: Scenario) -> None:
    feeders = _feeders_of(scenario)
    for index, source in enumerate(scenario.sources):
        if source.interarrival_s is None and feeders[source.to] != {source.name}:
            if not scenario.station(source.to).assembles:
                others = sorted(feeders[source.to] - {source.name})
                raise ValueError(
                    f"sources[{index}].interarrival_s: an unlimited source must be the only "
                    f"feeder of {source.to!r}, which is also fed by {', '.join(others)}"
                )


def _check_every_station_is_fed(scenario: Scenario) -> None:
    """A station is fed when a feeder is; an assembly only when all its inputs are."""
    feeders = _feeders_of(scenario)
    for station in scenario.stations:  # rework also feeds a station
        if station.rework_to is not None and station.rework_probability > 0:
            feeders[station.rework_to].add(station.name)
    fed = {source.name for source in scenario.sources}
    changed = True
    while changed:
        changed = False
        for station in scenario.stations:
            if station.name in fed:
                continue
            inputs = feeders[station.name]
            ready = inputs <= fed if station.assembles else bool(inputs & fed)
            if ready and inputs:
                fed.add(station.name)
                changed = True
    unfed = [(i, s) for i, s in enumerate(scenario.stations) if s.name not in fed]
    unfed.sort(key=lambda item: not item[1].assembles)  # an unfed assembly is the root cause
    for index, station in unfed:
        if station.assembles:
            starving = sorted(set(station.assembles) - fed)
            raise ValueError(
                f"stations[{index}].assembles: the assembly {station.name!r} can never be fed: "
                f"no unit ever reaches its input(s) {', '.join(starving)}"
            )
        raise ValueError(
            f"stations[{index}]: nothing feeds station {station.name!r} "
            f"(no source or station routes units to it)"
        )


def _check_every_station_reaches_exit(scenario: Scenario) -> None:
    reaches = {EXIT}
    changed = True
    while changed:
        changed = False
        for station in scenario.stations:
            if station.name not in reaches and set(station.targets) & reaches:
                reaches.add(station.name)
                changed = True
    for index, station in enumerate(scenario.stations):
        if station.name not in reaches:
            raise ValueError(
                f"stations[{index}].next: the route from {station.name!r} never reaches the exit "
                f"(its units would circulate for ever)"
            )
