"""A start-of-production learning curve for a plain station (the welded body shop).

A new line makes more scrap and rework and runs slower than a mature one. From start of
production the station's scrap and rework *odds* are multiplied by
``1 + (start_odds_factor - 1) exp(-t / time_constant_days)`` and its cycle by
``1 + (start_cycle_factor - 1) exp(-t / time_constant_days)``, the same exponential shape the
casting cell's ramp-up uses (shape X), so a launch-year comparison of the two
routes treats both alike. Run by ``twin.runtime.learning.LearningStationRuntime``.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, PositiveFloat

__all__ = ["LearningCurveSpec", "learning_factor"]


class LearningCurveSpec(BaseModel):
    """Learning from SOP: odds and cycle multipliers decaying to 1 (assumptions X)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    days_since_sop: NonNegativeFloat = Field(
        0.0, description="Age of the line at the start of the run [days]."
    )
    start_odds_factor: float = Field(
        5.0, ge=1.0, description="Scrap and rework odds multiplier at SOP; assumption (X): a "
        "new body shop's weld quality settles over its first months."
    )
    start_cycle_factor: float = Field(
        1.25, ge=1.0, description="Cycle multiplier at SOP (a slower line, robots and "
        "operators still being tuned); assumption (X)."
    )
    time_constant_days: PositiveFloat = Field(
        91.0, description="Time constant of the learning curve [days]; the casting cell's "
        "3 months (shape X)."
    )


def learning_factor(start: float, days: float, time_constant_days: float) -> float:
    """``1 + (start - 1) exp(-days / time constant)``: ``start`` at SOP, 1 when mature.

    Examples:
        >>> learning_factor(5.0, 0.0, 91.0), round(learning_factor(5.0, 91.0, 91.0), 4)
        (5.0, 2.4715)
    """
    return 1.0 + (start - 1.0) * math.exp(-days / time_constant_days)
