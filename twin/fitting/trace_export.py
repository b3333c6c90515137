"""An engine run written as an event log in the documented format, for round-trip checks.

The engine's trace lists state changes only, so back-to-back cycles of a busy machine would be
one ``working`` row. :func:`simulated_event_log` therefore also marks the start of every cycle
(it wraps each station's ``cycle_time`` call); a repeated ``working`` entry starts a new row.
Off-shift time is not in the trace either (a machine keeps its state while the clocks stop):
the line's shift calendar is cut out of every row and written as ``off_shift`` rows.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from lines.spec import Scenario, ShiftCalendar
from twin.runtime import LineModel, ReplicationResult, Streams
from twin.runtime.clock import make_clock

ORIGIN = pd.Timestamp("2026-01-05T00:00:00")  # a Monday
"""Wall-clock time of the simulation's t = 0 in exported logs."""

TraceRow = tuple[float, str, int, str]


def simulated_event_log(
    scenario: Scenario, replication: int = 0, seed: int = 0
) -> tuple[pd.DataFrame, ReplicationResult]:
    """Run one replication with the trace on and return its event log and its result."""
    if any(s.calendar for s in scenario.stations):
        raise ValueError("station calendars are not exported: give the line one calendar")
    model = LineModel(scenario, Streams(seed, replication), trace=True)
    assert model.trace is not None
    for station in model.stations:
        station.cycle_time = _marking(station.cycle_time, model, station.spec.name)  # type: ignore[method-assign]
    model.run()
    end_s = scenario.warmup_s + scenario.horizon_s
    off = off_shift_intervals(scenario.calendar, end_s)
    frame = event_log_frame(model.trace, scenario.warmup_s, end_s, off)
    return frame, model.result(replication, seed)


def _marking(cycle_time: Callable[..., float], model: LineModel, name: str) -> Callable[..., float]:
    def marked(unit: Any, machine: Any) -> float:
        model.trace.append((model.env.now, name, machine.index, "working"))  # type: ignore[union-attr]
        return cycle_time(unit, machine)

    return marked


def event_log_frame(
    trace: Iterable[TraceRow], start_s: float, end_s: float,
    off_shift: Sequence[tuple[float, float]] = (),
) -> pd.DataFrame:
    """Rows ``station, machine, state, start, end`` (ISO times) from a trace.

    Each entry lasts until the machine's next one, the last until ``end_s``; the ``off_shift``
    intervals are cut out of the rows and added as rows of their own; rows before ``start_s``
    are cut off and times count from it; machines are numbered from 1.
    """
    rows: list[tuple[str, int, str, float, float]] = []
    last: dict[tuple[str, int], tuple[float, str]] = {}
    for time_s, station, index, state in sorted(trace, key=lambda row: row[0]):
        key = (station, index)
        if key in last:
            rows.append((station, index + 1, last[key][1], last[key][0], time_s))
        last[key] = (time_s, state)
    rows += [(st, i + 1, state, since, end_s) for (st, i), (since, state) in last.items()]
    if off_shift:
        rows = _without_off_shift(rows, off_shift)
        rows += [(st, i + 1, "off_shift", a, b) for st, i in last for a, b in off_shift]
    frame = pd.DataFrame(rows, columns=["station", "machine", "state", "start_s", "end_s"])
    frame = frame[(frame["end_s"] > frame["start_s"]) & (frame["end_s"] > start_s)]
    frame = frame.assign(start_s=np.maximum(frame["start_s"], start_s) - start_s,
                         end_s=frame["end_s"] - start_s)
    frame = frame.sort_values(["start_s", "station", "machine"], kind="stable")
    return pd.DataFrame({
        "station": frame["station"], "machine": frame["machine"], "state": frame["state"],
        "start": _iso(frame["start_s"]), "end": _iso(frame["end_s"]),
    }).reset_index(drop=True)


def _iso(seconds: pd.Series) -> pd.Series:
    stamps = ORIGIN + pd.to_timedelta(seconds.to_numpy(), unit="s")
    return pd.Series(stamps.strftime("%Y-%m-%dT%H:%M:%S.%f").str[:-3], index=seconds.index)


def off_shift_intervals(calendar: ShiftCalendar | None, end_s: float) -> list[tuple[float, float]]:
    """The off-shift intervals of ``calendar`` in [0, ``end_s``), from the engine's own clock."""
    clock = make_clock(calendar)
    if clock.always_on:
        return []
    on: list[tuple[float, float]] = []
    t = 0.0
    while t < end_s:
        start = round(clock.calendar_time(clock.production_time(t) + 1e-6) - 1e-6, 3)
        if start >= end_s:
            break
        end = min(_on_until(clock, start), end_s)
        on.append((start, end))
        t = end
    edges = [0.0, *[x for interval in on for x in interval], end_s]
    return [(a, b) for a, b in zip(edges[::2], edges[1::2], strict=True) if b > a]


def _on_until(clock: Any, start: float) -> float:
    """End of the on-shift stretch that begins at ``start`` (bisection on the clock)."""
    base, low, high = clock.production_time(start), start, start + 7 * 86_400.0
    for _ in range(60):
        middle = (low + high) / 2
        if clock.production_time(middle) - base >= middle - start - 1e-6:
            low = middle
        else:
            high = middle
    return round(low, 3)


def _without_off_shift(
    rows: list[tuple[str, int, str, float, float]], off: Sequence[tuple[float, float]]
) -> list[tuple[str, int, str, float, float]]:
    """Each row with the off-shift intervals cut out of it (a row may become several)."""
    starts = [a for a, _ in off]
    kept = []
    for station, machine, state, start, end in rows:
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        t = start
        while i < len(off) and off[i][0] < end:
            a, b = off[i]
            if b > t:
                if a > t:
                    kept.append((station, machine, state, t, a))
                t = max(t, b)
            i += 1
        if t < end:
            kept.append((station, machine, state, t, end))
    return kept
