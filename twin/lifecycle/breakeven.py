"""Break-even distance: when the lighter route's use-phase saving repays its production extra.

With production CO2e ``P`` per body and use-phase CO2e ``u`` per km, the lighter route L and
the heavier H cross where ``P_L + u_L x = P_H + u_H x``, in closed form
``x = (P_L - P_H) / (u_H - u_L)``. Three outcomes: L is cleaner from the first km (its
production is not dearer in CO2e), L repays within the lifetime, or "never" (beyond the
lifetime, or no saving at all: distance infinite).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Status = Literal["from_start", "within_lifetime", "never"]


@dataclass(frozen=True)
class BreakEven:
    """Where the lighter route catches up, and how it does within the lifetime."""

    lighter_route: str
    distance_km: float
    status: Status
    lifetime_km: float

    @property
    def label(self) -> str:
        """In words, for tables and charts."""
        if self.status == "from_start":
            return f"{self.lighter_route} is lower from the first km"
        if self.status == "never":
            km = self.distance_km
            beyond = "" if math.isinf(km) else f" (only at {km:,.0f} km)"
            return f"never within {self.lifetime_km:,.0f} km{beyond}"
        return f"{self.distance_km:,.0f} km"


def break_even_km(production_extra_kg: float, use_saving_kg_per_km: float) -> float:
    """Closed form: the lighter route's production extra over its use saving per km [km].

    0 when the production extra is not positive; infinite when there is no use saving.
    """
    if production_extra_kg <= 0:
        return 0.0
    if use_saving_kg_per_km <= 0:
        return math.inf
    return production_extra_kg / use_saving_kg_per_km


def break_even(production_co2e_kg: dict[str, float], use_kg_per_km: dict[str, float],
               lifetime_km: float) -> BreakEven:
    """Break-even of two routes from their production CO2e and use-phase CO2e per km."""
    if len(production_co2e_kg) != 2 or set(production_co2e_kg) != set(use_kg_per_km):
        raise ValueError("break_even needs the same two routes in both mappings")
    # lighter = less use per km; on a tie the route with less production CO2e
    lighter, heavier = sorted(use_kg_per_km, key=lambda route: (
        use_kg_per_km[route], production_co2e_kg[route]))
    distance = break_even_km(production_co2e_kg[lighter] - production_co2e_kg[heavier],
                             use_kg_per_km[heavier] - use_kg_per_km[lighter])
    status: Status = ("from_start" if distance == 0 else
                      "within_lifetime" if distance <= lifetime_km else "never")
    return BreakEven(lighter, distance, status, lifetime_km)
