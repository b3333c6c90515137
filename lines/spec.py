"""The scenario: a production line described as data (frozen pydantic models), loaded from YAML.

A scenario lists sources (where units enter), stations (one or more parallel machines with an
input buffer), the routing between them, failures, planned maintenance, changeovers, a shift
calendar and the run length. Everything is validated on load; a mistake is reported with the
field that holds it and what was expected. The engine (``twin.runtime.engine``) turns a
scenario into SimPy processes.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeFloat,
    PositiveFloat,
    PositiveInt,
    field_validator,
    model_validator,
)

from lines.casting_cell import CastingCellSpec, FinishingSpec
from lines.distributions import Distribution
from lines.learning import LearningCurveSpec
from lines.limits import (
    BatchUnitsBound,
    HorizonDaysBound,
    MachinesBound,
    WarmupHBound,
    check_run_size,
)
from lines.supermarket import SupermarketLink, SupermarketSpec, check_supermarket_links
from lines.topology import EXIT, check_topology

Probability = Annotated[float, Field(ge=0.0, le=1.0)]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_by_name=True, serialize_by_alias=True,
        allow_inf_nan=False,  # every number finite: no field gives infinity a meaning
    )


class Break(_Model):
    """A pause inside every shift (lunch, team meeting) during which stations stop."""

    after_h: NonNegativeFloat = Field(description="Start of the break after the shift start [h].")
    duration_min: PositiveFloat = Field(description="Length of the break [min].")


class ShiftCalendar(_Model):
    """When the plant works: shifts per day, days per week and breaks; the rest is off-shift."""

    shifts_per_day: PositiveInt = Field(3, le=24, description="Shifts per working day.")
    shift_length_h: PositiveFloat = Field(8.0, description="Length of one shift [h].")
    first_shift_start_h: NonNegativeFloat = Field(
        0.0, lt=24, description="Start of the first shift after midnight [h]."
    )
    days_per_week: PositiveInt = Field(7, le=7, description="Working days per week (Mon first).")
    breaks: tuple[Break, ...] = Field((), description="Breaks repeated in every shift.")
    holidays: tuple[Annotated[int, Field(ge=0, le=364)], ...] = Field(
        (),
        description="Days of the year (0 = the first day of the run) on which nobody works, "
        "although the weekly pattern would; the calendar then repeats every 365 days.",
    )

    @field_validator("holidays")
    @classmethod
    def _sorted_unique(cls, days: tuple[int, ...]) -> tuple[int, ...]:
        if len(set(days)) != len(days):
            raise ValueError("holidays must not repeat a day")
        return tuple(sorted(days))

    @property
    def working_days_per_year(self) -> float:
        """Days a year with shifts: the weekly pattern over 365 days, less the holidays.

        Without holidays the pattern is weekly and a year has ``days_per_week x 365 / 7``
        working days; with holidays the calendar is the 365-day year itself, so the days are
        counted (a holiday on a day off is no loss).
        """
        if not self.holidays:
            return self.days_per_week * 365.0 / 7.0
        off = set(self.holidays)
        return float(sum(1 for day in range(365)
                         if day % 7 < self.days_per_week and day not in off))

    @model_validator(mode="after")
    def _fits_in_a_day(self) -> ShiftCalendar:
        if self.shifts_per_day * self.shift_length_h > 24 + 1e-9:
            raise ValueError(
                f"shifts_per_day x shift_length_h must be <= 24 h, "
                f"got {self.shifts_per_day} x {self.shift_length_h} h"
            )
        for index, pause in enumerate(self.breaks):
            if pause.after_h + pause.duration_min / 60 > self.shift_length_h + 1e-9:
                raise ValueError(f"breaks[{index}] ends after the end of the shift")
        if sum(pause.duration_min for pause in self.breaks) >= self.shift_length_h * 60:
            raise ValueError("breaks take up the whole shift: no working time is left")
        return self


class ProductShare(_Model):
    """A product variant released by a source, with its share of the mix."""

    name: str = Field(min_length=1, description="Product (variant) name.")
    share: PositiveFloat = Field(1.0, description="Relative share of the mix (normalised).")


class Source(_Model):
    """Where units enter the line: an unlimited supply or an arrival process."""

    name: str = Field(min_length=1, description="Unique name of the source.")
    to: str = Field(description="Station that receives the units.")
    interarrival_s: Distribution | None = Field(
        None, description="Time between arrivals [s]; omit for an unlimited supply."
    )
    products: tuple[ProductShare, ...] = Field(
        (ProductShare(name="default"),), min_length=1, description="Product mix of the source."
    )
    batch_size_units: Annotated[PositiveInt, BatchUnitsBound] = Field(
        1, description="Units released in a row of the same product (a lot)."
    )
    supermarket: SupermarketLink | None = Field(
        None,
        description="For an unlimited source: release the batch orders or the kits of a "
        "parts supermarket instead of an endless supply.",
    )
    backlog: bool = Field(
        False,
        description="A release schedule: units the station cannot take yet wait in an "
        "unlimited order backlog, so releases never slip (the station's buffer capacity does "
        "not limit them). False: the source blocks while the buffer is full.",
    )

    @model_validator(mode="after")
    def _backlog_needs_arrivals(self) -> Source:
        if self.backlog and self.interarrival_s is None:
            raise ValueError("backlog needs interarrival_s (a release schedule)")
        return self


class FailureMode(_Model):
    """A way a machine breaks down: time between failures and time to repair."""

    name: str = Field("breakdown", description="Name of the failure mode.")
    time_between_failures_h: Distribution = Field(description="Time between failures [h].")
    time_to_repair_min: Distribution = Field(description="Time to repair [min].")
    basis: Literal["operating", "calendar"] = Field(
        "operating",
        description=(
            "operating: the failure clock runs only while the machine works; calendar: it runs "
            "whenever the plant is on shift, also while the machine waits."
        ),
    )


class MaintenancePlan(_Model):
    """Planned maintenance after a number of cycles or of on-shift hours."""

    name: str = Field("maintenance", description="Name of the plan (e.g. die change).")
    every_cycles: PositiveInt | None = Field(None, description="Cycles between two stops.")
    every_h: PositiveFloat | None = Field(None, description="On-shift hours between two stops.")
    duration_min: Distribution = Field(description="Length of the stop [min].")

    @model_validator(mode="after")
    def _one_trigger(self) -> MaintenancePlan:
        if (self.every_cycles is None) == (self.every_h is None):
            raise ValueError("give exactly one of every_cycles or every_h")
        return self


class PowerDraw(_Model):
    """Electric power drawn by one machine in each state, for the energy balance."""

    working_kw: NonNegativeFloat = Field(0.0, description="While working or in setup [kW].")
    idle_kw: NonNegativeFloat = Field(0.0, description="While blocked or starved [kW].")
    down_kw: NonNegativeFloat = Field(0.0, description="While failed or in maintenance [kW].")
    off_shift_kw: NonNegativeFloat = Field(0.0, description="While off shift [kW].")


class Station(_Model):
    """A workstation: parallel identical machines that take units from one input buffer."""

    name: str = Field(min_length=1, description="Unique name of the station.")
    machines: Annotated[PositiveInt, MachinesBound] = Field(
        1, description="Identical machines working in parallel."
    )
    cycle_time_s: Distribution = Field(description="Processing time of one unit [s].")
    cycle_time_s_by_product: dict[str, Distribution] = Field(
        default_factory=dict,
        description="Processing time per product, overriding cycle_time_s [s].",
    )
    buffer_capacity: int | None = Field(
        None,
        ge=0,
        description=(
            "Units the input buffer holds (0: no buffer, direct hand-over); omit for unlimited. "
            "A full buffer blocks the upstream machine after service."
        ),
    )
    next: str | dict[str, Probability] = Field(
        EXIT,
        description="Where good units go: a station, 'exit', or {station: probability}.",
    )
    assembles: tuple[str, ...] = Field(
        (),
        description=(
            "For an assembly station: the stations or sources that each deliver one unit per "
            "assembly; the machine waits for one unit of each."
        ),
    )
    scrap_probability: Probability = Field(0.0, description="Share of units scrapped here.")
    rework_probability: Probability = Field(0.0, description="Share of units sent to rework.")
    rework_to: str | None = Field(
        None, description="Station that reworks them (default: this station, at once)."
    )
    failures: tuple[FailureMode, ...] = Field((), description="Failure modes of each machine.")
    maintenance: tuple[MaintenancePlan, ...] = Field((), description="Planned maintenance.")
    changeover_min: Distribution | None = Field(
        None, description="Setup time when the product changes [min]."
    )
    calendar: ShiftCalendar | None = Field(
        None, description="Shift calendar of this station (default: the scenario's)."
    )
    power: PowerDraw = Field(PowerDraw(), description="Power per machine by state.")
    operators_per_shift: NonNegativeFloat = Field(0.0, description="Direct operators per shift.")
    floor_space_m2: NonNegativeFloat = Field(0.0, description="Floor space of the station [m2].")
    casting_cell: CastingCellSpec | None = Field(
        None, description="Makes each machine a giga-casting cell (die state, defect model)."
    )
    supermarket: SupermarketSpec | None = Field(
        None, description="Makes the station the put-away of a parts supermarket."
    )
    finishing: FinishingSpec | None = Field(
        None, description="Makes the station a step of a casting finishing chain (X-ray, "
        "laser trim, dimensional check, ...): rejects castings by defect class."
    )
    learning_curve: LearningCurveSpec | None = Field(
        None, description="Start-of-production learning curve: scrap and rework odds and "
        "the cycle raised at SOP, decaying to the mature values."
    )

    @model_validator(mode="after")
    def _cycles_take_time(self) -> Station:
        # a zero-time station fed by an unlimited supply would loop for ever at one instant
        if self.cycle_time_s.mean <= 0:
            raise ValueError("cycle_time_s: the mean cycle time must be > 0 s")
        for product, cycle in self.cycle_time_s_by_product.items():
            if cycle.mean <= 0:
                raise ValueError(f"cycle_time_s_by_product[{product!r}]: the mean must be > 0 s")
        return self

    @model_validator(mode="after")
    def _probabilities_add_up(self) -> Station:
        if self.scrap_probability + self.rework_probability > 1 + 1e-12:
            raise ValueError(
                f"scrap_probability + rework_probability must be <= 1, got "
                f"{self.scrap_probability} + {self.rework_probability}"
            )
        if isinstance(self.next, dict):
            if not self.next:
                raise ValueError("next: give at least one target")
            total = sum(self.next.values())
            if not math.isclose(total, 1.0, abs_tol=1e-9):
                raise ValueError(f"next: routing probabilities must sum to 1, got {total:g}")
        return self

    @property
    def targets(self) -> tuple[str, ...]:
        """Every place a good unit can go after this station."""
        return (self.next,) if isinstance(self.next, str) else tuple(self.next)


class Scenario(_Model):
    """A complete line and how long to run it; the input of every simulation."""

    name: str = Field(min_length=1, description="Name of the scenario.")
    description: str = Field("", description="Free text for the reader.")
    horizon_days: Annotated[PositiveFloat, HorizonDaysBound] = Field(
        7.0, description="Measured run length after the warm-up [days of 24 h]."
    )
    warmup_h: Annotated[NonNegativeFloat, WarmupHBound] = Field(
        0.0, description="Warm-up run before measuring; its statistics are discarded [h]."
    )
    calendar: ShiftCalendar | None = Field(
        None, description="Shift calendar of the line; omit for 24/7 operation."
    )
    sources: tuple[Source, ...] = Field(description="Where units enter (at least one).")
    stations: tuple[Station, ...] = Field(description="The stations of the line (at least one).")

    @field_validator("sources", "stations")
    @classmethod
    def _not_empty(cls, items: tuple[object, ...]) -> tuple[object, ...]:
        if not items:
            raise ValueError("give at least one")
        return items

    @field_validator("stations")
    @classmethod
    def _unique_station_names(cls, stations: tuple[Station, ...]) -> tuple[Station, ...]:
        seen: set[str] = set()
        for index, station in enumerate(stations):
            if station.name in seen:
                raise ValueError(f"stations[{index}].name: duplicate station name {station.name!r}")
            if station.name == EXIT:
                raise ValueError(f"stations[{index}].name: {EXIT!r} is reserved for the line exit")
            seen.add(station.name)
        return stations

    @model_validator(mode="after")
    def _line_is_consistent(self) -> Scenario:
        check_topology(self)
        check_supermarket_links(
            {station.name: station.supermarket for station in self.stations},
            {source.name: source.supermarket for source in self.sources if source.supermarket},
        )
        check_run_size(self)
        return self

    def station(self, name: str) -> Station:
        """Return the station called ``name``."""
        for station in self.stations:
            if station.name == name:
                return station
        raise KeyError(name)

    def with_changes(self, **changes: object) -> Scenario:
        """Return a validated copy with top-level fields replaced (``model_copy`` skips checks)."""
        return Scenario.model_validate(self.model_dump() | changes)

    def digest(self) -> str:
        """A short stable hash of the scenario's content, to tie results to their input."""
        payload = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    @property
    def horizon_s(self) -> float:
        """Measured run length [s]."""
        return self.horizon_days * 86_400.0

    @property
    def warmup_s(self) -> float:
        """Warm-up length [s]."""
        return self.warmup_h * 3_600.0
