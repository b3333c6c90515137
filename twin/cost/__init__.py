"""Cost, energy and carbon per good body: process-based cost modelling (Kirchain & Field).

Typical use::

    from twin.cost import CostRates, default_welded_inputs, default_casting_inputs, cost_breakdown
    welded = cost_breakdown(default_welded_inputs(), CostRates())
    welded.cost_per_body_usd  # {"material": ..., "direct_labour": ..., ...}

Every rate is a field of ``CostRates`` with its source (docs/background/cost_method.md).
Currency US$, price year 2025.
"""

from twin.cost.adapter import inputs_from_experiment, inputs_from_route
from twin.cost.breakeven import (
    DEFAULT_VOLUMES,
    breakeven_table,
    breakeven_volume,
    breakeven_volumes,
    cost_curve,
)
from twin.cost.carbon import carbon_table, co2e_kg_per_body
from twin.cost.claims import ClaimExample, evaluate_claim, load_claim_example
from twin.cost.defaults import catalog_prices, default_casting_inputs, default_welded_inputs
from twin.cost.inputs import (
    MaterialInputs,
    OperatingCalendar,
    ProcessStep,
    RouteCostInputs,
    StampingDies,
    Tooling,
)
from twin.cost.levers import LEVERS, CostComparison, Lever, apply_lever, apply_settings, share_step
from twin.cost.pbcm import (
    annual_capital_cost_usd,
    available_hours,
    capital_recovery_factor,
    lines_needed,
    required_volume,
)
from twin.cost.rates import CostRates
from twin.cost.route_costs import ELEMENTS, CostBreakdown, cost_breakdown
from twin.cost.sensitivity import cost_difference_usd, monte_carlo, percentiles, tornado
from twin.cost.tables import cost_breakdown_table, cost_tables

__all__ = [
    "DEFAULT_VOLUMES",
    "ELEMENTS",
    "LEVERS",
    "ClaimExample",
    "CostBreakdown",
    "CostRates",
    "Lever",
    "MaterialInputs",
    "OperatingCalendar",
    "ProcessStep",
    "RouteCostInputs",
    "StampingDies",
    "CostComparison",
    "Tooling",
    "annual_capital_cost_usd",
    "apply_lever",
    "apply_settings",
    "available_hours",
    "breakeven_table",
    "breakeven_volume",
    "breakeven_volumes",
    "capital_recovery_factor",
    "carbon_table",
    "catalog_prices",
    "co2e_kg_per_body",
    "cost_breakdown",
    "cost_breakdown_table",
    "cost_curve",
    "cost_difference_usd",
    "cost_tables",
    "default_casting_inputs",
    "evaluate_claim",
    "default_welded_inputs",
    "inputs_from_experiment",
    "inputs_from_route",
    "lines_needed",
    "load_claim_example",
    "monte_carlo",
    "percentiles",
    "required_volume",
    "share_step",
    "tornado",
]
