"""A machine driven by event callbacks instead of a SimPy process: the engine's fast path.

A process machine costs two events a unit (the wake-up when a unit arrives, then the cycle)
and a generator resume each. A :class:`CallbackMachine` is handed its next unit the moment an
upstream machine delivers it (no event), and every timed step (a changeover, a working
segment up to the next failure, a repair, a maintenance stop) is one timeout whose callback
takes the next step. Simulated times, random draws, routing, blocking and the time accounting
are those of :class:`~twin.runtime.machine.Machine` (tests run a line both ways and compare
every number); only the order of work done at one instant can differ.

Machines with calendar-basis failures (their repairs pause setups and maintenance too), a
second input (assembly) or a supermarket's stock as input stay process machines: there the
callbacks measured no faster. :func:`runs_on_callbacks` says which.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import simpy

from twin.runtime.backlog import BacklogBuffer
from twin.runtime.buffers import Buffer, Supply, Unit
from twin.runtime.downtime import OperatingFailure
from twin.runtime.machine import BLOCKED, FAILED, MAINTENANCE, SETUP, STARVED, WORKING, Machine

if TYPE_CHECKING:
    from twin.runtime.station import MaintenanceClock, StationRuntime


def runs_on_callbacks(station: StationRuntime, calendar_failures: bool) -> bool:
    """True if the machines of ``station`` can run on callbacks (see the module docstring)."""
    return (
        not calendar_failures
        and not station.other_inputs
        and type(station.inbox) in (Buffer, BacklogBuffer, Supply)
    )


class CallbackMachine(Machine):
    """Take, change over, work through failures, release, maintain: all on callbacks."""

    _unit: Unit | None = None
    _remaining_s = 0.0
    _segment_s = 0.0
    _cause: OperatingFailure | None = None
    _plan_index = 0
    _plan: MaintenanceClock | None = None

    def start(self) -> None:
        """Take the first unit (or wait for it) once the line is built, like a process would.

        A machine with no changeover, no operating failure and no maintenance plan runs the
        plain cycle: take, work, release, three calls a unit.
        """
        if self.station.changeover is None and self._plain and not self.maintenance:
            self._take_next = self._take_plain  # type: ignore[method-assign]
        self.env.timeout(0.0).callbacks.append(self._take_next)  # type: ignore[union-attr]

    def _after(self, duration_s: float, step: object, now_p: float | None = None) -> None:
        self.hold(duration_s, now_p).callbacks.append(step)  # type: ignore[union-attr,arg-type]

    # -- take and change over ---------------------------------------------------------------
    def _take_next(self, _event: simpy.Event | None = None) -> None:
        inbox = self.station.inbox
        unit = inbox.take()
        if unit is None:
            self.enter(STARVED)
            assert isinstance(inbox, Buffer)  # a Supply is never empty (runs_on_callbacks)
            inbox.hand_next_to(self._begin)  # handed over at once: no event
            return
        self._begin(unit)

    def _begin(self, unit: Unit) -> None:
        self._unit = unit
        changeover = self.station.changeover
        if changeover is not None:
            last, self.last_product = self.last_product, unit.product
            if last is not None and unit.product != last:
                self.enter(SETUP)
                self._after(changeover(), self._start_cycle)
                return
        self._start_cycle()

    # -- work, broken by operating failures ---------------------------------------------------
    def _start_cycle(self, _event: simpy.Event | None = None) -> None:
        assert self._unit is not None
        self._remaining_s = self.station.cycle_time(self._unit, self)
        self._work_on(self.enter(WORKING))

    def _work_on(self, now_p: float | None) -> None:
        """Work on until the cycle ends or the next operating failure strikes."""
        segment, cause = self._next_failure(self._remaining_s)  # no calendar failures here
        assert not isinstance(cause, str)
        self._segment_s, self._cause = segment, cause
        if segment > 0.0:
            self._after(segment, self._segment_ends, now_p)
        else:
            self._segment_ends()

    def _segment_ends(self, _event: simpy.Event | None = None) -> None:
        segment = self._segment_s
        for failure in self.operating_failures:
            failure.remaining -= segment
        self._remaining_s -= segment
        cause = self._cause
        if cause is None:
            self._finish()
            return
        self.enter(FAILED)
        self._after(self._repair_time(cause), self._repaired)

    def _repaired(self, _event: simpy.Event) -> None:
        self._work_on(self.enter(WORKING))

    # -- the plain cycle -----------------------------------------------------------------------
    def _take_plain(self, _event: simpy.Event | None = None) -> None:
        inbox = self.station.inbox
        unit = inbox.take()
        if unit is None:
            self.enter(STARVED)
            assert isinstance(inbox, Buffer)
            inbox.hand_next_to(self._begin_plain)
            return
        self._begin_plain(unit)

    def _begin_plain(self, unit: Unit) -> None:
        self._unit = unit
        duration_s = self.station.cycle_time(unit, self)
        now_p = self.enter(WORKING)
        if duration_s > 0.0:
            self.hold(duration_s, now_p).callbacks.append(self._finish_plain)  # type: ignore[union-attr]
        else:
            self._finish_plain()

    def _finish_plain(self, _event: simpy.Event | None = None) -> None:
        self._deliver(self._take_plain)

    # -- release and maintain -----------------------------------------------------------------
    def _finish(self) -> None:
        self._deliver(self._released)

    def _deliver(self, then: Callable[..., None]) -> None:
        """Route the finished unit and hand it on (blocked until it is accepted), then ``then``."""
        unit = self._unit
        assert unit is not None
        self._unit = None
        self.cycles += 1
        target = self.station.route(unit, self)
        if target is not None and not target.offer(unit):
            self.enter(BLOCKED)
            target.wait_put(unit).callbacks.append(then)  # type: ignore[union-attr]
            return
        then()

    def _released(self, _event: simpy.Event | None = None) -> None:
        if self.maintenance:
            self._plan_index = 0
            self._next_plan()
        else:
            self._take_next()

    def _next_plan(self, _event: simpy.Event | None = None) -> None:
        """The next maintenance plan that is due (in the plans' order), then the next unit."""
        plans = self.maintenance
        while self._plan_index < len(plans):
            plan = plans[self._plan_index]
            self._plan_index += 1
            if plan.is_due(self):
                plan.begin()
                self._plan = plan
                self.enter(MAINTENANCE)
                self._after(plan.duration(), self._plan_done)
                return
        self._take_next()

    def _plan_done(self, _event: simpy.Event) -> None:
        assert self._plan is not None
        self._plan.done(self)
        self._next_plan()


__all__ = ["CallbackMachine", "runs_on_callbacks"]
