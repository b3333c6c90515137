"""Shared fixtures of the route tests."""

from __future__ import annotations

import pytest

from parts_catalog import Catalog, load_catalog


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped parts catalog (loaded once)."""
    return load_catalog()
