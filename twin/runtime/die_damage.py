"""Unplanned die damage of a giga-press cell: a wear-out failure counted in die shots.

Soldering build-up, heat checking and cracks grow with the die's thermal cycles, so the
damage rate rises with the shots since the die was changed (diecastingdesign.org, B/C;
rates are assumptions, ``lines.casting_cell.DieDamageSpec``). Damages are a non-homogeneous
Poisson process in die age *a* (shots) with cumulative hazard ``H(a) = (a / scale) ** shape``:
a repair restores the die's function but not its age (minimal repair); a die change starts a
new die at age 0.

:class:`DieDamageClock` has the interface of a maintenance clock (``is_due``, ``begin``,
``duration``, ``done``, ``count``), so the machine stops for a damage exactly as for planned
maintenance, after the shot in which it happened, and the stop is booked as maintenance time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from twin.runtime.machine import Machine

DIE_DAMAGE = "die_damage"
"""Name of the stop (its count is the cell's ``die_damages``)."""


def next_damage_age(age_shots: float, scale_shots: float, shape: float, e1: float) -> float:
    """The die age of the next damage after ``age_shots``, for a unit exponential draw ``e1``.

    Inverts ``H(a) - H(age) = e1`` for ``H(a) = (a / scale) ** shape``.

    Examples:
        >>> next_damage_age(0.0, 100.0, 1.0, 0.5)  # shape 1: constant rate, mean 100 shots
        50.0
        >>> round(next_damage_age(100.0, 100.0, 2.0, 3.0), 6)  # H goes from 1 to 4
        200.0
    """
    return scale_shots * ((age_shots / scale_shots) ** shape + e1) ** (1.0 / shape)


def expected_damages(life_shots: float, scale_shots: float, shape: float) -> float:
    """Expected damages of one die over ``life_shots`` shots: ``(life / scale) ** shape``."""
    return (life_shots / scale_shots) ** shape


class DieDamageClock:
    """When one cell's die is damaged next, and how long the stop takes.

    ``die`` is the cell's die state (``shots_since_change``, ``changes_seen``,
    ``change_clock``); ``swap`` (with a spare die) installs the preheated spare as a new die.
    """

    name = DIE_DAMAGE

    def __init__(
        self, die: object, scale_shots: float, shape: float, stop_h: float,
        rng: np.random.Generator, swap: Callable[[], None] | None = None,
    ) -> None:
        self._die = die
        self._scale, self._shape = scale_shots, shape
        self._stop_s, self._swap = stop_h * 3600.0, swap
        self._rng = rng
        self.count = 0  # stops in the measured period (reset at the warm-up)
        self.total = 0
        self.age_sum_shots = 0.0  # die ages at the damages since reset_ages()
        self.new_die()

    def reset_ages(self) -> None:
        """Start summing the die ages at damage now (end of the warm-up)."""
        self.age_sum_shots = 0.0

    def new_die(self) -> None:
        """A new die (age 0): draw the age of its first damage."""
        self.due_at = next_damage_age(0.0, self._scale, self._shape, self._rng.exponential())

    def _change_pending(self) -> bool:
        clock = self._die.change_clock  # type: ignore[attr-defined]
        return clock is not None and clock.total != self._die.changes_seen  # type: ignore[attr-defined]

    def is_due(self, machine: Machine) -> bool:
        """True if the die reached the age of its next damage (and is not being replaced)."""
        return self._die.shots_since_change >= self.due_at and not self._change_pending()  # type: ignore[attr-defined]

    def begin(self) -> None:
        """Count the damage when the stop starts, and the die's age."""
        self.count += 1
        self.total += 1
        self.age_sum_shots += self._die.shots_since_change  # type: ignore[attr-defined]

    def duration(self) -> float:
        """Repair in the press (exponential), or the fixed swap to the spare die [s]."""
        if self._swap is not None:
            return self._stop_s
        return float(self._rng.exponential(self._stop_s))

    def done(self, machine: Machine) -> None:
        """After the stop: a swapped-in spare is a new die, a repaired die keeps its age."""
        if self._swap is not None:
            self._swap()
            self.new_die()
            return
        age = float(self._die.shots_since_change)  # type: ignore[attr-defined]
        self.due_at = next_damage_age(age, self._scale, self._shape, self._rng.exponential())
