"""What both route specs share: validation, what-if copies, YAML files, plant-level defaults."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, PositiveFloat

from lines.spec import Break, PowerDraw, ShiftCalendar

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"
"""Where the shipped route files live (``lines/scenarios``)."""

REFERENCE_CALENDAR = ShiftCalendar(
    shifts_per_day=3,
    shift_length_h=8.0,
    days_per_week=5,
    breaks=(Break(after_h=4.0, duration_min=30.0),),
)
"""3 shifts of 7.5 productive hours (8 h with a 30 min break), 5 days a week: REFERENCE 5.1
(3 x 7.5 h x 240 d = 5,400 h/yr, X); 5 days a week gives ~260 days, close to 240."""


class RouteSpec(BaseModel):
    """Base of the route parameter specs: frozen, strict, re-validated on every change."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="Name of the scenario built from this spec.")
    horizon_days: PositiveFloat = Field(7.0, description="Measured run length [days].")
    warmup_h: float = Field(24.0, ge=0.0, description="Warm-up before measuring [h].")
    calendar: ShiftCalendar = Field(
        REFERENCE_CALENDAR, description="Shift calendar; REFERENCE 5.1 (X)."
    )

    def with_changes(self, **changes: Any) -> Self:
        """A validated copy with fields replaced (``model_copy(update=...)`` skips checks).

        Examples:
            >>> from lines.routes import CastingRouteSpec
            >>> CastingRouteSpec().with_changes(cells=2, die_life_shots=80_000).cells
            2
        """
        return type(self).model_validate(self.model_dump() | changes)


def power_by_state(working_kw: float, idle: float, down: float, off: float) -> PowerDraw:
    """Power per state as shares of the working power (shares: assumptions, X)."""
    return PowerDraw(
        working_kw=working_kw, idle_kw=working_kw * idle, down_kw=working_kw * down,
        off_shift_kw=working_kw * off,
    )


def load_route_spec(path: str | os.PathLike[str]) -> RouteSpec:
    """Read a route parameter file; its ``route:`` key says welded or casting."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return route_spec_from_dict(raw, str(path))


def route_spec_from_dict(raw: object, source: str = "route file") -> RouteSpec:
    """Validate route parameters given as a mapping with a ``route: welded|casting`` key."""
    from lines.routes.casting import CastingRouteSpec
    from lines.routes.welded import WeldedRouteSpec

    if not isinstance(raw, dict):
        raise ValueError(f"{source}: a route file holds a mapping of fields, e.g. 'route: casting'")
    kinds: dict[str, type[RouteSpec]] = {"welded": WeldedRouteSpec, "casting": CastingRouteSpec}
    fields = dict(raw)
    route = fields.pop("route", None)
    if route not in kinds:
        raise ValueError(f"{source}: 'route' must be one of {sorted(kinds)}, got {route!r}")
    return kinds[route].model_validate(fields)
