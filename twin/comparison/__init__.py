"""The welded-against-casting comparison shared by ``gigatwin compare`` and the app.

Typical use::

    from twin import comparison
    costs = comparison.route_costs(specs, experiments, catalog, 250_000, CostRates())
    table = comparison.comparison_table(experiments, masses_kg, costs)
    comparison.verdict(table, costs)  # "The casting route is cheaper by US$ ..."
"""

from twin.comparison.routes import (
    ROUTE_FILES,
    ROUTE_LABELS,
    ROUTES,
    default_specs,
    read_route_yaml,
    read_uploaded_yaml,
    route_yaml,
)
from twin.comparison.table import (
    SIMULATED,
    Costs,
    comparison_table,
    csv_table,
    route_costs,
    significant,
    verdict,
)
from twin.comparison.totals import masses, routes_table

__all__ = [
    "ROUTES",
    "ROUTE_FILES",
    "ROUTE_LABELS",
    "SIMULATED",
    "Costs",
    "comparison_table",
    "masses",
    "csv_table",
    "default_specs",
    "read_route_yaml",
    "read_uploaded_yaml",
    "route_costs",
    "route_yaml",
    "routes_table",
    "significant",
    "verdict",
]
