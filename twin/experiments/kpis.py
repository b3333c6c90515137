"""KPIs from replication results, as tidy pandas tables, and their confidence intervals.

Definitions (also in docs/reference/kpis.md):

* throughput: good units leaving the line per hour of the measured horizon;
* station time split: machine-seconds in each state over machines x horizon;
* availability = (planned - failed - setup) / planned, with planned = on-shift - maintenance;
* performance = working / (planned - failed - setup): the share of run time spent processing
  (idle time while blocked or starved is a performance loss; speed losses are part of the
  cycle-time distribution);
* quality = good / processed at the station (scrap and rework are losses);
* station OEE = availability x performance x quality;
* throughput on shift: good units per on-shift hour of the line's calendar (the plant's JPH);
* line OEE = good units x ideal line cycle / planned line time, where the ideal line cycle is
  the largest nominal cycle x visits per finished unit / machines over the stations of the
  ideal flow (``lines.flow``): the designed takt of the line, rework stations excluded;
* bottleneck: the active-period method (Roser, Nakano & Tanaka 2001): the station whose
  machines have the longest average uninterrupted active period (working, setup, maintenance or
  failed, i.e. not waiting for another station) constrains the line most.

Ratio KPIs (:data:`RATIO_KPIS`: scrap rate, mean lead time, energy per unit) are summarised by
the ratio of their totals over the replications with a delta-method interval
(:mod:`twin.experiments.ratios`); every other KPI by the mean of the replications with a
Student-t interval. Bounds are then clipped to the KPI's physical range.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from twin.experiments.ratios import ratio_difference_interval, ratio_interval
from twin.runtime.results import TIME_SPLIT, ReplicationResult, StationResult

LINE_UNITS = {
    "throughput_uph": "units/h",
    "throughput_on_shift_uph": "units/on-shift h",
    "good_units": "units",
    "scrapped_units": "units",
    "created_units": "units",
    "scrap_share": "share",
    "line_oee_share": "share",
    "wip_mean_units": "units",
    "lead_time_mean_min": "min",
    "lead_time_max_min": "min",
    "energy_kwh_per_unit": "kWh/unit",
}
STATION_UNITS = {
    **{f"{state}_share": "share" for state in TIME_SPLIT},
    "utilisation": "share",
    "availability": "share",
    "performance": "share",
    "quality": "share",
    "oee": "share",
    "active_period_mean_min": "min",
    "processed_units": "units",
    "scrapped_units": "units",
    "reworked_units": "units",
    "buffer_mean_units": "units",
    "buffer_max_units": "units",
    "energy_kwh": "kWh",
    "bottleneck_share": "share",
}
ACTIVE_STATES = ("working", "setup", "maintenance", "failed")
RATIO_KPIS = ("scrap_share", "lead_time_mean_min", "energy_kwh_per_unit")
"""Line KPIs that are a total over a total (their parts: :func:`ratio_parts`)."""


def ratio_parts(replications: pd.DataFrame, kpi: str) -> tuple[np.ndarray, np.ndarray]:
    """The per-replication numerator and denominator of a ratio KPI, from the line table.

    Scrap rate = scrapped / (good + scrapped); mean lead time = total lead time of the good
    units / good units; energy per unit = kWh / good units (a replication with no good unit
    has an unknown energy numerator here and is left out).
    """
    good = replications["good_units"].to_numpy(dtype=float)
    scrapped = replications["scrapped_units"].to_numpy(dtype=float)
    if kpi == "scrap_share":
        return scrapped, good + scrapped
    value = replications[kpi].to_numpy(dtype=float)
    if kpi == "lead_time_mean_min":
        return np.where(good > 0, value * good, 0.0), good
    if kpi == "energy_kwh_per_unit":
        return value * good, good
    raise KeyError(f"{kpi!r} is not a ratio KPI; ratio KPIs: {', '.join(RATIO_KPIS)}")


def kpi_interval(
    replications: pd.DataFrame, kpi: str, confidence: float = 0.95
) -> tuple[float, float, float, float, int]:
    """Estimate, sd over replications, interval bounds and n of one line KPI (not clipped).

    The ratio estimator with the delta method for :data:`RATIO_KPIS`, else the Student-t
    interval of the mean.
    """
    values = replications[kpi].to_numpy(dtype=float)
    if kpi not in RATIO_KPIS:
        return confidence_interval(values, confidence)
    estimate, _se, low, high, n = ratio_interval(*ratio_parts(replications, kpi), confidence)
    finite = values[~np.isnan(values)]
    sd = float(finite.std(ddof=1)) if len(finite) > 1 else math.nan
    return estimate, sd, low, high, n


def active_period_mean_s(station: StationResult) -> float:
    """Average length of an uninterrupted active period of the station's machines [s]."""
    active = sum(station.time_s[state] for state in ACTIVE_STATES)
    return active / station.active_periods if station.active_periods else 0.0


