"""The claim examples' loader names a bad file; a claim's rates reach the welded cost too."""

from __future__ import annotations

import pytest

from twin.cost import CostRates, cost_breakdown
from twin.cost.claims import ClaimExample, evaluate_claim, load_claim_example


def test_a_bad_claim_file_is_named_with_its_path_as_a_claim_file(tmp_path):
    path = tmp_path / "bad_claim.yaml"
    # a mapping missing claim:, source: and expected_difference_share: (three problems)
    path.write_text("name: broken\nlevers: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="claim file") as caught:
        load_claim_example(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: invalid claim file (3 problems)\n")
    for field in ("claim", "source", "expected_difference_share"):
        assert f"  - {field}:" in message


def test_a_claim_on_the_electricity_price_moves_the_welded_cost_by_its_energy(scenario):
    """Energy is the element priced in electricity: kWh per body x US$/kWh.

    Raising the price from the default 0.12 to 0.30 US$/kWh adds kWh per body x 0.18 US$
    of energy to each route's cost per body, and working capital on it (energy is a
    variable cost: 1 month of it at 10 %/yr, x 1/12 x 0.10): x (1 + 0.1/12) in all.
    """
    rates = CostRates()
    assert (rates.electricity_usd_per_kwh, rates.working_capital_months,
            rates.cost_of_capital) == (0.12, 1.0, 0.10)
    example = ClaimExample(name="dear power", claim="power at 0.30 US$/kWh", source="test",
                           annual_volume_units=200_000,
                           levers={"electricity_usd_per_kwh": 0.30},
                           expected_difference_share=(-1.0, 1.0))
    result = evaluate_claim(example, scenario)
    for route, inputs in (("welded", scenario.welded), ("casting", scenario.casting)):
        nominal = cost_breakdown(inputs.with_volume(200_000), CostRates())
        kwh = sum(nominal.kwh_per_body.values())
        assert kwh > 0
        assert result[f"{route}_cost_per_body_usd"] == pytest.approx(
            nominal.total_usd + kwh * (0.30 - 0.12) * (1 + 0.10 / 12), rel=1e-12)
    welded, cast = result["welded_cost_per_body_usd"], result["casting_cost_per_body_usd"]
    assert result["cost_difference_usd"] == pytest.approx(cast - welded)
    assert result["cost_difference_share"] == pytest.approx((cast - welded) / welded)
