"""A study: the question "weld or cast?" asked at one annual demand, as data.

A study holds what both routes share and what the plant decides, each defined once:

* the **demand** [good bodies/yr] and the model life [yr];
* the **operating pattern**: days a week, working days a year (the rest of the weekdays are
  holidays, spread evenly over the year), shifts, shift length, breaks, and per area whether
  it runs through the breaks with relief crews;
* the **equipment policy** per area: dedicated (whole units are bought) or shared with other
  products (the study pays the fraction it uses);
* the **run**: horizon, warm-up, replications, seed, the pilot run that measures a unit's
  capacity, the planning margin, and the risk draws;
* the two **route specs** (process parameters) and the **rates** (economics).

The route specs may not set their own calendar, horizon or warm-up: the study owns those, and
both the simulation and the cost model read them from here (``Study.route_spec``).
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, PositiveInt, model_validator

from lines.file_reader import FileFormatError, read_yaml_mapping, validate
from lines.routes.casting import CastingRouteSpec
from lines.routes.common import RouteSpec
from lines.routes.welded import WeldedRouteSpec
from lines.spec import Break, ShiftCalendar
from lines.vehicle import VehicleSpec

AREAS = ("press_shop", "body_shop", "casting_cell", "casting_finishing", "joining")
"""The plant areas a policy or a break rule applies to (``lines.routes.areas`` maps stations)."""
Area = Literal["press_shop", "body_shop", "casting_cell", "casting_finishing", "joining"]
Policy = Literal["dedicated", "shared"]
STUDY_OWNED = ("calendar", "horizon_days", "warmup_h")
"""Route-spec fields a study sets itself (one owner): refused in a study's route blocks."""
DEFAULT_RELIEF: dict[Area, bool] = {"casting_cell": True, "casting_finishing": True,
                                    "joining": True}
"""Areas that run through the breaks by default: giga cells keep the die hot (X)."""
DEFAULT_POLICY: dict[Area, Policy] = {
    "press_shop": "shared", "body_shop": "dedicated", "casting_cell": "dedicated",
    "casting_finishing": "dedicated", "joining": "dedicated"}
