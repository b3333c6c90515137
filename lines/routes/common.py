"""What both route specs share: validation, what-if copies, YAML files, plant-level defaults."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat

from lines.limits import HorizonDaysBound, WarmupHBound
from lines.spec import Break, PowerDraw, Scenario, ShiftCalendar, Source, Station

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"
"""Where the shipped route files live (``lines/scenarios``)."""

REFERENCE_CALENDAR = ShiftCalendar(
    shifts_per_day=3,
    shift_length_h=8.0,
    days_per_week=5,
    breaks=(Break(after_h=4.0, duration_min=30.0),),
)
"""3 shifts of 7.5 productive hours (8 h with a 30 min break), 5 days a week: sources §5.1
(3 x 7.5 h x 240 d = 5,400 h/yr, X); 5 days a week gives ~260 days, close to 240."""


class RouteSpec(BaseModel):
    """Base of the route parameter specs: frozen, strict, re-validated on every change."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    name: str = Field(description="Name of the scenario built from this spec.")
    horizon_days: Annotated[PositiveFloat, HorizonDaysBound] = Field(
        7.0, description="Measured run length [days].")
    warmup_h: Annotated[float, WarmupHBound] = Field(
        24.0, ge=0.0, description="Warm-up before measuring [h].")
    calendar: ShiftCalendar = Field(
        REFERENCE_CALENDAR, description="Shift calendar; sources §5.1 (X)."
    )

    def with_changes(self, **changes: Any) -> Self:
        """A validated copy with fields replaced (``model_copy(update=...)`` skips checks).

        Examples:
            >>> from lines.routes import CastingRouteSpec
            >>> CastingRouteSpec().with_changes(cells=2, die_life_shots=80_000).cells
            2
        """
        return type(self).model_validate(self.model_dump() | changes)


def route_scenario(
    spec: RouteSpec, description: str, sources: Sequence[Source], stations: Sequence[Station]
) -> Scenario:
    """A route's engine scenario: its stations and sources with the spec's run and calendar."""
    return Scenario(
        name=spec.name, description=description, horizon_days=spec.horizon_days,
        warmup_h=spec.warmup_h, calendar=spec.calendar, sources=tuple(sources),
        stations=tuple(stations),
    )


def power_by_state(working_kw: float, idle: float, down: float, off: float) -> PowerDraw:
    """Power per state as shares of the working power (shares: assumptions, X)."""
    return PowerDraw(
        working_kw=working_kw, idle_kw=working_kw * idle, down_kw=working_kw * down,
        off_shift_kw=working_kw * off,
    )
