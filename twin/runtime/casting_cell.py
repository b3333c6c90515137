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
   exponentially towards ``idle_temp_c`` (held there by the thermal-oil units) with time
   constant ``cooling_time_constant_min``; a stop longer than ``thermal_units_hold_h`` (a
   weekend, a long repair) switches the units off after that time, and the die then cools on
   towards ``ambient_temp_c``. Each shot moves it towards ``operating_temp_c`` by ``1 - exp(-1 /
   heating_time_constant_shots)`` of the gap. After a die change the die
   starts at ``preheat_temp_c``. Breaks, failures, maintenance and starvation all cool it;
   a cell whose station calendar has no breaks (relief crews) does not stop for them.
3. **Warm-up scrap.** A shot is scrapped as warm-up when the die is below
   ``warmup_threshold_c`` before the shot, or it is one of the first ``warmup_shots`` after a
   die change (sources §5.3: 20 shots, X). A longer stop gives a colder die, so more shots.
4. **Defects.** Every shot is drawn from ``ml.ShotStream`` with the live die temperature, die
   age and cycle time; the defect model gives its scrap probability, raised during ramp-up by
   the learning curve on the odds. A defective casting's class is drawn from the per-class
   probabilities; the in-cell X-ray rejects it with ``xray_sensitivity[class]`` (porosity and
   cold shuts are seen, dimensional defects are not). A casting that passes carries its class
   to the finishing chain (``twin.runtime.finishing``: laser trim, dimensional check), which
   may still reject it; without a chain it is counted here as an escaped defect.
5. **Die damage** (``die_damage`` block): a stop whose rate rises with die age
   (``twin.runtime.die_damage``), repaired in the press or, with a spare die, swapped.

In-cell X-ray verdicts are drawn when the shot is made and the rejected casting leaves the line
at the cell. With ``layout: stations`` the route gives the cell no X-ray of its own and a
separate X-ray station rejects by class.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from lines.casting_cell import DEFECT_CLASS_NAMES, CastingCellSpec, DieThermalSpec
from twin.runtime.buffers import Unit
from twin.runtime.die_damage import DieDamageClock
from twin.runtime.finishing import defect_tags, has_last_check
from twin.runtime.station import Outbox, StationRuntime

if TYPE_CHECKING:
    from ml import ConstantRateModel, InLoopScorer, ShotStream
    from twin.runtime.engine import LineModel
    from twin.runtime.machine import Machine
    from twin.runtime.station import MaintenanceClock
    from twin.runtime.streams import Streams

@lru_cache(maxsize=1)
def default_scorer() -> InLoopScorer:
    """The shipped defect model's in-loop scorer, loaded once per process."""
    from ml import load_default_model

    return load_default_model().in_loop_scorer()


def defect_scorer(cell: CastingCellSpec) -> InLoopScorer | ConstantRateModel:
    """The in-loop scorer the cell's ``defect_model`` names: constant, shipped, or a file.

    A model file (made by ``gigatwin train-defects --out``) is loaded with every integrity
    check of ``ml.load_model``; a bad file raises ``ml.ModelFileError`` (a ``ValueError``).
    """
    from ml import ConstantRateModel

    if cell.defect_model == "constant":
        return ConstantRateModel(cell.constant_scrap_rate)
    if cell.defect_model == "default":
        return default_scorer()
    path = Path(cell.defect_model).resolve()
    stat = path.stat() if path.is_file() else None
    return _file_scorer(str(path), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)


@lru_cache(maxsize=8)
def _file_scorer(path: str, mtime_ns: int, size: int) -> InLoopScorer:
    """A model file's in-loop scorer, loaded once per process and file version."""
    from ml import load_model

    return load_model(path).in_loop_scorer()


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
    refurbish_clock: MaintenanceClock | None = None
    damage_clock: DieDamageClock | None = None


