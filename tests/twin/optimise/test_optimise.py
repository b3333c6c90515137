"""Simulation-optimisation: the hand-computed optimum is found for several seeds, a fixed seed
repeats the same trials, and the "how sure" probability and the front match hand results."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scenario_builders import SIZING_LINE_YAML as LINE

from lines.scenario_io import parse_scenario
from twin.optimise import (
    Evaluation,
    Fidelity,
    Search,
    TrialOutcome,
    front,
    optimise,
    parse_constraint,
    parse_vary,
    probability_better,
    run_search,
    scenario_objective,
    store_recorder,
)
from twin.store import ExperimentStore

# A press of m parallel machines (exponential 60 s cycles: 60 m units/h) feeding a 5 s trim
# station through a buffer of b places. Demand: 90 units/h. Cost: 100 US$/h per machine and
# 5 US$/h per buffer place, per body delivered (output beyond the demand is worth nothing).
# By hand: m = 1 makes ~60/h (infeasible); m = 2 makes ~120/h (feasible); a buffer only adds
# cost. The optimum is m = 2, b = 0 at 200 x 24 / (90 x 24) = 2.222 US$ per body.
DEMAND_UPH, MACHINE_USD_H, BUFFER_USD_H = 90.0, 100.0, 5.0
MACHINES, BUFFER = "stations.press.machines", "stations.trim.buffer_capacity"


def sizing_metrics(experiment, settings):
    hours = experiment.scenario.horizon_days * 24
    demand = DEMAND_UPH * hours
    rate = settings[MACHINES] * MACHINE_USD_H + settings[BUFFER] * BUFFER_USD_H
    good = experiment.replications["good_units"].to_numpy(float)
    return {"cost_per_body_usd": rate * hours / np.minimum(good, demand),
            "demand_met_share": good / demand}


def sizing_search(seed):
    return Search(scenario_objective(parse_scenario(LINE), sizing_metrics),
                  (parse_vary(f"{MACHINES}=1..5"), parse_vary(f"{BUFFER}=0..5")),
                  "cost_per_body_usd", (parse_constraint("demand_met_share>=0.95"),),
                  (Fidelity(2, 0.25), Fidelity(4, 1.0)), seed)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_hand_computed_optimum_is_found_within_30_trials(seed):
    result = optimise(sizing_search(seed), trials=30, confirm=Fidelity(8, 1.0))
    assert result.best.settings == {MACHINES: 2, BUFFER: 0}
    row = result.confirmation.set_index("metric").loc["cost_per_body_usd"]
    assert row["mean"] == pytest.approx(200 * 24 / (90 * 24), rel=1e-12)
    assert row["n"] == 8
    assert result.confirmed_feasible
    assert result.runner_up.settings != result.best.settings
    assert result.probability_best_beats_runner_up == 1.0  # the cost gap is exact here
    assert any(t.pruned for t in result.trials)  # multi-fidelity: some stop at the short rung
    assert all(not t.feasible for t in result.trials if t.settings[MACHINES] == 1)
    assert "Best settings {'stations.press.machines': 2" in result.statement


def noisy_bowl(settings, fidelity, seed):
    """A quick objective with a known minimum (x = 3) and replication noise shared by trials."""
    noise = np.array([np.random.default_rng([seed, i]).normal(0, 0.3)
                      for i in range(fidelity.replications)])
    x = settings["x"]
    return Evaluation({"loss": (x - 3) ** 2 + 1 + noise, "slack": np.full_like(noise, 5 - x)})


def bowl_search(seed):
    return Search(noisy_bowl, (parse_vary("x=0..10"),), "loss",
                  (parse_constraint("slack>=0"),), (Fidelity(2), Fidelity(6)), seed)


def test_with_the_seed_fixed_the_same_trials_come_in_the_same_order():
    first = run_search(bowl_search(11), trials=20)
    again = run_search(bowl_search(11), trials=20)
    assert [(t.settings, t.objective, t.pruned) for t in first] == [
        (t.settings, t.objective, t.pruned) for t in again]
    other = run_search(bowl_search(12), trials=20)
    assert [t.settings for t in other] != [t.settings for t in first]


def test_infeasible_settings_never_win_and_all_infeasible_is_said():
    result = optimise(bowl_search(0), trials=20, confirm=Fidelity(4))
    assert result.best.settings["x"] <= 5
    assert result.best.settings["x"] == 3
    impossible = Search(noisy_bowl, (parse_vary("x=6..10"),), "loss",
                        (parse_constraint("slack>=0"),), (Fidelity(2),), 0)
    none = optimise(impossible, trials=5)
    assert none.best is None
    assert none.statement == "no trial met the constraints"


def test_probability_better_is_the_t_posterior_of_the_paired_mean():
    # d = rival - best = [1, 2, 0]: mean 1, sd 1, n 3, t = sqrt(3); for 2 degrees of freedom
    # the t distribution function is 1/2 + t / (2 sqrt(2 + t^2)) = 0.5 + sqrt(3) / (2 sqrt(5))
    found = probability_better(np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 3.0]))
    assert found == pytest.approx(0.5 + math.sqrt(3) / (2 * math.sqrt(5)), rel=1e-9)
    assert probability_better(np.array([1.0, 1.0]), np.array([1.0, 1.0])) == 0.5
    assert probability_better(np.array([1.0]), np.array([2.0])) is None


def outcome(number, x, loss, slack):
    return TrialOutcome(number, {"x": x}, Fidelity(6), loss, {"loss": loss, "slack": slack},
                        (-slack,), False)


def test_the_front_keeps_exactly_the_undominated_trials():
    trials = (outcome(0, 1, 5.0, 4.0), outcome(1, 2, 2.0, 3.0), outcome(2, 3, 1.0, 2.0),
              outcome(3, 4, 3.0, 1.0),  # worse loss and less slack than trial 2: dominated
              outcome(4, 5, 1.0, 0.5))  # same loss as 2, less slack: dominated
    table = front(trials, bowl_search(0)).set_index("trial")
    assert table["on_front"].to_dict() == {0: True, 1: True, 2: True, 3: False, 4: False}


@pytest.mark.parametrize(("text", "message"), [
    ("cells=5..2", "LOW must be <= HIGH"), ("cells", "expected PATH=LOW..HIGH"),
    ("demand_met_share>0.95", "expected METRIC>=BOUND")])
def test_bad_ranges_and_constraints_say_what_is_expected(text, message):
    parse = parse_constraint if "share" in text else parse_vary
    with pytest.raises(ValueError, match=message):
        parse(text)


def test_a_real_range_and_an_integer_range_are_told_apart():
    assert parse_vary("stations.a.cycle_time_s=40.0..60").integer is False
    assert parse_vary("cells=2..5").integer is True
    assert parse_constraint("wip_mean_units<=12").violation(14) == 2


def test_every_trial_is_recorded_in_the_store(tmp_path):
    store = ExperimentStore.open(str(tmp_path / "store.db"))
    trials = 6
    run_search(sizing_search(0), trials, on_trial=store_recorder(store, tag="opt"))
    history = store.history(tag="opt")
    assert len(history) == trials
    assert set(history["command"]) == {"optimise-trial"}
    assert set(history["source"]) == {"optimise"}
    first = store.get(int(history["id"].iloc[-1]))
    assert set(first.overrides) == {MACHINES, BUFFER}
    store.close()


def test_line_cost_is_machines_and_places_per_body_delivered_by_hand():
    from twin import run_experiment
    from twin.optimise import LineCost

    scenario = parse_scenario(LINE.replace("buffer_capacity: 0", "buffer_capacity: 2"))
    experiment = run_experiment(scenario, replications=2, seed=0)
    found = LineCost(demand_uph=30.0, machine_usd_per_h=100.0, buffer_place_usd_per_h=5.0)(
        experiment, {})
    # 2 machines (press, trim) and 2 places: 210 US$/h; ~60/h made > 30/h demanded, so every
    # replication delivers exactly the demand: 210 / 30 = 7 US$ per body
    assert found["cost_per_body_usd"] == pytest.approx([7.0, 7.0], rel=1e-12)
    good = experiment.replications["good_units"].to_numpy(float)
    assert found["demand_met_share"] == pytest.approx(list(good / (30.0 * 24)))
    assert found["throughput_uph"] == pytest.approx(
        experiment.replications["throughput_uph"].tolist())
