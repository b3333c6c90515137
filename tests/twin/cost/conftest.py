"""Shared fixtures: the default routes (the catalog is loaded once per session)."""

import pytest

from parts_catalog import load_catalog
from twin.cost import CostComparison, CostRates, default_casting_inputs, default_welded_inputs


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def welded(catalog):
    return default_welded_inputs(catalog)


@pytest.fixture(scope="session")
def casting(catalog):
    return default_casting_inputs(catalog)


@pytest.fixture(scope="session")
def scenario(welded, casting):
    return CostComparison(welded, casting, CostRates())
