"""The Experiments page's logic, free of Streamlit (filter, sort, compare, re-open, record).

The page filters and sorts the history, compares records side by side, turns a record back
into What-if settings and records an app what-if through these functions.

A record re-opens in What-if when it holds both route files: an app what-if, or a CLI
``compare`` (route files given on the command line are in the record; the shipped ones are
read from this installation). Cost rates of a ``compare`` are the defaults it ran with.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lines.routes import RouteSpec
from twin import ExperimentResult, comparison
from twin.cost import CostRates
from twin.outputs import experiment_metadata
from twin.store import ExperimentEntry, ExperimentRecord, diff_records, entry_from_experiments
from twin.store import side_by_side as store_side_by_side

SORTS = {
    "newest first": ("id", False),
    "oldest first": ("id", True),
    "tag": ("tag", True),
    "command": ("command", True),
}
"""Sort orders of the history table: label -> (column, ascending)."""
WHAT_IF_COMMAND = "what-if"
REOPENABLE = ("compare", WHAT_IF_COMMAND)


def filter_history(history: pd.DataFrame, text: str = "", command: str | None = None
                   ) -> pd.DataFrame:
    """Rows whose tag, note, command or experiments contain ``text`` (any case), one command."""
    rows = history if command in (None, "", "all") else history[history["command"] == command]
    needle = text.strip().lower()
    if not needle:
        return rows
    columns = ["tag", "note", "command", "experiments"]
    haystack = rows[columns].fillna("").astype(str).agg(" ".join, axis=1).str.lower()
    return rows[haystack.str.contains(needle, regex=False)]


def sort_history(history: pd.DataFrame, order: str) -> pd.DataFrame:
    """The history in one of the :data:`SORTS` orders (missing values last)."""
    column, ascending = SORTS[order]
    return history.sort_values(column, ascending=ascending, na_position="last", kind="stable")


def label(row: Mapping[str, Any]) -> str:
    """A record's name in pickers: id, command, tag."""
    tag = row.get("tag")
    has_tag = isinstance(tag, str) and tag
    return f"#{row['id']} {row['command']}" + (f" [{tag}]" if has_tag else "")


def side_by_side(records: Sequence[ExperimentRecord]) -> pd.DataFrame:
    """Line KPIs of every selected record as 'mean [low, high]', one column per experiment."""
    table = store_side_by_side(records)
    table = table.assign(column=[f"#{r} {k}" for r, k in zip(table["record"],
                                                             table["experiment_key"],
                                                             strict=True)],
                         shown=[_interval(m, lo, hi) for m, lo, hi in zip(
                             table["mean"], table["ci_low"], table["ci_high"], strict=True)])
    wide = table.pivot_table(index=["kpi", "unit"], columns="column", values="shown",
                             aggfunc="first", sort=False)
    return wide.reset_index().rename_axis(columns=None)


def _interval(mean: float, low: float, high: float) -> str:
    if mean is None or math.isnan(mean):
        return "-"
    if low is None or math.isnan(low):
        return f"{mean:.4g}"
    return f"{mean:.4g} [{low:.4g}, {high:.4g}]"


def paired_differences(records: Sequence[ExperimentRecord]) -> tuple[pd.DataFrame, list[str]]:
    """Each record after the first minus the first, paired where seeds match; and the reasons."""
    frames, reasons = [], []
    first = records[0]
    for other in records[1:]:
        found = diff_records(first, other)
        reasons += [f"#{other.id} {p.key_b} - #{first.id} {p.key_a}: {p.reason}"
                    for p in found.pairings]
        if not found.pairings:
            reasons.append(f"#{other.id} - #{first.id}: no common experiment to pair")
        if not found.paired.empty:
            frames.append(found.paired.assign(difference=f"#{other.id} - #{first.id}"))
    if not frames:
        return pd.DataFrame(), reasons
    table = pd.concat(frames, ignore_index=True)
    columns = ["difference", "experiment_key_b", "kpi", "unit", "mean_difference", "ci_low",
               "ci_high", "n"]
    return table[columns].rename(columns={"experiment_key_b": "experiment"}), reasons


@dataclass(frozen=True)
class WhatIfSettings:
    """Everything the What-if page reads from the session: route specs, cost and run settings."""

    specs: dict[str, RouteSpec]
    cost: dict[str, Any]
    run: dict[str, Any]


def what_if_settings(record: ExperimentRecord) -> WhatIfSettings:
    """The What-if settings that reproduce ``record``.

    Raises:
        ValueError: the record holds no route comparison (a run or sweep of a line).
    """
    if record.command not in REOPENABLE:
        raise ValueError(f"experiment {record.id} is a {record.command} of "
                         f"{', '.join(record.keys)}, not a route comparison: only compare and "
                         "what-if records re-open in What-if")
    args = record.arguments
    specs = {}
    for route in comparison.ROUTES:
        text = record.inputs.get(route) or comparison.ROUTE_FILES[route].read_text("utf-8")
        specs[route] = comparison.read_route_yaml(text)[1]
    rates = CostRates.model_validate(args["rates"]) if args.get("rates") else CostRates()
    cost = {"volume": float(args.get("volume", 250_000)), "rates": rates,
            "prices": dict(args.get("prices") or {})}
    run = {"days": float(args["days"]), "replications": int(args["replications"]),
           "seed": int(args["seed"])}
    return WhatIfSettings(specs, cost, run)


def what_if_entry(experiments: Mapping[str, ExperimentResult], settings: WhatIfSettings,
                  tag: str | None = None, note: str | None = None) -> ExperimentEntry:
    """The record of an app what-if: both routes' files, cost and run settings, the results."""
    arguments = {**settings.run, "volume": settings.cost["volume"],
                 "rates": settings.cost["rates"].model_dump(mode="json"),
                 "prices": dict(settings.cost.get("prices") or {})}
    inputs = {route: comparison.route_yaml(route, spec) for route, spec in settings.specs.items()}
    metadata = experiment_metadata(experiments, WHAT_IF_COMMAND, arguments)
    return entry_from_experiments(metadata, experiments, tag=tag, note=note,
                                  overrides={"horizon_days": settings.run["days"]},
                                  inputs=inputs, source="app")
