"""The app's process pool: its simulations run on every core, and a rerun cancels them.

One pool of worker processes lives as long as the server (``st.cache_resource``), so only
the first run pays its start-up. Runs go through :func:`twin.experiments.run_experiments`
(common random numbers, results identical to a serial run: each task carries its seed).

Cancel: Streamlit stops a running script at its next element call when the user presses a
button (here: the progress bar update after each replication), so the exception leaves
through :func:`run_on_pool`, which cancels every replication of the run not yet started; the
ones running finish in their worker and are dropped. The pool stays up for the next run.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

import streamlit as st

from lines import Scenario
from twin import ExperimentResult
from twin.experiments import run_experiments

__all__ = ["POOL_WORKERS", "TrackingExecutor", "app_pool", "on_pool", "run_on_pool"]

POOL_WORKERS = max(1, min(os.cpu_count() or 1, 4))
"""Worker processes of the app's pool: one per core (the machine this was built on has 2)."""
K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


PRELOAD = ("twin.experiments.replications", "ml")
"""Modules the fork server imports once, so a new worker starts with the engine loaded
(without them the first run waits while every worker imports SimPy, pandas and scikit-learn)."""


@st.cache_resource(show_spinner="Starting the simulation workers ...")
def app_pool() -> ProcessPoolExecutor:
    """The server's pool of simulation workers (forkserver: no copy of the server's threads)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    return ProcessPoolExecutor(max_workers=POOL_WORKERS, mp_context=context)


class TrackingExecutor(Executor):
    """Submits to a shared pool and remembers this run's futures, so they can be cancelled."""

    def __init__(self, pool: Executor) -> None:
        self._pool = pool
        self.futures: list[Future[Any]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Submit to the pool and keep the future."""
        future = self._pool.submit(fn, *args, **kwargs)
        self.futures.append(future)
        return future

    def cancel_pending(self) -> int:
        """Cancel this run's tasks that have not started; how many were cancelled."""
        return sum(future.cancel() for future in self.futures)


def run_on_pool(
    scenarios: Mapping[K, Scenario], replications: int, seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> dict[K, ExperimentResult]:
    """Every scenario's replications on the app's pool, with the same seeds (paired).

    Any exception on the way (a cancel, a failed replication) cancels what has not started.
    A broken pool (a worker killed) is dropped, so the next run starts a fresh one.
    """
    return on_pool(lambda runner: run_experiments(dict(scenarios), replications, seed, runner,
                                                  progress))


def on_pool(compute: Callable[[Executor], T]) -> T:
    """``compute(executor)`` on the app's pool, cancelling what has not started if it fails."""
    runner = TrackingExecutor(app_pool())
    try:
        return compute(runner)
    except BrokenProcessPool:
        app_pool.clear()
        raise
    except BaseException:
        runner.cancel_pending()
        raise
