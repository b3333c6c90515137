"""Fitting a whole event log: per station, each duration's candidates, the pick, MTBF and MTTR.

The pick is the candidate with the lowest AIC (the empirical one has no likelihood, so it is
only used when chosen by hand). The goodness-of-fit p-value is bootstrapped for the picked
candidate only (it refits every resample); durations with more than ``MAX_FIT_ROWS`` rows are
fitted on a random subsample of that size. Tables are tidy, with units in the column names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from lines.spec import ShiftCalendar
from twin.fitting.calendar import shift_calendar
from twin.fitting.candidates import FAMILIES, CandidateFit, fit_candidates
from twin.fitting.eventlog import EventLog
from twin.fitting.goodness import bootstrap_p_value, km_distance
from twin.fitting.samples import Sample, StationSamples, station_samples
from twin.fitting.states import STATES

QUANTITIES: dict[str, tuple[str, float, str]] = {
    "cycle_time": ("cycle_s", 1.0, "s"),
    "time_between_failures": ("between_failures_s", 3600.0, "h"),
    "time_to_repair": ("repair_s", 60.0, "min"),
}
"""Quantity -> (sample attribute, unit in seconds, unit name) of the scenario field it fills."""

MAX_FIT_ROWS = 5000
"""A duration with more rows (cycle times of a long log) is fitted on this many, drawn at random
with the fit's seed: the fit barely moves, and its intervals stay honest for the rows used."""


@dataclass(frozen=True)
class QuantityFit:
    """The candidates fitted to one duration of one station and the one picked."""

    quantity: str
    sample: Sample
    candidates: dict[str, CandidateFit]
    chosen: str
    distances: dict[str, float]
    p_value: float = math.nan

    @property
    def unit_s(self) -> float:
        """Seconds per unit of the scenario field (1 s, 1 h, 1 min)."""
        return QUANTITIES[self.quantity][1]

    @property
    def fit(self) -> CandidateFit:
        """The picked candidate."""
        return self.candidates[self.chosen]

    @property
    def best_by_aic(self) -> str:
        """The parametric candidate with the lowest AIC."""
        return min((f for f in self.candidates.values() if not math.isnan(f.aic)),
                   key=lambda f: f.aic).family


@dataclass(frozen=True)
class StationFit:
    """What was fitted for one station (None where the log has too few durations)."""

    station: str
    machines: int
    quantities: dict[str, QuantityFit | None]
    state_s: dict[str, float] = field(default_factory=dict)

    def share(self, state: str) -> float:
        """Share of the logged machine time spent in ``state``."""
        total = sum(self.state_s.values())
        return self.state_s.get(state, 0.0) / total if total else math.nan


@dataclass(frozen=True)
class LogFit:
    """The fit of a whole log: stations in log order and the shift calendar seen."""

    source: str
    stations: dict[str, StationFit]
    calendar: ShiftCalendar | None

    def choose(self, station: str, quantity: str, family: str) -> LogFit:
        """The same fit with ``family`` picked for one quantity of one station."""
        target = self.stations[station].quantities[quantity]
        if target is None or family not in target.candidates:
            raise ValueError(f"{station} {quantity}: no {family!r} candidate was fitted")
        quantities = {**self.stations[station].quantities,
                      quantity: replace(target, chosen=family, p_value=math.nan)}
        stations = {**self.stations,
                    station: replace(self.stations[station], quantities=quantities)}
        return replace(self, stations=stations)


def fit_event_log(
    log: EventLog,
    resamples: int = 99,
    seed: int = 0,
    censoring: bool = True,
    families: tuple[str, ...] = FAMILIES,
) -> LogFit:
    """Fit every station of ``log``.

    ``censoring=False`` drops the censored durations instead of using them: the naive
    handling, kept to show its bias. ``resamples`` sets the bootstrap of the p-value (0: none).
    """
    stations = {}
    for name, samples in station_samples(log).items():
        quantities = {
            q: _quantity(q, _sample(samples, q, censoring, seed), families, resamples, seed)
            for q in QUANTITIES
        }
        stations[name] = StationFit(name, samples.machines, quantities, samples.state_s)
    return LogFit(log.source, stations, shift_calendar(log))


