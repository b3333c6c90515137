"""Optimisation trials per minute on the shipped casting route, at a short and a long fidelity.

The search varies the giga-cell count (1..4) and the buffer before laser trim (0..10) of the
shipped casting route scenario; the objective is a cost per delivered body (100 US$/h per
cell-hour is a placeholder rate for the benchmark, not a cost model figure) subject to
delivering 95 % of a demand of 60 bodies/h. Every trial is a fresh evaluation (no cache hits:
the repeated settings of a small space are counted once), serial, as the optimiser runs.

Run: ``python benchmarks/bench_optimise.py [--trials N]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from lines.routes import build_route_scenario
from parts_catalog import load_catalog
from twin import comparison
from twin.optimise import Fidelity, Search, parse_constraint, parse_vary, run_search
from twin.optimise.objective import scenario_objective

CELL, TRIM = "stations.giga_cell.machines", "stations.laser_trim.buffer_capacity"
DEMAND_UPH, CELL_USD_H, PLACE_USD_H = 60.0, 100.0, 1.0


def metrics(experiment, settings):
    hours = experiment.scenario.horizon_days * 24
    demand = DEMAND_UPH * hours
    good = experiment.replications["good_units"].to_numpy(float)
    rate = settings[CELL] * CELL_USD_H + settings[TRIM] * PLACE_USD_H
    return {"cost_per_body_usd": rate * hours / np.maximum(np.minimum(good, demand), 1.0),
            "demand_met_share": good / demand}


def trials_per_minute(scenario, rungs: tuple[Fidelity, ...], trials: int
                      ) -> tuple[float, int, int]:
    evaluations = 0
    objective = scenario_objective(scenario, metrics)

    def counted(settings, fidelity, seed):
        nonlocal evaluations
        evaluations += 1
        return objective(settings, fidelity, seed)

    search = Search(counted, (parse_vary(f"{CELL}=1..4"), parse_vary(f"{TRIM}=0..10")),
                    "cost_per_body_usd", (parse_constraint("demand_met_share>=0.95"),),
                    rungs, seed=0)
    started = time.perf_counter()
    outcomes = run_search(search, trials)
    minutes = (time.perf_counter() - started) / 60
    return trials / minutes, evaluations, sum(o.pruned for o in outcomes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=12)
    args = parser.parse_args()
    cases = {"short (1 day x 2 replications)": (Fidelity(2, 1.0),),
             "long (7 days x 5 replications)": (Fidelity(5, 7.0),),
             "multi-fidelity (short, then long unless pruned)": (Fidelity(2, 1.0),
                                                                 Fidelity(5, 7.0))}
    scenario = build_route_scenario(comparison.default_specs()["casting"], load_catalog())
    for name, rungs in cases.items():
        rate, evaluations, pruned = trials_per_minute(scenario, rungs, args.trials)
        print(f"{name}: {rate:.1f} trials/min ({args.trials} trials, {evaluations} "
              f"evaluations, {pruned} pruned)", flush=True)


if __name__ == "__main__":
    main()
