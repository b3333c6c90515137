"""A machine: one SimPy process that takes a unit, works on it, and passes it on.

The machine keeps its own time split as counters (working, setup, maintenance, failed,
blocked, starved; off-shift is derived) in production time, so no event is ever logged unless
a trace is asked for. It also counts its active periods, for the active-period bottleneck method.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import simpy

from twin.runtime.buffers import Unit
from twin.runtime.downtime import CalendarDowntime, OperatingFailure

if TYPE_CHECKING:
    from twin.runtime.clock import AlwaysOn, ShiftClock
    from twin.runtime.station import MaintenanceClock, StationRuntime

STATES = ("working", "setup", "maintenance", "failed", "blocked", "starved")
WORKING, SETUP, MAINTENANCE, FAILED, BLOCKED, STARVED = range(len(STATES))
# States below BLOCKED are "active" in the sense of the active-period method (Roser et al. 2001).
WAITING_FROM = BLOCKED

Process = Generator[simpy.Event, Any, Any]


class Machine:
    """One of the parallel machines of a station."""

    def __init__(
        self,
        station: StationRuntime,
        index: int,
        clock: AlwaysOn | ShiftClock,
        operating_failures: list[OperatingFailure],
        calendar_downtime: CalendarDowntime | None,
        maintenance: list[MaintenanceClock],
    ) -> None:
        self.station = station
        self.index = index
        self.env = station.env
        self.clock = clock
        self.operating_failures = operating_failures
        self.calendar_downtime = calendar_downtime
        self.maintenance = maintenance
        self.trace: list[tuple[float, str, int, str]] | None = None
        self.state = STARVED
        self.since = 0.0
        self.changed_at = 0.0
        self.time = [0.0] * len(STATES)
        self.active_periods = 0
        self.cycles = 0
        self.last_product: str | None = None
        self._plain = not operating_failures and calendar_downtime is None

    # -- time accounting -------------------------------------------------------------------
    def now_p(self) -> float:
        """Current production time of this machine's clock."""
        return self.clock.production_time(self.env.now)

    def enter(self, state: int) -> float:
        """Switch to ``state`` now, booking the time spent in the previous one.

        Returns the production time now, which a hold that starts at once can reuse.
        """
        now = self.env.now
        p = self.clock.production_time(now)
        previous = self.state
        elapsed = p - self.since
        if elapsed > 0.0:  # what account() books, inlined: this runs twice a cycle
            if previous >= WAITING_FROM and self.calendar_downtime is not None:
                down = self.calendar_downtime.overlap(self.since, p)
                self.time[FAILED] += down
                elapsed -= down
            self.time[previous] += elapsed
        self.since = p
        if state < WAITING_FROM <= previous:
            self.active_periods += 1
        self.changed_at = now
        if self.trace is not None and state != previous:
            self.trace.append((now, self.station.name, self.index, STATES[state]))
        self.state = state
        return p

    def account(self) -> float:
        """Book the time since the last change to the current state; returns P(now)."""
        p = self.clock.production_time(self.env.now)
        elapsed = p - self.since
        if elapsed > 0.0:
            if self.state >= WAITING_FROM and self.calendar_downtime is not None:
                down = self.calendar_downtime.overlap(self.since, p)
                self.time[FAILED] += down
                elapsed -= down
            self.time[self.state] += elapsed
        self.since = p
        return p

    def reset(self) -> None:
        """Start measuring now (end of the warm-up)."""
        self.account()
        self.time = [0.0] * len(STATES)
        self.active_periods = 1 if self.state < WAITING_FROM else 0
        for plan in self.maintenance:
            plan.count = 0

    def hold(self, duration_p: float, now_p: float | None = None) -> simpy.Timeout:
        """A timeout lasting ``duration_p`` seconds of production time.

        ``now_p`` is the production time now, if the caller has it (from :meth:`enter`).
        """
        env = self.env
        clock = self.clock
        if clock.always_on:
            return env.timeout(duration_p)
        if now_p is None:
            now_p = clock.production_time(env.now)
        return env.timeout(max(0.0, clock.calendar_time(now_p + duration_p) - env.now))

    # -- the process -----------------------------------------------------------------------
    def start(self) -> None:
        """Start the machine's process."""
        self.env.process(self.run())

    def run(self) -> Process:
        """Take, prepare, work, release — for ever."""
        station = self.station
        inbox = station.inbox
        while True:
            unit = inbox.take()
            if unit is None:
                self.enter(STARVED)
                unit = yield inbox.wait_get()
            if station.other_inputs:
                unit = yield from self._collect(unit)
            if self.calendar_downtime is not None:
                yield from self._wait_for_repair()
            if station.changeover is not None:
                yield from self._change_over(unit)
            duration = station.cycle_time(unit, self)
            if self._plain:
                yield self.hold(duration, self.enter(WORKING))
            else:
                yield from self._work(duration)
            self.cycles += 1
            target = station.route(unit, self)
            if target is not None and not target.offer(unit):
                self.enter(BLOCKED)
                yield target.wait_put(unit)
            if self.maintenance:
                yield from self._maintain()

    def _collect(self, unit: Unit) -> Process:
        """Wait for one unit of each further input of an assembly station."""
        for inbox in self.station.other_inputs:
            part = inbox.take()
            if part is None:
                self.enter(STARVED)
                part = yield inbox.wait_get()
            unit.created = min(unit.created, part.created)
            self.station.stats.consume()
        return unit

    def _wait_for_repair(self) -> Process:
        """If a calendar failure is under way, wait until it is repaired."""
        assert self.calendar_downtime is not None
        p = self.now_p()
        start, end = self.calendar_downtime.next_interval(p)
        if start <= p:
            self.enter(FAILED)
            yield self.hold(end - p)

    def _change_over(self, unit: Unit) -> Process:
        if self.last_product is not None and unit.product != self.last_product:
            yield from self._spend(self.station.changeover(), SETUP)  # type: ignore[misc]
        self.last_product = unit.product

    def _spend(self, duration: float, state: int) -> Process:
        """Spend ``duration`` in a setup or maintenance stop; a calendar failure pauses it."""
        if self.calendar_downtime is None:
            self.enter(state)
            yield self.hold(duration)
        else:
            yield from self._work(duration, state)

    def _work(self, duration: float, state: int = WORKING) -> Process:
        """Spend ``duration`` in ``state``, broken by any failure that falls inside it.

        Operating-basis failures age (and strike) only while working; calendar-basis failures
        strike whatever the machine does, so they also pause a setup or maintenance stop.
        """
        working = state == WORKING
        now_p: float | None = self.enter(state)
        while True:
            segment, cause = self._next_failure(duration, working)
            if segment > 0.0:
                yield self.hold(segment, now_p)
            now_p = None  # time has moved on (or a failure strikes now)
            if working:
                for failure in self.operating_failures:
                    failure.remaining -= segment
            duration -= segment
            if cause is None:
                return
            self.enter(FAILED)
            yield self.hold(self._repair_time(cause))
            now_p = self.enter(state)

    def _next_failure(
        self, duration: float, working: bool = True
    ) -> tuple[float, OperatingFailure | str | None]:
        """Time until the next failure within ``duration``, and its cause."""
        segment: float = duration
        cause: OperatingFailure | str | None = None
        for failure in self.operating_failures if working else ():
            if failure.remaining < segment:
                segment, cause = failure.remaining, failure
        if self.calendar_downtime is not None:
            p = self.now_p()
            start, _ = self.calendar_downtime.next_interval(p)
            if start - p < segment:
                segment, cause = max(0.0, start - p), "calendar"
        return segment, cause

    def _repair_time(self, cause: OperatingFailure | str) -> float:
        if isinstance(cause, OperatingFailure):
            cause.renew()
            return cause.repair()
        assert self.calendar_downtime is not None
        p = self.now_p()
        return self.calendar_downtime.next_interval(p)[1] - p

    def _maintain(self) -> Process:
        for plan in self.maintenance:
            if plan.is_due(self):
                plan.begin()
                yield from self._spend(plan.duration(), MAINTENANCE)
                plan.done(self)
