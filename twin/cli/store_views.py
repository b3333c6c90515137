"""Terminal views of the experiment store (rich tables) for history, show and diff."""

from __future__ import annotations

import json
import math

import pandas as pd
from rich.table import Table

from twin.experiments.kpis import LINE_UNITS
from twin.store import ExperimentRecord, RecordDiff

HISTORY_SHOWN = ("id", "created_utc", "command", "tag", "note", "experiments", "seed",
                 "replications", "throughput_uph")
HEADERS = {"created_utc": "time (UTC)", "replications": "reps", "throughput_uph": "units/h"}


def number(value: float | None, unit: str = "") -> str:
    """A KPI value for the terminal: shares in %, others with two decimals, '-' if missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{100 * value:.1f} %" if unit == "share" else f"{value:,.2f}"


def interval(row: pd.Series | dict) -> str:
    """``mean [low, high]`` of a summary row."""
    unit = str(row["unit"])
    return (f"{number(row['mean'], unit)} [{number(row['ci_low'], unit)}, "
            f"{number(row['ci_high'], unit)}]")


def history_table(history: pd.DataFrame, store: str) -> Table:
    """One line per recorded experiment, newest first."""
    table = Table(title=f"Experiments in {store}")
    for column in HISTORY_SHOWN:
        table.add_column(HEADERS.get(column, column),
                         justify="right" if column in ("id", "seed", "replications") else "left")
    for row in history.to_dict("records"):
        cells = [_cell(row[c]) for c in HISTORY_SHOWN]
        cells[1] = row["created_utc"].strftime("%Y-%m-%d %H:%M")
        table.add_row(*cells)
    return table


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def record_lines(record: ExperimentRecord) -> list[str]:
    """What, when, with which settings and versions: the record's header."""
    lines = [
        f"experiment {record.id}: {record.command} ({record.source}), "
        f"{record.created_utc.isoformat(timespec='seconds')}",
        f"tag: {record.tag or '-'}    note: {record.note or '-'}",
        f"arguments: {json.dumps(record.arguments, sort_keys=False)}",
        f"overrides: {json.dumps(record.overrides)}",
        f"seed: {record.seed}    replications: {record.replications_count}",
        f"seed rule: {record.seed_rule or '-'}",
        "versions: " + ", ".join(f"{k} {v}" for k, v in record.versions.items()),
        f"output folder: {record.out_dir or '-'}",
    ]
    lines += [f"scenario {key}: {s.name} (sha256 {s.sha256_16})"
              for key, s in record.scenarios.items()]
    return lines


def kpi_table(record: ExperimentRecord) -> Table:
    """Line KPIs of each of the record's experiments: mean [95 % CI]."""
    table = Table(title=f"Line KPIs of experiment {record.id} (mean [CI] over replications)")
    table.add_column("KPI")
    table.add_column("unit")
    line = record.summary[record.summary["scope"] == "line"].set_index(["experiment_key", "kpi"])
    for key in record.keys:
        table.add_column(key, justify="right")
    for kpi in _kpis(line):
        unit = _unit(line, kpi)
        cells = [interval(line.loc[(key, kpi)].to_dict() | {"unit": unit})
                 if (key, kpi) in line.index else "-" for key in record.keys]
        table.add_row(kpi, "%" if unit == "share" else unit, *cells)
    return table


def _kpis(line: pd.DataFrame) -> list[str]:
    present = list(dict.fromkeys(line.index.get_level_values("kpi")))
    return [k for k in LINE_UNITS if k in present] + [k for k in present if k not in LINE_UNITS]


def _unit(line: pd.DataFrame, kpi: str) -> str:
    return str(line.xs(kpi, level="kpi")["unit"].iloc[0])


def diff_tables(diff: RecordDiff, a: ExperimentRecord, b: ExperimentRecord) -> list[Table]:
    """KPIs side by side, then the paired differences (b - a) with their CIs."""
    side = diff.side_by_side
    columns = list(dict.fromkeys(zip(side["position"], side["record"], side["experiment_key"],
                                     strict=True)))
    table = Table(title=f"Line KPIs: experiment {a.id} and {b.id} (mean [CI])")
    table.add_column("KPI")
    table.add_column("unit")
    for _, record_id, key in columns:
        table.add_column(f"{record_id}: {key}", justify="right")
    indexed = side.set_index(["kpi", "position", "record", "experiment_key"])
    for kpi in dict.fromkeys(side["kpi"]):
        rows = indexed.loc[kpi]
        unit = str(rows["unit"].iloc[0])
        cells = [interval(rows.loc[c].to_dict() | {"unit": unit}) if c in rows.index else "-"
                 for c in columns]
        table.add_row(kpi, "%" if unit == "share" else unit, *cells)
    tables = [table]
    if not diff.paired.empty:
        tables.append(_paired_table(diff.paired, a.id, b.id))
    return tables


def _paired_table(paired: pd.DataFrame, a: int, b: int) -> Table:
    table = Table(title=f"Paired difference ({b} - {a}, common random numbers)")
    for column in ("experiment", "kpi", "unit", "mean_difference", "ci_low", "ci_high", "n"):
        table.add_column(column, justify="left" if column in ("experiment", "kpi") else "right")
    for row in paired.to_dict("records"):
        name = row["experiment_key_a"] if row["experiment_key_a"] == row["experiment_key_b"] \
            else f"{row['experiment_key_b']} - {row['experiment_key_a']}"
        unit = str(row["unit"])
        table.add_row(name, row["kpi"], "%" if unit == "share" else unit,
                      number(row["mean_difference"], unit), number(row["ci_low"], unit),
                      number(row["ci_high"], unit), str(row["n"]))
    return table
