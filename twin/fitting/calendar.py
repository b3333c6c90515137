"""The shift calendar seen in an event log: when the plant was off shift, as a ShiftCalendar.

Off-shift time is what the log marks ``off_shift`` (aliases: off, no_shift, closed, break). On a
one-minute grid over the log, a minute is off shift when a machine is logged off shift then;
per weekday and minute of day the majority over the weeks of the log decides. Working days are
the weekdays with on-shift time, counted from Monday (``days_per_week``); the daily on-shift
window gives the first shift's start and the shifts (of about eight hours each); off-shift gaps
inside the first shift become its breaks (the calendar repeats them in every shift). A log in
plain seconds is taken to start on a Monday at midnight.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lines.spec import Break, ShiftCalendar
from twin.fitting.eventlog import EventLog

_MIN_PER_DAY = 1440
_SHIFT_H = 8.0


def shift_calendar(log: EventLog) -> ShiftCalendar | None:
    """The calendar the log shows, or None if nothing is logged off shift (24/7 operation)."""
    rows = log.frame[log.frame["state"] == "off_shift"]
    if rows.empty:
        return None
    offset_min = _offset_from_monday_min(log.origin)
    minutes = np.arange(int(np.ceil(log.end_s / 60)))
    off = np.zeros(len(minutes), dtype=bool)
    for start, end in rows[["start_s", "end_s"]].itertuples(index=False):
        off[int(round(start / 60)):int(round(end / 60))] = True
    absolute = minutes + offset_min
    weekday, minute_of_day = (absolute // _MIN_PER_DAY) % 7, absolute % _MIN_PER_DAY
    working_days = [d for d in range(7) if (~off[weekday == d]).any()]
    on = _daily_profile(off, weekday, minute_of_day, working_days)
    return _calendar_from_profile(on, max(1, len(working_days)))


def _offset_from_monday_min(origin: pd.Timestamp | None) -> int:
    if origin is None:
        return 0
    return int(origin.weekday() * _MIN_PER_DAY + origin.hour * 60 + origin.minute)


def _daily_profile(
    off: np.ndarray, weekday: np.ndarray, minute_of_day: np.ndarray, days: list[int]
) -> np.ndarray:
    """Per minute of the day: on shift on most working days."""
    on_days = np.isin(weekday, days)
    on_count = np.bincount(minute_of_day[on_days & ~off], minlength=_MIN_PER_DAY)
    seen = np.bincount(minute_of_day[on_days], minlength=_MIN_PER_DAY)
    return on_count > np.maximum(seen, 1) / 2


def _calendar_from_profile(on: np.ndarray, days_per_week: int) -> ShiftCalendar | None:
    if on.all() and days_per_week == 7:
        return None
    if not on.any():
        return None
    # the on-window starts after the longest off stretch of the (circular) day
    off_runs = _runs(~on)
    start, length = max(off_runs, key=lambda run: run[1])
    first_on = (start + length) % _MIN_PER_DAY
    window_min = _MIN_PER_DAY - length
    shifts = max(1, round(window_min / 60 / _SHIFT_H))
    shift_min = window_min / shifts
    shifted = np.roll(on, -first_on)[: int(round(shift_min))]
    breaks = tuple(Break(after_h=s / 60, duration_min=float(n))
                   for s, n in _runs(~shifted, circular=False) if 0 < s and s + n < len(shifted))
    return ShiftCalendar(shifts_per_day=shifts, shift_length_h=shift_min / 60,
                         first_shift_start_h=first_on / 60, days_per_week=days_per_week,
                         breaks=breaks)


def _runs(mask: np.ndarray, circular: bool = True) -> list[tuple[int, int]]:
    """(start, length) of each run of True in ``mask``; a run may wrap round midnight."""
    n = len(mask)
    if mask.all():
        return [(0, n)]
    shift = int(np.argmin(mask)) if circular else 0  # start the scan on a False minute
    rolled = np.roll(mask, -shift)
    edges = np.diff(np.r_[0, rolled.astype(int), 0])
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [((s + shift) % n, e - s) for s, e in zip(starts, ends, strict=True)]
