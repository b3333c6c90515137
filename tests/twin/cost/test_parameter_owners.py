"""One owner per parameter: one edit of a shared value moves the simulated and the costed figure.

Each test changes a value once, where it lives (the route spec or the parts catalog), runs the
short simulation and the cost model from that one edit, and checks that both move the way the
change says, by the amount a hand computation gives where there is one.
"""

import pytest

from lines.routes import (
    CastingRouteSpec,
    WeldedRouteSpec,
    build_route_scenario,
    casting,
    welded,
)
from lines.spec import ShiftCalendar
from twin.cost import (
    cost_breakdown,
    default_casting_inputs,
    default_welded_inputs,
    inputs_from_route,
)
from twin.experiments import run_experiment

SHORT = {"horizon_days": 3.0, "warmup_h": 0.0}


def simulate_and_cost(spec, catalog, replications=1):
    experiment = run_experiment(build_route_scenario(spec, catalog), replications, seed=5)
    inputs = inputs_from_route(spec, catalog, experiment)
    return experiment, inputs, cost_breakdown(inputs)


def station_total(experiment, station, column):
    table = experiment.stations
    return float(table.loc[table["station"] == station, column].sum())


@pytest.fixture(scope="module")
def casting_base():
    return CastingRouteSpec(defect_model="constant", **SHORT)


def test_the_shift_calendar_sets_simulated_hours_and_costed_hours(catalog, casting_base):
    """Six days a week instead of five: planned time and the cost model's hours both x 6/5."""
    six = casting_base.calendar.model_dump() | {"days_per_week": 6}
    changed = casting_base.with_changes(calendar=ShiftCalendar(**six), horizon_days=7.0)
    base = casting_base.with_changes(horizon_days=7.0)
    (sim_a, in_a, _), (sim_b, in_b, _) = (simulate_and_cost(s, catalog) for s in (base, changed))
    planned = sim_b.results[0].planned_time_s / sim_a.results[0].planned_time_s
    assert planned == pytest.approx(6 / 5)
    on_shift = 1 - station_total(sim_b, casting.GIGA_CELL, "off_shift_share")
    assert on_shift == pytest.approx(6 * 22.5 / (7 * 24))
    hours = in_b.calendar.available_hours_per_year / in_a.calendar.available_hours_per_year
    assert hours == pytest.approx(6 / 5)
    assert in_a.calendar.available_hours_per_year == pytest.approx(365 / 7 * 5 * 3 * 7.5)


def test_the_die_life_sets_simulated_die_changes_and_costed_die_wear(catalog, casting_base):
    """A 500-shot die is changed in a 3-day run and costs 200x the wear of a 100k-shot die."""
    short_life = casting_base.with_changes(die_life_shots=500)
    sim_a, in_a, cost_a = simulate_and_cost(casting_base, catalog)
    sim_b, in_b, cost_b = simulate_and_cost(short_life, catalog)
    assert station_total(sim_a, casting.GIGA_CELL, "die_changes") == 0
    shots = station_total(sim_b, casting.GIGA_CELL, "processed_units")
    changes = station_total(sim_b, casting.GIGA_CELL, "die_changes")
    assert changes == pytest.approx(shots / 500, abs=casting_base.cells)
    assert in_b.die_events.die_life_shots == 500  # the cost reads the simulated plan
    assert cost_b.cost_per_body_usd["tooling"] > 10 * cost_a.cost_per_body_usd["tooling"]


