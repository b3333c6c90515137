"""The warm-up of a scenario: run it from empty, read its hourly series, apply MSER-5.

The replications run with no warm-up for the scenario's warm-up plus horizon (or a given
length), so the series starts at time 0, empty and idle. The engine keeps two time series per
replication: good units finished in each hour (``ReplicationResult.finished_per_hour``) and
the time-average WIP of each hour (``wip_per_hour``). A line on a shift calendar makes nothing
off shift, and a weekly pattern of zeros is not a warm-up: the output series is therefore the
output per on-shift hour, and both series keep only the calendar hours that are at least half
on shift (WIP stands still off shift: it is not divided). MSER-5 runs on this series averaged over
the replications (averaging removes noise, not bias); Welch's moving average of the same
average is returned for the plot. The warm-up is the calendar hour where the first kept
point starts, in whole hours; it is what ``--warmup-h auto`` uses.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lines.spec import Scenario
from twin.experiments.replications import Progress, run_replications
from twin.experiments.warmup import MserResult, mser, replication_average, welch_moving_average
from twin.runtime.clock import make_clock
from twin.runtime.results import ReplicationResult

SERIES: Mapping[str, Callable[[ReplicationResult], tuple[float, ...]]] = {
    "output_uph": lambda result: tuple(float(v) for v in result.finished_per_hour),
    "wip_units": lambda result: result.wip_per_hour,
}
"""The engine's hourly series by name."""
PER_ON_SHIFT_HOUR = frozenset({"output_uph"})
"""Series divided by each hour's on-shift share (a rate); the others are levels."""
DEFAULT_SERIES = "output_uph"
MIN_ON_SHIFT_SHARE = 0.5
"""A calendar hour less on shift than this is left out of the series."""


@dataclass(frozen=True)
class WarmupRecommendation:
    """The warm-up MSER-5 recommends for one scenario, with the series behind it."""

    scenario: str
    series_name: str
    warmup_h: float
    """Hours to discard (0: none needed)."""
    mser: MserResult
    hours: tuple[int, ...]
    """The calendar hour (from 0) of each point of the series."""
    average: tuple[float, ...]
    """The series averaged over the replications (per on-shift hour)."""
    welch: tuple[float, ...]
    """Welch's moving average of ``average``."""
    welch_window_h: int
    replications: int
    run_length_h: float

    def series_table(self) -> pd.DataFrame:
        """One row per kept hour: the average, Welch's curve and whether it is in the warm-up."""
        hours = np.asarray(self.hours)
        welch = np.full(len(self.average), np.nan)
        welch[: len(self.welch)] = self.welch
        return pd.DataFrame({"hour": hours, f"{self.series_name}_mean": self.average,
                             f"{self.series_name}_welch": welch,
                             "in_warmup": hours < self.warmup_h})

    def statistic_table(self) -> pd.DataFrame:
        """MSER(d) per deleted batch count d, with the calendar hours it deletes."""
        d = np.arange(len(self.mser.statistic))
        starts = [self.hours[i * self.mser.batch_size] for i in d]
        return pd.DataFrame({"deleted_batches": d, "deleted_h": starts,
                             "mser": self.mser.statistic})

    def details(self) -> dict[str, object]:
        """The recommendation as plain values (for ``metadata.json``)."""
        return {"method": "MSER-5 on the replication-average hourly series",
                "series": self.series_name, "warmup_h": self.warmup_h,
                "truncation_batches": self.mser.truncation // self.mser.batch_size,
                "mser_minimum_at_h": self.hours[self.mser.minimiser],
                "at_search_limit": self.mser.at_search_limit,
                "mean_shift_se": self.mser.mean_shift_se,
                "replications": self.replications, "run_length_h": self.run_length_h}


def from_empty(scenario: Scenario, run_length_h: float | None = None) -> Scenario:
    """The scenario with no warm-up, run for ``run_length_h`` (default warm-up + horizon)."""
    length_h = run_length_h or scenario.warmup_h + scenario.horizon_days * 24
    return scenario.with_changes(warmup_h=0.0, horizon_days=length_h / 24)


def recommend_warmup(
    scenario: Scenario,
    replications: int = 5,
    seed: int = 0,
    executor: Executor | None = None,
    run_length_h: float | None = None,
    series: str = DEFAULT_SERIES,
    welch_window_h: int = 5,
    progress: Progress | None = None,
) -> WarmupRecommendation:
    """Run ``scenario`` from empty and recommend a warm-up from its hourly ``series``."""
    if series not in SERIES:
        raise ValueError(f"unknown series {series!r}; series: {', '.join(SERIES)}")
    empty = from_empty(scenario, run_length_h)
    results = run_replications(empty, replications, seed, executor, progress)
    length_h = empty.horizon_days * 24
    share = on_shift_share(empty, math.floor(length_h))  # a last, partial hour would read low
    kept = np.flatnonzero(share >= MIN_ON_SHIFT_SHARE)
    divide = share if series in PER_ON_SHIFT_HOUR else np.ones_like(share)
    average = replication_average(
        [np.asarray(SERIES[series](r)[: len(share)], dtype=float)[kept] / divide[kept]
         for r in results])
    found = mser(average)
    warmup_h = float(kept[found.truncation]) if found.needed else 0.0
    return WarmupRecommendation(
        scenario=scenario.name, series_name=series, warmup_h=warmup_h, mser=found,
        hours=tuple(int(h) for h in kept), average=tuple(float(v) for v in average),
        welch=tuple(float(v) for v in welch_moving_average(average, welch_window_h)),
        welch_window_h=welch_window_h, replications=replications, run_length_h=length_h)


def on_shift_share(scenario: Scenario, hours: int) -> np.ndarray:
    """The share of each calendar hour 0..hours-1 the line's calendar is on shift."""
    clock = make_clock(scenario.calendar)
    production = np.array([clock.production_time(3600.0 * h) for h in range(hours + 1)])
    return np.diff(production) / 3600.0
