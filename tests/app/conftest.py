"""AppTest fixtures: a fresh app per test with every Streamlit cache emptied."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
TIMEOUT_S = 120  # AppTest's default of 3 s is shorter than one simulated week
SHORT_PLAN = {"demand": 250_000.0, "days": 3.0, "replications": 2, "seed": 0}


@pytest.fixture(autouse=True)
def _clear_caches():
    """Streamlit caches are process-global: without this a test sees another's results."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app() -> AppTest:
    """The whole app, run once on its default page."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT_S)
    # the Overview plans for the demand on open: a short plan keeps each test quick
    at.session_state["plan_run"] = SHORT_PLAN
    at.run()
    assert not at.exception, at.exception
    return at


def _open_page(at: AppTest, name: str) -> AppTest:
    at.switch_page(f"twin/ui/pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def open_page():
    """``open_page(at, name)``: switch to ``twin/ui/pages/<name>.py``, check no exception."""
    return _open_page
