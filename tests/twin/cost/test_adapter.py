"""Simulated figures replace the hand-filled ones: OEE, cycle, scrap and energy of a real run."""

import pytest

from lines import load_scenario
from twin import run_experiment
from twin.cost import cost_breakdown, inputs_from_experiment


@pytest.fixture(scope="module")
def experiment():
    scenario = load_scenario("examples/two_station_line.yaml").with_changes(horizon_days=2)
    return run_experiment(scenario, replications=2, seed=3)


def test_simulated_step_matches_the_kpis(welded, experiment):
    inputs = inputs_from_experiment(welded, experiment, {"body_shop": ["press", "weld"]})
    step = inputs.step("body_shop")
    line = experiment.replications.mean(numeric_only=True)
    assert step.cycle_time_s == pytest.approx(56.6667, abs=1e-3)  # triangular(50, 55, 65)
    assert step.oee == pytest.approx(line["line_oee_share"] / (1 - line["scrap_share"]), rel=0.02)
    assert step.scrap_rate == pytest.approx(line["scrap_share"], rel=0.05)
    assert step.capex_per_line_usd == welded.step("body_shop").capex_per_line_usd
    assert inputs.source.startswith("simulated")
    assert cost_breakdown(inputs).total_usd > 0


def test_unknown_step_is_rejected(welded, experiment):
    with pytest.raises(ValueError, match="unknown cost steps"):
        inputs_from_experiment(welded, experiment, {"paint_shop": ["press"]})


def test_inputs_from_the_simulated_casting_route(catalog):
    from lines.routes import CastingRouteSpec, build_casting_scenario
    from twin.cost import inputs_from_route

    spec = CastingRouteSpec().with_changes(
        horizon_days=1, warmup_h=8, defect_model="constant", die_life_shots=80_000
    )
    experiment = run_experiment(build_casting_scenario(spec, catalog), replications=1, seed=1)
    inputs = inputs_from_route(spec, catalog, experiment, 250_000)
    cell = inputs.step("giga_cell")
    assert cell.cycle_time_s == pytest.approx(110)
    assert 0.3 < cell.oee < 1.0
    assert inputs.melt_kwh_per_kg == 0  # the route's 100 kWh per shot includes melting
    # the giga die is costed from the events the cell counted, at the simulated die life
    assert all(t.name != "giga_die" for t in inputs.tooling)
    assert inputs.die_events.die_life_shots == 80_000
    assert inputs.die_events.shots == experiment.stations.set_index("station").loc[
        "giga_cell", "processed_units"]
    # REFERENCE 4.5: 2.13 cells at 70 % OEE and 5 % scrap; a day's OEE and scrap move it
    assert 2 <= cost_breakdown(inputs).lines_needed["giga_cell"] <= 3


def test_inputs_from_a_welded_route_with_one_station_per_subassembly(catalog):
    from lines.routes import WeldedRouteSpec, build_welded_scenario
    from twin.cost import inputs_from_route

    spec = WeldedRouteSpec(layout="stations", horizon_days=1)
    experiment = run_experiment(build_welded_scenario(spec, catalog), replications=1, seed=2)
    inputs = inputs_from_route(spec, catalog, experiment)
    assert inputs.source.startswith("simulated")
    assert cost_breakdown(inputs).total_usd > 0


def test_a_heavier_shot_in_the_casting_spec_raises_the_material_cost(catalog):
    from lines.routes import CastingRouteSpec, build_casting_scenario
    from twin.cost import inputs_from_route

    costs = []
    for shot_kg in (90.0, 100.0):
        spec = CastingRouteSpec().with_changes(horizon_days=1, warmup_h=8, shot_mass_kg=shot_kg,
                                               defect_model="constant")
        experiment = run_experiment(build_casting_scenario(spec, catalog), 1, seed=1)
        inputs = inputs_from_route(spec, catalog, experiment)
        assert inputs.material.alloy_shot_kg == shot_kg
        costs.append(cost_breakdown(inputs).cost_per_body_usd["material"])
    assert costs[1] > costs[0]
