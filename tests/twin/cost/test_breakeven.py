"""Break-even volume: on paper for linear cost curves, and its direction with cell capex."""

import numpy as np
import pytest

from twin.cost import (
    LEVERS,
    CostRates,
    ProcessStep,
    RouteCostInputs,
    apply_lever,
    breakeven_table,
    breakeven_volume,
    breakeven_volumes,
)

RATES = CostRates(cost_of_capital=0.0, equipment_life_years=10, working_capital_months=0,
                  overhead_labour_ratio=0, maintenance_share_per_year=0,
                  electricity_usd_per_kwh=1.0)  # fmt: skip
VOLUMES = tuple(float(v) for v in np.arange(10_000, 400_001, 10_000))


def route(name, capex_usd, kwh):
    """Shared line (no sawtooth): fixed capex / 10 yr a year, variable = kwh x 1 US$/kWh."""
    step = ProcessStep(name="s", cycle_time_s=1, oee=1, dedicated=True,
                       capex_per_line_usd=capex_usd, energy_kwh_per_unit=kwh)  # fmt: skip
    return RouteCostInputs(route=name, annual_volume_units=1, steps=(step,))


def test_crossing_of_fixed_versus_variable_cost_on_paper():
    """Casting: 20 M US$ + 10 US$/unit; welded 5 M US$ + 20 US$/unit -> (2 - 0.5) M / 10 = 150k."""
    casting, welded = route("casting", 20e6, 10), route("welded", 5e6, 20)
    assert breakeven_volume(welded, casting, RATES, VOLUMES) == pytest.approx(150_000)


def test_higher_capex_moves_the_paper_break_even_up():
    welded = route("welded", 5e6, 20)
    low = breakeven_volume(welded, route("casting", 20e6, 10), RATES, VOLUMES)
    high = breakeven_volume(welded, route("casting", 30e6, 10), RATES, VOLUMES)
    assert high == pytest.approx(250_000)
    assert high > low


def test_no_crossing_gives_none():
    assert breakeven_volume(route("w", 5e6, 20), route("c", 1e6, 10), RATES, VOLUMES) is None


def test_default_routes_first_crossing_moves_down_when_cell_capex_rises(scenario):
    """With the defaults casting is cheaper at low volume; a dearer cell ends that sooner."""
    base = breakeven_volumes(scenario.welded, scenario.casting, scenario.rates)
    dearer = apply_lever(scenario, LEVERS["cell_capex"], 30e6)
    moved = breakeven_volumes(dearer.welded, dearer.casting, dearer.rates)
    assert base
    assert moved
    assert moved[0] < base[0]


def test_breakeven_table_is_tidy(welded, casting):
    table = breakeven_table(welded, casting, volumes=(50_000.0, 250_000.0))
    assert list(table.columns) == ["route", "annual_volume_units", "cost_per_body_usd"]
    assert set(table["route"]) == {"welded", "casting"}
    assert len(table) == 4