def bottleneck(result: ReplicationResult) -> str:
    """The station with the longest average active period (ties: the busier station)."""

    def key(station: StationResult) -> tuple[float, float]:
        active = sum(station.time_s[state] for state in ACTIVE_STATES)
        return (round(active_period_mean_s(station), 6), active / station.total_s)

    return max(result.stations, key=key).name


def ideal_line_cycle_s(result: ReplicationResult) -> float:
    """Seconds per finished unit at the slowest station, at nominal speed and ideal flow.

    A station visited v times per finished unit, with m machines of nominal cycle c, needs
    c * v / m seconds per unit; stations outside the ideal flow (rework only) do not count.
    """
    loads = [s.nominal_cycle_s * s.visits_per_unit / s.machines for s in result.stations]
    return max(loads, default=math.nan)


def station_oee(station: StationResult) -> dict[str, float]:
    """Availability, performance, quality and their product for one station."""
    t = station.time_s
    planned = station.total_s - t["off_shift"] - t["maintenance"]
    running = planned - t["failed"] - t["setup"]
    availability = _ratio(running, planned)
    performance = _ratio(t["working"], running)
    quality = _ratio(station.good, station.processed)
    return {
        "availability": availability,
        "performance": performance,
        "quality": quality,
        "oee": availability * performance * quality,
    }


def replication_row(result: ReplicationResult) -> dict[str, object]:
    """The line-level KPIs of one replication."""
    hours = result.horizon_s / 3600.0
    leaving = result.finished + result.scrapped
    energy = sum(station.energy_kwh for station in result.stations)
    return {
        "scenario": result.scenario,
        "replication": result.replication,
        "seed": result.seed,
        "throughput_uph": result.finished / hours,
        "throughput_on_shift_uph": _ratio(result.finished, result.planned_time_s / 3600.0),
        "good_units": result.finished,
        "scrapped_units": result.scrapped,
        "created_units": result.created,
        "released_units": result.released,
        "order_backlog_units": result.order_backlog_units,
        "scrap_share": _ratio(result.scrapped, leaving),
        "line_oee_share": _ratio(result.finished * ideal_line_cycle_s(result),
                                 result.planned_time_s),
        "wip_mean_units": result.wip_mean_units,
        "lead_time_mean_min": result.lead_time_mean_s / 60.0,
        "lead_time_max_min": result.lead_time_max_s / 60.0,
        "energy_kwh_per_unit": _ratio(energy, result.finished),
        "bottleneck": bottleneck(result),
    }


def station_rows(result: ReplicationResult) -> list[dict[str, object]]:
    """One row of KPIs per station of one replication."""
    neck = bottleneck(result)
    rows = []
    for station in result.stations:
        total = station.total_s
        row: dict[str, object] = {
            "scenario": result.scenario,
            "replication": result.replication,
            "station": station.name,
            "machines": station.machines,
            **{f"{state}_share": station.time_s[state] / total for state in TIME_SPLIT},
            "utilisation": station.time_s["working"] / total,
            **station_oee(station),
            "active_period_mean_min": active_period_mean_s(station) / 60.0,
            "processed_units": station.processed,
            "scrapped_units": station.scrapped,
            "reworked_units": station.reworked,
            "buffer_mean_units": station.buffer_mean_units,
            "buffer_max_units": station.buffer_max_units,
            "energy_kwh": station.energy_kwh,
            "bottleneck": station.name == neck,
            **station.extras,
        }
        rows.append(row)
    return rows


def replications_table(results: Iterable[ReplicationResult]) -> pd.DataFrame:
    """Line KPIs, one row per replication, ordered by replication."""
    rows = [replication_row(r) for r in sorted(results, key=lambda r: r.replication)]
    return pd.DataFrame(rows)


