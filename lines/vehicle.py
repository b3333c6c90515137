"""The car around the body: what a lighter rear underbody does to energy use, range and battery.

A frozen block (``vehicle:`` in a study file, or a YAML file of its own read with
:func:`load_vehicle_spec`) whose every coefficient is a parameter with its unit in the name
and its source in its description: "(A)"/"(B)" a published figure with its confidence tag,
"assumption (X)" no public source, a default meant to be changed. ``LifecycleRanges`` holds
the low/high ends the Monte Carlo draws from (triangular, mode = the value in use).

Pure data: no SimPy, no ``twin`` import (the lifecycle calculation is ``twin.lifecycle``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from lines.file_reader import FileFormatError, parse_yaml, read_text, validation_problems

Positive = Annotated[float, Field(gt=0.0)]
NonNegative = Annotated[float, Field(ge=0.0)]
Range = tuple[NonNegative, NonNegative]

WEISS_2020 = ("Weiss, Cloos & Helmers 2020, Environ Sci Eur 32:46 (A; regression over "
              "428 electric cars)")
IAI_2022 = "International Aluminium Institute, primary aluminium GHG intensity series (B)"
PATENT = "Tesla's scrap-tolerant casting alloy patent, 30-100 % scrap input (B)"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class LifecycleRanges(_Frozen):
    """Low/high ends of the lifecycle Monte Carlo, one pair per uncertain coefficient."""

    mass_sensitivity_kwh_per_100km_per_100kg: Range = Field(
        (0.5, 0.7), description=f"Mass sensitivity of energy use, +-0.1; {WEISS_2020}.")
    lifetime_km: Range = Field(
        (150_000.0, 250_000.0), description="Lifetime distance [km]; assumption (X).")
    use_grid_kg_co2e_per_kwh: Range = Field(
        (0.05, 0.70),
        description="Charging-grid intensity [kg CO2e/kWh]: a hydro/nuclear grid to a "
        "coal-heavy one; assumption (X).")
    recycled_al_share: Range = Field(
        (0.3, 1.0), description=f"Recycled share of the casting alloy; {PATENT}.")
    primary_al_kg_co2e_per_kg: Range = Field(
        (4.5, 22.0),
        description=f"Primary aluminium footprint [kg CO2e/kg], the smelters' spread; {IAI_2022}.")
    steel_kg_co2e_per_kg: Range | None = Field(
        None,
        description="Sheet-steel footprint [kg CO2e/kg]; None (default): from the parts "
        "catalog's electric-arc to blast-furnace factor of the sheet grades (their "
        "steelmaking block, the one owner of both).")

    @model_validator(mode="after")
    def _low_below_high(self) -> LifecycleRanges:
        for name in type(self).model_fields:
            if getattr(self, name) is None:
                continue
            low, high = getattr(self, name)
            if low > high:
                raise ValueError(f"{name}: low {low} is above high {high}")
        share = self.recycled_al_share
        if share[1] > 1.0:
            raise ValueError(f"recycled_al_share: high {share[1]} is above 1")
        return self


class VehicleSpec(_Frozen):
    """The car that carries the rear underbody, and its use phase.

    Examples:
        >>> VehicleSpec().mass_sensitivity_kwh_per_100km_per_100kg
        0.6
        >>> VehicleSpec(lifetime_km=150_000).lifetime_km
        150000.0
    """

    mass_sensitivity_kwh_per_100km_per_100kg: NonNegative = Field(
        0.6, description=f"Extra energy use per 100 kg of vehicle mass [kWh/100 km]; "
        f"{WEISS_2020}.")
    secondary_mass_share: Annotated[float, Field(ge=0.0, le=2.0)] = Field(
        0.0, description="Secondary mass saving (smaller brakes, battery, ...) as a share of the "
        "body's primary saving; assumption (X, 0 = none counted).")
    reference_route: Literal["welded", "casting"] = Field(
        "welded", description="The route whose body the reference car below carries.")
    reference_energy_kwh_per_100km: Positive = Field(
        17.0, description="Energy use of the reference car, at the socket (charging losses "
        "included, as in type approval) [kWh/100 km]; assumption (X, a mid-size electric car).")
    battery_usable_kwh: Positive = Field(
        75.0, description="Usable battery capacity of the reference car [kWh]; assumption (X).")
    battery_usd_per_kwh: NonNegative = Field(
        115.0, description="Battery pack price [US$/kWh]; assumption (X).")
    lifetime_km: Positive = Field(
        200_000.0, description="Distance driven over the car's life [km]; assumption (X).")
    use_grid_kg_co2e_per_kwh: NonNegative = Field(
        0.40, description="Intensity of the grid the car charges from [kg CO2e/kWh]; "
        "assumption (X, the order of a European average; the plant's grid is a cost rate).")
    ranges: LifecycleRanges = Field(
        default_factory=LifecycleRanges, description="Monte Carlo ends of the uncertain figures.")


def vehicle_spec_from_dict(data: object, source: str = "the vehicle block") -> VehicleSpec:
    """A validated ``VehicleSpec`` from parsed YAML; a clear ``ValueError`` naming the field."""
    if data is None:
        return VehicleSpec()
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise ValueError(f"{source}: expected a mapping of vehicle fields, got {kind}")
    try:
        return VehicleSpec.model_validate(data.get("vehicle", data))
    except ValidationError as error:
        raise FileFormatError(source, validation_problems(error, data), "vehicle file") from None


def load_vehicle_spec(path: str | os.PathLike[str]) -> VehicleSpec:
    """Read a vehicle file (the fields at the top level or under ``vehicle:``)."""
    file = Path(path)
    data = parse_yaml(read_text(file, "vehicle file"), str(file), "vehicle file")
    return vehicle_spec_from_dict(data, str(file))


__all__ = ["LifecycleRanges", "VehicleSpec", "load_vehicle_spec", "vehicle_spec_from_dict"]
