"""Pure table builders for display and CSV download: every value column carries its unit.

Shares (0..1) are shown as percentages with a ``_pct`` suffix, because plant engineers read
"87 %" faster than "0.87"; columns whose names already end in a unit are kept as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from twin.outputs import csv_text
from twin.runtime.results import TIME_SPLIT

SHARE_COLUMNS = {
    "scrap_share",
    "line_oee_share",
    "utilisation",
    "availability",
    "performance",
    "quality",
    "oee",
    "material_utilisation_share",
    "casting_yield_share",
    "bottleneck_share",
    *(f"{state}_share" for state in TIME_SPLIT),
}
"""Columns holding a share in [0, 1]; exported as percent."""

COUNT_COLUMNS = {"machines", "spot_welds", "joints", "dies", "n_shots", "n_positive", "n"}
"""Columns holding a count; exported with a ``_count`` suffix."""

STATE_LABELS = {
    "working": "working",
    "setup": "setup / changeover",
    "maintenance": "planned maintenance",
    "failed": "failed",
    "blocked": "blocked",
    "starved": "starved",
    "off_shift": "off shift",
}
"""Readable names of the machine states, in the reporting order of ``TIME_SPLIT``."""


def pct_name(column: str) -> str:
    """The percent column name of a share column (``working_share`` -> ``working_pct``)."""
    return column.removesuffix("_share") + "_pct"


def with_units(frame: pd.DataFrame) -> pd.DataFrame:
    """Shares to percent (``_pct``) and counts to ``_count``; other columns unchanged."""
    out = frame.copy()
    renames = {}
    for column in frame.columns:
        if column in SHARE_COLUMNS:
            out[column] = frame[column].astype(float) * 100.0
            renames[column] = pct_name(column)
        elif column in COUNT_COLUMNS:
            renames[column] = f"{column}_count"
    return out.rename(columns=renames)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV bytes in the CLI's one CSV form (``twin.outputs.csv_text``)."""
    return csv_text(frame).encode("utf-8")


def time_split(stations: pd.DataFrame) -> pd.DataFrame:
    """Mean share of each machine state per station [%], with the bottleneck share [%].

    Args:
        stations: ``ExperimentResult.stations`` (one row per replication and station).

    Returns:
        One row per station in line order: ``station``, ``<state>_pct`` for every state,
        ``bottleneck_pct`` (how often the station was the bottleneck) and ``bottleneck``
        (True for the station named most often).
    """
    shares = [f"{state}_share" for state in TIME_SPLIT]
    grouped = stations.assign(bottleneck_share=stations["bottleneck"].astype(float))
    mean = grouped.groupby("station", sort=False)[[*shares, "bottleneck_share"]].mean()
    table = with_units(mean.reset_index())
    table["bottleneck"] = table["bottleneck_pct"] == table["bottleneck_pct"].max()
    return table


def bottleneck_name(split: pd.DataFrame) -> str:
    """The station flagged as bottleneck in a :func:`time_split` table."""
    return str(split.loc[split["bottleneck"], "station"].iloc[0])


def throughput_by_hour(finished_per_hour: Sequence[Sequence[int]]) -> pd.DataFrame:
    """Good units per hour, mean over replications, and its 8-hour rolling mean [units/h]."""
    length = min(len(hours) for hours in finished_per_hour)
    counts = np.array([list(hours[:length]) for hours in finished_per_hour], dtype=float)
    mean = counts.mean(axis=0)
    rolling = pd.Series(mean).rolling(8, min_periods=1).mean().to_numpy()
    return pd.DataFrame(
        {
            "hour_h": np.arange(length, dtype=float),
            "good_units_per_hour_uph": mean,
            "rolling_8h_mean_uph": rolling,
        }
    )


