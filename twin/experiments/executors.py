"""Where replications run: in this process, in local worker processes, or on a Dask cluster.

Everything is a :class:`concurrent.futures.Executor`, so the experiment code only knows
``submit`` and ``as_completed``. Results do not depend on where they ran: each task carries
its own seed.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Literal

ExecutorKind = Literal["serial", "processes", "dask"]


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
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        with cluster, Client(cluster) as client:
            yield client.get_executor()
    else:
        with Client(address, timeout=30) as client:
            yield client.get_executor()
