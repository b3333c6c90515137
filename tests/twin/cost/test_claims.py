"""The published claims (REFERENCE 4.3: about -40 % to +10 %) are reachable by the levers."""

from pathlib import Path

import pytest

from twin.cost import CostRates, cost_difference_usd
from twin.cost.claims import evaluate_claim, load_claim_example

EXAMPLES = sorted(Path("examples/cost").glob("*.yaml"))


def test_there_are_examples_for_both_ends_of_the_bracket():
    names = {path.stem for path in EXAMPLES}
    assert {"tesla_like", "nissan_like", "cautious_primary_alloy"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_lands_in_the_range_of_its_claim(path, scenario):
    example = load_claim_example(path)
    result = evaluate_claim(example, scenario)
    low, high = example.expected_difference_share
    assert low <= result["cost_difference_share"] <= high


def test_defaults_are_not_the_tesla_claim(scenario):
    """The defaults follow their sources: casting is dearer at 250k/yr with them."""
    assert cost_difference_usd(scenario) > 0
    assert scenario.rates == CostRates()
