"""Upper bounds on the sizes a user can give, each with the reason a larger value is refused.

A size that passes validation but cannot finish (a billion machines, a run of a million days,
a cycle time given in hours where seconds are meant) would grow memory or run until killed;
these bounds turn it into a clear error naming the field. They are far above any real line,
so a valid plant never meets them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import AfterValidator

if TYPE_CHECKING:
    from lines.spec import Scenario

MAX_MACHINES = 1_000
MACHINES_REASON = ("each machine is simulated as its own process, and no station of a car-body "
                   "line has that many in parallel")
MAX_HORIZON_DAYS = 3_660.0
HORIZON_REASON = ("ten years of simulated time; a tighter estimate comes from more "
                  "replications, not a longer run")
MAX_WARMUP_H = 8_784.0
WARMUP_REASON = "one year; no line needs longer than that to reach its steady state"
MAX_BATCH_UNITS = 100_000
BATCH_REASON = "a lot is released unit by unit, and no press or body-shop lot is that large"
MAX_REPLICATIONS = 10_000
REPLICATIONS_REASON = "beyond that the interval narrows by less than the run costs"
MAX_ANNUAL_VOLUME_UNITS = 5_000_000.0
VOLUME_REASON = "more bodies a year than any single car plant builds"
MAX_MACHINE_CYCLES = 200_000_000
CYCLES_REASON = ("a replication that long takes hours at the engine's speed; check that cycle "
                 "times are in seconds, or shorten horizon_days")


def at_most_message(limit: float, reason: str) -> str:
    """The message of a value above ``limit``: the bound and why it exists."""
    return f"must be at most {limit:,.0f} ({reason})"


def _at_most(limit: float, reason: str):
    def check(value: float | None) -> float | None:
        if value is not None and value > limit:
            raise ValueError(at_most_message(limit, reason))
        return value

    return AfterValidator(check)


MachinesBound = _at_most(MAX_MACHINES, MACHINES_REASON)
HorizonDaysBound = _at_most(MAX_HORIZON_DAYS, HORIZON_REASON)
WarmupHBound = _at_most(MAX_WARMUP_H, WARMUP_REASON)
BatchUnitsBound = _at_most(MAX_BATCH_UNITS, BATCH_REASON)
AnnualVolumeBound = _at_most(MAX_ANNUAL_VOLUME_UNITS, VOLUME_REASON)
"""Validators for a field's ``Annotated[...]``, e.g. ``Annotated[PositiveInt, MachinesBound]``."""


def machine_cycles(scenario: Scenario) -> float:
    """Most cycles one replication can simulate (an upper bound of its work).

    Run time x machines / mean cycle time, summed over stations, plus the arrivals of every
    timed source.
    """
    run_s = scenario.horizon_s + scenario.warmup_s
    cycles = sum(run_s * station.machines / station.cycle_time_s.mean
                 for station in scenario.stations)
    arrivals = sum(run_s / source.interarrival_s.mean for source in scenario.sources
                   if source.interarrival_s is not None and source.interarrival_s.mean > 0)
    return cycles + arrivals


def check_run_size(scenario: Scenario) -> None:
    """Refuse a scenario whose replication would simulate more than ``MAX_MACHINE_CYCLES``."""
    cycles = machine_cycles(scenario)
    if cycles > MAX_MACHINE_CYCLES:
        busiest = max(scenario.stations, key=lambda s: s.machines / s.cycle_time_s.mean)
        raise ValueError(
            f"horizon_days: the run would simulate up to {cycles:,.0f} machine cycles (run "
            f"time x machines / mean cycle time; most at station {busiest.name!r}, "
            f"cycle_time_s mean {busiest.cycle_time_s.mean:g} s); "
            f"{at_most_message(MAX_MACHINE_CYCLES, CYCLES_REASON)}")
