"""Ctrl-C to the parent stops the workers and exits within seconds, leaving --out as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
STOP_BOUND_S = 3.0
"""Ctrl-C to exit: about a second on an idle machine; 3 s leaves room for a loaded one."""


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (workers are children of the forkserver, a child of it)."""
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                if ppid == parent and int(entry.name) not in found:
                    found.add(int(entry.name))
                    todo.append(int(entry.name))
    return found


def alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if Path(f"/proc/{pid}").exists()
            and "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1][:3]}


def long_run(tmp_path: Path, *options: str) -> tuple[subprocess.Popen, Path]:
    """``gigatwin run`` of replications far longer than the test, with an earlier ``--out``."""
    scenario = tmp_path / "long.yaml"
    scenario.write_text((REPO / "examples" / "two_station_line.yaml").read_text()
                        .replace("horizon_days: 7", "horizon_days: 1000"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.csv").write_text("an earlier run\n")
    env = os.environ | {"GIGATWIN_STORE": str(tmp_path / "store.db")}
    child = subprocess.Popen(
        [sys.executable, "-m", "twin.cli", "run", str(scenario), "--replications", "4",
         *options, "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # even if we ignore it
    return child, out


def wait_for(condition, what: str, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.25)


def interrupt(child: subprocess.Popen) -> tuple[float, str]:
    """Send Ctrl-C to the parent alone; seconds until it exited, and its stderr."""
    try:
        started = time.monotonic()
        child.send_signal(signal.SIGINT)
        child.wait(timeout=60)
        took = time.monotonic() - started
    finally:
        if child.poll() is None:
            child.kill()
    return took, child.stderr.read().decode()


def assert_out_untouched(out: Path) -> None:
    assert [p.name for p in out.iterdir()] == ["summary.csv"]
    assert (out / "summary.csv").read_text() == "an earlier run\n"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc")
def test_sigint_to_the_parent_stops_the_workers_and_keeps_out(tmp_path):
    child, out = long_run(tmp_path, "--workers", "2")
    workers: set[int] = set()

    def started() -> bool:  # the forkserver and 2 workers
        workers.update(descendants(child.pid))
        return len(workers) >= 3
    try:
        wait_for(started, "the workers never started")
        time.sleep(2)  # the replications are running
    finally:
        took, err = interrupt(child)
    assert took < STOP_BOUND_S, f"exit took {took:.1f} s"
    assert child.returncode in (1, 130), err
    assert "Traceback" not in err
    time.sleep(0.5)
    assert not alive(workers), "workers outlived the parent"
    assert_out_untouched(out)


DASK_LINES = {"interrupted (Ctrl-C): the Dask tasks were cancelled and the client closed",
              "interrupted (Ctrl-C) while the local Dask cluster started; it was closed"}


def assert_one_line_and_130(child: subprocess.Popen, err: str) -> None:
    assert child.returncode == 130, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0] in DASK_LINES


def scheduler_state(dask_scheduler) -> tuple[int, int, int]:
    """Run on the scheduler: clients connected, tasks it holds, tasks on the workers."""
    processing = sum(len(worker.processing) for worker in dask_scheduler.workers.values())
    return len(dask_scheduler.clients), len(dask_scheduler.tasks), processing


def test_sigint_to_a_dask_run_cancels_its_tasks_closes_the_client_and_keeps_out(tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as watcher:
        clients_before, _, _ = watcher.run_on_scheduler(scheduler_state)
        child, out = long_run(tmp_path, "--scheduler", cluster.scheduler_address)
        def submitted() -> bool:  # 4 replications on the scheduler, one or two on the worker
            assert child.poll() is None, child.stderr.read().decode()
            _, tasks, processing = watcher.run_on_scheduler(scheduler_state)
            return tasks == 4 and processing >= 1
        try:
            wait_for(submitted, "the replications never reached the cluster")
            time.sleep(1)
        finally:
            took, err = interrupt(child)
        wait_for(lambda: watcher.run_on_scheduler(scheduler_state) == (clients_before, 0, 0),
                 "the run's client or tasks outlived it on the scheduler", timeout_s=5)
    assert took < STOP_BOUND_S, f"exit took {took:.1f} s"
    assert_one_line_and_130(child, err)
    assert_out_untouched(out)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc")
def test_sigint_to_a_local_dask_run_kills_its_workers_and_keeps_out(tmp_path):
    pytest.importorskip("distributed")
    child, out = long_run(tmp_path, "--scheduler", "local", "--workers", "1")
    workers: set[int] = set()

    def started() -> bool:  # the nanny's worker process
        workers.update(descendants(child.pid))
        return len(workers) >= 1
    try:
        wait_for(started, "the Dask worker never started")
        time.sleep(4)  # connected, the replications submitted and running
    finally:
        took, err = interrupt(child)
    assert took < STOP_BOUND_S, f"exit took {took:.1f} s"
    assert_one_line_and_130(child, err)
    time.sleep(0.5)
    assert not alive(workers), "Dask workers outlived the parent"
    assert_out_untouched(out)
