"""A giga-casting station at run time: melt supply, die thermal state and per-shot scrap.

Each machine of the station is one giga-press cell with its own die; all cells dose from the
station's melting and holding furnace. Per shot (``cycle_time`` at its start, ``route`` at its
end):

1. **Metal.** The holding furnace is refilled continuously at ``melt_rate_kg_h`` up to its
   capacity (computed lazily from the time since the last dose). A dose takes ``shot_mass_kg``;
   if the furnace holds less, the shot waits for the melt, and the wait is added to the cycle
   and reported as ``metal_wait_s``. Runners, biscuit and scrapped castings return to the
   charge (``metal_remelt_kg``) minus a dross loss (``metal_loss_kg``); so over any period
   ``melted = good castings + loss + remelt + change of the holding level`` exactly.
2. **Die temperature** (a first-order model, assumption X). Idle time before a shot is the
   calendar time since the previous shot ended minus the shot's own cycle (waits, breaks,
   off-shift, failures, maintenance). Beyond ``cycle_gap_s`` of it, the die cools
   exponentially towards ``idle_temp_c`` with time constant ``cooling_time_constant_min``;
   each shot moves it towards ``operating_temp_c`` by ``1 - exp(-1 /
   heating_time_constant_shots)`` of the gap. After a die change the die
   starts at ``preheat_temp_c``. Breaks, failures, maintenance and starvation all cool it.
3. **Warm-up scrap.** A shot is scrapped as warm-up when the die is below
   ``warmup_threshold_c`` before the shot, or it is one of the first ``warmup_shots`` after a
   die change (REFERENCE 5.3: 20 shots, X). A longer stop gives a colder die, so more shots.
4. **Defects.** Every shot is drawn from ``ml.ShotStream`` with the live die temperature, die
   age and cycle time; the defect model gives its scrap probability, raised during ramp-up by
   the learning curve on the odds. A defective casting is rejected by the X-ray with
   probability ``xray_sensitivity`` (its cause drawn from the per-class probabilities);
   otherwise it passes and is counted as an escaped defect.

The X-ray verdict is drawn when the shot is made and the rejected casting leaves the line at
the cell: downstream trim and X-ray stations then see only castings that pass. Their load is
a few per cent low, which matters only if they are near saturation.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING

import numpy as np

from lines.casting_cell import CastingCellSpec
from twin.runtime.buffers import Unit
from twin.runtime.station import Outbox, StationRuntime

if TYPE_CHECKING:
    from ml import InLoopScorer, ShotStream
    from twin.runtime.engine import LineModel
    from twin.runtime.machine import Machine
    from twin.runtime.station import MaintenanceClock
    from twin.runtime.streams import Streams

@lru_cache(maxsize=1)
def default_scorer() -> InLoopScorer:
    """The shipped defect model's in-loop scorer, loaded once per process."""
    from ml import load_default_model

    return load_default_model().in_loop_scorer()


class Furnace:
    """Melting and holding furnace: a level refilled at a constant rate up to a capacity."""

    def __init__(self, rate_kg_h: float, capacity_kg: float, level_kg: float) -> None:
        self.rate_kg_s = rate_kg_h / 3600.0
        self.capacity_kg = capacity_kg
        self.level_kg = level_kg
        self.melted_kg = 0.0
        self._t = 0.0

    def update(self, now: float) -> None:
        """Melt what the time since the last update allows, up to the capacity."""
        if now > self._t:
            gain = min(self.capacity_kg - self.level_kg, self.rate_kg_s * (now - self._t))
            if gain > 0.0:
                self.level_kg += gain
                self.melted_kg += gain
            self._t = now

    def dose(self, mass_kg: float, now: float) -> float:
        """Take ``mass_kg``; return the seconds to wait for the melt if the level is short."""
        self.update(now)
        self.level_kg -= mass_kg
        return -self.level_kg / self.rate_kg_s if self.level_kg < 0.0 else 0.0


@dataclass
class Die:
    """The thermal state and age of one cell's die."""

    temp_c: float
    last_end_s: float = 0.0
    shots_since_change: int = 0
    changes_seen: int = 0
    pre_temp_c: float = 0.0
    cycle_s: float = 0.0
    stream: ShotStream | None = field(default=None, repr=False)
    change_clock: MaintenanceClock | None = None


