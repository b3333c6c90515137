"""Parallel optimisation trials: a batch of trials gives the same trials serially, on local
processes and on Dask; the hand-computed optimum is found with two workers; the first
(random start-up) trials do not depend on the batch size; each distinct evaluation runs once.

The objective is the sizing line of test_optimise.py, costed with :class:`LineCost` (a
picklable objective made of twin classes only, so it runs in worker processes): a press of m
parallel machines (exponential 60 s cycles, ~60 m units/h) feeds a 5 s trim station through a
buffer of b places; the demand is 90 units/h; every machine costs 100 US$/h (the trim's too)
and a buffer place 5 US$/h. By hand: m = 1 makes ~60/h (infeasible), m = 2 ~120/h, so every
replication delivers the whole demand and costs (2 + 1) x 100 / 90 = 3.333 US$ per body; a
buffer only adds cost. The optimum is m = 2, b = 0.
"""

from __future__ import annotations

from concurrent.futures import Executor

import pytest
from scenario_builders import SIZING_LINE_YAML as LINE

from lines.scenario_io import parse_scenario
from twin.experiments.executors import SerialExecutor, make_executor
from twin.optimise import (
    Evaluation,
    Fidelity,
    LineCost,
    Search,
    evaluate_all,
    optimise,
    parse_constraint,
    parse_vary,
    run_search,
    scenario_objective,
)

MACHINES, BUFFER = "stations.press.machines", "stations.trim.buffer_capacity"
COST = LineCost(demand_uph=90.0, machine_usd_per_h=100.0, buffer_place_usd_per_h=5.0)
OPTIMUM_USD = (2 + 1) * 100.0 / 90.0


def sizing_search(seed: int) -> Search:
    return Search(scenario_objective(parse_scenario(LINE), COST),
                  (parse_vary(f"{MACHINES}=1..5"), parse_vary(f"{BUFFER}=0..5")),
                  "cost_per_body_usd", (parse_constraint("demand_met_share>=0.95"),),
                  (Fidelity(2, 0.25), Fidelity(4, 1.0)), seed)


def trials_seen(outcomes):
    return [(t.number, dict(t.settings), t.fidelity, t.objective, dict(t.metrics), t.pruned)
            for t in outcomes]


def test_a_batch_gives_the_same_trials_serially_on_processes_and_on_dask():
    pytest.importorskip("dask.distributed")
    serial = run_search(sizing_search(4), trials=12, batch=2)
    with make_executor("processes", workers=2) as pool:
        on_processes = run_search(sizing_search(4), trials=12, executor=pool, batch=2)
    with make_executor("dask", workers=2) as client:
        on_dask = run_search(sizing_search(4), trials=12, executor=client, batch=2)
    assert trials_seen(on_processes) == trials_seen(serial)
    assert trials_seen(on_dask) == trials_seen(serial)
    assert [t.number for t in serial] == list(range(12))
    assert any(t.pruned for t in serial)  # the pruner still acts on batches


@pytest.mark.parametrize("seed", [0, 1])
def test_the_hand_computed_optimum_is_found_with_two_workers(seed):
    with make_executor("processes", workers=2) as pool:
        result = optimise(sizing_search(seed), trials=30, confirm=Fidelity(8, 1.0),
                          executor=pool, batch=2)
    assert result.best.settings == {MACHINES: 2, BUFFER: 0}
    row = result.confirmation.set_index("metric").loc["cost_per_body_usd"]
    assert row["mean"] == pytest.approx(OPTIMUM_USD, rel=1e-12)
    assert row["n"] == 8
    assert result.confirmed_feasible
    assert result.best_evaluation is not None
    assert result.best_evaluation.experiment is not None  # came back from the worker
    assert len(result.best_evaluation.metrics["cost_per_body_usd"]) == 8
    assert any(t.pruned for t in result.trials)
    assert all(not t.feasible for t in result.trials if t.settings[MACHINES] == 1)


def test_the_random_start_up_trials_do_not_depend_on_the_batch_size():
    # 18 trials: the sampler's start-up is max(3, min(10, 18 // 3)) = 6 random trials
    one = run_search(sizing_search(9), trials=18, batch=1)
    three = run_search(sizing_search(9), trials=18, batch=3)
    assert [t.settings for t in one[:6]] == [t.settings for t in three[:6]]


def test_the_parallel_search_records_and_reports_progress_in_trial_order():
    seen, progress = [], []
    with make_executor("processes", workers=2) as pool:
        run_search(sizing_search(3), trials=7, executor=pool, batch=3,
                   on_trial=lambda outcome, evaluation: seen.append(outcome.number),
                   progress=lambda done, total: progress.append((done, total)))
    assert seen == list(range(7))
    assert progress == [(i, 7) for i in range(1, 8)]


class Counting(Executor):
    """Runs tasks here (as SerialExecutor) and counts them."""

    def __init__(self) -> None:
        self.inner, self.tasks = SerialExecutor(), 0

    def submit(self, fn, /, *args, **kwargs):
        self.tasks += 1
        return self.inner.submit(fn, *args, **kwargs)


def constant(settings, fidelity, seed):
    return Evaluation({"loss": [float(settings["x"])] * fidelity.replications})


def test_each_distinct_evaluation_runs_once_and_the_order_is_kept():
    search = Search(constant, (parse_vary("x=0..3"),), "loss", (), (Fidelity(2),), 0)
    executor, cache = Counting(), {}
    found = evaluate_all(search, [{"x": 1}, {"x": 2}, {"x": 1}], Fidelity(2), cache, executor)
    assert [e.mean("loss") for e in found] == [1.0, 2.0, 1.0]
    assert executor.tasks == 2  # {"x": 1} twice in one batch: once
    evaluate_all(search, [{"x": 2}, {"x": 3}], Fidelity(2), cache, executor)
    assert executor.tasks == 3  # {"x": 2} was cached


def test_a_batch_size_below_one_is_refused():
    with pytest.raises(ValueError, match="batch needs >= 1"):
        run_search(sizing_search(0), trials=2, batch=0)