def stations_table(results: Iterable[ReplicationResult]) -> pd.DataFrame:
    """Station KPIs, one row per replication and station."""
    ordered = sorted(results, key=lambda r: r.replication)
    return pd.DataFrame([row for r in ordered for row in station_rows(r)])


def confidence_interval(values: Sequence[float] | np.ndarray, confidence: float = 0.95
                        ) -> tuple[float, float, float, float, int]:
    """Mean, standard deviation and the Student-t confidence interval of the mean."""
    data = np.asarray(values, dtype=float)
    data = data[~np.isnan(data)]
    n = len(data)
    if n == 0:
        return math.nan, math.nan, math.nan, math.nan, 0
    mean = float(data.mean())
    if n == 1:
        return mean, math.nan, math.nan, math.nan, 1
    sd = float(data.std(ddof=1))
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * sd / math.sqrt(n)
    return mean, sd, mean - half, mean + half, n


def summarise(
    replications: pd.DataFrame, stations: pd.DataFrame, confidence: float = 0.95
) -> pd.DataFrame:
    """Mean and confidence interval of every KPI across replications, in one tidy table."""
    rows = [
        _clipped_row(kpi, "line", unit, confidence, kpi_interval(replications, kpi, confidence))
        for kpi, unit in LINE_UNITS.items()
    ]
    stations = stations.assign(bottleneck_share=stations["bottleneck"].astype(float))
    for name, group in stations.groupby("station", sort=False):
        rows += [
            _summary_row(kpi, str(name), group[kpi], unit, confidence)
            for kpi, unit in STATION_UNITS.items()
        ]
    return pd.DataFrame(rows)


def _summary_row(
    kpi: str, scope: str, values: pd.Series, unit: str, confidence: float
) -> dict[str, object]:
    interval = confidence_interval(values.to_numpy(dtype=float), confidence)
    return _clipped_row(kpi, scope, unit, confidence, interval)


def _clipped_row(
    kpi: str, scope: str, unit: str, confidence: float, interval: tuple[float, ...]
) -> dict[str, object]:
    mean, sd, low, high, n = interval
    # a t-interval knows no physical limits: a share stays in [0, 1], a count or time >= 0
    low = max(low, 0.0)
    high = min(high, 1.0) if unit == "share" and kpi != "line_oee_share" else high
    return {
        "kpi": kpi,
        "scope": scope,
        "unit": unit,
        "mean": mean,
        "sd": sd,
        "ci_low": low,
        "ci_high": high,
        "n": n,
        "confidence": confidence,
    }


def paired_difference(
    a: pd.DataFrame, b: pd.DataFrame, kpis: Sequence[str], confidence: float = 0.95
) -> pd.DataFrame:
    """Mean of b - a per KPI over replications paired by number (common random numbers)."""
    merged = a.merge(b, on="replication", suffixes=("_a", "_b"))
    rows = []
    for kpi in kpis:
        mean, sd, low, high, n = _difference_interval(merged, kpi, confidence)
        rows.append(
            {
                "kpi": kpi,
                "unit": LINE_UNITS.get(kpi, ""),
                "mean_difference": mean,
                "sd": sd,
                "ci_low": low,
                "ci_high": high,
                "n": n,
            }
        )
    return pd.DataFrame(rows)


def _difference_interval(
    merged: pd.DataFrame, kpi: str, confidence: float
) -> tuple[float, float, float, float, int]:
    """The difference b - a of one KPI over paired replications (ratio KPIs: delta method)."""
    a, b = (_side(merged, side) for side in ("_a", "_b"))
    diff = b[kpi].astype(float) - a[kpi].astype(float)
    if kpi not in RATIO_KPIS:
        return confidence_interval(diff.to_numpy(), confidence)
    estimate, _se, low, high, n = ratio_difference_interval(
        *ratio_parts(a, kpi), *ratio_parts(b, kpi), confidence)
    finite = diff.dropna()
    return estimate, float(finite.std(ddof=1)) if len(finite) > 1 else math.nan, low, high, n


def _side(merged: pd.DataFrame, suffix: str) -> pd.DataFrame:
    """One side of a merged pair of tables, with its original column names."""
    columns = [c for c in merged.columns if c.endswith(suffix)]
    return merged[columns].rename(columns=lambda c: c[: -len(suffix)])


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else math.nan
