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


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc")
def test_sigint_to_the_parent_stops_the_workers_and_keeps_out(tmp_path):
    scenario = tmp_path / "long.yaml"
    scenario.write_text((REPO / "examples" / "two_station_line.yaml").read_text()
                        .replace("horizon_days: 7", "horizon_days: 1000"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.csv").write_text("an earlier run\n")
    env = os.environ | {"GIGATWIN_STORE": str(tmp_path / "store.db")}
    child = subprocess.Popen(
        [sys.executable, "-m", "twin.cli", "run", str(scenario), "--replications", "4",
         "--workers", "2", "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # even if we ignore it
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while len(workers) < 3 and time.monotonic() < deadline:  # forkserver + 2 workers
            time.sleep(0.5)
            workers = descendants(child.pid)
        assert len(workers) >= 3, "the workers never started"
        time.sleep(2)  # the replications are running
        started = time.monotonic()
        child.send_signal(signal.SIGINT)
        child.wait(timeout=60)
        took = time.monotonic() - started
    finally:
        if child.poll() is None:
            child.kill()
    err = child.stderr.read().decode()
    assert took < STOP_BOUND_S, f"exit took {took:.1f} s"
    assert child.returncode in (1, 130), err
    assert "Traceback" not in err
    time.sleep(0.5)
    assert not alive(workers), "workers outlived the parent"
    assert [p.name for p in out.iterdir()] == ["summary.csv"]
    assert (out / "summary.csv").read_text() == "an earlier run\n"
