"""A station of the casting finishing chain at run time: reject castings by defect class.

The casting cell (``twin.runtime.casting_cell``) tags every defective casting it lets go with
its defect class, in a table shared through ``line.shared`` (:func:`defect_tags`). A finishing
station looks the casting up when it is done with it: a casting of class *k* is rejected with
probability ``sensitivity[k]`` (the station's ``finishing`` block), leaves the line as scrap and
is credited back to the cell's furnace as remelt. A good casting costs one dictionary look-up
and no random draw, so the chain adds almost nothing per body beyond its stations' events.

The station marked ``last_check`` counts each defect that passes it as escaped, by class, and
forgets it. Per class, in a run measured from the start:
``made (cell) = rejected at the cell + rejected in the chain + escaped + still in the chain``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lines.casting_cell import DEFECT_CLASS_NAMES, FinishingSpec
from twin.runtime.buffers import Unit
from twin.runtime.station import Outbox, StationRuntime

if TYPE_CHECKING:
    from twin.runtime.engine import LineModel
    from twin.runtime.machine import Machine

DEFECT_TAGS = ("finishing", "defect_tags")
"""Key in ``line.shared`` of the table: defective casting (the unit) -> its defect class."""


def defect_tags(line: LineModel) -> dict[Unit, str]:
    """The line's table of defective castings on their way through the finishing chain."""
    return line.shared.setdefault(DEFECT_TAGS, {})  # type: ignore[return-value]


def has_last_check(line: LineModel, cell_station: str) -> bool:
    """True if a finishing station of ``cell_station``'s castings counts the escapes."""
    return any(
        spec.finishing is not None and spec.finishing.last_check
        and spec.finishing.cell_station == cell_station
        for spec in line.scenario.stations
    )


class FinishingRuntime(StationRuntime):
    """Trim, X-ray, laser trim, dimensional check, heat treatment: see the module docstring."""

    block: FinishingSpec

    def bind(self, line: LineModel) -> None:
        """Find the shared defect table and the cell whose furnace remelts the rejects."""
        self.block = self.spec.finishing  # type: ignore[assignment]
        cells = [s for s in line.stations if s.name == self.block.cell_station]
        if not cells or not hasattr(cells[0], "remelt_rejected"):
            raise ValueError(f"finishing station {self.name!r}: cell_station "
                             f"{self.block.cell_station!r} is not a casting cell of this line")
        if len(self._targets) != 1:
            raise ValueError(f"finishing station {self.name!r}: give one 'next' station")
        self.cell = cells[0]
        self.tags = defect_tags(line)
        self._target = self._targets[0]
        self.reset()

    def reset(self) -> None:
        """Start counting now (end of the warm-up)."""
        super().reset()
        self.caught = dict.fromkeys(DEFECT_CLASS_NAMES, 0)
        self.escaped = dict.fromkeys(DEFECT_CLASS_NAMES, 0)

    def route(self, unit: Unit, machine: Machine) -> Outbox | None:
        """Reject a defective casting this step sees; pass the rest on."""
        self.processed += 1
        cause = self.tags.get(unit)
        if cause is not None:
            if self._uniform() < self.block.sensitivity.get(cause, 0.0):
                del self.tags[unit]
                self.caught[cause] += 1
                self.cell.remelt_rejected()  # type: ignore[attr-defined]
                self.scrap()
                return None
            if self.block.last_check:
                del self.tags[unit]
                self.escaped[cause] += 1
        self.good += 1
        return self._target

    def extras(self) -> dict[str, float]:
        """Rejects by class; at the last check also escapes by class and in total."""
        out = {f"scrap_{name}_units": float(n) for name, n in self.caught.items()}
        if self.block.last_check:
            out |= {f"escaped_{name}_units": float(n) for name, n in self.escaped.items()}
            out["escaped_defects_units"] = float(sum(self.escaped.values()))
            out["defects_in_chain_units"] = float(len(self.tags))
        return out
