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
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from twin.runtime.results import TIME_SPLIT, ReplicationResult, StationResult

LINE_UNITS = {
    "throughput_uph": "units/h",
    "throughput_on_shift_uph": "units/on-shift h",
    "good_units": "units",
    "scrapped_units": "units",
    "created_units": "units",
    "scrap_rate": "share",
    "line_oee": "share",
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
        "scrap_rate": _ratio(result.scrapped, leaving),
        "line_oee": _ratio(result.finished * ideal_line_cycle_s(result), result.planned_time_s),
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


def confidence_interval(values: Sequence[float], confidence: float = 0.95) -> tuple[float, ...]:
    """Mean, standard deviation and the Student-t confidence interval of the mean."""
    data = np.asarray(values, dtype=float)
    data = data[~np.isnan(data)]
    n = len(data)
    if n == 0:
        return (math.nan,) * 4 + (0,)
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
        _summary_row(kpi, "line", replications[kpi], unit, confidence)
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
    mean, sd, low, high, n = confidence_interval(values.to_numpy(dtype=float), confidence)
    # a t-interval knows no physical limits: a share stays in [0, 1], a count or time >= 0
    low = max(low, 0.0)
    high = min(high, 1.0) if unit == "share" and kpi != "line_oee" else high
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
        diff = merged[f"{kpi}_b"].astype(float) - merged[f"{kpi}_a"].astype(float)
        mean, sd, low, high, n = confidence_interval(diff.to_numpy(), confidence)
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


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else math.nan
