"""Where replications run: in this process, in local worker processes, or on a Dask cluster.

Everything is a :class:`concurrent.futures.Executor`, so the experiment code only knows
``submit`` and ``as_completed``. Results do not depend on where they ran: each task carries
its own seed.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

ExecutorKind = Literal["serial", "processes", "dask"]

LOG = logging.getLogger(__name__)
WORKER_JOIN_TIMEOUT_S = 1.0
"""After Ctrl-C, how long a killed local Dask worker may take to be reaped [s]."""
CLIENT_CLOSE_TIMEOUT_S = 2.0
"""After Ctrl-C, how long closing the Dask client may take [s] (it only says goodbye)."""


class SerialExecutor(Executor):
    """Runs each task at once in the calling process; for tests, debugging and tiny runs."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Run ``fn`` now and return a finished future holding its result or error."""
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(error)
        return future


def executor_kind(
    tasks: int, workers: int | None, scheduler: str | None
) -> tuple[ExecutorKind, str | None]:
    """The executor for a command-line run and its address.

    Dask when a scheduler is given ('local' starts a local cluster), serial for a single task
    or one worker (no pool to start), else local processes.
    """
    if scheduler:
        return "dask", None if scheduler == "local" else scheduler
    if tasks == 1 or workers == 1:
        return "serial", None
    return "processes", None


@contextmanager
def make_executor(
    kind: ExecutorKind = "processes", workers: int | None = None, address: str | None = None
) -> Iterator[Executor]:
    """Open an executor of ``kind`` and close it (and any cluster it started) afterwards.

    ``processes`` uses ``workers`` local processes (default: one per core). ``dask`` connects
    to the scheduler at ``address`` (``tcp://host:8786``), or starts a local cluster if None;
    it needs the optional extra: ``pip install gigatwin[dask]``.
    """
    if kind == "serial":
        yield SerialExecutor()
    elif kind == "processes":
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=workers or os.cpu_count(), mp_context=context,
                                 initializer=_leave_interrupts_to_the_parent) as pool:
            try:
                yield pool
            except KeyboardInterrupt:
                _stop_workers_now(pool)
                LOG.warning("interrupted (Ctrl-C): the worker processes were stopped")
                raise
    elif kind == "dask":
        with _dask_executor(workers, address) as executor:
            yield executor
    else:
        raise ValueError(f"executor kind must be serial, processes or dask, got {kind!r}")


def _leave_interrupts_to_the_parent() -> None:
    """Worker initializer: ignore Ctrl-C; the parent stops the workers (no traceback each)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop_workers_now(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the running workers at once.

    ``shutdown`` alone waits for the running replications (seconds to minutes); the pool's
    processes are ended with SIGTERM, as no public API does it before Python 3.14.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())  # shutdown drops it
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


@contextmanager
def _dask_executor(workers: int | None, address: str | None) -> Iterator[Executor]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise RuntimeError(
            "running on a Dask cluster needs the dask extra: pip install 'gigatwin[dask]'"
        ) from error
    if address is None:
        with _held_interrupts() as interrupted:
            cluster = LocalCluster(
                n_workers=workers or os.cpu_count(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            client = Client(cluster)
        with cluster, client:
            if interrupted:
                LOG.warning("interrupted (Ctrl-C) while the local Dask cluster started; "
                            "it was closed")
                raise KeyboardInterrupt
            yield from _interruptible(client, cluster)
    else:
        with Client(address, timeout=30) as client:
            yield from _interruptible(client, None)


def _interruptible(client: Client, cluster: LocalCluster | None) -> Iterator[Executor]:
    """The client's executor; on Ctrl-C its tasks are cancelled and the client closed at once."""
    executor = client.get_executor()
    try:
        yield executor
    except KeyboardInterrupt:
        with _quiet("distributed"):
            _stop_dask_now(executor, client, cluster)
        LOG.warning("interrupted (Ctrl-C): the Dask tasks were cancelled and the client closed")
        raise


def _stop_dask_now(executor: Executor, client: Client, cluster: LocalCluster | None) -> None:
    """Stop a local cluster's workers, cancel every submitted task, close the client.

    The workers of a remote cluster stay up (they are not ours); a replication already
    running there finishes in its worker thread and its result is dropped.
    """
    if cluster is not None:
        cluster.sync(_kill_workers, list(cluster.workers.values()))
    executor.shutdown(wait=False)  # cancels every future it submitted
    client.close(timeout=CLIENT_CLOSE_TIMEOUT_S)


async def _kill_workers(nannies: list[Any]) -> None:
    """Kill the local workers now, through their nannies (a closed nanny restarts none).

    A timeout of 0 kills each worker process before it can start a graceful stop (which logs
    a warning per cancelled task, then waits 4 s); the nanny's own join then times out, so the
    processes are joined here, for at most ``WORKER_JOIN_TIMEOUT_S``.
    """
    processes = [getattr(nanny.process, "process", None) for nanny in nannies]
    await asyncio.gather(*(nanny.close(timeout=0) for nanny in nannies), return_exceptions=True)
    await asyncio.gather(*(process.join(WORKER_JOIN_TIMEOUT_S) for process in processes
                           if process is not None), return_exceptions=True)


@contextmanager
def _held_interrupts() -> Iterator[list[int]]:
    """Hold Ctrl-C while a local cluster starts; the list says whether one came.

    An interrupted start leaves a half-built cluster that Dask's exit handler trips over (a
    traceback); held, the cluster comes up and is closed again. Signals can be handled only
    in the main thread, so elsewhere (the app) nothing is held.
    """
    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield caught
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Silence a library's warnings about the tasks and workers being stopped on purpose."""
    library = logging.getLogger(logger_name)
    level = library.level
    library.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        library.setLevel(level)
