"""Cross-checks the schema cannot express: references between parts, materials, joins and stations.

Every problem found is collected, so a user fixing a catalog sees them all at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from parts_catalog.schema import (
    AnyPart,
    CatalogSpec,
    Join,
    RouteName,
    StampedPart,
    SubAssemblySpec,
)


def duplicates(names: Iterable[str]) -> list[str]:
    """Names that occur more than once, sorted."""
    return sorted(name for name, n in Counter(names).items() if n > 1)


def check_unique_ids(spec: CatalogSpec, parts: Sequence[AnyPart]) -> list[str]:
    """Grades, press lines, interfaces and part numbers must each be unique."""
    problems = []
    for label, names in (
        ("material grade", [m.grade for m in spec.materials]),
        ("press line", [p.id for p in spec.press_lines]),
        ("interface", [i.name for i in spec.interfaces]),
        ("part number", [p.part_number for p in parts]),
    ):
        if found := duplicates(names):
            problems.append(f"duplicate {label}s: {', '.join(found)}")
    return problems


def check_part_references(
    spec: CatalogSpec, route: RouteName, parts: Sequence[AnyPart]
) -> list[str]:
    """Each part's material, press line and sub-assembly must exist."""
    grades = {m.grade for m in spec.materials}
    lines = {p.id for p in spec.press_lines}
    stations = {s.name for s in spec.routes[route].subassemblies}
    problems = []
    for part in parts:
        where = f"{route} part {part.part_number}"
        if part.material not in grades:
            problems.append(
                f"{where}: unknown material grade {part.material!r} (known: {sorted(grades)})"
            )
        if part.subassembly not in stations:
            problems.append(f"{where}: unknown sub-assembly {part.subassembly!r}")
        if isinstance(part, StampedPart) and part.press_line not in lines:
            problems.append(
                f"{where}: unknown press line {part.press_line!r} (known: {sorted(lines)})"
            )
    return problems


def check_build_order(route: RouteName, stations: Sequence[SubAssemblySpec]) -> list[str]:
    """Inputs must be built earlier, and every sub-assembly but the last must feed a later one."""
    problems: list[str] = []
    seen: set[str] = set()
    consumed: set[str] = set()
    for station in stations:
        for name in station.inputs:
            if name not in seen:
                problems.append(
                    f"{route} sub-assembly {station.name}: input {name!r} is not built before it"
                )
        consumed.update(station.inputs)
        seen.add(station.name)
    if found := duplicates(s.name for s in stations):
        problems.append(f"{route}: duplicate sub-assemblies: {', '.join(found)}")
    dangling = [s.name for s in stations[:-1] if s.name not in consumed]
    if dangling:
        problems.append(
            f"{route}: sub-assemblies never joined into a later one: {', '.join(dangling)}"
        )
    return problems


def available_parts(
    stations: Sequence[SubAssemblySpec], parts: Sequence[AnyPart]
) -> dict[str, set[str]]:
    """Parts present in each sub-assembly: those loaded there plus those of its inputs."""
    available: dict[str, set[str]] = {}
    for station in stations:
        here = {p.part_number for p in parts if p.subassembly == station.name}
        for name in station.inputs:
            here |= available.get(name, set())
        available[station.name] = here
    return available


def check_joins(
    spec: CatalogSpec, route: RouteName, parts: Sequence[AnyPart], joins: Sequence[Join]
) -> list[str]:
    """Joins may only name known parts or interfaces that are present where the join is made."""
    stations = spec.routes[route].subassemblies
    available = available_parts(stations, parts)
    interfaces = {i.name for i in spec.interfaces}
    known = {p.part_number for p in parts} | interfaces
    problems = []
    for join in joins:
        where = f"{route} {join.type} join {' + '.join(join.parts)}"
        if join.subassembly not in available:
            problems.append(f"{where}: unknown sub-assembly {join.subassembly!r}")
            continue
        if unknown := [p for p in join.parts if p not in known]:
            problems.append(f"{where}: unknown part(s) {', '.join(unknown)}")
        elif absent := [p for p in join.parts if p not in available[join.subassembly] | interfaces]:
            problems.append(
                f"{where}: {', '.join(absent)} not yet in sub-assembly {join.subassembly}"
            )
    return problems


def check_every_part_joined(
    route: RouteName, parts: Sequence[AnyPart], joins: Sequence[Join]
) -> list[str]:
    """In a route of more than one part, every part must be joined to something."""
    if len(parts) < 2:
        return []
    joined = {name for join in joins for name in join.parts}
    loose = [p.part_number for p in parts if p.part_number not in joined]
    return [f"{route}: parts never joined: {', '.join(loose)}"] if loose else []


def check_consumables_priced(
    spec: CatalogSpec, route: RouteName, joins: Sequence[Join]
) -> list[str]:
    """Every join type of the route has a consumable price, if the catalog prices any."""
    if not spec.join_consumables:
        return []
    priced = [c.type for c in spec.join_consumables]
    problems = [f"join_consumables: {t!r} is priced twice" for t in sorted(set(priced))
                if priced.count(t) > 1]
    missing = sorted({j.type for j in joins} - set(priced))
    if missing:
        problems.append(f"route {route!r}: join types {missing} have no join_consumables price")
    return problems


def route_problems(
    spec: CatalogSpec, route: RouteName, parts: Sequence[AnyPart], joins: Sequence[Join]
) -> list[str]:
    """All cross-check problems of one route."""
    return [
        *check_part_references(spec, route, parts),
        *check_build_order(route, spec.routes[route].subassemblies),
        *check_joins(spec, route, parts, joins),
        *check_every_part_joined(route, parts, joins),
        *check_consumables_priced(spec, route, joins),
    ]
