"""Trials per minute of ``gigatwin optimise`` on the shipped default study (casting route).

The search is the command's: cells 2..5 and the buffer before laser trim 0..10 of the
casting route at the study's demand (250,000 good bodies a year), each replication costed as
``gigatwin plan`` costs it, subject to ``demand_met_share>=0.95``, serial, seed 0. Three
fidelities: short (one rung of 7 days x 2 replications), long (one rung of 56 days x 5) and
the command's multi-fidelity default shape (short, then long unless pruned). A trial whose
settings were already evaluated at a rung is a cache hit (free), so the evaluations are
counted too. The study's own run (365 days x 10 replications) is too slow to search here:
its rate is extrapolated from one measured plant-year replication, and labelled so.

Run: ``python benchmarks/bench_optimise_study.py [--trials N] [--long-trials N]``.
"""

from __future__ import annotations

import argparse
import time

from lines.study import load_study
from parts_catalog import load_catalog
from twin.optimise import Fidelity, Search, parse_constraint, parse_vary, run_search
from twin.planning.evaluate import study_objective

VARIES = ("cells=2..5", "stations.laser_trim.buffer_capacity=0..10")
SHORT, LONG = Fidelity(2, 7.0), Fidelity(5, 56.0)


def trials_per_minute(evaluate, rungs: tuple[Fidelity, ...], trials: int
                      ) -> tuple[float, int, int]:
    """Trials a minute, evaluations run and trials pruned of one seeded serial search."""
    evaluations = 0

    def counted(settings, fidelity, seed):
        nonlocal evaluations
        evaluations += 1
        return evaluate(settings, fidelity, seed)

    search = Search(counted, tuple(parse_vary(v) for v in VARIES), "cost_per_body_usd",
                    (parse_constraint("demand_met_share>=0.95"),), rungs, seed=0)
    started = time.perf_counter()
    outcomes = run_search(search, trials)
    minutes = (time.perf_counter() - started) / 60
    return trials / minutes, evaluations, sum(o.pruned for o in outcomes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=12)
    parser.add_argument("--long-trials", type=int, default=4)
    args = parser.parse_args()
    study = load_study()
    evaluate = study_objective(study, "casting", load_catalog())
    evaluate({"cells": 3}, Fidelity(1, 0.5), 0)  # imports and the defect model, not timed
    cases = {"short (7 days x 2 replications)": ((SHORT,), args.trials),
             "long (56 days x 5 replications)": ((LONG,), args.long_trials),
             "multi-fidelity (short, then long unless pruned)": ((SHORT, LONG), args.trials)}
    for name, (rungs, trials) in cases.items():
        rate, evaluations, pruned = trials_per_minute(evaluate, rungs, trials)
        print(f"{name}: {rate:.2f} trials/min ({trials} trials, {evaluations} evaluations, "
              f"{pruned} pruned)", flush=True)
    started = time.perf_counter()
    evaluate({"cells": 3}, Fidelity(1, study.run.horizon_days), 0)
    year_s = time.perf_counter() - started
    full_s = year_s * study.run.replications
    print(f"one plant-year replication ({study.run.horizon_days:g} days, 3 cells): {year_s:.1f} s;"
          f" the study's run ({study.run.replications} replications) extrapolated: "
          f"{60 / full_s:.2f} trials/min (serial, no cache hits)", flush=True)


if __name__ == "__main__":
    main()