def state_intervals(
    trace: Iterable[tuple[float, str, int, str]],
    start_s: float,
    end_s: float,
    stations: Sequence[str] = (),
) -> pd.DataFrame:
    """Machine state intervals inside ``[start_s, end_s)`` from a trace of state changes.

    The trace logs changes only, so each state lasts until the machine's next change (or the
    window end). Times are returned in hours since ``start_s``; rows follow ``stations``
    (line order), then machine number.

    Returns:
        Columns ``machine`` ("station #k"), ``state``, ``start_h``, ``duration_h``.
    """
    last: dict[tuple[str, int], tuple[float, str]] = {}
    rows: list[dict[str, object]] = []
    for time_s, station, index, state in sorted(trace, key=lambda row: row[0]):
        key = (station, index)
        if key in last:
            rows += _clip(key, *last[key], time_s, start_s, end_s)
        last[key] = (time_s, state)
    for key, (since, state) in last.items():
        rows += _clip(key, since, state, end_s, start_s, end_s)
    frame = pd.DataFrame(rows, columns=["machine", "state", "start_h", "duration_h"])
    rank = {name: index for index, name in enumerate(stations)}
    order = frame["machine"].map(lambda m: (rank.get(m.rsplit(" #", 1)[0], len(rank)), m))
    return frame.assign(_order=order).sort_values(["_order", "start_h"], kind="stable").drop(
        columns="_order").reset_index(drop=True)


def _clip(
    key: tuple[str, int], since: float, state: str, until: float, start_s: float, end_s: float
) -> list[dict[str, object]]:
    low, high = max(since, start_s), min(until, end_s)
    if high <= low:
        return []
    return [
        {
            "machine": f"{key[0]} #{key[1] + 1}",
            "state": state,
            "start_h": (low - start_s) / 3600.0,
            "duration_h": (high - low) / 3600.0,
        }
    ]


SCRAP_CAUSE = re.compile(r"^scrap_(?P<cause>.+)_units$")


def scrap_by_cause(stations: pd.DataFrame) -> pd.DataFrame:
    """Scrapped units per replication by cause (casting cells) or else by station.

    Casting cells report ``scrap_<cause>_units`` columns; other stations only their total
    ``scrapped_units``, so their cause is the station name.

    Returns:
        Columns ``cause`` and ``scrapped_units_per_replication``, largest first, zeros dropped.
    """
    replications = max(stations["replication"].nunique(), 1)
    causes = [c for c in stations.columns if SCRAP_CAUSE.match(c)]
    if causes:
        totals = stations[causes].fillna(0).sum()
        names = [SCRAP_CAUSE.match(c).group("cause").replace("_", " ") for c in causes]  # type: ignore[union-attr]
        series = pd.Series(totals.to_numpy(), index=names)
    else:
        series = stations.groupby("station", sort=False)["scrapped_units"].sum()
    table = (series / replications).rename("scrapped_units_per_replication").reset_index()
    table = table.rename(columns={"index": "cause", "station": "cause"})
    table = table[table["scrapped_units_per_replication"] > 0]
    return table.sort_values("scrapped_units_per_replication", ascending=False, ignore_index=True)


def sweep_table(summary: pd.DataFrame, params: Sequence[str]) -> pd.DataFrame:
    """A sweep summary pivoted wide: one row per grid point, ``<kpi>_mean|ci_low|ci_high``."""
    wide = summary.pivot_table(
        index=["point", *params], columns="kpi", values=["mean", "ci_low", "ci_high"]
    )
    wide.columns = [f"{kpi}_{stat}" for stat, kpi in wide.columns]
    wide = wide.reset_index()
    stats = ("mean", "ci_low", "ci_high")
    ordered = [f"{kpi}_{stat}" for kpi in summary["kpi"].unique() for stat in stats]
    table = wide[["point", *params, *ordered]]
    return _shares_to_pct(table)


def _shares_to_pct(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    renames = {}
    for column in table.columns:
        for share in SHARE_COLUMNS:
            for stat in ("mean", "ci_low", "ci_high"):
                if column == f"{share}_{stat}":
                    out[column] = table[column] * 100.0
                    renames[column] = f"{pct_name(share)}_{stat}"
    return out.rename(columns=renames)


SWEEP_KPIS = {
    "throughput_uph": "Throughput [units/h]",
    "line_oee_pct": "Line OEE [%]",
    "scrap_pct": "Scrap rate [%]",
    "wip_mean_units": "Mean work in process [units]",
    "lead_time_mean_min": "Mean lead time [min]",
    "energy_kwh_per_unit": "Energy per unit [kWh/unit]",
    "good_units": "Good units per run [units]",
}
"""KPI columns of :func:`sweep_table` a user can chart, with their labels."""