def test_energy_per_shot_sets_simulated_and_costed_energy(catalog, casting_base):
    """Doubling energy per shot doubles the cell's simulated kWh and raises the costed kWh.

    Without the finishing chain, whose stations' kWh the cell step also carries.
    """
    casting_base = casting_base.with_changes(finishing_chain=False)
    double = casting_base.with_changes(energy_kwh_per_shot=200.0)
    sim_a, _, cost_a = simulate_and_cost(casting_base, catalog)
    sim_b, _, cost_b = simulate_and_cost(double, catalog)
    ratio = (station_total(sim_b, casting.GIGA_CELL, "energy_kwh")
             / station_total(sim_a, casting.GIGA_CELL, "energy_kwh"))
    assert ratio == pytest.approx(2.0, rel=1e-9)  # same seed, same states: power doubles
    cell_a = cost_a.kwh_per_body[casting.CELL_STEP]
    assert cost_b.kwh_per_body[casting.CELL_STEP] == pytest.approx(2 * cell_a, rel=1e-9)
    nominal = default_casting_inputs(catalog, spec=double).step(casting.CELL_STEP)
    assert nominal.energy_kwh_per_unit == 200.0


def test_the_scrap_share_sets_simulated_and_costed_scrap(catalog):
    """Welded gate scrap 0.5 % -> 10 %: simulated scrap rate and the costed rate both follow."""
    base = WeldedRouteSpec(**SHORT)
    scrappy = base.with_changes(scrap_share=0.10)
    sim_a, in_a, cost_a = simulate_and_cost(base, catalog)
    sim_b, in_b, cost_b = simulate_and_cost(scrappy, catalog)
    rate = station_total(sim_b, welded.BODY_LINE, "scrapped_units") / station_total(
        sim_b, welded.BODY_LINE, "processed_units")
    assert rate == pytest.approx(0.10, abs=0.02)
    assert in_b.step(welded.BODY_STEP).scrap_rate == pytest.approx(rate)
    assert in_a.step(welded.BODY_STEP).scrap_rate < 0.02
    assert cost_b.total_usd > cost_a.total_usd


@pytest.mark.parametrize(("lever", "route"), [("steel_usd_per_kg", "welded"),
                                              ("alloy_usd_per_kg", "casting")])
def test_a_catalog_price_moves_the_parts_cost_and_the_cost_model(catalog, lever, route):
    """The catalog owns prices: one price change moves the Parts table and the cost per body."""
    dearer = catalog.with_prices(**{lever: 4.0})
    parts = (dearer.parts_table(route)["material_cost_usd"].sum()
             - catalog.parts_table(route)["material_cost_usd"].sum())
    assert parts > 0
    inputs = {"welded": default_welded_inputs, "casting": default_casting_inputs}[route]
    before = cost_breakdown(inputs(catalog)).cost_per_body_usd["material"]
    after = cost_breakdown(inputs(dearer)).cost_per_body_usd["material"]
    assert after > before
    field = "sheet_usd_per_kg" if lever.startswith("steel") else "alloy_usd_per_kg"
    assert getattr(inputs(dearer).material, field) == pytest.approx(4.0)


def test_the_press_scrap_share_sets_simulated_strokes_and_costed_blanks(catalog):
    """WeldedRouteSpec.press_scrap_share is the one owner: 2 % -> 10 % lengthens every press
    batch by 0.98/0.90 in the simulated scenario and buys 0.98/0.90 times the blanks."""
    base, more = WeldedRouteSpec(), WeldedRouteSpec(press_scrap_share=0.10)
    line = welded.press_station("TANDEM-1")
    cycles = [build_route_scenario(s, catalog).station(line).cycle_time_s_by_product
              for s in (base, more)]
    part = next(iter(cycles[0]))
    assert float(cycles[1][part].mean) / float(cycles[0][part].mean) == pytest.approx(0.98 / 0.9)
    blanks = [cost_breakdown(default_welded_inputs(catalog, spec=s)).sheet_blank_kg_per_body
              for s in (base, more)]
    assert blanks[1] / blanks[0] == pytest.approx(0.98 / 0.9)
    strokes = [default_welded_inputs(catalog, spec=s).stamping_dies.strokes_per_set_by_die
               for s in (base, more)]
    assert strokes[1][part] / strokes[0][part] == pytest.approx(0.98 / 0.9)
