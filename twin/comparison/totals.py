"""Route-level figures of a comparison: catalog totals with the simulated output per route.

The one table behind ``routes.csv`` of ``gigatwin compare`` and of the app's downloads.
"""

from __future__ import annotations

import pandas as pd

from parts_catalog import Catalog
from twin.experiments import ExperimentResult, replications_table


def routes_table(catalog: Catalog, experiments: dict[str, ExperimentResult]) -> pd.DataFrame:
    """Route-level figures: catalog totals (mass, parts, joints) and mean good bodies per hour."""
    rows = []
    for route, experiment in experiments.items():
        row = catalog.route_totals(route).as_row()
        table = replications_table(experiment.results)
        row["throughput_uph_mean"] = float(table["throughput_uph"].mean())
        row["scenario"] = experiment.scenario.name
        rows.append(row)
    return pd.DataFrame(rows)


def masses(routes: pd.DataFrame) -> dict[str, float]:
    """Mass per body of each route [kg], from the routes table."""
    return {str(k): float(v) for k, v in routes.set_index("route")["mass_kg"].items()}


__all__ = ["masses", "routes_table"]
