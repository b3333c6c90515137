"""The data of a giga-casting cell: melt supply, die thermal state, die life, defect model.

A station with a ``casting_cell`` block is run by ``twin.runtime.casting_cell.CastingCellRuntime``:
each machine of the station is one giga-press cell with its own die; the cells share the
station's melting and holding furnace. Sources of the defaults: ``docs/background/routes.md``
and sources §1.5, 1.6 and 5.3 (tags in each field's description).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeFloat,
    PositiveFloat,
    field_validator,
    model_validator,
)

DEFECT_CLASS_NAMES: tuple[str, ...] = (
    "gas_porosity", "shrinkage_porosity", "cold_shut", "hot_tear", "soldering", "dimensional",
)
"""The defect classes of the shipped defect model (``ml`` owns them; repeated here so a spec
can be checked without importing ``ml``; ``tests/lines`` checks that the two agree)."""

XRAY_SENSITIVITY: dict[str, float] = {
    "gas_porosity": 0.98, "shrinkage_porosity": 0.98, "cold_shut": 0.90, "hot_tear": 0.85,
    "soldering": 0.0, "dimensional": 0.0,
}
"""Share of castings with each defect that the X-ray rejects; assumption (X). X-ray sees
internal voids and cracks (porosity, cold shuts, hot tears; EPO, Dakak 2019), not shape
errors or die soldering on the surface, so those two are 0."""

DIMENSIONAL_CHECK_SENSITIVITY: dict[str, float] = {"dimensional": 0.95, "soldering": 0.50}
"""Share the CMM/optical check rejects; assumption (X): it measures the shape (dimensional,
distortion; S&P Global Mobility 2023) and its cameras see some surface soldering."""


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


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
        200.0, description="Pre-shot die temperature in steady production [degC]; sources "
        "§5.3 (C/X, window 150-250)."
    )
    idle_temp_c: float = Field(
        190.0, description="Temperature the thermal-oil units hold the idle die at [degC]; "
        "assumption (X): oil circulated near the operating set-point, inside the practitioners' "
        "150-250 degC window (die-eg, C). 120 is a die kept only above its ~120 degC minimum."
    )
    thermal_units_hold_h: PositiveFloat | None = Field(
        8.0, description="Longest stop the thermal units hold the die through [h]; after it "
        "they are switched off and the die cools towards ambient_temp_c (weekends, long "
        "repairs); None: always held. Assumption (X)."
    )
    ambient_temp_c: float = Field(
        30.0, description="Temperature an unheated die cools towards [degC]; assumption (X)."
    )
    cooling_time_constant_min: PositiveFloat = Field(
        40.0, description="Time constant of cooling towards idle_temp_c while idle [min]; "
        "assumption (X) for a >100 t die (sources §1.2)."
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


class DieDamageSpec(_Block):
    """Unplanned die damage (soldering build-up, heat checking, cracks) as a wear-out failure.

    Damages follow a Weibull hazard in the die's shots since its last change: the expected
    number by age *a* is ``(a / scale_shots) ** shape``, so with ``shape > 1`` the rate rises
    with die age (heat checking grows with thermal cycles: diecastingdesign.org, B/C; rates X).
    """

    scale_shots: PositiveFloat = Field(
        120_000.0, description="Weibull scale [shots]: one expected damage by this age; "
        "assumption (X), about 0.7 damages over a 100k-shot die life."
    )
    shape: float = Field(
        2.0, ge=1.0, description="Weibull shape (1: constant rate, >1: rising with age); X."
    )
    repair_h: PositiveFloat = Field(
        12.0, description="Mean repair stop in the press (exponential) [h]; assumption (X)."
    )


class RampUpSpec(_Block):
    """Learning curve from start of production: scrap odds x factor decaying to 1."""

    days_since_sop: NonNegativeFloat = Field(
        0.0, description="Age of the process at the start of the run [days]."
    )
    start_odds_factor: float = Field(
        19.0, ge=1.0, description="Scrap-odds multiplier at SOP; 19 turns 5 % into 50 %. "
        "sources §5.3 (D, Giga Berlin rumour; 3.6 gives 10-20x)."
    )
    time_constant_days: PositiveFloat = Field(
        91.0, description="Exponential time constant of the learning curve [days]; "
        "sources §5.3 (3 months; shape X)."
    )


DIE_CHANGE_PLAN = "die_change"
"""Name of the maintenance plan that changes a cell's die (the cell's runtime and cost read it)."""
REFURBISHMENT_PLAN = "insert_refurbishment"
"""Name of the maintenance plan that refurbishes a die's inserts (counted by the cell)."""

DEFECT_MODEL_SUFFIX = ".skops"
"""File suffix of a model made by ``gigatwin train-defects --out``."""