class CastingCellRuntime(StationRuntime):
    """Giga-press cells sharing a furnace; see the module docstring for the model."""

    cell: CastingCellSpec

    def bind(self, line: LineModel) -> None:
        """Create the furnace, the dies and their shot streams (after the machines exist)."""
        from ml import ShotStream  # local: ml loads only for casting lines

        streams = line.streams
        cell = self.cell = self.spec.casting_cell  # type: ignore[assignment]
        assert cell is not None
        furnace = cell.furnace
        self.furnace = Furnace(
            furnace.melt_rate_kg_h,
            furnace.holding_capacity_kg,
            furnace.holding_capacity_kg * furnace.initial_level_share,
        )
        scorer = defect_scorer(cell)
        self.classes: tuple[str, ...] = tuple(getattr(scorer, "classes", ("defect",)))
        unknown = set(self.classes) - set(DEFECT_CLASS_NAMES)
        if unknown:
            raise ValueError(f"casting cell {self.name!r}: the defect model's classes "
                             f"{sorted(unknown)} are not known defect classes")
        self._seen = tuple(cell.xray_sensitivity.get(name, 0.0) for name in self.classes)
        self.tags = defect_tags(line) if has_last_check(line, self.name) else None
        self._heated_c = heating_law(cell.die)
        self.dies = [self._die(machine, scorer, streams, ShotStream) for machine in self.machines]
        if len(self._targets) != 1:
            raise ValueError(f"casting cell {self.name!r}: give one 'next' station, not a split")
        self._target = self._targets[0]
        self.reset()

    def _die(self, machine: Machine, scorer: object, streams: Streams, stream_type: type) -> Die:
        die = Die(temp_c=self.cell.die.preheat_temp_c)
        die.stream = stream_type(scorer, rng=streams.generator(self.name, machine.index, "shots"))
        die.change_clock = next(
            (c for c in machine.maintenance if c.name == self.cell.die_change_plan), None
        )
        die.refurbish_clock = next(
            (c for c in machine.maintenance if c.name == self.cell.refurbishment_plan), None
        )
        damage = self.cell.die_damage
        if damage is not None:
            spare_h = self.cell.damage_stop_h_with_spare
            die.damage_clock = DieDamageClock(
                die, damage.scale_shots, damage.shape, spare_h or damage.repair_h,
                streams.generator(self.name, machine.index, "die_damage"),
                swap=None if spare_h is None else (lambda: self._spare_in(die)),
            )
            machine.maintenance.append(die.damage_clock)  # type: ignore[arg-type]
        return die

    def _spare_in(self, die: Die) -> None:
        """The preheated spare die replaces a damaged one: a new die, no cooling."""
        die.shots_since_change = 0
        die.temp_c = self.cell.die.preheat_temp_c
        die.last_end_s = self.env.now

    def reset(self) -> None:
        """Start counting now (end of the warm-up)."""
        super().reset()
        self.dosed = self.warmup = self.escaped = self.rejected_downstream = 0
        self.metal_wait_s = 0.0
        self.causes = dict.fromkeys(DEFECT_CLASS_NAMES, 0)
        self.made = dict.fromkeys(DEFECT_CLASS_NAMES, 0)
        self.escaped_by_class = dict.fromkeys(DEFECT_CLASS_NAMES, 0)
        for die in getattr(self, "dies", ()):
            if die.damage_clock is not None:
                die.damage_clock.reset_ages()
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
        if die.damage_clock is not None:
            die.damage_clock.new_die()

    def _cool(self, die: Die) -> float:
        """Die temperature before the shot that ends now: cooled over the idle time.

        Idle time is everything since the last shot ended except this shot's own cycle:
        waiting, breaks, off-shift, failures and maintenance all cool the die.
        """
        thermal = self.cell.die
        idle = self.env.now - die.last_end_s - die.cycle_s
        if idle > thermal.cycle_gap_s:
            die.temp_c = cooled_temp_c(die.temp_c, idle, thermal)
        return die.temp_c

    def route(self, unit: Unit, machine: Machine) -> Outbox | None:
        """Decide warm-up scrap, defect scrap or a good casting; heat the die."""
        self.processed += 1
        die = self.dies[machine.index]
        cell, thermal = self.cell, self.cell.die
        pre_temp_c = die.pre_temp_c = self._cool(die)
        age = die.shots_since_change
        p = die.stream.next(pre_temp_c, age, die.cycle_s)  # type: ignore[union-attr]
        die.temp_c = self._heated_c(pre_temp_c)
        die.last_end_s = self.env.now
        die.shots_since_change = age + 1
        if age < cell.warmup_shots or pre_temp_c < thermal.warmup_threshold_c:
            self.warmup += 1
            self.scrap()
            return None
        if self._uniform() < (p if cell.ramp_up is None else self._ramped(p)):
            index = self._cause_index(die)
            cause = self.classes[index]
            self.made[cause] += 1
            if self._uniform() < self._seen[index]:
                self.causes[cause] += 1
                self.scrap()
                return None
            if self.tags is not None:
                self.tags[unit] = cause  # the finishing chain may still catch it
            else:
                self.escaped += 1
                self.escaped_by_class[cause] += 1
        self.good += 1
        return self._target

    def remelt_rejected(self) -> None:
        """A casting rejected in the finishing chain goes back to this cell's furnace."""
        self.rejected_downstream += 1

    def _ramped(self, p: float) -> float:
        ramp = self.cell.ramp_up
        if ramp is None or p <= 0.0 or p >= 1.0:
            return p
        days = ramp.days_since_sop + self.env.now / 86_400.0
        factor = 1.0 + (ramp.start_odds_factor - 1.0) * math.exp(-days / ramp.time_constant_days)
        odds = factor * p / (1.0 - p)
        return odds / (1.0 + odds)

    def _cause_index(self, die: Die) -> int:
        """The defect class of the shot just made, drawn from its per-class probabilities.

        ``ShotStream.draw_class`` evaluates them without rebuilding the row; a stream without
        it (a stand-in in tests) gives them through ``p_by_class``, with the same draw.
        """
        stream = die.stream
        assert stream is not None
        draw = getattr(stream, "draw_class", None)
        if draw is not None:
            return draw(self._uniform())
        weights = list(accumulate(np.asarray(stream.p_by_class(), dtype=float).ravel()))
        if len(weights) != len(self.classes) or not weights[-1] > 0.0:
            return 0
        index = bisect_right(weights, self._uniform() * weights[-1])
        return min(index, len(self.classes) - 1)

    # -- results ----------------------------------------------------------------------------
    def extras(self) -> dict[str, float]:
        """Scrap by cause, escaped defects, metal balance [kg], die changes, metal waits.

        ``melted = good_castings + loss + remelt + holding_change + in_process_change``.
        """
        cell, furnace = self.cell, self.furnace
        furnace.update(self.env.now)
        shot, loss = cell.shot_mass_kg, cell.remelt_loss_share
        kept = self.good - self.rejected_downstream  # castings not sent back to the melt
        clocks = [die.damage_clock for die in self.dies if die.damage_clock is not None]
        damages = sum(clock.count for clock in clocks)
        damage_ages = sum(clock.age_sum_shots for clock in clocks)
        returned = self.processed * shot - kept * cell.part_mass_kg
        melted = furnace.melted_kg - self._melted_at_reset
        out = {
            "metal_melted_kg": melted,
            "metal_poured_kg": self.processed * shot,
            "metal_good_castings_kg": kept * cell.part_mass_kg,
            "metal_remelt_kg": returned * (1.0 - loss),
            "metal_loss_kg": returned * loss,
            "metal_fresh_kg": melted - returned * (1.0 - loss),
            "metal_holding_change_kg": furnace.level_kg - self._level_at_reset,
            "metal_in_process_change_kg": (self.dosed - self.processed) * shot,
            "metal_wait_s": self.metal_wait_s,
            "scrap_warmup_units": float(self.warmup),
            **{f"scrap_{name}_units": float(n) for name, n in self.causes.items()},
            **{f"defects_made_{name}_units": float(n) for name, n in self.made.items()},
            **{f"escaped_{name}_units": float(n) for name, n in self.escaped_by_class.items()},
            "escaped_defects_units": float(self.escaped),
            "rejected_in_chain_units": float(self.rejected_downstream),
            "die_changes": float(sum(
                die.change_clock.count for die in self.dies if die.change_clock is not None)),
            "insert_refurbishments": float(sum(
                die.refurbish_clock.count for die in self.dies
                if die.refurbish_clock is not None)),
            "die_damages": float(damages),
            "die_damage_mean_age_shots": damage_ages / damages if damages else 0.0,
            "die_temp_end_c": float(np.mean([die.temp_c for die in self.dies])),
        }
        return out


