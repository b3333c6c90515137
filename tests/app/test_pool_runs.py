"""The app's process pool: the same numbers as a serial run, and a cancel drops what is queued."""

from __future__ import annotations

import time
from concurrent.futures import Future

import pandas as pd
import pytest

from lines import load_scenario
from tests.app.conftest import REPO
from twin import run_experiment
from twin.ui import pool

LINE = load_scenario(REPO / "examples" / "two_station_line.yaml").with_changes(
    horizon_days=0.5, warmup_h=1.0)


def test_the_pool_has_a_worker_per_core_and_gives_the_serial_numbers():
    assert pool.app_pool()._max_workers == pool.POOL_WORKERS  # noqa: SLF001 - no public getter
    seen: list[tuple[int, int]] = []
    found = pool.run_on_pool({"a": LINE, "b": LINE.with_changes(horizon_days=0.6)}, 3, 11,
                             lambda done, total: seen.append((done, total)))
    assert seen == [(i, 6) for i in range(1, 7)]
    serial = run_experiment(LINE, 3, 11)
    pd.testing.assert_frame_equal(found["a"].replications, serial.replications)
    assert found["a"].summary.equals(serial.summary)


class Cancelled(Exception):
    pass


def test_an_exception_in_the_progress_callback_cancels_the_queued_replications():
    slow = LINE.with_changes(horizon_days=3.0)
    began = time.perf_counter()
    run_experiment(slow, 1, 0)
    one_s = time.perf_counter() - began  # one replication, serially

    def cancel(done: int, total: int) -> None:
        raise Cancelled  # what Streamlit's rerun does at the progress bar's next update

    with pytest.raises(Cancelled):
        pool.run_on_pool({"a": slow, "b": slow}, 20, 0, cancel)
    # 39 replications were queued; had they not been dropped, the next run would wait for
    # them (about 19 x one_s on two workers). Cancelled, it waits at most for the ones running.
    began = time.perf_counter()
    found = pool.run_on_pool({"a": slow}, 2, 1)
    waited_s = time.perf_counter() - began
    assert len(found["a"].results) == 2
    assert waited_s < 6 * one_s + 2.0, (waited_s, one_s)


def test_the_tracking_executor_cancels_only_what_has_not_started():
    class Queue:
        def submit(self, fn, *args, **kwargs):
            return Future()

    runner = pool.TrackingExecutor(Queue())  # type: ignore[arg-type]
    first, second = runner.submit(print), runner.submit(print)
    first.set_running_or_notify_cancel()  # started: cannot be cancelled
    assert runner.cancel_pending() == 1
    assert second.cancelled()
    assert not first.cancelled()
