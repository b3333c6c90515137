"""Two or more records side by side, and their paired differences where the seeds match.

Two experiments are paired when they ran the same replication numbers with the same seeds
(common random numbers: replication i of both drew the same random streams), so their
difference per replication cancels the shared noise and its confidence interval is narrow.
Otherwise only the side-by-side means and intervals are given, with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from twin.experiments.kpis import LINE_UNITS, paired_difference
from twin.store.records import ExperimentRecord

SIDE_COLUMNS = ("position", "record", "experiment_key", "kpi", "unit", "mean", "ci_low",
                "ci_high", "n")


@dataclass(frozen=True)
class Pairing:
    """Which experiment of record b is compared with which of record a, and whether paired."""

    key_a: str
    key_b: str
    paired: bool
    reason: str


@dataclass(frozen=True)
class RecordDiff:
    """Side-by-side line KPIs of two records and the paired differences (b - a) they allow."""

    side_by_side: pd.DataFrame
    pairings: tuple[Pairing, ...]
    paired: pd.DataFrame


def side_by_side(records: Sequence[ExperimentRecord]) -> pd.DataFrame:
    """Line KPIs (mean, CI) of every experiment of every record, in :data:`LINE_UNITS` order."""
    frames = []
    for position, record in enumerate(records):
        line = record.summary[record.summary["scope"] == "line"]
        frames.append(line.assign(record=record.id, position=position))
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=SIDE_COLUMNS)
    order = {kpi: i for i, kpi in enumerate(LINE_UNITS)}
    table = table.assign(_order=table["kpi"].map(order).fillna(len(order)))
    table = table.sort_values(["_order", "kpi", "position", "experiment_key"], kind="stable")
    return table[list(SIDE_COLUMNS)].reset_index(drop=True)


def pairings(a: ExperimentRecord, b: ExperimentRecord) -> tuple[Pairing, ...]:
    """Experiments with the same key in both records, or the only one of each."""
    common = [key for key in a.keys if key in b.keys]
    if not common and len(a.keys) == 1 and len(b.keys) == 1:
        common_pairs = [(a.keys[0], b.keys[0])]
    else:
        common_pairs = [(key, key) for key in common]
    return tuple(_pairing(a, b, ka, kb) for ka, kb in common_pairs)


def _pairing(a: ExperimentRecord, b: ExperimentRecord, key_a: str, key_b: str) -> Pairing:
    seeds_a = _seeds(a, key_a)
    seeds_b = _seeds(b, key_b)
    if not seeds_a or not seeds_b:
        return Pairing(key_a, key_b, False, "no replications recorded")
    if seeds_a != seeds_b:
        return Pairing(key_a, key_b, False, _mismatch(seeds_a, seeds_b))
    return Pairing(key_a, key_b, True,
                   f"paired: the same {len(seeds_a)} replications and seeds in both")


def _seeds(record: ExperimentRecord, key: str) -> set[tuple[int, int]]:
    reps = record.replications[record.replications["experiment_key"] == key]
    return {(int(r), int(s)) for r, s in zip(reps["replication"], reps["seed"], strict=True)}


def _mismatch(a: set[tuple[int, int]], b: set[tuple[int, int]]) -> str:
    seeds = (sorted({s for _, s in a}), sorted({s for _, s in b}))
    if seeds[0] != seeds[1]:
        return f"not paired: different seeds ({_short(seeds[0])} against {_short(seeds[1])})"
    return f"not paired: different replications ({len(a)} against {len(b)})"


def _short(values: list[int]) -> str:
    return ", ".join(map(str, values[:3])) + (", ..." if len(values) > 3 else "")


def diff_records(a: ExperimentRecord, b: ExperimentRecord,
                 confidence: float = 0.95) -> RecordDiff:
    """Side-by-side KPIs of ``a`` and ``b``, and b - a per replication where they are paired."""
    found = pairings(a, b)
    frames = [_paired(a, b, p, confidence) for p in found if p.paired]
    paired = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["experiment_key_a", "experiment_key_b", "kpi", "unit", "mean_difference",
                 "sd", "ci_low", "ci_high", "n"])
    return RecordDiff(side_by_side([a, b]), found, paired)


def _paired(a: ExperimentRecord, b: ExperimentRecord, pairing: Pairing,
            confidence: float) -> pd.DataFrame:
    reps_a = a.replications[a.replications["experiment_key"] == pairing.key_a]
    reps_b = b.replications[b.replications["experiment_key"] == pairing.key_b]
    kpis = [k for k in LINE_UNITS if k in reps_a and k in reps_b]
    table = paired_difference(reps_a, reps_b, kpis, confidence)
    return table.assign(experiment_key_a=pairing.key_a, experiment_key_b=pairing.key_b)[
        ["experiment_key_a", "experiment_key_b", *table.columns]]