def _sample(samples: StationSamples, quantity: str, censoring: bool, seed: int) -> Sample:
    sample: Sample = getattr(samples, QUANTITIES[quantity][0])
    sample = sample if censoring else sample.uncensored()
    if len(sample.values) <= MAX_FIT_ROWS:
        return sample
    pick = np.sort(np.random.default_rng(seed).choice(len(sample.values), MAX_FIT_ROWS,
                                                      replace=False))
    return Sample(sample.values[pick], sample.censored[pick])


def _quantity(
    quantity: str, sample: Sample, families: tuple[str, ...], resamples: int, seed: int
) -> QuantityFit | None:
    candidates = fit_candidates(sample, families)
    if not any(not math.isnan(f.aic) for f in candidates.values()):
        return None
    distances = {family: km_distance(fit, sample) for family, fit in candidates.items()}
    result = QuantityFit(quantity, sample, candidates, "", distances)
    chosen = result.best_by_aic
    p_value = bootstrap_p_value(candidates[chosen], sample, resamples, seed)
    return replace(result, chosen=chosen, p_value=p_value)


def candidates_table(fit: LogFit) -> pd.DataFrame:
    """One row per station, quantity and candidate: AIC, distance, mean with its interval."""
    rows = []
    for station in fit.stations.values():
        for quantity, qfit in station.quantities.items():
            if qfit is None:
                continue
            best_aic = qfit.candidates[qfit.best_by_aic].aic
            for family, cand in qfit.candidates.items():
                unit = QUANTITIES[quantity][2]
                rows.append({
                    "station": station.station, "quantity": quantity, "family": family,
                    "chosen": family == qfit.chosen, "durations_count": len(qfit.sample.values),
                    "censored_count": int(qfit.sample.censored.sum()),
                    "log_likelihood": cand.log_likelihood, "aic": cand.aic,
                    "delta_aic": cand.aic - best_aic, "km_distance_share": qfit.distances[family],
                    "p_value": qfit.p_value if family == qfit.chosen else math.nan,
                    "unit": unit, "mean": cand.mean.value / qfit.unit_s,
                    "mean_ci_low": cand.mean.low / qfit.unit_s,
                    "mean_ci_high": cand.mean.high / qfit.unit_s,
                    "spec": _spec_text(cand, qfit.unit_s),
                })
    return pd.DataFrame(rows)


def reliability_table(fit: LogFit) -> pd.DataFrame:
    """Per station: MTBF (working hours) and MTTR (minutes) of the picked fits, with intervals."""
    rows = []
    for station in fit.stations.values():
        row: dict[str, object] = {"station": station.station, "machines": station.machines}
        for quantity, prefix in (("time_between_failures", "mtbf_h"), ("time_to_repair",
                                                                        "mttr_min")):
            qfit = station.quantities[quantity]
            mean = None if qfit is None else qfit.fit.mean
            scale = QUANTITIES[quantity][1]
            row[prefix] = math.nan if mean is None else mean.value / scale
            row[f"{prefix}_ci_low"] = math.nan if mean is None else mean.low / scale
            row[f"{prefix}_ci_high"] = math.nan if mean is None else mean.high / scale
        repairs = station.quantities["time_to_repair"]
        row["failures_count"] = 0 if repairs is None else len(repairs.sample.values)
        rows.append(row)
    return pd.DataFrame(rows)


def state_share_table(fit: LogFit) -> pd.DataFrame:
    """Per station and state: logged machine hours and their share."""
    return pd.DataFrame([
        {"station": s.station, "state": state, "time_h": s.state_s.get(state, 0.0) / 3600,
         "time_share": s.share(state)}
        for s in fit.stations.values() for state in STATES
    ])


def _spec_text(cand: CandidateFit, unit_s: float) -> str:
    spec = cand.to_spec(unit_s)
    if cand.family == "empirical":
        return f"empirical ({len(cand.samples)} values)"
    values = spec.model_dump(exclude={"dist"})
    return f"{cand.family} " + ", ".join(f"{k}={v:.4g}" for k, v in values.items())
