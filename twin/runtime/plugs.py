"""The one plug for special stations: a station's spec block -> the runtime class that runs it.

A station whose spec carries one of these blocks (``casting_cell:``, ``supermarket:``) is run
by the class in :data:`SPECIAL_STATIONS` instead of the plain :class:`StationRuntime`. Every
special runtime has the same two hooks, called by the engine:

* ``bind(line)`` once every station and machine exists (take random streams, shared stock);
* ``linked_inbox(line, source)`` (a classmethod) for a source whose ``source_link`` field
  names the station: the inbox that the source stands for (batch orders, kits).

Adding a kind of station is one runtime module plus one entry here (and its spec block in
``lines.spec.Station``): see ``docs/background/architecture.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from twin.runtime.casting_cell import CastingCellRuntime
from twin.runtime.finishing import FinishingRuntime
from twin.runtime.learning import LearningStationRuntime
from twin.runtime.station import Inbox, StationRuntime
from twin.runtime.supermarket import SupermarketRuntime

if TYPE_CHECKING:
    from lines.spec import Source, Station
    from twin.runtime.engine import LineModel


@dataclass(frozen=True)
class StationPlug:
    """A special kind of station: its spec block, its runtime, the source field linking to it."""

    block: str
    runtime: type[StationRuntime]
    source_link: str | None = None


SPECIAL_STATIONS: tuple[StationPlug, ...] = (
    StationPlug("casting_cell", CastingCellRuntime),
    StationPlug("supermarket", SupermarketRuntime, source_link="supermarket"),
    StationPlug("finishing", FinishingRuntime),
    StationPlug("learning_curve", LearningStationRuntime),
)
"""Every special station kind, by the spec block that asks for it."""


def runtime_class(spec: Station) -> type[StationRuntime]:
    """The runtime of a station: the plain one, or the special one its block asks for."""
    plugs = [plug for plug in SPECIAL_STATIONS if getattr(spec, plug.block) is not None]
    if len(plugs) > 1:
        names = " and ".join(plug.block for plug in plugs)
        raise ValueError(f"station {spec.name!r}: give one special block, not {names}")
    return plugs[0].runtime if plugs else StationRuntime


def linked_inbox(line: LineModel, source: Source) -> Inbox | None:
    """The inbox a source stands for when it is linked to a special station, else None."""
    for plug in SPECIAL_STATIONS:
        if plug.source_link is not None and getattr(source, plug.source_link) is not None:
            return plug.runtime.linked_inbox(line, source)
    return None
