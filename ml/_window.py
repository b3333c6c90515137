"""Process window: set-point, scale, shot-to-shot noise and slow drift of each process variable.

Defaults come from sources §3.6 (set-point x* and spread s, our construction, X) and 5.3
(giga-cell set-points: melt 700 degC, die 200 degC, v1 0.3 m/s, v2 6 m/s, 800 bar, 50 mbar,
H2 0.10 mL/100g, spray 8 s, cycle 110 s; B/X). Noise and drift magnitudes are assumptions (X)
chosen so noise plus drift move a variable by about half to two thirds of its spread ``scale``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ml._schema import DEFECT_CLASSES, SPEC_BY_NAME

SAMPLED: tuple[str, ...] = (
    "melt_temp_c", "sleeve_temp_c", "slow_shot_speed_m_s", "fast_shot_speed_m_s",
    "intensification_pressure_bar", "vacuum_mbar", "melt_hydrogen_ml_100g", "spray_time_s",
    "biscuit_thickness_mm", "cycle_time_s",
)
"""Variables the sampler draws; die temperature and die age come live from the twin."""


class ParameterWindow(BaseModel):
    """Set-point and variability of one process variable (units of that variable).

    Examples:
        >>> ParameterWindow(setpoint=700, scale=10, noise_sd=4, drift_sd=5).setpoint
        700.0
    """

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    setpoint: float = Field(description="target value x* [unit of the variable]")
    scale: float = Field(gt=0, description="spread s that normalises GLM terms [unit]")
    noise_sd: float = Field(ge=0, description="shot-to-shot white noise sd [unit]")
    drift_sd: float = Field(default=0.0, ge=0, description="stationary sd of slow drift [unit]")
    drift_shots: float = Field(default=500.0, ge=1, description="drift time constant [shots]")


def _pw(setpoint: float, scale: float, noise_sd: float, drift_sd: float) -> ParameterWindow:
    return ParameterWindow(setpoint=setpoint, scale=scale, noise_sd=noise_sd, drift_sd=drift_sd)


class ProcessWindow(BaseModel):
    """Set-points and spreads of a giga-casting cell; every set-point is range-checked.

    ``die_temp_c`` gives the set-point and scale of the die temperature (and of its lags); its
    noise is used only by the generator, because in the twin the die temperature is live.

    Examples:
        >>> ProcessWindow().die_temp_c.setpoint
        200.0
    """

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    melt_temp_c: ParameterWindow = _pw(700, 10, 8, 5)
    die_temp_c: ParameterWindow = _pw(200, 20, 4, 0)
    sleeve_temp_c: ParameterWindow = _pw(220, 20, 10, 6)
    slow_shot_speed_m_s: ParameterWindow = _pw(0.3, 0.05, 0.025, 0.01)
    fast_shot_speed_m_s: ParameterWindow = _pw(6.0, 1.0, 0.5, 0.3)
    intensification_pressure_bar: ParameterWindow = _pw(800, 100, 60, 30)
    vacuum_mbar: ParameterWindow = _pw(50, 20, 14, 8)
    melt_hydrogen_ml_100g: ParameterWindow = _pw(0.10, 0.03, 0.02, 0.01)
    spray_time_s: ParameterWindow = _pw(8.0, 1.5, 0.5, 0.3)
    biscuit_thickness_mm: ParameterWindow = _pw(40, 8, 4, 2)
    cycle_time_s: ParameterWindow = _pw(110, 5, 2, 1)
    die_age_scale_shots: float = Field(
        default=50_000, gt=0, description="die-wear scale for shots_since_die_change [shots]")

    @model_validator(mode="after")
    def _setpoints_plausible(self) -> ProcessWindow:
        for name in (*SAMPLED, "die_temp_c"):
            spec, value = SPEC_BY_NAME[name], getattr(self, name).setpoint
            if not spec.low <= value <= spec.high:
                raise ValueError(f"{name} set-point {value} outside [{spec.low}, {spec.high}]")
        return self

    def parameter(self, name: str) -> ParameterWindow:
        """Return the window of a feature; die-temperature lags share the die's window."""
        if name.startswith("die_temp"):
            return self.die_temp_c
        if name == "shots_since_die_change":
            return ParameterWindow(setpoint=0, scale=self.die_age_scale_shots, noise_sd=0)
        return getattr(self, name)


class GeneratorSettings(BaseModel):
    """Die thermal carry-over, stops, die changes and scrap targets of the data generator.

    All values are assumptions (X) unless noted; the scrap target and defect mix follow
    sources §5.3 (mature scrap 5 %, porosity 55 %, cold shut 15 %, hot tear 10 %,
    dimensional 15 %, soldering 5 %; porosity split 35 % gas / 20 % shrinkage is ours).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    mature_scrap_rate: float = Field(default=0.05, gt=0, lt=0.5, description="at set-point [-]")
    defect_mix: dict[str, float] = Field(default_factory=lambda: {
        "gas_porosity": 0.35, "shrinkage_porosity": 0.20, "cold_shut": 0.15,
        "hot_tear": 0.10, "soldering": 0.05, "dimensional": 0.15})
    die_carry_over: float = Field(default=0.82, ge=0, lt=1,
                                  description="share of the die's deviation kept to next shot")
    die_noise_c: float = Field(default=3.0, ge=0, description="die temperature noise [degC]")
    die_per_cycle_s_c: float = Field(default=-1.5, description="die change per s of cycle [degC/s]")
    die_per_spray_s_c: float = Field(default=-4.0, description="die change per s of spray [degC/s]")
    stop_rate_per_shot: float = Field(default=1 / 200, ge=0, lt=1,
                                      description="chance a stop precedes a shot [-]")
    cold_die_c: tuple[float, float] = Field(default=(110.0, 170.0),
                                            description="die temperature after a stop [degC]")
    die_life_shots: int = Field(default=100_000, ge=100, description="shots per die (5.3, X)")

    @model_validator(mode="after")
    def _mix_sums_to_one(self) -> GeneratorSettings:
        if set(self.defect_mix) != set(DEFECT_CLASSES):
            raise ValueError(f"defect_mix keys must be {DEFECT_CLASSES}")
        if abs(sum(self.defect_mix.values()) - 1.0) > 1e-6:
            raise ValueError("defect_mix shares must sum to 1")
        return self