class CastingCellRuntime(StationRuntime):
    """Giga-press cells sharing a furnace; see the module docstring for the model."""

    cell: CastingCellSpec

    def bind(self, line: LineModel) -> None:
        """Create the furnace, the dies and their shot streams (after the machines exist)."""
        from ml import ConstantRateModel, ShotStream  # local: ml loads only for casting lines

        streams = line.streams
        cell = self.cell = self.spec.casting_cell  # type: ignore[assignment]
        assert cell is not None
        furnace = cell.furnace
        self.furnace = Furnace(
            furnace.melt_rate_kg_h,
            furnace.holding_capacity_kg,
            furnace.holding_capacity_kg * furnace.initial_level_share,
        )
        scorer = (ConstantRateModel(cell.constant_scrap_rate) if cell.defect_model == "constant"
                  else default_scorer())
        self.classes: tuple[str, ...] = tuple(getattr(scorer, "classes", ("defect",)))
        self.dies = [self._die(machine, scorer, streams, ShotStream) for machine in self.machines]
        if len(self._targets) != 1:
            raise ValueError(f"casting cell {self.name!r}: give one 'next' station, not a split")
        self._target = self._targets[0]
        self._heat = 1.0 - math.exp(-1.0 / cell.die.heating_time_constant_shots)
        self.reset()

    def _die(self, machine: Machine, scorer: object, streams: Streams, stream_type: type) -> Die:
        die = Die(temp_c=self.cell.die.preheat_temp_c)
        die.stream = stream_type(scorer, rng=streams.generator(self.name, machine.index, "shots"))
        die.change_clock = next(
            (c for c in machine.maintenance if c.name == self.cell.die_change_plan), None
        )
        return die

    def reset(self) -> None:
        """Start counting now (end of the warm-up)."""
        super().reset()
        self.dosed = self.warmup = self.escaped = 0
        self.metal_wait_s = 0.0
        self.causes = dict.fromkeys(getattr(self, "classes", ()), 0)
        furnace = getattr(self, "furnace", None)
        if furnace is not None:
            furnace.update(self.env.now)
            self._melted_at_reset = furnace.melted_kg
            self._level_at_reset = furnace.level_kg

    # -- the shot ---------------------------------------------------------------------------
    def cycle_time(self, unit: Unit, machine: Machine) -> float:
        """Note a die change, dose the metal and draw the cycle [s]."""
        die = self.dies[machine.index]
        now = self.env.now
        if die.change_clock is not None and die.change_clock.total != die.changes_seen:
            self._die_changed(die, now)
        die.cycle_s = cycle = self._cycle()
        self.dosed += 1
        wait = self.furnace.dose(self.cell.shot_mass_kg, now)
        if wait:
            self.metal_wait_s += wait
        return cycle + wait

    def _die_changed(self, die: Die, now: float) -> None:
        assert die.change_clock is not None
        die.changes_seen = die.change_clock.total
        die.shots_since_change = 0
        die.temp_c = self.cell.die.preheat_temp_c
        die.last_end_s = now  # preheated: no idle time (no cooling) before the first shot

    def _cool(self, die: Die) -> float:
        """Die temperature before the shot that ends now: cooled over the idle time.

        Idle time is everything since the last shot ended except this shot's own cycle:
        waiting, breaks, off-shift, failures and maintenance all cool the die.
        """
        thermal = self.cell.die
        idle = self.env.now - die.last_end_s - die.cycle_s
        if idle > thermal.cycle_gap_s:
            decay = math.exp(-idle / (60.0 * thermal.cooling_time_constant_min))
            die.temp_c = thermal.idle_temp_c + (die.temp_c - thermal.idle_temp_c) * decay
        return die.temp_c

    def route(self, unit: Unit, machine: Machine) -> Outbox | None:
        """Decide warm-up scrap, defect scrap or a good casting; heat the die."""
        self.processed += 1
        die = self.dies[machine.index]
        cell, thermal = self.cell, self.cell.die
        pre_temp_c = die.pre_temp_c = self._cool(die)
        age = die.shots_since_change
        p = die.stream.next(pre_temp_c, age, die.cycle_s)  # type: ignore[union-attr]
        die.temp_c = pre_temp_c + (thermal.operating_temp_c - pre_temp_c) * self._heat
        die.last_end_s = self.env.now
        die.shots_since_change = age + 1
        if age < cell.warmup_shots or pre_temp_c < thermal.warmup_threshold_c:
            self.warmup += 1
            self.scrap()
            return None
        if self._uniform() < (p if cell.ramp_up is None else self._ramped(p)):
            if self._uniform() < cell.xray_sensitivity:
                self.causes[self._cause(die)] += 1
                self.scrap()
                return None
            self.escaped += 1
        self.good += 1
        return self._target

    def _ramped(self, p: float) -> float:
        ramp = self.cell.ramp_up
        if ramp is None or p <= 0.0 or p >= 1.0:
            return p
        days = ramp.days_since_sop + self.env.now / 86_400.0
        factor = 1.0 + (ramp.start_odds_factor - 1.0) * math.exp(-days / ramp.time_constant_days)
        odds = factor * p / (1.0 - p)
        return odds / (1.0 + odds)

    def _cause(self, die: Die) -> str:
        assert die.stream is not None
        weights = list(accumulate(np.asarray(die.stream.p_by_class(), dtype=float).ravel()))
        if len(weights) != len(self.classes) or weights[-1] <= 0.0:
            return self.classes[0]
        index = bisect_right(weights, self._uniform() * weights[-1])
        return self.classes[min(index, len(self.classes) - 1)]

    # -- results ----------------------------------------------------------------------------
    def extras(self) -> dict[str, float]:
        """Scrap by cause, escaped defects, metal balance [kg], die changes, metal waits.

        ``melted = good_castings + loss + remelt + holding_change + in_process_change``.
        """
        cell, furnace = self.cell, self.furnace
        furnace.update(self.env.now)
        shot, loss = cell.shot_mass_kg, cell.remelt_loss_share
        returned = self.processed * shot - self.good * cell.part_mass_kg
        melted = furnace.melted_kg - self._melted_at_reset
        out = {
            "metal_melted_kg": melted,
            "metal_poured_kg": self.processed * shot,
            "metal_good_castings_kg": self.good * cell.part_mass_kg,
            "metal_remelt_kg": returned * (1.0 - loss),
            "metal_loss_kg": returned * loss,
            "metal_fresh_kg": melted - returned * (1.0 - loss),
            "metal_holding_change_kg": furnace.level_kg - self._level_at_reset,
            "metal_in_process_change_kg": (self.dosed - self.processed) * shot,
            "metal_wait_s": self.metal_wait_s,
            "scrap_warmup_units": float(self.warmup),
            **{f"scrap_{name}_units": float(n) for name, n in self.causes.items()},
            "escaped_defects_units": float(self.escaped),
            "die_changes": float(sum(
                die.change_clock.count for die in self.dies if die.change_clock is not None)),
            "die_temp_end_c": float(np.mean([die.temp_c for die in self.dies])),
        }
        return out
