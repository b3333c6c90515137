"""The data of a giga-casting cell: melt supply, die thermal state, die life, defect model.

A station with a ``casting_cell`` block is run by ``twin.runtime.casting_cell.CastingCellRuntime``:
each machine of the station is one giga-press cell with its own die; the cells share the
station's melting and holding furnace. Sources of the defaults: ``docs/background/routes.md``
and REFERENCE.md sections 1.5, 1.6 and 5.3 (tags in each field's description).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, PositiveFloat, model_validator


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FurnaceSpec(_Block):
    """Melting and holding furnace: the metal supply of the cells (kg of liquid aluminium).

    No defaults: the route spec that builds the cell owns the sizes (per cell, times cells).
    """

    melt_rate_kg_h: PositiveFloat = Field(description="Melting rate of the whole furnace [kg/h].")
    holding_capacity_kg: PositiveFloat = Field(
        description="Liquid metal the holding furnace holds [kg]."
    )
    initial_level_share: float = Field(
        1.0, ge=0.0, le=1.0, description="Share of the holding capacity full at the start."
    )


class DieThermalSpec(_Block):
    """First-order die thermal model (assumption X; see twin.runtime.casting_cell's docstring)."""

    operating_temp_c: float = Field(
        200.0, description="Pre-shot die temperature in steady production [degC]; REFERENCE "
        "5.3 (C/X, window 150-250)."
    )
    idle_temp_c: float = Field(
        120.0, description="Temperature the idle die settles at, held by the thermal units "
        "[degC]; assumption (X), REFERENCE 3.2 keeps the die > ~120 degC (C)."
    )
    cooling_time_constant_min: PositiveFloat = Field(
        40.0, description="Time constant of cooling towards idle_temp_c while idle [min]; "
        "assumption (X) for a >100 t die (REFERENCE 1.2)."
    )
    heating_time_constant_shots: PositiveFloat = Field(
        6.0, description="Shots for the die to close 63 % of the gap to operating_temp_c; "
        "assumption (X)."
    )
    warmup_threshold_c: float = Field(
        180.0, description="Below this pre-shot die temperature a shot is warm-up scrap "
        "[degC]; assumption (X)."
    )
    preheat_temp_c: float = Field(
        150.0, description="Die temperature after a die change (preheated off-line) [degC]; "
        "assumption (X)."
    )
    cycle_gap_s: NonNegativeFloat = Field(
        5.0, description="Idle gap between shots that counts as continuous running [s]; "
        "assumption (X)."
    )


class RampUpSpec(_Block):
    """Learning curve from start of production: scrap odds x factor decaying to 1."""

    days_since_sop: NonNegativeFloat = Field(
        0.0, description="Age of the process at the start of the run [days]."
    )
    start_odds_factor: float = Field(
        19.0, ge=1.0, description="Scrap-odds multiplier at SOP; 19 turns 5 % into 50 %. "
        "REFERENCE 5.3 (D, Giga Berlin rumour; 3.6 gives 10-20x)."
    )
    time_constant_days: PositiveFloat = Field(
        91.0, description="Exponential time constant of the learning curve [days]; "
        "REFERENCE 5.3 (3 months; shape X)."
    )


DIE_CHANGE_PLAN = "die_change"
"""Name of the maintenance plan that changes a cell's die (the cell's runtime and cost read it)."""

DefectModelName = Literal["default", "constant"]
"""default: the shipped ml model (~5 % mature scrap, REFERENCE 5.3); constant: a fixed rate."""


class CastingCellSpec(_Block):
    """Per-shot behaviour of a giga-press cell; the cycle time is the station's.

    The process figures have no defaults here: a route spec (``lines.routes.CastingRouteSpec``)
    owns them with their sources, and a hand-written cell states them.
    """

    shot_mass_kg: PositiveFloat = Field(description="Metal dosed per shot [kg].")
    part_mass_kg: PositiveFloat = Field(description="Mass of the trimmed casting [kg].")
    remelt_loss_share: float = Field(
        ge=0.0, le=1.0, description="Share of returned metal (runners, biscuit, scrap "
        "castings) lost as dross when remelted."
    )
    furnace: FurnaceSpec = Field(description="The shared metal supply.")
    die: DieThermalSpec = Field(DieThermalSpec(), description="Die thermal model.")
    warmup_shots: int = Field(ge=0, description="Shots scrapped after a die change.")
    die_change_plan: str = Field(
        DIE_CHANGE_PLAN, description="Name of the station's maintenance plan that changes the die."
    )
    defect_model: DefectModelName = Field(description="Which defect model scores each shot.")
    constant_scrap_rate: float = Field(
        ge=0.0, le=1.0, description="Defect probability per shot of the constant model."
    )
    xray_sensitivity: float = Field(
        ge=0.0, le=1.0, description="Share of defective castings the X-ray rejects; the rest "
        "escape."
    )
    ramp_up: RampUpSpec | None = Field(None, description="Learning curve; None: mature process.")

    @model_validator(mode="after")
    def _part_lighter_than_shot(self) -> CastingCellSpec:
        if self.part_mass_kg >= self.shot_mass_kg:
            raise ValueError(f"part_mass_kg {self.part_mass_kg:g} must be below shot_mass_kg "
                             f"{self.shot_mass_kg:g} (the runners and biscuit are remelted)")
        return self
