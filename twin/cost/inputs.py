"""What the cost model needs to know about one route: its process steps, tooling and material.

Everything is data (frozen pydantic models, ``extra="forbid"``) so a route can be filled by
hand (the hand-computed tests do), from YAML, or from a simulated line
(``twin.cost.inputs_from_route``). A step's cycle time and OEE are per line (or cell); its
scrap rate is the share of units started there that never become good bodies.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, field_validator, model_validator

from lines.routes import REFERENCE_CALENDAR
from lines.spec import ShiftCalendar
from parts_catalog import AlloyMix
from twin.cost.pbcm import available_hours

DAYS_PER_YEAR = 365.0
"""Calendar days of the simulated plant-year (the engine has no holidays)."""

Share = Annotated[float, Field(ge=0.0, le=1.0)]
NonNegative = Annotated[float, Field(ge=0.0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    def with_changes(self, **changes: object) -> Self:
        """A validated copy with fields replaced (``model_copy(update=...)`` skips checks)."""
        return self.model_validate(self.model_dump() | changes)


class OperatingCalendar(_Model):
    """Working time of the plant as the cost model sees it (hours per year).

    Derived from the simulated shift calendar with :meth:`from_shift_calendar`, so that the
    simulation and the cost model share one calendar; the fields have no defaults of their own.
    """

    days_per_year: Annotated[float, Field(gt=0.0, le=366.0)] = Field(
        description="Working days per year."
    )
    shifts_per_day: Annotated[float, Field(gt=0.0, le=24.0)] = Field(
        description="Shifts per working day."
    )
    paid_hours_per_shift: Annotated[float, Field(gt=0.0, le=24.0)] = Field(
        description="Paid hours of one shift (labour cost) [h]."
    )
    productive_hours_per_shift: Annotated[float, Field(gt=0.0, le=24.0)] = Field(
        description="Hours a line can run per shift (breaks excluded) [h]."
    )

    @classmethod
    def from_shift_calendar(cls, calendar: ShiftCalendar) -> OperatingCalendar:
        """The cost calendar of a simulated one: its days a week over a 365-day year."""
        breaks_h = sum(pause.duration_min for pause in calendar.breaks) / 60.0
        return cls(
            days_per_year=calendar.working_days_per_year,
            shifts_per_day=calendar.shifts_per_day,
            paid_hours_per_shift=calendar.shift_length_h,
            productive_hours_per_shift=calendar.shift_length_h - breaks_h,
        )

    @property
    def available_hours_per_year(self) -> float:
        """Hours a line can run per year [h]."""
        return available_hours(
            self.days_per_year, self.shifts_per_day, self.productive_hours_per_shift
        )

    @property
    def paid_hours_per_year(self) -> float:
        """Hours one operator position is paid per year, all shifts [h]."""
        return self.days_per_year * self.shifts_per_day * self.paid_hours_per_shift

    @property
    def break_hours_per_year(self) -> float:
        """Break hours per year of one position: what a relief crew covers [h]."""
        return self.paid_hours_per_year - self.available_hours_per_year

    def step_available_hours(self, relief_crews: bool) -> float:
        """Hours a line runs per year: through the breaks if relief crews cover them [h]."""
        if relief_crews:
            return self.paid_hours_per_year
        return self.available_hours_per_year

    def step_paid_hours(self, relief_crews: bool) -> float:
        """Hours paid per operator position a year, the relief crew's break cover included [h]."""
        if relief_crews:
            return self.paid_hours_per_year + self.break_hours_per_year
        return self.paid_hours_per_year


def reference_calendar() -> OperatingCalendar:
    """The cost calendar of the routes' shipped shift calendar (sources §5.1, X)."""
    return OperatingCalendar.from_shift_calendar(REFERENCE_CALENDAR)


