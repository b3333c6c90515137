"""Expand the compact catalog notation into concrete parts and joins.

Catalog files stay short: a left/right pair is written once with ``sides: [LH, RH]``, and a
family of similar brackets is written as a size range. Expansion is deterministic, so every
member gets the same part number, geometry and joins on every load.
"""

from __future__ import annotations

from typing import Any

from parts_catalog.schema import (
    SIDE_TOKEN,
    AnyPart,
    BoughtFamily,
    BoughtPart,
    Join,
    Placement,
    RouteSpec,
    StampedFamily,
    StampedPart,
)
from parts_catalog.shapes import Shape


def expand_sided_part(part: AnyPart) -> list[AnyPart]:
    """One part per side, '{side}' replaced in number, name and sub-assembly (RH mirrored later)."""
    if not part.sides:
        return [part]
    pair = isinstance(part, StampedPart) and part.lr_pair_die
    return [
        part.model_copy(
            update={
                "part_number": part.part_number.replace(SIDE_TOKEN, side),
                "name": part.name.replace(SIDE_TOKEN, side),
                "subassembly": part.subassembly.replace(SIDE_TOKEN, side),
                "sides": (),
                "side": side,
                **({"die_set": part.part_number.replace(SIDE_TOKEN, "LR")} if pair else {}),
            }
        )
        for side in part.sides
    ]


def expand_sided_join(join: Join) -> list[Join]:
    """One join per side, with '{side}' replaced in its parts and sub-assembly."""
    if not join.sides:
        return [join]
    return [
        join.model_copy(
            update={
                "parts": tuple(p.replace(SIDE_TOKEN, side) for p in join.parts),
                "subassembly": join.subassembly.replace(SIDE_TOKEN, side),
                "sides": (),
            }
        )
        for side in join.sides
    ]


def interpolate(start: Any, stop: Any, t: float) -> Any:
    """Linear interpolation of numbers (ints stay ints); anything else is taken from ``start``."""
    if isinstance(start, bool) or not isinstance(start, int | float):
        return start
    value = start + (stop - start) * t
    return round(value) if isinstance(start, int) else value


def interpolate_shape(start: Shape, stop: Shape, t: float) -> Shape:
    """Shape whose numeric parameters lie a fraction ``t`` of the way from ``start`` to ``stop``."""
    first, last = start.model_dump(), stop.model_dump()
    values = {key: interpolate(first[key], last[key], t) for key in first}
    return type(start).model_validate(values)


def member_fields(family: StampedFamily | BoughtFamily, index: int) -> dict[str, Any]:
    """Fields shared by stamped and bought family members: number, name, shape, placement."""
    t = index / (family.count - 1) if family.count > 1 else 0.0
    position = tuple(
        interpolate(a, b, t)
        for a, b in zip(family.position_from_mm, family.position_to_mm, strict=True)
    )
    return {
        "part_number": f"{family.part_number_prefix}-{index + 1:02d}",
        "name": f"{family.name} {index + 1:02d}",
        "subassembly": family.subassembly,
        "material": family.material,
        "shape": interpolate_shape(family.shape_from, family.shape_to, t),
        "placement": Placement(position_mm=position, rotation_deg=family.rotation_deg),
        "source": family.source,
    }


def expand_stamped_family(family: StampedFamily) -> list[StampedPart]:
    """Concrete stamped parts of a family, blank sizes interpolated like the geometry."""
    members = []
    for i in range(family.count):
        t = i / (family.count - 1) if family.count > 1 else 0.0
        members.append(
            StampedPart(
                **member_fields(family, i),
                thickness_mm=family.thickness_mm,
                blank_length_mm=interpolate(*family.blank_length_mm, t),
                blank_width_mm=interpolate(*family.blank_width_mm, t),
                press_line=family.press_line,
                dies=family.dies,
                strokes_per_min=family.strokes_per_min,
                parts_per_stroke=family.parts_per_stroke,
            )
        )
    return members


def expand_bought_family(family: BoughtFamily) -> list[BoughtPart]:
    """Concrete bought parts of a family."""
    return [
        BoughtPart(**member_fields(family, i), unit_price_usd=family.unit_price_usd,
                   supplier=family.supplier)
        for i in range(family.count)
    ]


def family_joins(family: StampedFamily | BoughtFamily) -> list[Join]:
    """Each member joined to its carrier, the carriers taken in turn."""
    return [
        Join(
            subassembly=family.subassembly,
            parts=(
                f"{family.part_number_prefix}-{i + 1:02d}",
                family.join_to[i % len(family.join_to)],
            ),
            type=family.join_type,
            count=family.joints_each,
            note=f"{family.family}: member {i + 1} to its carrier",
        )
        for i in range(family.count)
    ]


def expand_parts(route: RouteSpec) -> list[AnyPart]:
    """All concrete parts of a route: sided parts split, families expanded, in file order."""
    listed: tuple[AnyPart, ...] = (*route.cast_parts, *route.stamped_parts, *route.bought_parts)
    parts: list[AnyPart] = [p for part in listed for p in expand_sided_part(part)]
    parts += [p for family in route.stamped_families for p in expand_stamped_family(family)]
    parts += [p for family in route.bought_families for p in expand_bought_family(family)]
    return parts


def expand_joins(route: RouteSpec) -> list[Join]:
    """All concrete joins of a route: sided joins split, family joins generated."""
    joins = [j for join in route.joins for j in expand_sided_join(join)]
    families: tuple[StampedFamily | BoughtFamily, ...] = (
        *route.stamped_families,
        *route.bought_families,
    )
    return joins + [j for family in families for j in family_joins(family)]
