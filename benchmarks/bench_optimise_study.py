"""Trials per minute of ``gigatwin optimise`` on the shipped default study (casting route),
serially and with 2 worker processes, in the same run.

The search is the command's: cells 2..5 and the buffer before laser trim 0..10 of the
casting route at the study's demand (250,000 good bodies a year), each replication costed as
``gigatwin plan`` costs it, subject to ``demand_met_share>=0.95``, seed 0. Three
fidelities: short (one rung of 7 days x 2 replications), long (one rung of 56 days x 5) and
the command's multi-fidelity default shape (short, then long unless pruned). Each is run
serially (``--workers 1``) and with 2 local worker processes (``--workers 2``: batches of 2
trials, the parent driving Optuna's ask-and-tell). Both rates are warm: the serial process
and each worker first load the engine and the defect model (imports and the skops model,
about 10 s a process, paid once per command and in parallel by the workers); the pool's
start and warm-up is printed on its own. A batch of 2 proposes other trials than the serial
search after the random start-up, so the pruned trials and the evaluations (a setting already
evaluated at a rung is a cache hit, free) are printed for both. The study's own run (365
days x 10 replications) is too slow to search here: its rate is extrapolated from one
measured plant-year replication, and labelled so.

Run: ``python benchmarks/bench_optimise_study.py [--trials N] [--long-trials N]``.
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import Executor

from lines.study import load_study
from parts_catalog import load_catalog
from twin.cli.optimise import StudyEvaluate
from twin.experiments.executors import SerialExecutor, make_executor
from twin.optimise import Fidelity, Search, parse_constraint, parse_vary, run_search

VARIES = ("cells=2..5", "stations.laser_trim.buffer_capacity=0..10")
SHORT, LONG = Fidelity(2, 7.0), Fidelity(5, 56.0)


class Counted(Executor):
    """Passes tasks to ``inner`` (None: runs them here) and counts them (the evaluations)."""

    def __init__(self, inner: Executor | None) -> None:
        self.inner, self.tasks = inner, 0

    def submit(self, fn, /, *args, **kwargs):
        self.tasks += 1
        return (self.inner or SerialExecutor()).submit(fn, *args, **kwargs)


def trials_per_minute(evaluate: StudyEvaluate, rungs: tuple[Fidelity, ...], trials: int,
                      pool: Executor | None, batch: int) -> tuple[float, int, int]:
    """Trials a minute, evaluations run and trials pruned of one seeded search."""
    search = Search(evaluate, tuple(parse_vary(v) for v in VARIES), "cost_per_body_usd",
                    (parse_constraint("demand_met_share>=0.95"),), rungs, seed=0)
    counted = Counted(pool)
    started = time.perf_counter()
    outcomes = run_search(search, trials, executor=counted, batch=batch)
    minutes = (time.perf_counter() - started) / 60
    return trials / minutes, counted.tasks, sum(o.pruned for o in outcomes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=12)
    parser.add_argument("--long-trials", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    study = load_study()
    evaluate = StudyEvaluate(study, "casting", load_catalog())
    evaluate({"cells": 3}, Fidelity(1, 0.5), 0)  # imports and the defect model, not timed
    cases = {"short (7 days x 2 replications)": ((SHORT,), args.trials),
             "long (56 days x 5 replications)": ((LONG,), args.long_trials),
             "multi-fidelity (short, then long unless pruned)": ((SHORT, LONG), args.trials)}
    with make_executor("processes", args.workers) as pool:
        started = time.perf_counter()
        warming = [pool.submit(evaluate, {"cells": 3}, Fidelity(1, 0.5), 0)
                   for _ in range(args.workers)]  # one each: both start at once
        for future in warming:
            future.result()
        print(f"pool of {args.workers} started and warmed: {time.perf_counter() - started:.1f} s"
              " (once per command)", flush=True)
        for name, (rungs, trials) in cases.items():
            rates = {}
            for workers, executor in ((1, None), (args.workers, pool)):
                rate, evaluations, pruned = trials_per_minute(evaluate, rungs, trials, executor,
                                                              workers)
                rates[workers] = rate
                print(f"{name}, {workers} worker(s): {rate:.2f} trials/min ({trials} trials, "
                      f"{evaluations} evaluations, {pruned} pruned)", flush=True)
            print(f"{name}: {args.workers} workers / serial = "
                  f"{rates[args.workers] / rates[1]:.2f}", flush=True)
    started = time.perf_counter()
    evaluate({"cells": 3}, Fidelity(1, study.run.horizon_days), 0)
    year_s = time.perf_counter() - started
    full_s = year_s * study.run.replications
    print(f"one plant-year replication ({study.run.horizon_days:g} days, 3 cells): {year_s:.1f} s;"
          f" the study's run ({study.run.replications} replications) extrapolated: "
          f"{60 / full_s:.2f} trials/min (serial, no cache hits)", flush=True)


if __name__ == "__main__":
    main()
