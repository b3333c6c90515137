"""A parts supermarket at run time: stock per part number, kanban orders and kit draws.

The body shop draws one kit per body; the press shop stamps in batches. Stock is kept as
counters, not as units: each part belongs to one kit, so its stock is ``received - drawn x
quantity``, and a kit inbox knows how many kits the stock allows and at which kit count the
next part reaches its reorder point. A kit draw therefore costs O(1) whatever the number of
part numbers; the per-part work happens once per batch (ordering, receiving).

When stock plus open orders of a part falls to its reorder point, an order for one batch goes
into the order book of its press line; the press line's machines take orders like units from
a buffer (starved while there is none), stamp the batch (die change when the part changes),
and deliver it to the put-away station, whose runtime books the batch into stock and wakes
the kit inboxes waiting for it. So press failures and die changes starve the body shop when
the press shop cannot keep up.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from typing import TYPE_CHECKING

import simpy

from lines.supermarket import SupermarketLink, SupermarketSpec
from twin.runtime.buffers import LineStats, Unit
from twin.runtime.station import Inbox, StationRuntime

if TYPE_CHECKING:
    from lines.spec import Source
    from twin.runtime.engine import LineModel


class OrderBook:
    """The batch orders waiting for one press line, seen by its machines as their inbox."""

    def __init__(self, env: simpy.Environment, stats: LineStats) -> None:
        self.env = env
        self.stats = stats
        self.orders: deque[str] = deque()
        self._getters: deque[simpy.Event] = deque()
        self.area = 0.0
        self.max_level = 0
        self._since = 0.0

    def _note(self) -> None:
        """Integrate the number of waiting orders up to now (before it changes)."""
        now = self.env.now
        self.area += len(self.orders) * (now - self._since)
        self._since = now

    def place(self, part: str) -> None:
        """Order one batch of ``part``."""
        self._note()
        if self._getters:
            self._getters.popleft().succeed(self.stats.create(part))
        else:
            self.orders.append(part)
            self.max_level = max(self.max_level, len(self.orders))

    def take(self) -> Unit | None:
        """The oldest order as a unit (product = part number), or None."""
        if not self.orders:
            return None
        self._note()
        return self.stats.create(self.orders.popleft())

    def wait_get(self) -> simpy.Event:
        """An event that fires with the next order."""
        event = simpy.Event(self.env)
        self._getters.append(event)
        return event

    def offer_rework(self, unit: Unit) -> None:
        """A reworked batch is stamped again first (at once if a press line waits)."""
        if self._getters:
            self._getters.popleft().succeed(unit)
            return
        self._note()
        self.orders.appendleft(unit.product)
        self.stats.consume()

    def reset(self) -> None:
        """Start measuring now."""
        self.area, self._since = 0.0, self.env.now
        self.max_level = len(self.orders)

    def close(self) -> None:
        """Integrate the waiting orders up to now."""
        self._note()


class KitInbox:
    """Kits of one station: released while every part of the kit is in stock.

    Two heaps keep a draw O(1) and a batch O(log parts): the kits each part allows (stale
    entries dropped lazily; a part's limit only grows) and the kit count at which each part
    next reaches its reorder point (it moves only when the part is ordered).
    """

    def __init__(self, market: PartsStock, kit: dict[str, int], stats: LineStats) -> None:
        self.market = market
        self.stats = stats
        self.kit = kit
        self.drawn = 0
        self.received = dict.fromkeys(kit, 0)
        self._received_total = 0  # sum of ``received``, kept so a draw does not re-add it
        self.ordered = dict.fromkeys(kit, 0)
        self.available = 0
        self.next_trigger = 0
        self._limits: list[tuple[int, str]] = []
        self._triggers: list[tuple[int, str]] = []
        self._getters: deque[simpy.Event] = deque()
        self._rework: deque[Unit] = deque()
        self.area = 0.0
        self.max_level = 0
        self._since = 0.0
        self._kit_parts = sum(kit.values())
        self.parts_area = 0.0  # integral of the parts on this kit's shelves [parts x s]
        self.measured_from = 0.0

    @property
    def env(self) -> simpy.Environment:
        """The environment of the supermarket."""
        return self.market.env

    def start(self) -> None:
        """Book the initial stock and place the first orders."""
        for part, quantity in self.kit.items():
            self.received[part] = self.market.spec.parts[part].initial_units
            self._received_total += self.received[part]
            heapq.heappush(self._limits, (self.received[part] // quantity, part))
            heapq.heappush(self._triggers, (self._trigger(part, quantity), part))
        self._refresh_available()
        self._fire()

    def take(self) -> Unit | None:
        """A kit if the stock allows one, else None."""
        if self._rework:
            return self._rework.popleft()
        if self.drawn >= self.available:
            return None
        self._note()
        self.drawn += 1
        if self.drawn >= self.next_trigger:
            self._fire()
        return self.stats.create("kit")

    def wait_get(self) -> simpy.Event:
        """An event that fires with the next kit once stock arrives."""
        event = simpy.Event(self.env)
        self._getters.append(event)
        return event

    def offer_rework(self, unit: Unit) -> None:
        """Reworked units go first (at once if a machine waits)."""
        if self._getters:
            self._getters.popleft().succeed(unit)
            return
        self._rework.append(unit)

    def receive(self, part: str, units: int) -> None:
        """A batch of ``part`` has been put away: update the stock and serve waiting machines."""
        self._note()
        self.received[part] += units
        self._received_total += units
        self.ordered[part] -= units
        heapq.heappush(self._limits, (self.received[part] // self.kit[part], part))
        self._refresh_available()
        while self._getters and self.drawn < self.available:
            self.drawn += 1
            self._getters.popleft().succeed(self.stats.create("kit"))
            if self.drawn >= self.next_trigger:
                self._fire()
        self.max_level = max(self.max_level, self.available - self.drawn)

    def _note(self) -> None:
        """Integrate the kits ready to draw up to now (before the count changes)."""
        now = self.env.now
        elapsed = now - self._since
        self.area += max(self.available - self.drawn, 0) * elapsed
        self.parts_area += self.parts_on_shelf() * elapsed
        self._since = now

    def parts_on_shelf(self) -> int:
        """Parts of every part number of this kit on the shelves now."""
        return self._received_total - self.drawn * self._kit_parts

    def stock(self, part: str) -> int:
        """Parts of ``part`` on the shelf now."""
        return self.received[part] - self.drawn * self.kit[part]

    def _refresh_available(self) -> None:
        limits = self._limits
        while limits[0][0] != self.received[limits[0][1]] // self.kit[limits[0][1]]:
            heapq.heappop(limits)
        self.available = limits[0][0]

    def _fire(self) -> None:
        """Order every part that has reached its reorder point."""
        parts, triggers = self.market.spec.parts, self._triggers
        while triggers[0][0] <= self.drawn:
            _, part = heapq.heappop(triggers)
            rule = parts[part]
            while self.stock(part) + self.ordered[part] <= rule.reorder_point_units:
                self.ordered[part] += rule.batch_units
                self.market.order(part)
            heapq.heappush(triggers, (self._trigger(part, self.kit[part]), part))
        self.next_trigger = triggers[0][0]

    def _trigger(self, part: str, quantity: int) -> int:
        """Kit count at which ``part`` reaches its reorder point."""
        position = self.received[part] + self.ordered[part]
        return math.ceil((position - self.market.spec.parts[part].reorder_point_units) / quantity)

    def reset(self) -> None:
        """Start measuring the kits ready now (kits themselves are counted by the stations)."""
        self.area, self._since = 0.0, self.env.now
        self.parts_area, self.measured_from = 0.0, self.env.now
        self.max_level = max(self.available - self.drawn, 0)

    def close(self) -> None:
        """Integrate the kits ready up to now."""
        self._note()


class PartsStock:
    """The shared stock of one supermarket: order books of the press lines, kit inboxes."""

    def __init__(self, env: simpy.Environment, stats: LineStats, spec: SupermarketSpec) -> None:
        self.env = env
        self.stats = stats
        self.spec = spec
        self.books: dict[str, OrderBook] = {}
        self.kit_of: dict[str, KitInbox] = {}
        self.starts = 0

    def inbox(self, source: str, link: SupermarketLink) -> OrderBook | KitInbox:
        """The inbox that the linked source stands for."""
        if link.role == "orders":
            return self.books.setdefault(source, OrderBook(self.env, self.stats))
        kit = KitInbox(self, dict(link.kit), self.stats)
        for part in link.kit:
            self.kit_of[part] = kit
        return kit

    def start(self) -> None:
        """Book the initial stock of every kit (after all inboxes exist)."""
        for kit in dict.fromkeys(self.kit_of.values()):
            kit.start()

    def order(self, part: str) -> None:
        """Send a batch order of ``part`` to its press line."""
        self.books[self.spec.parts[part].press_source].place(part)

    def receive(self, part: str) -> None:
        """A batch of ``part`` arrives in stock."""
        kit = self.kit_of.get(part)
        if kit is not None:
            kit.receive(part, self.spec.parts[part].batch_units)

    def level_units(self) -> int:
        """Parts on the shelves now, all part numbers together."""
        return sum(kit.stock(part) for part, kit in self.kit_of.items())

    def mean_level_units(self) -> float:
        """Time-average parts on the shelves over the measured period (all part numbers)."""
        kits = list(dict.fromkeys(self.kit_of.values()))
        now = self.env.now
        total = 0.0
        for kit in kits:
            kit._note()
            if now > kit.measured_from:
                total += kit.parts_area / (now - kit.measured_from)
        return total


class SupermarketRuntime(StationRuntime):
    """The put-away station: each unit it processes is a batch that goes into stock."""

    market: PartsStock

    @staticmethod
    def stock_of(line: LineModel, name: str) -> PartsStock:
        """The shared stock of the supermarket held by station ``name`` (made on first use)."""
        key = ("supermarket", name)
        if key not in line.shared:
            spec = line.scenario.station(name).supermarket
            if spec is None:
                raise ValueError(f"station {name!r} has no supermarket block")
            line.shared[key] = PartsStock(line.env, line.stats, spec)
        stock = line.shared[key]
        assert isinstance(stock, PartsStock)
        return stock

    @classmethod
    def linked_inbox(cls, line: LineModel, source: Source) -> Inbox:
        """The order book or kit inbox that a source linked to the supermarket stands for."""
        link = source.supermarket
        assert link is not None
        return cls.stock_of(line, link.supermarket).inbox(source.name, link)

    def bind(self, line: LineModel) -> None:
        """Attach the shared stock and book its initial stock (every inbox exists by now)."""
        self.market = self.stock_of(line, self.name)
        self.batches = 0
        self.market.start()

    def route(self, unit: Unit, machine: object) -> None:  # type: ignore[override]
        """Book the batch into stock; the batch unit leaves the line (consumed)."""
        self.processed += 1
        self.good += 1
        self.batches += 1
        self.stats.consume()
        self.market.receive(unit.product)
        return None

    def reset(self) -> None:
        """Start counting now."""
        super().reset()
        self.batches = 0

    def extras(self) -> dict[str, float]:
        """Batches put away, the stock at the end and its time-average over the period."""
        return {"batches_put_away": float(self.batches),
                "stock_end_parts": float(self.market.level_units()),
                "stock_mean_parts": self.market.mean_level_units()}
