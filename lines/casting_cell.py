"""The data of a giga-casting cell: melt supply, die thermal state, die life, defect model.

A station with a ``casting_cell`` block is run by ``twin.runtime.casting_cell.CastingCellRuntime``:
each machine of the station is one giga-press cell with its own die; the cells share the
station's melting and holding furnace. Sources of the defaults: ``docs/background/routes.md``
and REFERENCE.md sections 1.5, 1.6 and 5.3 (tags in each field's description).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, PositiveFloat


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FurnaceSpec(_Block):
    """Melting and holding furnace: the metal supply of the cells (kg of liquid aluminium)."""

    melt_rate_kg_h: PositiveFloat = Field(
        3_500.0,
        description="Melting rate of the whole furnace [kg/h]; assumption (X): 20 % above the "
        "pour rate of one cell (90 kg x 3,600 / 110 s), runners and scrap included.",
    )
    holding_capacity_kg: PositiveFloat = Field(
        8_000.0, description="Liquid metal the holding furnace holds [kg]; assumption (X)."
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


class CastingCellSpec(_Block):
    """Per-shot behaviour of a giga-press cell; the cycle time is the station's."""

    shot_mass_kg: PositiveFloat = Field(
        90.0, description="Metal dosed per shot [kg]; REFERENCE 5.3 (A-/B), catalog shot mass."
    )
    part_mass_kg: PositiveFloat = Field(
        62.0, description="Mass of the trimmed casting [kg]; REFERENCE 5.3 (D/X), catalog mass."
    )
    remelt_loss_share: float = Field(
        0.02, ge=0.0, le=1.0, description="Share of returned metal (runners, biscuit, scrap "
        "castings) lost as dross when remelted; REFERENCE 5.3 (X, 1-3 %)."
    )
    furnace: FurnaceSpec = Field(FurnaceSpec(), description="The shared metal supply.")
    die: DieThermalSpec = Field(DieThermalSpec(), description="Die thermal model.")
    warmup_shots: int = Field(
        20, ge=0, description="Shots scrapped after a die change; REFERENCE 5.3 (X, 5-50)."
    )
    die_change_plan: str = Field(
        "die_change", description="Name of the station's maintenance plan that changes the die."
    )
    defect_model: Literal["default", "constant"] = Field(
        "default", description="default: the shipped ml model (~5 % mature scrap, REFERENCE "
        "5.3); constant: a fixed probability per shot (tests, what-ifs)."
    )
    constant_scrap_rate: float = Field(
        0.05, ge=0.0, le=1.0, description="Defect probability per shot of the constant model."
    )
    xray_sensitivity: float = Field(
        0.98, ge=0.0, le=1.0, description="Share of defective castings the X-ray rejects; the "
        "rest escape; assumption (X, REFERENCE 1.8 gives no detection rate)."
    )
    ramp_up: RampUpSpec | None = Field(None, description="Learning curve; None: mature process.")