"""Press lines serve the whole car; the rest is this product's (X)."""
MAX_DEMAND = 5_000_000
"""Upper bound of a demand [bodies/yr]: about the output of the five largest car plants."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class OperatingPattern(_Model):
    """When the plant works, and which areas keep running through the breaks."""

    days_per_week: PositiveInt = Field(5, le=7, description="Working days a week (Mon first).")
    working_days_per_year: PositiveFloat = Field(
        240.0, le=365.0,
        description="Working days a year; the weekdays beyond them are holidays, spread "
        "evenly (3 x 7.5 h x 240 d = 5,400 h/yr, a common planning basis; see "
        "docs/background/sources.md).",
    )
    shifts_per_day: PositiveInt = Field(3, le=24, description="Shifts per working day.")
    shift_length_h: PositiveFloat = Field(8.0, le=24.0, description="Length of a shift [h].")
    breaks: tuple[Break, ...] = Field(
        (Break(after_h=4.0, duration_min=30.0),), description="Breaks in every shift."
    )
    relief_crews: dict[Area, bool] = Field(
        default_factory=lambda: dict(DEFAULT_RELIEF),
        description="Areas that run through the breaks with relief crews (their operators' "
        "break time is paid to a relief crew). Giga cells usually do, to keep the die hot; "
        "missing areas stop for the breaks.",
    )

    @model_validator(mode="after")
    def _days_fit_the_weeks(self) -> OperatingPattern:
        most = self.days_per_week * 365.0 / 7.0
        if self.working_days_per_year > most + 1e-9:
            raise ValueError(
                f"working_days_per_year {self.working_days_per_year:g} exceeds the "
                f"{most:.1f} days that {self.days_per_week} days a week give in a year"
            )
        self.calendar()  # shifts and breaks must fit a day and a shift
        return self

    def holidays(self) -> tuple[int, ...]:
        """Weekdays off, spread evenly over the year, so any horizon sees its share of them."""
        weekdays = [d for d in range(365) if d % 7 < self.days_per_week]
        off = len(weekdays) - round(self.working_days_per_year)
        if off <= 0:
            return ()
        step = len(weekdays) / off
        return tuple(weekdays[math.floor((k + 0.5) * step)] for k in range(off))

    def calendar(self, through_breaks: bool = False) -> ShiftCalendar:
        """The shift calendar of the pattern; ``through_breaks`` drops the breaks."""
        return ShiftCalendar(
            shifts_per_day=self.shifts_per_day, shift_length_h=self.shift_length_h,
            days_per_week=self.days_per_week, holidays=self.holidays(),
            breaks=() if through_breaks else self.breaks,
        )

    def runs_through_breaks(self, area: str) -> bool:
        """True if ``area`` keeps running through the breaks (relief crews)."""
        return bool(self.relief_crews.get(area, False))  # type: ignore[call-overload]


class RunSettings(_Model):
    """How the study is simulated and how sure its answer is."""

    horizon_days: PositiveFloat = Field(365.0, le=3_650.0, description="Measured run [days].")
    warmup_h: float = Field(24.0, ge=0.0, le=2_000.0, description="Warm-up [h].")
    replications: PositiveInt = Field(10, le=1_000, description="Replications per route.")
    seed: int = Field(0, ge=0, description="Seed of every random stream.")
    pilot_days: PositiveFloat = Field(
        56.0, le=365.0, description="Horizon of the pilot run that measures one unit's capacity."
    )
    pilot_replications: PositiveInt = Field(
        4, ge=2, le=100, description="Replications of the pilot (at least 2: its spread "
        "sizes the units)."
    )
    meet_demand_confidence: float = Field(
        0.9, ge=0.5, lt=1.0,
        description="Units are sized so that a horizon makes the demand with this probability "
        "(the pilot's spread over the horizon and the uncertainty of its mean).",
    )
    capacity_margin_share: float = Field(
        0.0, ge=0.0, le=0.5,
        description="Planned reserve above the demand on top of that (e.g. for a demand that "
        "may grow); 0 by default.",
    )
    risk_draws: PositiveInt = Field(
        200, le=20_000, description="Monte Carlo draws of the uncertain rates per replication."
    )


class Study(_Model):
    """Both routes at one demand, on one operating pattern, with one set of rates."""

    name: str = Field("default study", min_length=1, description="Name of the study.")
    description: str = Field("", description="Free text for the reader.")
    annual_demand_bodies: PositiveFloat = Field(
        250_000.0, le=MAX_DEMAND,
        description="Good rear underbodies needed a year [good bodies/yr]; Volvo Torslanda/"
        "Kosice class volume (see docs/background/sources.md).",
    )
    model_life_years: PositiveFloat = Field(
        5.0, le=30.0, description="Years the car model is built: dies are written off over it."
    )
    operating_pattern: OperatingPattern = Field(
        OperatingPattern(), description="Working time and breaks."
    )
    equipment_policy: dict[Area, Policy] = Field(
        default_factory=lambda: dict(DEFAULT_POLICY),
        description="Per area: dedicated (whole units bought) or shared with other products "
        "(the fraction used is paid). Missing areas are dedicated.",
    )
    run: RunSettings = Field(RunSettings(), description="Simulation and risk settings.")
    welded: WeldedRouteSpec = Field(WeldedRouteSpec(), description="Welded route parameters.")
    casting: CastingRouteSpec = Field(
        CastingRouteSpec(), description="Casting route parameters."
    )
    vehicle: VehicleSpec = Field(
        VehicleSpec(), description="The car the body goes into: energy, battery, lifecycle "
        "CO2e (lifecycle.csv)."
    )
    rates: dict[str, Any] = Field(
        default_factory=dict,
        description="Cost rates that differ from the defaults (twin.cost.CostRates fields; "
        "tooling_life_years is the study's model_life_years).",
    )

    @model_validator(mode="before")
    @classmethod
    def _routes_leave_time_to_the_study(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        problems = [
            f"{route}.{name}: the study sets it (operating_pattern / run), not the route"
            for route in ("welded", "casting")
            if isinstance(data.get(route), dict)
            for name in STUDY_OWNED
            if name in data[route]
        ]
        if isinstance(data.get("rates"), dict) and "tooling_life_years" in data["rates"]:
            problems.append("rates.tooling_life_years: the study's model_life_years sets it")
        if problems:
            raise ValueError("; ".join(problems))
        return data

    def policy(self, area: str) -> Policy:
        """The equipment policy of ``area`` (dedicated unless the study says shared)."""
        return self.equipment_policy.get(area, "dedicated")  # type: ignore[call-overload, no-any-return]

    def route_spec(self, route: str) -> RouteSpec:
        """The route's spec on the study's calendar, horizon and warm-up."""
        spec: RouteSpec = self.welded if route == "welded" else self.casting
        return spec.with_changes(
            calendar=self.operating_pattern.calendar(), horizon_days=self.run.horizon_days,
            warmup_h=self.run.warmup_h,
        )

    def with_demand(self, annual_demand_bodies: float) -> Study:
        """A validated copy at another demand."""
        return self.with_changes(annual_demand_bodies=annual_demand_bodies)

    def with_changes(self, **changes: Any) -> Study:
        """A validated copy with top-level fields replaced."""
        data = self.model_dump(exclude={"welded", "casting"}) | {
            "welded": self.welded, "casting": self.casting} | changes
        return Study.model_validate(data)


DEFAULT_STUDY = Path(__file__).resolve().parent / "studies" / "default_study.yaml"
"""The shipped study: both routes for 250,000 good bodies a year."""


def load_study(path: str | os.PathLike[str] = DEFAULT_STUDY) -> Study:
    """Read and validate a study file.

    Raises:
        FileFormatError: naming the file and each field that is wrong (a ``ValueError``).
    """
    raw = read_yaml_mapping(path, "study", " (annual_demand_bodies:, operating_pattern:, ...)")
    return study_from_dict(raw, str(path))


def study_from_dict(raw: dict[str, Any], source: str = "study") -> Study:
    """Validate a study given as a mapping (a parsed YAML file)."""
    if not isinstance(raw, dict):
        raise FileFormatError(source, ["a study file holds a mapping of fields"], "study")
    return validate(Study, raw, source, "study")


__all__ = [
    "AREAS",
    "DEFAULT_STUDY",
    "MAX_DEMAND",
    "STUDY_OWNED",
    "Area",
    "OperatingPattern",
    "Policy",
    "RunSettings",
    "Study",
    "load_study",
    "study_from_dict",
]