class ProcessStep(_Model):
    """One step of a route (press shop, body shop, giga cell, joining) as the cost model sees it.

    Examples:
        >>> ProcessStep(name="cell", cycle_time_s=110, oee=0.7, capex_per_line_usd=25e6).dedicated
        True
    """

    name: str = Field(min_length=1, description="Name of the step.")
    cycle_time_s: PositiveFloat = Field(description="Ideal time per unit on one line [s].")
    oee: Annotated[float, Field(gt=0.0, le=1.0)] = Field(
        description="Availability x performance of one line (quality is in scrap_rate)."
    )
    scrap_rate: Annotated[float, Field(ge=0.0, lt=1.0)] = Field(
        0.0, description="Share of the units started here that are scrapped here."
    )
    dedicated: bool = Field(
        True, description="Dedicated lines (whole lines are bought) or shared (a fraction)."
    )
    capex_per_line_usd: NonNegative = Field(0.0, description="Equipment capex per line [US$].")
    life_years: Annotated[float, Field(gt=0.0)] | None = Field(
        None, description="Equipment life [yr]; None: the rates' equipment_life_years."
    )
    operators_per_shift: NonNegative = Field(0.0, description="Direct operators per line/shift.")
    floor_space_m2: NonNegative = Field(0.0, description="Floor space per line [m2].")
    energy_kwh_per_unit: NonNegative = Field(
        0.0, description="Electricity per unit started at this step [kWh]."
    )
    material_feed: Literal["sheet", "alloy"] | None = Field(
        None, description="The material this step consumes (sheet blanks or liquid alloy)."
    )
    relief_crews: bool = Field(
        False, description="Runs through the breaks, relief crews covering them (more hours "
        "a year, and the cover paid)."
    )
    lines_installed: Annotated[float, Field(gt=0.0)] | None = Field(
        None, description="Lines (cells) as sized for the demand: whole units if dedicated, "
        "the fraction used if shared. None: the operations model derives them from the "
        "volume, cycle and OEE."
    )


class Tooling(_Model):
    """A die set (or fixture set) of a step, worn by the units it makes or by time."""

    name: str = Field(min_length=1, description="Name of the tooling.")
    step: str = Field(description="The step that uses it.")
    capex_usd: NonNegative = Field(description="Price of one set [US$].")
    life_units: PositiveFloat | None = Field(
        None, description="Units (shots, hits) one set makes before it is worn; None: by time."
    )
    per_line: bool = Field(
        False, description="One set per line or cell (a giga die) or one set for the route."
    )


class MaterialInputs(_Model):
    """Material of one good body before scrap, with its prices as the parts catalog gives them.

    Masses and prices come from the catalog (``twin.cost.defaults.material_inputs``): the
    catalog owns every material price, so a price changed there (or by a lever on both
    routes) moves the Parts page and the cost model together.
    """

    sheet_blank_kg: NonNegative = Field(0.0, description="Steel blanks bought [kg].")
    sheet_offal_kg: NonNegative = Field(0.0, description="Blank offal sold [kg].")
    alloy_part_kg: NonNegative = Field(0.0, description="Mass of the good casting(s) [kg].")
    alloy_shot_kg: NonNegative = Field(0.0, description="Metal poured per shot [kg].")
    bought_parts_usd: NonNegative = Field(0.0, description="Bought-in parts [US$].")
    consumables_usd: NonNegative = Field(
        0.0, description="What the joints consume per body (rivets, screws, adhesive, "
        "electrode wear) [US$]: the catalog's joins x its join_consumables prices."
    )
    blank_premium_usd: NonNegative = Field(
        0.0, description="Service-centre premium for one body's set of bought blanks [US$] "
        "(0 when the press shop blanks in-house)."
    )
    press_scrap_share: Annotated[float, Field(ge=0.0, lt=1.0)] = Field(
        0.0, description="Pressed parts scrapped in production: 1 / (1 - share) blank sets "
        "are bought per good set (the press shop's, WeldedRouteSpec.press_scrap_share)."
    )
    sheet_usd_per_kg: NonNegative = Field(
        0.0, description="Blank-mass-weighted coil price of the sheet grades [US$/kg]."
    )
    offal_credit_usd_per_kg: NonNegative = Field(
        0.0, description="Offal-weighted credit for steel offal and scrap sold [US$/kg]."
    )
    alloy_usd_per_kg: NonNegative = Field(0.0, description="Casting alloy price [US$/kg].")
    remelt_loss_share: Share = Field(
        0.0, description="Dross loss of remelted runners and scrap castings (the route's)."
    )
    sheet_kg_co2e_per_kg: NonNegative = Field(
        0.0, description="Blank-mass-weighted footprint of the sheet grades [kg CO2e/kg]."
    )
    alloy_kg_co2e_per_kg: NonNegative = Field(
        0.0, description="Footprint of the casting alloy bought [kg CO2e/kg] (the catalog's)."
    )
    alloy_mix: AlloyMix | None = Field(
        None, description="The alloy's primary/recycled mix as the catalog gives it (None: "
        "no recycled-share lever); the recycled_al_share lever moves price and footprint."
    )

    @model_validator(mode="after")
    def _masses_consistent(self) -> MaterialInputs:
        if self.sheet_offal_kg > self.sheet_blank_kg:
            raise ValueError("sheet_offal_kg must not exceed sheet_blank_kg")
        if self.alloy_part_kg > self.alloy_shot_kg:
            raise ValueError("alloy_part_kg must not exceed alloy_shot_kg")
        return self

    @property
    def sheet_part_kg(self) -> float:
        """Steel in the finished parts [kg]."""
        return self.sheet_blank_kg - self.sheet_offal_kg


