"""A machine with nothing to interrupt it, driven by event callbacks instead of a process.

Most stations downstream of a giga cell or a press (laser trim, a CMM check, a repair booth)
have a fixed cycle and no failures, maintenance, changeovers or second input. For them a SimPy
process costs two events a unit (the wake-up when a unit arrives, then the cycle) and a
generator resume each. A :class:`PlainMachine` takes the unit the moment it is handed over and
schedules only its cycle, with a callback: one cheap event a unit. Simulated times, routing,
blocking and the time accounting are those of :class:`~twin.runtime.machine.Machine` (the
engine's queueing-theory tests run on both); only the order of work done at the same instant
can differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import simpy

from twin.runtime.buffers import Buffer, Supply, Unit
from twin.runtime.machine import BLOCKED, STARVED, WORKING, Machine

if TYPE_CHECKING:
    from twin.runtime.station import StationRuntime


def runs_plain(station: StationRuntime) -> bool:
    """True if a machine of ``station`` with no failures or maintenance can run on callbacks.

    The station must have no changeover and one input that hands units over directly.
    """
    return (
        not station.other_inputs
        and station.changeover is None
        and type(station.inbox) in (Buffer, Supply)
    )


class PlainMachine(Machine):
    """Take, work, release, on callbacks: one event a unit (see the module docstring)."""

    _unit: Unit | None = None

    def start(self) -> None:
        """Take the first unit (or wait for it) once the line is built, like a process would."""
        self.env.timeout(0.0).callbacks.append(self._take_next)  # type: ignore[union-attr]

    def _take_next(self, _event: simpy.Event | None = None) -> None:
        unit = self.station.inbox.take()
        if unit is None:
            self.enter(STARVED)
            inbox = self.station.inbox
            assert isinstance(inbox, Buffer)  # a Supply is never empty (runs_plain)
            inbox.hand_next_to(self._begin)
            return
        self._begin(unit)

    def _begin(self, unit: Unit) -> None:
        duration = self.station.cycle_time(unit, self)
        self._unit = unit
        self.hold(duration, self.enter(WORKING)).callbacks.append(  # type: ignore[union-attr]
            self._finish)

    def _finish(self, _event: simpy.Event) -> None:
        unit = self._unit
        assert unit is not None
        self._unit = None
        self.cycles += 1
        target = self.station.route(unit, self)
        if target is not None and not target.offer(unit):
            self.enter(BLOCKED)
            target.wait_put(unit).callbacks.append(self._take_next)  # type: ignore[union-attr]
            return
        self._take_next()


__all__ = ["PlainMachine", "runs_plain"]
