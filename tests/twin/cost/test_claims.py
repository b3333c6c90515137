"""The published claims (REFERENCE 4.3: about -40 % to +10 %) are reachable by the levers."""

from pathlib import Path

import pytest

from twin.cost import CostRates, cost_breakdown, cost_difference_usd
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
    """The defaults follow their sources, not a claim: near parity at 250k/yr, far from -40 %.

    With both routes' consumables, press scrap, fixtures and die upkeep costed (issue 13) the
    nominal routes land within a few per cent of each other; Tesla's -40 % and Nissan's -10 %
    need the levers of their examples.
    """
    welded = cost_breakdown(scenario.welded, scenario.rates).total_usd
    share = cost_difference_usd(scenario) / welded
    assert -0.05 < share < 0.15
    assert scenario.rates == CostRates()