def check_defect_model(value: str) -> str:
    """``default``, ``constant`` or a path to a ``.skops`` model file; else a clear error.

    Whether the file exists and is a GigaTwin model is checked when the cell loads it
    (``ml.load_model``): a spec stays pure data.
    """
    if value in ("default", "constant") or value.endswith(DEFECT_MODEL_SUFFIX):
        return value
    raise ValueError(f"defect_model must be 'default', 'constant' or the path of a "
                     f"{DEFECT_MODEL_SUFFIX} model file made by 'gigatwin train-defects --out' "
                     f"(got {value!r})")


def resolve_defect_model(value: object, base_dir: str | os.PathLike[str]) -> object:
    """A relative model-file path made relative to ``base_dir`` (the route file's folder)."""
    if isinstance(value, str) and value.endswith(DEFECT_MODEL_SUFFIX):
        path = Path(value).expanduser()
        return str(path if path.is_absolute() else Path(base_dir) / path)
    return value


DefectModelName = Annotated[str, AfterValidator(check_defect_model)]
"""default: the shipped ml model (~5 % mature scrap, sources §5.3); constant: a fixed rate;
or the path of a model file made by ``gigatwin train-defects --out`` (in a route file,
relative to that file)."""


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
    refurbishment_plan: str = Field(
        REFURBISHMENT_PLAN, description="Name of the station's maintenance plan that "
        "refurbishes the die inserts (counted as insert_refurbishments)."
    )
    defect_model: DefectModelName = Field(
        description="Which defect model scores each shot: 'default', 'constant' or the path "
        "of a .skops model file made by 'gigatwin train-defects --out'."
    )
    constant_scrap_rate: float = Field(
        ge=0.0, le=1.0, description="Defect probability per shot of the constant model."
    )
    xray_sensitivity: dict[str, float] = Field(
        description="Share of castings with each defect class that the cell's X-ray rejects "
        "(a class left out: 0, not seen); a single number applies to every class. The rest "
        "pass on to the finishing chain or, without one, escape."
    )
    ramp_up: RampUpSpec | None = Field(None, description="Learning curve; None: mature process.")
    die_damage: DieDamageSpec | None = Field(
        None, description="Unplanned die damage rising with die age; None: none."
    )
    damage_stop_h_with_spare: PositiveFloat | None = Field(
        None, description="With a spare die: a damaged die is swapped in this many hours "
        "instead of repaired in the press; None: no spare die."
    )

    @field_validator("xray_sensitivity", mode="before")
    @classmethod
    def _one_number_for_every_class(cls, value: object) -> object:
        if isinstance(value, int | float):
            return dict.fromkeys(DEFECT_CLASS_NAMES, float(value))
        return value

    @field_validator("xray_sensitivity")
    @classmethod
    def _shares(cls, value: dict[str, float]) -> dict[str, float]:
        return check_sensitivity(value)

    @model_validator(mode="after")
    def _part_lighter_than_shot(self) -> CastingCellSpec:
        if self.part_mass_kg >= self.shot_mass_kg:
            raise ValueError(f"part_mass_kg {self.part_mass_kg:g} must be below shot_mass_kg "
                             f"{self.shot_mass_kg:g} (the runners and biscuit are remelted)")
        return self


def check_sensitivity(value: dict[str, float]) -> dict[str, float]:
    """A per-class sensitivity: known defect classes, each a share in [0, 1]."""
    for name, share in value.items():
        if name not in DEFECT_CLASS_NAMES:
            raise ValueError(f"unknown defect class {name!r}; use one of {DEFECT_CLASS_NAMES}")
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"sensitivity of {name!r} must be in [0, 1], got {share}")
    return value


FinishingStep = Literal["trim", "xray", "laser_trim", "dimensional_check", "heat_treatment",
                        "straightening"]
"""What a finishing station does to a casting (Giga Press practice: trim press, X-ray, laser
trim and drilling, CMM; heat treatment and straightening are optional)."""


class FinishingSpec(_Block):
    """A station of the casting finishing chain: what it rejects, where rejects go.

    Each casting leaves the cell with its defect class, if it has one (the cell's defect model
    decides). A finishing station rejects a casting of class *k* with probability
    ``sensitivity[k]`` (0 for a class left out) and the rejected casting is remelted in the
    cell's furnace. The ``last_check`` station counts every defect that passes it as escaped
    (warranty risk): per class, made = caught at the cell + caught in the chain + escaped
    + still in the chain.
    """

    step: FinishingStep = Field(description="What the station does.")
    cell_station: str = Field(
        "giga_cell", description="The casting-cell station whose castings it finishes (its "
        "furnace remelts the rejects)."
    )
    sensitivity: dict[str, float] = Field(
        default_factory=dict, description="Share of castings with each defect class that the "
        "station rejects; a class left out passes (0)."
    )
    last_check: bool = Field(
        False, description="Defects passing this station leave the chain as escaped."
    )

    @field_validator("sensitivity")
    @classmethod
    def _shares(cls, value: dict[str, float]) -> dict[str, float]:
        return check_sensitivity(value)