class CountedDieEvents(_Model):
    """Giga-die events a simulation counted, for the die economics of ``twin.cost.tooling``.

    With these, the giga die's cost per body comes from the events (die sets over the model
    life, insert refurbishments, damage repairs, a spare) instead of a ``Tooling`` item.
    """

    shots: PositiveFloat = Field(description="Shots the cells made in the measured period.")
    good_bodies: PositiveFloat = Field(description="Good bodies in the same period.")
    insert_refurbishments: NonNegative = Field(0.0, description="Refurbishments counted.")
    die_damages: NonNegative = Field(0.0, description="Unplanned die damages counted.")
    cells: Annotated[int, Field(ge=1)] = Field(description="Cells, each with its own die.")
    die_life_shots: Annotated[int, Field(ge=1)] = Field(description="Shots per die set.")
    spare_die: bool = Field(False, description="A spare die set is bought.")


class StampingDies(_Model):
    """The stamping dies of a route's pressed parts, costed from their strokes (wear, upkeep).

    With these, ``twin.cost.tooling.stamping_die_cost_per_body`` prices the dies (sets with
    wear-out rebuilds over the model life, and tool-room maintenance per stroke) instead of a
    ``Tooling`` item: the route has one or the other, never both.
    """

    strokes_per_set_by_die: dict[str, PositiveFloat] = Field(
        min_length=1, description="Press strokes per body's set of parts, by die set (part "
        "number, or a left/right pair on one double die), press scrap included."
    )
    die_sets_usd: PositiveFloat = Field(description="All the route's stamping dies [US$].")


class RouteCostInputs(_Model):
    """Everything the PBCM needs about one route at one annual volume."""

    route: str = Field(min_length=1, description="Route name (welded, casting, ...).")
    annual_volume_units: PositiveFloat = Field(description="Good bodies needed per year.")
    calendar: OperatingCalendar = Field(
        default_factory=reference_calendar,
        description="Working time (default: the routes' shipped shift calendar).",
    )
    steps: tuple[ProcessStep, ...] = Field(min_length=1, description="Steps in flow order.")
    tooling: tuple[Tooling, ...] = Field((), description="Dies and fixtures.")
    material: MaterialInputs = Field(MaterialInputs(), description="Material per body.")
    melt_kwh_per_kg: NonNegative = Field(
        0.0, description="Melting and holding energy per kg of metal charged [kWh/kg]."
    )
    die_events: CountedDieEvents | None = Field(
        None, description="Giga-die events counted by a simulation (die economics from events)."
    )
    stamping_dies: StampingDies | None = Field(
        None, description="Stamping dies costed from their strokes (wear and upkeep)."
    )
    source: str = Field("", description="Where the figures come from (hand, simulation, ...).")

    @field_validator("steps")
    @classmethod
    def _unique_steps(cls, steps: tuple[ProcessStep, ...]) -> tuple[ProcessStep, ...]:
        names = [step.name for step in steps]
        if len(set(names)) != len(names):
            raise ValueError(f"step names must be unique, got {names}")
        return steps

    @model_validator(mode="after")
    def _tooling_on_known_steps(self) -> RouteCostInputs:
        names = {step.name for step in self.steps}
        for tool in self.tooling:
            if tool.step not in names:
                raise ValueError(f"tooling {tool.name!r}: unknown step {tool.step!r}")
        return self

    def step(self, name: str) -> ProcessStep:
        """The step called ``name``."""
        return next(step for step in self.steps if step.name == name)

    def with_volume(self, annual_volume_units: float) -> RouteCostInputs:
        """A validated copy at another annual volume."""
        return self.with_changes(annual_volume_units=annual_volume_units)
