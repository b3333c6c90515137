"""From an event log to the durations a line spec needs: cycles, times between failures, repairs.

Per machine, in time order:

- **cycle time**: a ``working`` row is one cycle; a ``working`` row that starts right where a
  ``failed`` row ends continues the cycle the failure interrupted (its working time is added).
  Off-shift time stops the clocks: a cycle or a repair cut by an ``off_shift`` row goes on
  after it (working, off_shift, working is one cycle; failed, off_shift, failed one repair).
- **time between failures**: the *working* time from the end of one failure to the start of the
  next (operating basis: the failure clock runs only while the machine works). The time before a
  machine's first failure is not used, because the machine's age at the start of the log is
  unknown; ``failed`` rows that follow each other without a gap are one failure.
- **time to repair**: the length of each failure.

A duration still running when the log ends is right-censored (we know only that it lasted at
least that long); a cycle or repair under way when the log begins is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from twin.fitting.eventlog import EventLog
from twin.fitting.states import STATES

_EPS_S = 1e-6


@dataclass(frozen=True)
class Sample:
    """Observed durations [s]; ``censored`` marks those still running when the log ended."""

    values: np.ndarray
    censored: np.ndarray

    @classmethod
    def of(cls, values: list[float], censored: list[bool]) -> Sample:
        """A sample from plain lists."""
        return cls(np.asarray(values, dtype=float), np.asarray(censored, dtype=bool))

    @property
    def events(self) -> int:
        """Durations seen to their end."""
        return int((~self.censored).sum())

    def uncensored(self) -> Sample:
        """The same sample with the censored durations dropped (the naive, biased handling)."""
        keep = ~self.censored
        return Sample(self.values[keep], self.censored[keep])


@dataclass(frozen=True)
class StationSamples:
    """What the log says about one station, pooled over its machines."""

    station: str
    machines: int
    cycle_s: Sample
    between_failures_s: Sample
    repair_s: Sample
    state_s: dict[str, float] = field(default_factory=dict)


@dataclass
class _Walk:
    """Running state of one machine's rows while the durations are cut out."""

    log_start_s: float
    cycles: list[tuple[float, bool]] = field(default_factory=list)
    between: list[tuple[float, bool]] = field(default_factory=list)
    repairs: list[tuple[float, bool]] = field(default_factory=list)
    cycle: float | None = None
    cycle_known: bool = False
    repair_known: bool = False
    up_working_s: float = 0.0
    seen_failure: bool = False
    previous: tuple[str, float] = ("", -np.inf)
    paused: bool = False

    def row(self, state: str, start: float, end: float, censored: bool) -> None:
        """Take one interval of the machine."""
        follows = abs(start - self.previous[1]) < _EPS_S
        if state == "off_shift" and follows:
            # the clocks stop off shift: what was under way goes on after it
            self.previous, self.paused = (self.previous[0], end), True
            if censored:
                self._censor(self.previous[0])
            return
        if state == "working":
            self._working(start, end, follows and (self.paused or self.previous[0] == "failed"))
        elif state == "failed":
            self._failed(start, end, follows and self.previous[0] == "failed")
        else:
            self._close_cycle()
        self.previous, self.paused = (state, end), False
        if censored:
            self._censor(state)

    def _working(self, start: float, end: float, resumes: bool) -> None:
        if not (resumes and self.cycle is not None):
            self._close_cycle()
            self.cycle, self.cycle_known = 0.0, start > self.log_start_s + _EPS_S
        self.cycle = (self.cycle or 0.0) + end - start
        self.up_working_s += end - start

    def _failed(self, start: float, end: float, continues: bool) -> None:
        if continues and self.repairs:
            self.repairs[-1] = (self.repairs[-1][0] + end - start, False)
            return
        if continues:  # continues a failure under way when the log began
            return
        if self.seen_failure:
            self.between.append((self.up_working_s, False))
        self.seen_failure, self.up_working_s = True, 0.0
        self.repair_known = start > self.log_start_s + _EPS_S
        if self.repair_known:
            self.repairs.append((end - start, False))

    def _close_cycle(self) -> None:
        if self.cycle is not None and self.cycle_known:
            self.cycles.append((self.cycle, False))
        self.cycle = None

    def _censor(self, state: str) -> None:
        """The log ends in this row: what is under way is censored."""
        if self.cycle is not None and self.cycle_known:
            self.cycles.append((self.cycle, True))
        self.cycle = None
        if state == "failed" and self.repair_known and self.repairs:
            self.repairs[-1] = (self.repairs[-1][0], True)
        elif state != "failed" and self.seen_failure:
            self.between.append((self.up_working_s, True))


def station_samples(log: EventLog) -> dict[str, StationSamples]:
    """The durations of every station of ``log``, in the order the stations first appear."""
    frame = log.frame
    start = float(frame["start_s"].min())
    return {name: _station(name, frame[frame["station"] == name], start)
            for name in log.stations}


def _station(name: str, rows: pd.DataFrame, log_start_s: float) -> StationSamples:
    walks = []
    for _, machine in rows.groupby("machine", sort=False):
        walk = _Walk(log_start_s)
        ordered = machine.sort_values("start_s", kind="stable")
        for state, start, end, censored in ordered[
            ["state", "start_s", "end_s", "censored"]
        ].itertuples(index=False):
            walk.row(state, start, end, bool(censored))
        walks.append(walk)
    durations = (rows["end_s"] - rows["start_s"]).groupby(rows["state"]).sum()
    return StationSamples(
        station=name,
        machines=len(walks),
        cycle_s=_pooled([w.cycles for w in walks]),
        between_failures_s=_pooled([w.between for w in walks]),
        repair_s=_pooled([w.repairs for w in walks]),
        state_s={state: float(durations.get(state, 0.0)) for state in STATES},
    )


def _pooled(lists: list[list[tuple[float, bool]]]) -> Sample:
    pairs = [pair for items in lists for pair in items]
    return Sample.of([v for v, _ in pairs], [c for _, c in pairs])
