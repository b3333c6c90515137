"""Option types shared by the commands, checked before any work starts, and the options as given.

Every option is validated while the command line is parsed (Typer callbacks), so a bad value
exits with status 2 and a one-line reason before a simulation starts: numbers must be finite
and within the bounds of :mod:`lines.limits`; ``--out`` must be a directory that can be
created or written; ``--scheduler`` must be a parseable address that answers within
``GIGATWIN_SCHEDULER_TIMEOUT_S`` seconds (default 5).
"""

from __future__ import annotations

import asyncio
import importlib.util
import math
import os
import socket
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import typer

from lines.limits import (
    HORIZON_REASON,
    MAX_ANNUAL_VOLUME_UNITS,
    MAX_HORIZON_DAYS,
    MAX_REPLICATIONS,
    MAX_WARMUP_H,
    REPLICATIONS_REASON,
    VOLUME_REASON,
    WARMUP_REASON,
    at_most_message,
)

SCHEDULER_TIMEOUT_ENV = "GIGATWIN_SCHEDULER_TIMEOUT_S"
DEFAULT_SCHEDULER_TIMEOUT_S = 5.0
SCHEDULER_SCHEMES = ("tcp", "tls", "ws", "wss")
MAX_WORKERS = 4 * (os.cpu_count() or 1)
WORKERS_REASON = (f"4 per core of this machine's {os.cpu_count() or 1}: more only wait for the "
                  "cores, and each worker is a process with its own copy of the model")


def finite_at_most(limit: float, reason: str):
    """A callback refusing infinity, NaN and values above ``limit`` (with the reason)."""

    def check(value: float | None) -> float | None:
        if value is None:
            return None
        if not math.isfinite(value):
            raise typer.BadParameter(f"must be a finite number, got {value}")
        if value > limit:
            raise typer.BadParameter(at_most_message(limit, reason))
        return value

    return check


def out_dir_problem(path: Path) -> str | None:
    """Why ``path`` cannot become an output directory, or None if it can (nothing is created)."""
    if path.exists():
        if not path.is_dir():
            return f"{path} is an existing file, not a directory"
        return None if os.access(path, os.W_OK | os.X_OK) else f"cannot write in {path}"
    for parent in path.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                return f"{path} is under {parent}, which is a file"
            if not os.access(parent, os.W_OK | os.X_OK):
                return f"cannot create {path}: {parent} is not writable"
            return None
    return None  # pragma: no cover - the root always exists


def out_file_problem(path: Path) -> str | None:
    """Why a file cannot be written at ``path``, or None if it can (nothing is created)."""
    if path.is_dir():
        return f"{path} is a directory, not a file"
    if path.exists():
        return None if os.access(path, os.W_OK) else f"cannot write {path}"
    return out_dir_problem(path.parent)


def check_out_dir(value: Path | None) -> Path | None:
    """Callback: refuse an ``--out`` directory that cannot be written, before any work."""
    problem = None if value is None else out_dir_problem(value)
    if problem:
        raise typer.BadParameter(problem)
    return value


def check_out_file(value: Path | None) -> Path | None:
    """Callback: refuse an output file that cannot be written, before any work."""
    problem = None if value is None else out_file_problem(value)
    if problem:
        raise typer.BadParameter(problem)
    return value


def scheduler_timeout_s() -> float:
    """Seconds to wait for a scheduler to answer (``GIGATWIN_SCHEDULER_TIMEOUT_S``, default 5)."""
    text = os.environ.get(SCHEDULER_TIMEOUT_ENV, "")
    try:
        value = float(text) if text else DEFAULT_SCHEDULER_TIMEOUT_S
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise typer.BadParameter(f"{SCHEDULER_TIMEOUT_ENV}={text!r} must be a positive number "
                                 "of seconds")
    return value


def scheduler_endpoint(address: str) -> tuple[str, int]:
    """Host and port of a Dask scheduler address (``tcp://host:8786`` or ``host:8786``)."""
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if parts.scheme not in SCHEDULER_SCHEMES or not host or port is None or parts.path:
        raise typer.BadParameter(
            f"{address!r} is not a scheduler address; expected e.g. tcp://host:8786 "
            f"(schemes {', '.join(SCHEDULER_SCHEMES)}) or 'local'")
    return host, port


def check_scheduler(value: str | None) -> str | None:
    """Callback: a parseable scheduler address that answers now, or 'local'."""
    if value is None:
        return None
    if importlib.util.find_spec("distributed") is None:
        raise typer.BadParameter("running on Dask needs the dask extra: "
                                 "pip install 'gigatwin[dask]'")
    if value == "local":
        return value
    host, port = scheduler_endpoint(value)
    timeout_s = scheduler_timeout_s()
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            pass
    except OSError as error:
        reason = "no answer" if isinstance(error, TimeoutError) else (error.strerror or error)
        raise typer.BadParameter(
            f"no Dask scheduler reachable at {value} within {timeout_s:g} s ({reason}); "
            f"start one (dask scheduler) or set {SCHEDULER_TIMEOUT_ENV}") from None
    check_dask_handshake(value, timeout_s)
    return value


def check_dask_handshake(address: str, timeout_s: float) -> None:
    """Refuse an address that accepts connections but does not speak Dask's protocol."""
    from distributed.comm import connect  # heavy; only for a command given --scheduler

    async def handshake() -> None:
        comm = await asyncio.wait_for(connect(address, timeout=timeout_s), timeout_s)
        await comm.close()

    try:
        _run_alone(handshake())
    except Exception as error:  # noqa: BLE001 - whatever answered, it is no Dask scheduler
        reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        raise typer.BadParameter(f"{address} answers but is not a Dask scheduler that replies "
                                 f"within {timeout_s:g} s ({reason})") from None


