"""Published-claim examples: documented lever settings that reproduce a maker's cost claim.

Each example (``examples/cost/*.yaml``) names the claim and its source, sets the levers the
way that maker describes its process, and states the range of the relative difference
(casting - welded) / welded that the claim implies. The defaults are never tuned to a claim.
"""

from __future__ import annotations

import os

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat

from lines.file_reader import read_yaml_mapping, validate
from twin.cost.levers import CostComparison, apply_settings
from twin.cost.route_costs import cost_breakdown


class ClaimExample(BaseModel):
    """Lever settings standing for one published claim, and the range it implies."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    name: str = Field(min_length=1, description="Short name of the example.")
    claim: str = Field(description="The published claim, in words.")
    source: str = Field(description="Where the claim is documented (sources §x.y, tag).")
    description: str = Field("", description="Why these lever settings stand for the claim.")
    annual_volume_units: PositiveFloat = Field(250_000, description="Good bodies per year.")
    levers: dict[str, float | bool] = Field(description="Lever or rates-field values to set.")
    expected_difference_share: tuple[float, float] = Field(
        description="Range of (casting - welded) / welded the claim implies [low, high]."
    )


def load_claim_example(path: str | os.PathLike[str]) -> ClaimExample:
    """Read and validate one claim example YAML file."""
    raw = read_yaml_mapping(path, "claim file", " (name:, claim:, levers:, ...)")
    return validate(ClaimExample, raw, str(path), "claim file")


def evaluate_claim(example: ClaimExample, scenario: CostComparison) -> dict[str, float]:
    """Welded and casting cost per body and their difference under the example's levers."""
    volume = example.annual_volume_units
    base = CostComparison(
        scenario.welded.with_volume(volume), scenario.casting.with_volume(volume), scenario.rates
    )
    changed = apply_settings(base, example.levers)
    welded = cost_breakdown(changed.welded, changed.rates).total_usd
    casting = cost_breakdown(changed.casting, changed.rates).total_usd
    return {
        "welded_cost_per_body_usd": welded,
        "casting_cost_per_body_usd": casting,
        "cost_difference_usd": casting - welded,
        "cost_difference_share": (casting - welded) / welded,
    }
