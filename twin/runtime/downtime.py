"""Failure clocks of a machine.

Operating-basis failures age only while the machine works, so the machine itself can tell
when the next one falls inside a cycle (:class:`OperatingFailure`). Calendar-basis failures
age with on-shift time whatever the machine does, so their down intervals form a timeline
that does not depend on the machine's state (:class:`CalendarDowntime`): it is generated
lazily, in production time, and queried as the machine moves forward. Neither needs a SimPy
process of its own nor an interrupt, so a failure costs two events, not a process per machine.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterator

from twin.runtime.samplers import Sampler

# Production time is recomputed from calendar time after every wait, which can land a few
# nanoseconds short of an interval's end; closer than this counts as "ended".
TOLERANCE_S = 1e-6


class OperatingFailure:
    """A failure mode whose clock counts working seconds only."""

    __slots__ = ("name", "remaining", "_ttf", "repair")

    def __init__(self, name: str, ttf: Sampler, repair: Sampler) -> None:
        self.name = name
        self._ttf = ttf
        self.repair = repair
        self.remaining = ttf()

    def renew(self) -> None:
        """Draw the working time until the next failure (after a repair)."""
        self.remaining = self._ttf()


class CalendarDowntime:
    """The merged down intervals of a machine's calendar-basis failure modes."""

    def __init__(self, modes: list[tuple[Sampler, Sampler]]) -> None:
        self._source = _merged_down_intervals(modes)
        self._pending: deque[tuple[float, float]] = deque([next(self._source)])

    def _cover(self, p: float) -> None:
        """Drop intervals that ended by ``p`` and generate until one starts after ``p``."""
        pending = self._pending
        while pending[-1][0] <= p:
            pending.append(next(self._source))
        while pending[0][1] <= p + TOLERANCE_S:
            pending.popleft()

    def next_interval(self, p: float) -> tuple[float, float]:
        """The first down interval that has not ended by production time ``p``."""
        self._cover(p)
        return self._pending[0]

    def overlap(self, p0: float, p1: float) -> float:
        """Down time inside the production-time interval [p0, p1]."""
        self._cover(p0)
        pending = self._pending
        while pending[-1][0] < p1:
            pending.append(next(self._source))
        total = 0.0
        for start, end in pending:
            if start >= p1:
                break
            total += max(0.0, min(end, p1) - max(start, p0))
        return total


def _renewals(ttf: Sampler, repair: Sampler) -> Iterator[tuple[float, float]]:
    """Alternating up and down periods of one failure mode, from production time 0."""
    end = 0.0
    while True:
        start = end + ttf()
        end = start + repair()
        yield start, end


def _merged_down_intervals(modes: list[tuple[Sampler, Sampler]]) -> Iterator[tuple[float, float]]:
    """The union of the modes' down intervals, in order, overlapping ones merged."""
    streams = [_renewals(ttf, repair) for ttf, repair in modes]
    heap = [(*next(stream), index) for index, stream in enumerate(streams)]
    heapq.heapify(heap)
    current: tuple[float, float] | None = None
    while True:
        start, end, index = heapq.heappop(heap)
        heapq.heappush(heap, (*next(streams[index]), index))
        if current is None:
            current = (start, end)
        elif start <= current[1]:
            current = (current[0], max(current[1], end))
        else:
            yield current
            current = (start, end)
