"""The default routes at their nominal inputs (no simulation) and their body masses."""

import pytest

from parts_catalog import load_catalog
from twin.cost import CostComparison, CostRates, default_casting_inputs, default_welded_inputs


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def scenario(catalog):
    return CostComparison(default_welded_inputs(catalog), default_casting_inputs(catalog),
                          CostRates())


@pytest.fixture(scope="session")
def masses(catalog):
    return {route: catalog.route_totals(route).mass_kg for route in ("welded", "casting")}
