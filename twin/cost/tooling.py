"""Die economics from counted events: giga dies and stamping dies, per good body.

Pure functions; the cost adapter calls them with what a simulation counted (shots, good
bodies, insert refurbishments, die damages, press strokes) and the route's figures. Over the
model life a die set is replaced at the end of its life in shots or at the end of the model,
whichever comes first: a cell needs ``ceil(model-life shots of the cell / die life)`` sets, and
the last one retires with life left. The first die set carries the design (Reuters 2023: about
US$ 4 M for the whole design process of a large metal mould, B); later sets and the spare are
copies of a proven design, cheaper (assumption X). Refurbishments and damages scale with the
rate per shot the simulation counted. Costs are spread evenly over the model's good bodies,
undiscounted (the PBCM's capital recovery applies to equipment, not to these consumables).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, PositiveFloat, PositiveInt

__all__ = [
    "DieEconomics",
    "DieEventCounts",
    "StampingDieEconomics",
    "die_sets_per_cell",
    "giga_die_cost_per_body",
    "model_life_shots",
    "stamping_die_cost_per_body",
]


@dataclass(frozen=True)
class DieEventCounts:
    """What a simulation counted for the giga cells over its measured period."""

    shots: float
    good_bodies: float
    insert_refurbishments: float
    die_damages: float

    def __post_init__(self) -> None:
        if self.shots <= 0 or self.good_bodies <= 0:
            raise ValueError(f"need shots > 0 and good bodies > 0, got {self.shots}, "
                             f"{self.good_bodies}")


class DieEconomics(BaseModel):
    """Prices and lives of the giga dies (each figure: source or assumption X)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    first_die_set_usd: PositiveFloat = Field(
        4e6, description="First die set incl. design [US$]; Reuters 2023 (B: the whole "
        "design process of a large mould; used as a price: X)."
    )
    replacement_die_set_usd: PositiveFloat = Field(
        2.5e6, description="A further set or the spare, a copy of a proven design [US$]; "
        "assumption (X) inside the 2-6 M US$ range of the die default."
    )
    die_life_shots: PositiveInt = Field(
        description="Shots per die set: the simulated die-change plan (no default here: the "
        "route spec owns it)."
    )
    insert_refurbishment_usd: NonNegativeFloat = Field(
        120_000.0, description="Inserts, welding and polishing per refurbishment [US$]; "
        "assumption (X), ~3 % of a die set."
    )
    die_damage_repair_usd: NonNegativeFloat = Field(
        80_000.0, description="Repair of one unplanned die damage [US$]; assumption (X)."
    )
    spare_die: bool = Field(False, description="A spare die set is bought (one per route).")
    model_life_years: PositiveFloat = Field(
        description="Years the body is built (no default here: the study's model_life_years, "
        "via CostRates.tooling_life_years)."
    )


def model_life_shots(annual_good_bodies: float, shots_per_good_body: float,
                     model_life_years: float) -> float:
    """Shots the route makes over the model life."""
    return annual_good_bodies * shots_per_good_body * model_life_years


def die_sets_per_cell(cell_shots: float, die_life_shots: int) -> int:
    """Die sets one cell uses: replaced at end of life or retired at model end, whichever first.

    Examples:
        >>> die_sets_per_cell(250_000, 100_000), die_sets_per_cell(80_000, 100_000)
        (3, 1)
    """
    return max(1, math.ceil(cell_shots / die_life_shots - 1e-9))


def giga_die_cost_per_body(
    counts: DieEventCounts, economics: DieEconomics, annual_good_bodies: float, cells: int,
) -> dict[str, float]:
    """Tooling cost per good body by element [US$]: die sets, refurbishments, repairs, spare.

    Args:
        counts: the simulation's counts (their rates per shot and shots per good body).
        economics: prices, die life and model life.
        annual_good_bodies: good bodies a year the route makes.
        cells: giga cells sharing the volume (each with its own die).
    """
    shots_per_body = counts.shots / counts.good_bodies
    shots = model_life_shots(annual_good_bodies, shots_per_body, economics.model_life_years)
    sets = cells * die_sets_per_cell(shots / cells, economics.die_life_shots)
    bodies = annual_good_bodies * economics.model_life_years
    totals = {
        "die_sets": economics.first_die_set_usd + (sets - 1) * economics.replacement_die_set_usd,
        "insert_refurbishments": counts.insert_refurbishments / counts.shots * shots
        * economics.insert_refurbishment_usd,
        "die_damage_repairs": counts.die_damages / counts.shots * shots
        * economics.die_damage_repair_usd,
        "spare_die": economics.replacement_die_set_usd if economics.spare_die else 0.0,
    }
    return {name: usd / bodies for name, usd in totals.items()}


class StampingDieEconomics(BaseModel):
    """Wear and maintenance of the stamping dies of a route's pressed parts (assumptions X)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    die_sets_usd: PositiveFloat = Field(
        25e6, description="All stamping dies of the route's parts [US$]; assumption (X) "
        "for ~70 parts (pro rata for fewer)."
    )
    die_life_strokes: PositiveFloat = Field(
        2e6, description="Strokes before a die is rebuilt or replaced; assumption (X)."
    )
    maintenance_every_strokes: PositiveFloat = Field(
        50_000.0, description="Strokes between regrinds and repairs of one die; assumption (X)."
    )
    maintenance_usd: NonNegativeFloat = Field(
        1_500.0, description="Tool-room cost of one die maintenance [US$]; assumption (X)."
    )
    model_life_years: PositiveFloat = Field(description="As DieEconomics (the study's).")


def stamping_die_cost_per_body(
    strokes_per_body_by_die: dict[str, float], economics: StampingDieEconomics,
    annual_good_bodies: float,
) -> dict[str, float]:
    """Stamping-die cost per good body [US$]: the sets (with wear-out rebuilds) and upkeep.

    ``strokes_per_body_by_die`` is what the press shop counted per die (part number): strokes
    / good bodies, press scrap included. A die rebuilt for wear costs its pro-rata share of
    ``die_sets_usd``; dies are spread evenly over the parts.
    """
    if not strokes_per_body_by_die:
        raise ValueError("give the strokes per body of at least one die")
    bodies = annual_good_bodies * economics.model_life_years
    per_die_usd = economics.die_sets_usd / len(strokes_per_body_by_die)
    sets = maintenance = 0.0
    for strokes_per_body in strokes_per_body_by_die.values():
        strokes = strokes_per_body * bodies
        sets += per_die_usd * max(1, math.ceil(strokes / economics.die_life_strokes - 1e-9))
        maintenance += strokes / economics.maintenance_every_strokes * economics.maintenance_usd
    return {"stamping_die_sets": sets / bodies, "stamping_die_maintenance": maintenance / bodies}
