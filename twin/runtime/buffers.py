"""Finite buffers with blocking after service, and the places units enter and leave the line.

A buffer hands a unit straight to a waiting machine, stores it while there is room, and
otherwise makes the delivering machine wait (blocked) until a unit is taken out. ``take`` and
``offer`` succeed at once without creating a SimPy event; only a real wait costs an event, which
is what keeps the engine as fast as a hand-written SimPy line. Capacity 0 means a direct
hand-over: the upstream machine holds the finished unit until a downstream machine takes it.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable

import simpy


class Unit:
    """A unit moving through the line (a part, a batch or a body)."""

    __slots__ = ("created", "product")

    def __init__(self, created: float, product: str) -> None:
        self.created = created
        self.product = product


class LineStats:
    """Counters of units entering, leaving and waiting in the line since the last reset."""

    def __init__(self, env: simpy.Environment, horizon_s: float) -> None:
        self.env = env
        self.wip = 0
        self._horizon_h = math.ceil(horizon_s / 3600.0) + 1
        # called before the counters are read or cleared: a backlog releasing its due orders
        self.before_reading: list[Callable[[], None]] = []
        self.reset()

    def _bring_up_to_date(self) -> None:
        for bring in self.before_reading:
            bring()

    def reset(self) -> None:
        """Start measuring now: clear counters, keep the units already in the line."""
        self._bring_up_to_date()
        self.start = self.env.now
        self.wip_start = self.wip
        self.created = self.finished = self.scrapped = self.consumed = 0
        self.wip_area = 0.0
        self._wip_since = self.start
        self.lead_sum = self.lead_sq_sum = self.lead_max = 0.0
        self.finished_per_hour = [0] * self._horizon_h
        self.wip_per_hour = [0.0] * self._horizon_h  # time-average WIP of each hour
        self._hours_done = 0
        self._area_at_hour = 0.0

    def start_hourly(self) -> None:
        """Record the time-average WIP of every measured hour: one event an hour."""
        self.env.timeout(3600.0).callbacks.append(self._hour_ends)  # type: ignore[union-attr]

    def _hour_ends(self, _event: simpy.Event) -> None:
        self._close_hour(3600.0)
        if self._hours_done < self._horizon_h - 1:
            self.start_hourly()

    def _close_hour(self, length_s: float) -> None:
        self._bring_up_to_date()
        self._wip_changes(0)
        if length_s > 0.0 and self._hours_done < self._horizon_h:
            self.wip_per_hour[self._hours_done] = (self.wip_area - self._area_at_hour) / length_s
        self._hours_done += 1
        self._area_at_hour = self.wip_area

    def _wip_changes(self, delta: int) -> None:
        now = self.env.now
        self.wip_area += self.wip * (now - self._wip_since)
        self._wip_since = now
        self.wip += delta

    def create(self, product: str) -> Unit:
        """Release a new unit into the line."""
        self.created += 1
        self._wip_changes(1)
        return Unit(self.env.now, product)

    def create_at(self, t: float, product: str) -> Unit:
        """Release a new unit that entered the line at ``t`` (not after now): a scheduled order.

        The WIP integral is additive, so a unit released at ``t`` before the last WIP change
        adds the time from ``t`` to that change; afterwards it is counted like any other.
        """
        self.created += 1
        since = self._wip_since
        if t >= since:
            self.wip_area += self.wip * (t - since)
            self._wip_since = t
        else:
            self.wip_area += since - t
        self.wip += 1
        return Unit(t, product)

    def finish(self, unit: Unit) -> None:
        """A good unit leaves through the exit."""
        now = self.env.now
        self.finished += 1
        self._wip_changes(-1)
        lead = now - unit.created
        self.lead_sum += lead
        self.lead_sq_sum += lead * lead
        self.lead_max = max(self.lead_max, lead)
        self.finished_per_hour[min(int((now - self.start) // 3600.0), self._horizon_h - 1)] += 1

    def scrap(self) -> None:
        """A unit is scrapped and leaves the line."""
        self.scrapped += 1
        self._wip_changes(-1)

    def consume(self) -> None:
        """A component disappears into an assembly."""
        self.consumed += 1
        self._wip_changes(-1)

    def close(self) -> None:
        """Bring the WIP integral up to now, and close a last, partial hour."""
        self._bring_up_to_date()
        self._wip_changes(0)
        partial_s = self.env.now - self.start - 3600.0 * self._hours_done
        if partial_s > 1e-9:
            self._close_hour(partial_s)


class Buffer:
    """A FIFO buffer of finite (or infinite) capacity in front of a station."""

    def __init__(self, env: simpy.Environment, capacity: float) -> None:
        self.env = env
        self.capacity = capacity
        self.items: deque[Unit] = deque()
        # who waits for the next unit: an event's ``succeed`` (a machine process) or a plain
        # machine's hand-over, called at once (no event: see twin.runtime.plain_machine)
        self._getters: deque[Callable[[Unit], object]] = deque()
        self._putters: deque[tuple[simpy.Event, Unit]] = deque()
        self.reset()

    def reset(self) -> None:
        """Start measuring the buffer level now."""
        self.area = 0.0
        self.max_level = len(self.items)
        self._since = self.env.now

    def _level_changes(self, delta: int) -> None:
        now = self.env.now
        level = len(self.items)
        self.area += (level - delta) * (now - self._since)
        self._since = now
        if level > self.max_level:
            self.max_level = level

    def take(self) -> Unit | None:
        """Remove and return the first unit, or None if the buffer is empty."""
        items = self.items
        if items:
            unit = items.popleft()
            self._level_changes(-1)
            if self._putters and len(items) < self.capacity:
                event, waiting = self._putters.popleft()
                items.append(waiting)
                self._level_changes(1)
                event.succeed()
            return unit
        if self._putters:  # capacity 0: take straight from the blocked machine
            event, unit = self._putters.popleft()
            event.succeed()
            return unit
        return None

    def wait_get(self) -> simpy.Event:
        """An event that fires with the next unit; call only after ``take`` returned None."""
        event = simpy.Event(self.env)
        self._getters.append(event.succeed)
        return event

    def hand_next_to(self, receive: Callable[[Unit], object]) -> None:
        """Call ``receive(unit)`` with the next unit; call only after ``take`` returned None."""
        self._getters.append(receive)

    def offer(self, unit: Unit) -> bool:
        """Deliver ``unit`` if a machine waits or there is room; False means the caller blocks."""
        if self._getters:
            self._getters.popleft()(unit)
            return True
        if len(self.items) < self.capacity:
            self.items.append(unit)
            self._level_changes(1)
            return True
        return False

    def wait_put(self, unit: Unit) -> simpy.Event:
        """An event that fires when ``unit`` has been accepted; call after ``offer`` failed."""
        event = simpy.Event(self.env)
        self._putters.append((event, unit))
        return event

    def offer_rework(self, unit: Unit) -> None:
        """Put a reworked unit at the head of the queue, past the capacity limit.

        Rework bypasses the capacity so that a rework loop can never deadlock the line.
        """
        if self._getters:
            self._getters.popleft()(unit)
        else:
            self.items.appendleft(unit)
            self._level_changes(1)

    def close(self) -> None:
        """Bring the level integral up to now."""
        self._level_changes(0)

    @property
    def waiting_machines(self) -> int:
        """Machines waiting for a unit from this buffer."""
        return len(self._getters)


class Supply:
    """An unlimited source seen as a buffer that is never empty: each take releases a new unit."""

    def __init__(self, env: simpy.Environment, stats: LineStats, pick: Callable[[], str]) -> None:
        self.env = env
        self.capacity = math.inf
        self._stats = stats
        self._pick = pick
        self._rework: deque[Unit] = deque()
        self.area = 0.0
        self.max_level = 0

    def take(self) -> Unit:
        """Release a new unit (reworked units first)."""
        if self._rework:
            return self._rework.popleft()
        return self._stats.create(self._pick())

    def wait_get(self) -> simpy.Event:  # pragma: no cover - take never returns None
        """Never needed: an unlimited supply is never empty."""
        raise RuntimeError("an unlimited supply is never empty")

    def offer_rework(self, unit: Unit) -> None:
        """Queue a reworked unit ahead of new ones."""
        self._rework.append(unit)

    def reset(self) -> None:
        """Nothing to measure: the supply has no level."""

    def close(self) -> None:
        """Nothing to measure: the supply has no level."""


class Exit:
    """The end of the line: accepts every good unit and records its lead time."""

    capacity = math.inf

    def __init__(self, stats: LineStats) -> None:
        self._stats = stats

    def offer(self, unit: Unit) -> bool:
        """Accept the unit as a finished good."""
        self._stats.finish(unit)
        return True
