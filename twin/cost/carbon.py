"""Energy and CO2e per good body: electricity by step (and melting), and material footprints.

Electricity is priced by the grid intensity (``CostRates.grid_kg_co2e_per_kwh``); material
is cradle-to-gate per kg bought: steel blanks (offal is not credited), and the alloy bought
to replace the good casting and the dross. Both footprints are the parts catalog's: the
alloy's is derived from its grade's primary/recycled ``alloy_mix`` (the one owner of the
recycled share) and reaches the cost model on ``MaterialInputs.alloy_kg_co2e_per_kg``.
"""

from __future__ import annotations

import pandas as pd

from twin.cost.rates import CostRates
from twin.cost.route_costs import CostBreakdown


def carbon_rows(breakdown: CostBreakdown, rates: CostRates) -> list[dict[str, object]]:
    """One row per electricity use and per material of one route."""
    grid = rates.grid_kg_co2e_per_kwh
    rows: list[dict[str, object]] = [
        {"element": f"electricity:{name}", "kwh_per_body": kwh, "co2e_kg_per_body": kwh * grid}
        for name, kwh in breakdown.kwh_per_body.items()
    ]
    materials = {
        "material:steel": breakdown.sheet_blank_kg_per_body * breakdown.sheet_kg_co2e_per_kg,
        "material:aluminium": breakdown.alloy_kg_per_body * breakdown.alloy_kg_co2e_per_kg,
    }
    rows += [
        {"element": name, "kwh_per_body": 0.0, "co2e_kg_per_body": co2e}
        for name, co2e in materials.items()
        if co2e > 0
    ]
    return [{"route": breakdown.route, **row} for row in rows]


def carbon_table(breakdowns: list[CostBreakdown], rates: CostRates | None = None) -> pd.DataFrame:
    """Tidy table: route, element, kwh_per_body, co2e_kg_per_body."""
    rates = rates or CostRates()
    return pd.DataFrame([row for b in breakdowns for row in carbon_rows(b, rates)])


def co2e_kg_per_body(breakdown: CostBreakdown, rates: CostRates | None = None) -> float:
    """Total CO2e per good body of one route [kg]."""
    table = carbon_table([breakdown], rates)
    return float(table["co2e_kg_per_body"].sum())
