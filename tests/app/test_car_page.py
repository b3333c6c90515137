"""The car page: its figures are the lifecycle model's on the catalog's masses."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from lines.vehicle import VehicleSpec
from parts_catalog import load_catalog
from twin.cost import CostRates
from twin.ui import state

from .conftest import REPO, TIMEOUT_S


def _values(data) -> list:
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(np.ravel(data))


def test_car_page_shows_the_saving_and_the_cumulative_co2e_of_both_routes():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT_S)
    at.session_state[state.ROUTE_RUN_KEY] = {"days": 1.0, "replications": 2, "seed": 0}
    at.run()
    at.switch_page("twin/ui/pages/car.py").run()
    assert not at.exception, [e.value for e in at.exception]
    catalog, vehicle = load_catalog(), VehicleSpec()
    saving_kg = catalog.route_totals("welded").mass_kg - catalog.route_totals("casting").mass_kg
    shown = {m.label: m.value for m in at.metric}
    assert shown["Energy saved"] == f"{0.6 * saving_kg / 100:.3f} kWh/100 km"
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert len(chart["data"]) == 2
    for trace in chart["data"]:  # slope of each line = its car's use CO2e per km
        x, y = _values(trace["x"]), _values(trace["y"])
        assert x[0] == 0.0
        assert x[-1] == pytest.approx(vehicle.lifetime_km)
        slope_kg_per_km = (y[-1] - y[0]) / x[-1]
        assert slope_kg_per_km * 100 / vehicle.use_grid_kg_co2e_per_kwh == pytest.approx(
            17.0, abs=0.1)
    assert y[0] > 0
    assert any("Break-even distance" in m.value for m in at.markdown)


def test_a_fully_recycled_alloy_set_on_what_if_makes_the_casting_car_lower_from_the_start():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT_S)
    at.session_state[state.ROUTE_RUN_KEY] = {"days": 1.0, "replications": 2, "seed": 0}
    at.session_state[state.COST_KEY] = {"volume": 250_000.0, "rates": CostRates(),
                                        "prices": {"alloy_recycled_share": 1.0}}
    at.run()
    at.switch_page("twin/ui/pages/car.py").run()
    assert not at.exception, [e.value for e in at.exception]
    text = " ".join(m.value for m in at.markdown)
    assert "casting is lower from the first km" in text
