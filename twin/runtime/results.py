"""What one replication returns: plain, picklable numbers (no SimPy object crosses a process)."""

from __future__ import annotations

from dataclasses import dataclass, field

TIME_SPLIT = ("working", "setup", "maintenance", "failed", "blocked", "starved", "off_shift")
"""The states a machine's time is split into, in reporting order."""


@dataclass(frozen=True)
class StationResult:
    """Totals of one station over the measured period (all its machines together)."""

    name: str
    machines: int
    time_s: dict[str, float]
    processed: int
    good: int
    scrapped: int
    reworked: int
    active_periods: int
    nominal_cycle_s: float
    buffer_mean_units: float
    buffer_max_units: int
    energy_kwh: float
    maintenance_stops: int
    operators_per_shift: float
    floor_space_m2: float
    visits_per_unit: float = 1.0
    """Visits of a good unit in the ideal flow per finished unit (0: rework or stock only)."""
    extras: dict[str, float] = field(default_factory=dict)
    """Results of special stations (scrap by cause, metal balance [kg], ...); {} if plain."""

    @property
    def total_s(self) -> float:
        """Machine-seconds in the measured period (machines x horizon)."""
        return sum(self.time_s.values())


@dataclass(frozen=True)
class ReplicationResult:
    """Everything measured in one replication, after the warm-up."""

    scenario: str
    replication: int
    seed: int
    horizon_s: float
    warmup_s: float
    planned_time_s: float
    created: int
    finished: int
    scrapped: int
    consumed: int
    wip_start: int
    wip_end: int
    wip_mean_units: float
    lead_time_mean_s: float
    lead_time_sd_s: float
    lead_time_max_s: float
    finished_per_hour: tuple[int, ...]
    stations: tuple[StationResult, ...]
    released: int = 0
    order_backlog_units: int = 0
    trace: tuple[tuple[float, str, int, str], ...] | None = field(default=None, repr=False)
    wip_per_hour: tuple[float, ...] = field(default=(), repr=False)
    """Time-average units in the line in each measured hour (the warm-up's WIP series)."""
