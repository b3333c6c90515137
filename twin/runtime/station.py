"""A station at run time: its input buffer(s), its cycle times, its routing and its counters.

The station decides what its machines do with a unit (how long it takes, where it goes next);
the machines do the waiting. Special stations (a die-casting cell with a thermal die state and
a defect model, say) subclass :class:`StationRuntime` and override ``cycle_time`` or ``route``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, Protocol

import simpy

from twin.runtime.buffers import LineStats, Unit
from twin.runtime.samplers import Sampler

if TYPE_CHECKING:
    from lines.spec import MaintenancePlan, Source, Station
    from twin.runtime.engine import LineModel
    from twin.runtime.machine import Machine


class Inbox(Protocol):
    """What a machine takes units from: a :class:`~twin.runtime.buffers.Buffer` or a supply."""

    area: float
    max_level: int

    def take(self) -> Unit | None: ...  # noqa: D102

    def wait_get(self) -> simpy.Event: ...  # noqa: D102

    def offer_rework(self, unit: Unit) -> None: ...  # noqa: D102


class Outbox(Protocol):
    """What a machine delivers units to: a buffer or the exit."""

    def offer(self, unit: Unit) -> bool: ...  # noqa: D102

    def wait_put(self, unit: Unit) -> simpy.Event: ...  # noqa: D102


class MaintenanceClock:
    """When one machine is due for one maintenance plan (checked at the end of each cycle)."""

    def __init__(self, plan: MaintenancePlan, duration: Sampler) -> None:
        self.name = plan.name
        self.duration = duration
        self._every_cycles = plan.every_cycles
        self._every_p = None if plan.every_h is None else plan.every_h * 3600.0
        self._cycles_at_last = 0
        self._due_p = self._every_p or 0.0
        self.count = 0  # stops in the measured period (reset at the warm-up)
        self.total = 0  # stops since the start of the run (never reset)

    def is_due(self, machine: Machine) -> bool:
        """True if the machine has run long enough since the last stop."""
        if self._every_cycles is not None:
            return machine.cycles - self._cycles_at_last >= self._every_cycles
        return machine.now_p() >= self._due_p

    def begin(self) -> None:
        """Count a stop when it starts, so a stop running at the end of the run is counted."""
        self.count += 1
        self.total += 1

    def done(self, machine: Machine) -> None:
        """Restart the count after a stop."""
        self._cycles_at_last = machine.cycles
        if self._every_p is not None:
            self._due_p = machine.now_p() + self._every_p


class StationRuntime:
    """The run-time state of one station and the decisions it makes for its machines."""

    def __init__(
        self,
        env: simpy.Environment,
        spec: Station,
        stats: LineStats,
        inboxes: Sequence[Inbox],
        cycle: Sampler,
        cycle_by_product: dict[str, Sampler],
        changeover: Sampler | None,
        uniform: Sampler,
    ) -> None:
        self.env = env
        self.spec = spec
        self.name = spec.name
        self.stats = stats
        self.inbox = inboxes[0]
        self.other_inputs = tuple(inboxes[1:])
        self.changeover = changeover
        self._cycle = cycle
        self._cycle_by_product = cycle_by_product
        self._uniform = uniform
        self.machines: list[Machine] = []
        self.processed = self.good = self.scrapped = self.reworked = 0
        self._only_target: Outbox | None = None
        self._cumulative: list[float] = []
        self._targets: list[Outbox] = []
        self._rework: Inbox | None = None
        self.on_scrap: list[Callable[[], None]] = []  # e.g. a backlog re-releasing the order

    def connect(self, targets: dict[Outbox, float], rework: Inbox | None) -> None:
        """Wire the station to where its good units go (with probabilities) and its rework."""
        self._targets = list(targets)
        self._cumulative = list(accumulate(targets.values()))
        self._rework = rework
        plain = self.spec.scrap_probability == 0 and self.spec.rework_probability == 0
        self._only_target = self._targets[0] if plain and len(self._targets) == 1 else None

    def bind(self, line: LineModel) -> None:
        """Take what the station shares with the line once every station exists (plug hook)."""

    @classmethod
    def linked_inbox(cls, line: LineModel, source: Source) -> Inbox:
        """The inbox a source linked to this kind of station stands for (plug hook)."""
        raise TypeError(f"{cls.__name__} takes no linked sources (source {source.name!r})")

    def reset(self) -> None:
        """Start counting now (end of the warm-up)."""
        self.processed = self.good = self.scrapped = self.reworked = 0

    def extras(self) -> dict[str, float]:
        """Station-specific results (e.g. scrap by cause); empty for a plain station."""
        return {}

    def cycle_time(self, unit: Unit, machine: Machine) -> float:
        """Processing time of ``unit`` [s]."""
        if self._cycle_by_product:
            return self._cycle_by_product.get(unit.product, self._cycle)()
        return self._cycle()

    def route(self, unit: Unit, machine: Machine) -> Outbox | None:
        """Where the processed ``unit`` goes; None if it was scrapped or sent to rework."""
        self.processed += 1
        if self._only_target is not None:
            self.good += 1
            return self._only_target
        spec = self.spec
        if spec.scrap_probability or spec.rework_probability:
            u = self._uniform()
            if u < spec.scrap_probability:
                self.scrap()
                return None
            if u < spec.scrap_probability + spec.rework_probability:
                self.rework(unit)
                return None
        self.good += 1
        if len(self._targets) == 1:
            return self._targets[0]
        index = bisect_right(self._cumulative, self._uniform() * self._cumulative[-1])
        return self._targets[min(index, len(self._targets) - 1)]

    def scrap(self) -> None:
        """Book a scrapped unit; it leaves the line."""
        self.scrapped += 1
        self.stats.scrap()
        for hook in self.on_scrap:
            hook()

    def rework(self, unit: Unit) -> None:
        """Send ``unit`` to the rework station's input, ahead of the queue."""
        self.reworked += 1
        assert self._rework is not None
        self._rework.offer_rework(unit)
