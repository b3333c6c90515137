"""Per-part figures that follow from geometry mass: blank, scrap, shot, yield, cost and CO2e.

Material cost follows the process-based cost model (sources §4.1/4.4): sheet is bought
as blanks and offal is sold back at a credit; casting returns (biscuit, runners, overflows)
are remelted in-house, so only the dross loss of the returns is bought again.
"""

from __future__ import annotations

from typing import Any

from parts_catalog.errors import CatalogError
from parts_catalog.schema import AnyPart, BoughtPart, CastPart, Material, StampedPart

MM = 1e-3
NAN = float("nan")


class BlankTooSmallError(CatalogError):
    """A stamped part heavier than its blank: the blank size or the geometry is wrong."""


def blank_mass_kg(part: StampedPart, material: Material) -> float:
    """Blank length x width x sheet thickness x density."""
    volume = part.blank_length_mm * part.blank_width_mm * part.thickness_mm * MM**3
    return volume * material.density_kg_m3


def stamped_figures(part: StampedPart, material: Material, mass_kg: float) -> dict[str, Any]:
    """Blank mass, offal, utilisation, cost net of offal credit, and CO2e of the blank."""
    blank = blank_mass_kg(part, material)
    if mass_kg > blank:
        raise BlankTooSmallError(
            f"stamped part {part.part_number}: geometry mass {mass_kg:.3f} kg exceeds blank mass "
            f"{blank:.3f} kg ({part.blank_length_mm} x {part.blank_width_mm} mm); enlarge the blank"
        )
    scrap = blank - mass_kg
    cost = blank * material.price_usd_per_kg - scrap * material.scrap_credit_usd_per_kg
    return {
        "blank_mass_kg": blank,
        "blank_scrap_kg": scrap,
        "material_utilisation_share": mass_kg / blank,
        "material_cost_usd": cost,
        # Offal is recycled, but its steel was made: no CO2e credit is taken (assumption X).
        "co2e_kg": blank * material.co2e_kg_per_kg,
    }


def bought_figures(part: BoughtPart, material: Material, mass_kg: float) -> dict[str, Any]:
    """A bought part costs its unit price; its footprint is its own mass."""
    return {"material_cost_usd": part.unit_price_usd, "co2e_kg": mass_kg * material.co2e_kg_per_kg}


def shot_mass_kg(part: CastPart, mass_kg: float) -> float:
    """Metal injected per shot: part plus biscuit, runners and overflows."""
    return mass_kg + part.biscuit_kg + part.runners_kg + part.overflows_kg


def cast_figures(part: CastPart, material: Material, mass_kg: float) -> dict[str, Any]:
    """Shot mass, casting yield, and alloy bought per part (part + dross loss of the returns)."""
    shot = shot_mass_kg(part, mass_kg)
    bought = mass_kg + part.remelt_loss_fraction * (shot - mass_kg)
    return {
        "shot_mass_kg": shot,
        "casting_yield_share": mass_kg / shot,
        "metal_bought_kg": bought,
        "material_cost_usd": bought * material.price_usd_per_kg,
        "co2e_kg": bought * material.co2e_kg_per_kg,
    }


def part_figures(part: AnyPart, material: Material, mass_kg: float) -> dict[str, Any]:
    """The kind-specific figures of one part."""
    if isinstance(part, StampedPart):
        return stamped_figures(part, material, mass_kg)
    if isinstance(part, CastPart):
        return cast_figures(part, material, mass_kg)
    return bought_figures(part, material, mass_kg)
