"""The cost model against hand computations and the published claims (sources §4)."""

from __future__ import annotations

from parts_catalog import load_catalog
from twin.cost import (
    CostRates,
    capital_recovery_factor,
    cost_breakdown,
    default_casting_inputs,
)
from twin.validation.checks import Check, band_check, bound_check

AREA = "cost"


def crf() -> Check:
    """CRF(10 %, 10 yr) by the annuity formula, computed here independently."""
    i, n = 0.10, 10
    by_hand = i * (1 + i) ** n / ((1 + i) ** n - 1)
    error = abs(capital_recovery_factor(i, n) - by_hand)
    return bound_check(AREA, "capital recovery factor, 10 %, 10 years",
                       "i(1+i)^n / ((1+i)^n - 1) = 0.16275", 1e-12, error, "absolute error")


def die_life_halves_tooling() -> Check:
    """Doubling the giga die's life halves the die cost per body (shots / life).

    Only the giga die is kept: the route's other tooling (fixtures, and the stamping die sets
    of the attach parts with their upkeep) does not depend on the giga die's life.
    """
    casting = default_casting_inputs(load_catalog())
    dies = tuple(tool for tool in casting.tooling if tool.life_units)
    base = casting.model_copy(update={"tooling": dies, "stamping_dies": None})
    longer = base.model_copy(update={"tooling": tuple(
        tool.model_copy(update={"life_units": 2 * (tool.life_units or 0.0)}) for tool in dies)})
    ratio = (cost_breakdown(longer, CostRates()).cost_per_body_usd["tooling"]
             / cost_breakdown(base, CostRates()).cost_per_body_usd["tooling"])
    return band_check(AREA, "tooling per body after doubling die life (ratio)",
                      "die cost = price x shots / life", 0.5 - 1e-9, 0.5 + 1e-9, ratio, "ratio")


def cost_checks() -> list[Check]:
    """All cost checks."""
    return [crf(), die_life_halves_tooling()]
