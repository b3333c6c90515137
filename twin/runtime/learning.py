"""A plain station on its start-of-production learning curve (``learning_curve`` block).

The station's scrap and rework probabilities are raised on the odds scale and its cycle is
stretched by factors that decay to 1 with the days since SOP (``lines.learning``). The
factors are evaluated at each unit, from the simulation clock, so a run that spans the launch
sees the line improve.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lines.learning import LearningCurveSpec, learning_factor
from twin.runtime.buffers import Unit
from twin.runtime.station import Outbox, StationRuntime

if TYPE_CHECKING:
    from twin.runtime.engine import LineModel
    from twin.runtime.machine import Machine


def raised(p: float, odds_factor: float) -> float:
    """``p`` with its odds multiplied by ``odds_factor``.

    Examples:
        >>> round(raised(0.2, 4.0), 6)  # odds 0.25 -> 1.0
        0.5
    """
    if p <= 0.0 or p >= 1.0:
        return p
    odds = odds_factor * p / (1.0 - p)
    return odds / (1.0 + odds)


class LearningStationRuntime(StationRuntime):
    """A plain station whose scrap, rework and cycle follow a learning curve."""

    curve: LearningCurveSpec

    def bind(self, line: LineModel) -> None:
        """Read the curve (the station is otherwise plain)."""
        self.curve = self.spec.learning_curve  # type: ignore[assignment]
        if len(self._targets) != 1:
            raise ValueError(f"station {self.name!r}: a learning curve needs one 'next' station")
        self._target = self._targets[0]

    def _days(self) -> float:
        return self.curve.days_since_sop + self.env.now / 86_400.0

    def cycle_time(self, unit: Unit, machine: Machine) -> float:
        """The plain cycle, stretched by the cycle factor of today."""
        curve = self.curve
        factor = learning_factor(curve.start_cycle_factor, self._days(),
                                 curve.time_constant_days)
        return super().cycle_time(unit, machine) * factor

    def route(self, unit: Unit, machine: Machine) -> Outbox | None:
        """Scrap, rework or pass with today's raised probabilities."""
        self.processed += 1
        spec, curve = self.spec, self.curve
        odds = learning_factor(curve.start_odds_factor, self._days(), curve.time_constant_days)
        scrap = raised(spec.scrap_probability, odds)
        rework = min(raised(spec.rework_probability, odds), 1.0 - scrap)
        u = self._uniform()
        if u < scrap:
            self.scrap()
            return None
        if u < scrap + rework:
            self.rework(unit)
            return None
        self.good += 1
        return self._target
