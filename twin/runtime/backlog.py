"""The inbox of a release schedule: orders that arrive at known times, filled when looked at.

A source with a backlog (``Source.backlog``) releases its orders on a schedule that never
slips: its inbox has no capacity limit, so a release never waits for the line. The release
times are therefore known without simulating them, and a :class:`BacklogBuffer` does not spend
an event on each one. Whenever the buffer is used (a machine takes, a unit is offered, the
hour or the run closes) it first *releases* every order due by now, with its own release
time: the unit's creation time, the buffer level and the line's WIP integrals are those of an
order released at that instant. Only a machine that finds the buffer empty costs an event: one
timeout to the next release. At the demand, where the line mostly works off a queue of orders,
this removes most release events (one an order, a quarter of a million a plant-year).

The draws are those of an event per release: inter-arrival times and products in release order.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import simpy

from twin.runtime.buffers import Buffer, LineStats, Unit

if TYPE_CHECKING:
    from twin.runtime.clock import AlwaysOn, ShiftClock


class ReleaseSchedule:
    """The orders of one source: the next release time, the draws, the count released."""

    def __init__(
        self,
        pick: Callable[[], str],
        interarrival: Callable[[], float],
        clock: AlwaysOn | ShiftClock,
        start_s: float,
    ) -> None:
        self.pick = pick
        self._interarrival = interarrival
        self._clock = clock
        self.released = 0  # orders released in the measured period (replacements included)
        self.next_s = 0.0
        self.advance(start_s)

    def advance(self, last_s: float) -> None:
        """Draw the next release time: one inter-arrival time of production time after ``last_s``.

        Computed as a timeout set at ``last_s`` would fire, so the times are those of a
        release event each.
        """
        clock = self._clock
        end_s = clock.calendar_time(clock.production_time(last_s) + self._interarrival())
        self.next_s = last_s + max(0.0, end_s - last_s)


class BacklogBuffer(Buffer):
    """An unlimited inbox fed by a :class:`ReleaseSchedule` (see the module docstring)."""

    def __init__(self, env: simpy.Environment, stats: LineStats) -> None:
        self._stats = stats
        self._schedule: ReleaseSchedule | None = None
        self._next_s = math.inf  # when the next order is due (none until a schedule is followed)
        self._waking = False
        self._wake_s = 0.0
        super().__init__(env, math.inf)
        stats.before_reading.append(self.release_before_now)

    def follow(self, schedule: ReleaseSchedule) -> None:
        """Release ``schedule``'s orders into this buffer from now on."""
        self._schedule = schedule
        self._next_s = schedule.next_s

    def release_due(self) -> None:
        """Release every order due by now, each at its own release time."""
        if self._next_s <= self.env.now:
            self._release_until(self.env.now)

    def release_before_now(self) -> None:
        """Release the orders due before now, not at now: what a run stopped now has released.

        A run stops before the events of its last instant, so an order due exactly at the end
        of the warm-up or of the run belongs to what follows.
        """
        before_s = math.nextafter(self.env.now, -math.inf)
        if self._next_s <= before_s:
            self._release_until(before_s)

    def _release_until(self, limit_s: float) -> None:
        """Release the orders due by ``limit_s`` (not before now: see ``_woken``)."""
        schedule = self._schedule
        assert schedule is not None
        now = self.env.now
        items, stats = self.items, self._stats
        t = schedule.next_s
        while t <= limit_s:
            at = min(t, now)
            self.area += len(items) * (at - self._since)
            self._since = at
            items.append(stats.create_at(at, schedule.pick()))
            schedule.released += 1
            schedule.advance(t)
            t = schedule.next_s
        self._next_s = t
        if len(items) > self.max_level:
            self.max_level = len(items)

    def release_now(self) -> None:
        """Release one order at once (for one scrapped downstream: its order stays open)."""
        assert self._schedule is not None
        self.release_due()
        self._schedule.released += 1
        self.offer(self._stats.create(self._schedule.pick()))

    # -- the buffer, with the orders due released first -------------------------------------
    def take(self) -> Unit | None:
        """Release what is due, then take as a buffer does."""
        now = self.env.now
        if self._next_s <= now:  # ``release_due`` inlined: a take per unit of the station
            self._release_until(now)
        return super().take()

    def offer(self, unit: Unit) -> bool:
        """Release what is due, then accept ``unit`` (there is always room)."""
        self.release_due()
        return super().offer(unit)

    def offer_rework(self, unit: Unit) -> None:
        """Release what is due, then put ``unit`` at the head of the queue."""
        self.release_due()
        super().offer_rework(unit)

    def wait_get(self) -> simpy.Event:
        """Wait for the next order (or another unit): one timeout to the next release."""
        event = super().wait_get()
        self._wake_at_next_release()
        return event

    def hand_next_to(self, receive: Callable[[Unit], object]) -> None:
        """Hand the next order (or another unit) to ``receive`` when it comes."""
        super().hand_next_to(receive)
        self._wake_at_next_release()

    def reset(self) -> None:
        """Release what was due before now, then start measuring the level now."""
        self.release_before_now()
        super().reset()

    def close(self) -> None:
        """Release what was due before now, then bring the level integral up to now."""
        self.release_before_now()
        super().close()

    def _wake_at_next_release(self) -> None:
        if self._waking or self._schedule is None:
            return
        self._waking = True
        self._wake_s = self._next_s
        delay = max(0.0, self._wake_s - self.env.now)
        self.env.timeout(delay).callbacks.append(self._woken)  # type: ignore[union-attr]

    def _woken(self, _event: simpy.Event) -> None:
        self._waking = False
        # a timeout can fire a rounding step before the release it was set for: release it now
        self._release_until(max(self.env.now, self._wake_s))
        items, getters = self.items, self._getters
        while getters and items:
            unit = items.popleft()
            self._level_changes(-1)
            getters.popleft()(unit)
        if getters:
            self._wake_at_next_release()


__all__ = ["BacklogBuffer", "ReleaseSchedule"]