def _run_alone(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run ``coroutine`` on a fresh event loop in its own thread.

    ``asyncio.run`` refuses to start inside a running loop (a Jupyter cell, a test that keeps
    a Dask cluster's loop alive); a thread of its own always has none.
    """
    failure: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coroutine)
        except BaseException as error:  # noqa: BLE001 - handed back to the caller
            failure.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


Days = Annotated[
    float | None,
    typer.Option(help="Measured days after the warm-up (overrides the scenario).", min=0.001,
                 callback=finite_at_most(MAX_HORIZON_DAYS, HORIZON_REASON)),
]
WarmupH = Annotated[
    float | None, typer.Option(help="Warm-up hours (overrides the scenario).", min=0,
                               callback=finite_at_most(MAX_WARMUP_H, WARMUP_REASON))
]
Replications = Annotated[int, typer.Option(
    help="Independent replications.", min=1,
    callback=finite_at_most(MAX_REPLICATIONS, REPLICATIONS_REASON))]
Seed = Annotated[
    int, typer.Option(help="Root seed; replication i uses the streams of (seed, i).", min=0)
]
Workers = Annotated[
    int | None,
    typer.Option(help="Local worker processes (default: one per core; 1 = run here).", min=1,
                 callback=finite_at_most(MAX_WORKERS, WORKERS_REASON)),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        help="Dask scheduler address, e.g. tcp://host:8786, or 'local' for a local Dask cluster; "
        f"checked before the run (waits {SCHEDULER_TIMEOUT_ENV} seconds, default "
        f"{DEFAULT_SCHEDULER_TIMEOUT_S:g}).",
        callback=check_scheduler,
    ),
]
OutDir = Annotated[
    Path | None, typer.Option("--out", help="Directory for the CSV files and metadata.json.",
                              callback=check_out_dir)
]
Volume = Annotated[float, typer.Option(
    help="Annual demand for the cost model [good bodies/yr].", min=1,
    callback=finite_at_most(MAX_ANNUAL_VOLUME_UNITS, VOLUME_REASON),
)]

Tag = Annotated[str | None, typer.Option(
    help="A tag for this experiment's record in the store (e.g. kaizen-7); see history --tag.")]
Note = Annotated[str | None, typer.Option(help="A note kept with this experiment's record.")]
NoRecord = Annotated[bool, typer.Option(
    "--no-record", help="Do not record this experiment in the experiment store.")]
StoreUrl = Annotated[str | None, typer.Option(
    "--store", help="Experiment store: a SQLite file or a postgresql:// URL (default: "
    "$GIGATWIN_STORE, else ~/.local/share/gigatwin/experiments.db).")]
NOT_IN_ARGUMENTS = ("store",)
"""Options left out of the recorded arguments (a store URL may hold a password)."""


def arguments(ctx: typer.Context) -> dict[str, object]:
    """The command's parameters as given (defaults filled in) in the order of its signature."""
    return {p.name: ctx.params[p.name] for p in ctx.command.params
            if p.name in ctx.params and p.name not in NOT_IN_ARGUMENTS}


# -- output analysis (warm-up, precision, variants; twin.cli.output_analysis) --------------
def parse_warmup_h(text: str) -> float | str:
    """``--warmup-h``: hours >= 0, or 'auto' (MSER-5 on runs from empty)."""
    if text.strip().lower() == "auto":
        return "auto"
    try:
        hours = float(text)
    except ValueError:
        raise typer.BadParameter(f"must be a number of hours or 'auto', got {text!r}") from None
    if not math.isfinite(hours) or hours < 0:
        raise typer.BadParameter(f"must be a finite number of hours >= 0 or 'auto', got {text}")
    if hours > MAX_WARMUP_H:
        raise typer.BadParameter(at_most_message(MAX_WARMUP_H, WARMUP_REASON))
    return hours


WarmupHOrAuto = Annotated[str | None, typer.Option(
    "--warmup-h", parser=parse_warmup_h, metavar="HOURS|auto",
    help="Warm-up hours (overrides the scenario), or 'auto': MSER-5 on 5 replications run "
         "from empty (recorded in metadata.json).")]
Precision = Annotated[float | None, typer.Option(
    help="Run replications until the relative 95 % CI half-width of every --kpi is at or "
         "below this (0.02 = +/- 2 %), with a look-ahead; --replications is the first stage.",
    min=1e-4, max=0.5)]
MaxReplications = Annotated[int, typer.Option(
    help="Most replications --precision (and the pick of the best variant) may run.", min=3,
    callback=finite_at_most(MAX_REPLICATIONS, REPLICATIONS_REASON))]
Kpis = Annotated[list[str] | None, typer.Option(
    "--kpi", help="Line KPI for --precision and the variant comparison (repeatable; default "
    "throughput_on_shift_uph; the first one picks the best variant).")]
Delta = Annotated[float | None, typer.Option(
    help="Indifference zone of the best-variant pick, in the first --kpi's unit (default: 1 % "
         "of the first scenario's mean).", min=1e-9)]
BatchMeans = Annotated[bool, typer.Option(
    "--batch-means", help="One long run instead of replications: a batch-means interval of "
    "throughput_uph from replication 0's hourly output (batch size by a lag-1 "
    "autocorrelation test; give a long --days).")]
