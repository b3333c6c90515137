"""Production time: the on-shift clock that stations work by.

A shift calendar maps calendar time t [s] to production time P(t) [s], the on-shift time
elapsed since t = 0. Stations do all their work, repairs, setups and maintenance in production
time, so a cycle that meets the end of a shift pauses and resumes at the next one, with one
SimPy event per cycle whatever the calendar. Off-shift time of a station is then simply
calendar time minus production time.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from lines.spec import ShiftCalendar

WEEK_S = 7 * 86_400.0
YEAR_S = 365 * 86_400.0


class AlwaysOn:
    """The 24/7 clock: production time equals calendar time."""

    always_on = True

    @staticmethod
    def production_time(t: float) -> float:
        """P(t) = t."""
        return t

    @staticmethod
    def calendar_time(p: float) -> float:
        """T(p) = p."""
        return p


class ShiftClock:
    """A periodic clock built from a :class:`ShiftCalendar`: weekly, or yearly with holidays.

    A calendar with holidays repeats every 365 days (the weekly pattern restarts each year);
    the on-shift intervals of one period are kept sorted, so a conversion is a bisection.
    """

    always_on = False

    def __init__(self, calendar: ShiftCalendar) -> None:
        self.period_s = YEAR_S if calendar.holidays else WEEK_S
        intervals = _on_intervals(calendar, self.period_s)
        self._starts = [start for start, _ in intervals]
        self._ends = [end for _, end in intervals]
        self._cum_before: list[float] = []
        self._cum_end: list[float] = []
        total = 0.0
        for start, end in intervals:
            self._cum_before.append(total)
            total += end - start
            self._cum_end.append(total)
        self.on_per_period_s = total
        # The on-shift interval used last, as (calendar start, calendar end, P(start)): almost
        # every cycle starts and ends inside the current shift, so most conversions are one
        # subtraction instead of a bisection.
        self._hit = (0.0, 0.0, 0.0)

    def production_time(self, t: float) -> float:
        """On-shift seconds elapsed between calendar time 0 and ``t``."""
        start, end, base = self._hit
        if start <= t <= end:
            return base + (t - start)
        weeks, offset = divmod(t, self.period_s)
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return weeks * self.on_per_period_s
        base = weeks * self.on_per_period_s + self._cum_before[i]
        self._remember(weeks, i, base)
        return base + min(offset, self._ends[i]) - self._starts[i]

    def calendar_time(self, p: float) -> float:
        """The earliest calendar time at which ``p`` on-shift seconds have elapsed."""
        start, end, base = self._hit
        if base < p <= base + (end - start):
            return start + (p - base)
        if p <= 0.0:
            return 0.0
        weeks, rest = divmod(p, self.on_per_period_s)
        if rest == 0.0:
            weeks, rest = weeks - 1, self.on_per_period_s
        i = min(bisect_left(self._cum_end, rest), len(self._starts) - 1)
        self._remember(weeks, i, weeks * self.on_per_period_s + self._cum_before[i])
        return weeks * self.period_s + self._starts[i] + (rest - self._cum_before[i])

    def _remember(self, weeks: float, i: int, base: float) -> None:
        origin = weeks * self.period_s
        self._hit = (origin + self._starts[i], origin + self._ends[i], base)


def make_clock(calendar: ShiftCalendar | None) -> AlwaysOn | ShiftClock:
    """The clock for ``calendar``; no calendar means 24/7."""
    if calendar is None:
        return AlwaysOn()
    clock = ShiftClock(calendar)
    return AlwaysOn() if clock.on_per_period_s >= clock.period_s - 1e-6 else clock


def _on_intervals(calendar: ShiftCalendar, period_s: float) -> list[tuple[float, float]]:
    """Sorted, merged on-shift intervals within one period [0, period_s)."""
    raw: list[tuple[float, float]] = []
    shift_s = calendar.shift_length_h * 3600.0
    holidays = set(calendar.holidays)
    days = range(round(period_s / 86_400.0))
    working = [d for d in days if d % 7 < calendar.days_per_week and d not in holidays]
    for day in working:
        for shift in range(calendar.shifts_per_day):
            start = day * 86_400.0 + calendar.first_shift_start_h * 3600.0 + shift * shift_s
            raw.extend(_shift_minus_breaks(start, shift_s, calendar))
    wrapped: list[tuple[float, float]] = []
    for start, end in raw:  # a night shift on the last day runs into the next period
        if end <= period_s:
            wrapped.append((start, end))
        elif start >= period_s:
            wrapped.append((start - period_s, end - period_s))
        else:
            wrapped += [(start, period_s), (0.0, end - period_s)]
    return _merge(sorted(wrapped))


def _shift_minus_breaks(
    start: float, length: float, calendar: ShiftCalendar
) -> list[tuple[float, float]]:
    pieces = [(start, start + length)]
    for pause in calendar.breaks:
        b0 = start + pause.after_h * 3600.0
        b1 = b0 + pause.duration_min * 60.0
        pieces = [
            part
            for s, e in pieces
            for part in ((s, min(e, b0)), (max(s, b1), e))
            if part[1] > part[0]
        ]
    return pieces


def _merge(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