def heating_law(thermal: DieThermalSpec) -> Callable[[float], float]:
    """Die temperature after a shot from the pre-shot temperature [degC -> degC].

    First order towards the operating temperature, one heating time constant in shots. A
    closure over its constants: the cell calls it every shot.
    """
    operating_c = thermal.operating_temp_c
    share = 1.0 - math.exp(-1.0 / thermal.heating_time_constant_shots)

    def heated_c(pre_temp_c: float) -> float:
        return pre_temp_c + (operating_c - pre_temp_c) * share

    return heated_c


def cooled_temp_c(temp_c: float, idle_s: float, thermal: DieThermalSpec) -> float:
    """Die temperature after ``idle_s`` of idling from ``temp_c`` [degC].

    The thermal-oil units hold the die towards ``idle_temp_c`` for up to
    ``thermal_units_hold_h``; after that they are off and it cools towards ``ambient_temp_c``.
    Both legs are first order with ``cooling_time_constant_min``.
    """
    tau_s = 60.0 * thermal.cooling_time_constant_min
    hold_h = thermal.thermal_units_hold_h
    hold_s = math.inf if hold_h is None else hold_h * 3600.0
    held = min(idle_s, hold_s)
    temp_c = thermal.idle_temp_c + (temp_c - thermal.idle_temp_c) * math.exp(-held / tau_s)
    if idle_s > hold_s:
        rest = idle_s - hold_s
        ambient = thermal.ambient_temp_c
        temp_c = ambient + (temp_c - ambient) * math.exp(-rest / tau_s)
    return temp_c
