"""Turns a :class:`~lines.spec.Scenario` into SimPy processes and runs one replication.

``run_replication(scenario, replication, seed)`` is a pure function of its arguments: every
random element draws from its own stream, keyed by the seed, the replication number and the
element's name. Two scenarios that share station names therefore see the same failures and
cycle times (common random numbers), which makes their paired comparison sharp.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import simpy

from lines.distributions import Uniform
from lines.flow import good_flow_visits
from lines.spec import EXIT, Scenario, ShiftCalendar, Source, Station
from twin.runtime.assembly import replication_result
from twin.runtime.backlog import BacklogBuffer, ReleaseSchedule
from twin.runtime.buffers import Buffer, Exit, LineStats, Supply
from twin.runtime.callback_machine import CallbackMachine, runs_on_callbacks
from twin.runtime.clock import AlwaysOn, ShiftClock, make_clock
from twin.runtime.downtime import CalendarDowntime, OperatingFailure
from twin.runtime.machine import BLOCKED, STARVED, Machine
from twin.runtime.plugs import linked_inbox, runtime_class
from twin.runtime.results import ReplicationResult
from twin.runtime.samplers import make_sampler
from twin.runtime.station import MaintenanceClock, Outbox, StationRuntime
from twin.runtime.streams import Streams

_UNIT = Uniform(low=0.0, high=1.0)


class DeadlockError(RuntimeError):
    """The line stopped for good: every machine waits for another one."""


class SourceRuntime:
    """An arrival process: units arrive at random intervals and wait if the buffer is full.

    A source with a backlog hands its release schedule to its inbox, a
    :class:`~twin.runtime.backlog.BacklogBuffer`, which releases the orders without an event each.
    """

    def __init__(self, spec: Source, pick: Callable[[], str], clock: AlwaysOn | ShiftClock) -> None:
        self.spec = spec
        self.pick = pick
        self.clock = clock
        self.blocked = False
        self._released = 0  # units released in the measured period (replacements included)
        self.target: Buffer | None = None
        self.stats: LineStats | None = None
        self.schedule: ReleaseSchedule | None = None

    @property
    def released(self) -> int:
        """Units released in the measured period (replacements included)."""
        return self._released if self.schedule is None else self.schedule.released

    def replace_scrapped(self) -> None:
        """Release one unit at once for a scrapped one: its order stays open (a backlog)."""
        assert isinstance(self.target, BacklogBuffer)
        self.target.release_now()

    def reset(self) -> None:
        """Start counting releases now (end of the warm-up)."""
        self._released = 0
        if self.schedule is not None:
            self.schedule.released = 0

    def start(self, env: simpy.Environment, interarrival: Callable[[], float]) -> None:
        """Release a unit after each inter-arrival time, blocking while the target is full.

        Event callbacks rather than a process: one cheap event an arrival. A backlog's inbox
        releases the orders itself, without events (``twin.runtime.backlog``).
        """
        self._env, self._interarrival = env, interarrival
        if isinstance(self.target, BacklogBuffer):
            self.schedule = ReleaseSchedule(self.pick, interarrival, self.clock, env.now)
            self.target.follow(self.schedule)
            return
        self._schedule()

    def _schedule(self, _event: simpy.Event | None = None) -> None:
        self.blocked = False
        env, clock = self._env, self.clock
        end = clock.calendar_time(clock.production_time(env.now) + self._interarrival())
        env.timeout(max(0.0, end - env.now)).callbacks.append(self._release)  # type: ignore[union-attr]

    def _release(self, _event: simpy.Event) -> None:
        assert self.stats is not None
        assert self.target is not None
        self._released += 1
        unit = self.stats.create(self.pick())
        if not self.target.offer(unit):
            self.blocked = True
            self.target.wait_put(unit).callbacks.append(self._schedule)  # type: ignore[union-attr]
            return
        self._schedule()


class LineModel:
    """A scenario built into a SimPy environment, ready to run."""

    def __init__(self, scenario: Scenario, streams: Streams, trace: bool = False) -> None:
        self.scenario = scenario
        self.streams = streams
        self.env = simpy.Environment()
        self.stats = LineStats(self.env, scenario.horizon_s)
        self.exit = Exit(self.stats)
        self._clocks: dict[ShiftCalendar | None, AlwaysOn | ShiftClock] = {}
        self.trace: list[tuple[float, str, int, str]] | None = [] if trace else None
        self.shared: dict[tuple[str, str], object] = {}  # what special stations share, by kind
        self.inboxes = self._build_inboxes()
        self.stations = [self._build_station(spec) for spec in scenario.stations]
        self.sources = [self._start_source(spec) for spec in scenario.sources]
        self.buffers = list(dict.fromkeys(self.inboxes.values()))
        self.visits = good_flow_visits(scenario)
        self._connect()
        self._bind_special_stations()

    # -- construction -----------------------------------------------------------------------
    def clock(self, calendar: ShiftCalendar | None) -> AlwaysOn | ShiftClock:
        """One shared clock per distinct calendar."""
        if calendar not in self._clocks:
            self._clocks[calendar] = make_clock(calendar)
        return self._clocks[calendar]

    def _picker(self, source: Source) -> Callable[[], str]:
        if len(source.products) == 1:
            name = source.products[0].name
            return lambda: name
        return ProductPicker(source, self.streams.generator(source.name, "products"))

    def _build_inboxes(self) -> dict[tuple[str, str], Buffer | Supply]:
        """The input buffer of each station, per feeder for assembly stations."""
        inboxes: dict[tuple[str, str], Buffer | Supply] = {}
        sources = {source.name: source for source in self.scenario.sources}
        for station in self.scenario.stations:
            capacity = math.inf if station.buffer_capacity is None else station.buffer_capacity
            feeders = station.assembles or ("",)
            for feeder in feeders:
                source = sources.get(feeder) or _unlimited_source_of(self.scenario, station)
                linked = None if source is None else linked_inbox(self, source)
                if linked is not None:
                    inboxes[(station.name, feeder)] = linked  # type: ignore[assignment]
                elif source is not None and source.interarrival_s is None:
                    inboxes[(station.name, feeder)] = Supply(
                        self.env, self.stats, self._picker(source)
                    )
                elif _backlog(self.scenario, station, feeder):
                    inboxes[(station.name, feeder)] = BacklogBuffer(self.env, self.stats)
                else:
                    inboxes[(station.name, feeder)] = Buffer(self.env, capacity)
        return inboxes

    def _bind_special_stations(self) -> None:
        """Give special stations what they share with the line (streams, stock): the plug hook."""
        for station in self.stations:
            station.bind(self)

    def inbox(self, station: str, feeder: str) -> Buffer | Supply:
        """The buffer through which ``feeder`` delivers to ``station``."""
        key = (station, feeder)
        return self.inboxes[key] if key in self.inboxes else self.inboxes[(station, "")]

    def _build_station(self, spec: Station) -> StationRuntime:
        streams = self.streams
        cycle_rng = streams.generator(spec.name, "cycle")
        runtime = runtime_class(spec)(
            self.env,
            spec,
            self.stats,
            [self.inbox(spec.name, feeder) for feeder in spec.assembles or ("",)],
            make_sampler(spec.cycle_time_s, cycle_rng),
            {
                product: make_sampler(dist, streams.generator(spec.name, "cycle", product))
                for product, dist in spec.cycle_time_s_by_product.items()
            },
            None
            if spec.changeover_min is None
            else make_sampler(
                spec.changeover_min, streams.generator(spec.name, "changeover"), 60.0
            ),
            make_sampler(_UNIT, streams.generator(spec.name, "routing")),
        )
        clock = self.clock(spec.calendar or self.scenario.calendar)
        for index in range(spec.machines):
            machine = self._build_machine(runtime, index, clock)
            runtime.machines.append(machine)
            machine.start()
        return runtime

    def _build_machine(
        self, station: StationRuntime, index: int, clock: AlwaysOn | ShiftClock
    ) -> Machine:
        spec, gen = station.spec, self.streams.generator
        operating, calendar = [], []
        for mode in spec.failures:
            ttf = make_sampler(
                mode.time_between_failures_h, gen(spec.name, index, mode.name, "ttf"), 3600.0
            )
            ttr = make_sampler(
                mode.time_to_repair_min, gen(spec.name, index, mode.name, "ttr"), 60.0
            )
            if mode.basis == "operating":
                operating.append(OperatingFailure(mode.name, ttf, ttr))
            else:
                calendar.append((ttf, ttr))
        plans = [
            MaintenanceClock(
                plan,
                make_sampler(plan.duration_min, gen(spec.name, index, plan.name, "duration"), 60.0),
            )
            for plan in spec.maintenance
        ]
        kind = CallbackMachine if runs_on_callbacks(station, bool(calendar)) else Machine
        machine = kind(
            station,
            index,
            clock,
            operating,
            CalendarDowntime(calendar) if calendar else None,
            plans,
        )
        machine.trace = self.trace
        return machine

    def _start_source(self, spec: Source) -> SourceRuntime | None:
        if spec.interarrival_s is None:
            return None
        clock = self.clock(self.scenario.calendar)
        runtime = SourceRuntime(spec, self._picker(spec), clock)
        interarrival = make_sampler(
            spec.interarrival_s, self.streams.generator(spec.name, "arrivals")
        )
        target = self.inbox(spec.to, spec.name)
        assert isinstance(target, Buffer)
        runtime.target, runtime.stats = target, self.stats
        if spec.backlog:  # an order scrapped anywhere downstream is released again
            downstream = set(_downstream(self.scenario, spec.to))
            for station in self.stations:
                if station.name in downstream:
                    station.on_scrap.append(runtime.replace_scrapped)
        runtime.start(self.env, interarrival)
        return runtime

    def _connect(self) -> None:
        for station in self.stations:
            spec = station.spec
            nexts = {spec.next: 1.0} if isinstance(spec.next, str) else dict(spec.next)
            targets: dict[Outbox, float] = {}
            for name, probability in nexts.items():
                box: Outbox = self.exit if name == EXIT else self.inbox(name, spec.name)  # type: ignore[assignment]
                targets[box] = targets.get(box, 0.0) + probability
            rework = None
            if spec.rework_probability > 0:
                rework = self.inbox(spec.rework_to or spec.name, "")
            station.connect(targets, rework)

    # -- running ----------------------------------------------------------------------------
    @property
    def machines(self) -> list[Machine]:
        """Every machine of the line."""
        return [machine for station in self.stations for machine in station.machines]

    def run(self) -> None:
        """Warm up, reset the statistics, run the measured horizon, and close the books."""
        scenario, env = self.scenario, self.env
        if scenario.warmup_s > 0:
            env.run(until=scenario.warmup_s)
        self._reset()
        self.stats.start_hourly()
        env.run(until=scenario.warmup_s + scenario.horizon_s)
        self._check_not_frozen()
        for machine in self.machines:
            machine.account()
        for box in self.buffers:
            box.close()
        self.stats.close()

    def _reset(self) -> None:
        self.stats.reset()
        for machine in self.machines:
            machine.reset()
        for station in self.stations:
            station.reset()
        for box in self.buffers:
            box.reset()
        for source in self.sources:
            if source is not None:
                source.reset()
        if self.trace is not None:
            self.trace.clear()

    def _check_not_frozen(self) -> None:
        """Raise if no event can ever happen again: all machines and sources wait on each other."""
        machines = self.machines
        if any(machine.state < BLOCKED for machine in machines):
            return
        if any(not source.blocked for source in self.sources if source is not None):
            return
        blocked = sorted({m.station.name for m in machines if m.state == BLOCKED})
        starved = sorted({m.station.name for m in machines if m.state == STARVED})
        frozen_h = max(m.changed_at for m in machines) / 3600
        raise DeadlockError(
            f"the line deadlocked at t = {frozen_h:.2f} h and stayed so: every machine waits "
            f"for another. Blocked (output full): {', '.join(blocked) or 'none'}; "
            f"starved (input empty): {', '.join(starved) or 'none'}. A routing loop needs "
            f"more buffer capacity; a station fed from a supermarket needs its parts reordered."
        )

    # -- results ----------------------------------------------------------------------------
    def result(self, replication: int, seed: int) -> ReplicationResult:
        """The measured totals, as plain numbers (``twin.runtime.assembly``)."""
        return replication_result(self, replication, seed)


class ProductPicker:
    """Picks the product of each released unit: lots of ``batch_size_units``, mix by share."""

    def __init__(self, source: Source, rng: np.random.Generator) -> None:
        self._names = [product.name for product in source.products]
        shares = np.array([product.share for product in source.products])
        self._cumulative = np.cumsum(shares / shares.sum())
        self._uniform = make_sampler(_UNIT, rng)
        self._batch = source.batch_size_units
        self._left = 0
        self._current = self._names[0]

    def __call__(self) -> str:
        """The product of the next unit."""
        if self._left == 0:
            index = int(np.searchsorted(self._cumulative, self._uniform(), side="right"))
            self._current = self._names[min(index, len(self._names) - 1)]
            self._left = self._batch
        self._left -= 1
        return self._current


def _downstream(scenario: Scenario, start: str) -> list[str]:
    """Stations a unit entering ``start`` can reach (routing and rework), ``start`` first."""
    seen, todo = [start], [start]
    while todo:
        station = scenario.station(todo.pop())
        nexts = [station.next] if isinstance(station.next, str) else list(station.next)
        for name in [*nexts, station.rework_to]:
            if name is not None and name != EXIT and name not in seen:
                seen.append(name)
                todo.append(name)
    return seen


def _backlog(scenario: Scenario, station: Station, feeder: str) -> bool:
    """True if a release schedule (a source with a backlog) delivers through this inbox."""
    return any(
        source.backlog and source.to == station.name and feeder in ("", source.name)
        for source in scenario.sources
    )


def _unlimited_source_of(scenario: Scenario, station: Station) -> Source | None:
    for source in scenario.sources:
        if source.to == station.name and source.interarrival_s is None and not station.assembles:
            return source
    return None


def run_replication(
    scenario: Scenario, replication: int = 0, seed: int = 0, trace: bool = False
) -> ReplicationResult:
    """Run one replication of ``scenario`` and return its measured totals.

    The same (scenario, replication, seed) always gives the same result, in any process.
    """
    model = LineModel(scenario, Streams(seed, replication), trace=trace)
    model.run()
    return model.result(replication, seed)
