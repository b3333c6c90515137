"""Paired differences between records: computed by hand from the replications, and refused
when the seeds or replications differ."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from store_helpers import entry, experiments

from twin.store import ExperimentStore, diff_records, side_by_side


@pytest.fixture
def store(tmp_path):
    opened = ExperimentStore.open(str(tmp_path / "store.db"))
    yield opened
    opened.close()


def test_same_seeds_give_the_paired_difference_and_its_t_interval(store):
    base = experiments(replications=4, seed=3, buffer=0)
    more = experiments(replications=4, seed=3, buffer=6)
    a = store.get(store.record(entry(base)))
    b = store.get(store.record(entry(more)))
    diff = diff_records(a, b)
    assert [p.paired for p in diff.pairings] == [True]
    # by hand: b - a per replication, then mean +- t(0.975, n-1) sd / sqrt(n)
    d = (more["store line"].replications["throughput_uph"].to_numpy()
         - base["store line"].replications["throughput_uph"].to_numpy())
    half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / math.sqrt(len(d))
    row = diff.paired.set_index("kpi").loc["throughput_uph"]
    assert row["mean_difference"] == pytest.approx(d.mean(), rel=1e-12)
    assert row["ci_low"] == pytest.approx(d.mean() - half, rel=1e-9)
    assert row["ci_high"] == pytest.approx(d.mean() + half, rel=1e-9)
    assert row["n"] == 4


def test_different_seeds_are_not_paired_and_say_why(store):
    a = store.get(store.record(entry(experiments(replications=3, seed=1))))
    b = store.get(store.record(entry(experiments(replications=3, seed=2))))
    diff = diff_records(a, b)
    assert [p.paired for p in diff.pairings] == [False]
    assert diff.pairings[0].reason == "not paired: different seeds (1 against 2)"
    assert diff.paired.empty


def test_different_replication_counts_are_not_paired(store):
    a = store.get(store.record(entry(experiments(replications=2, seed=1))))
    b = store.get(store.record(entry(experiments(replications=3, seed=1))))
    reason = diff_records(a, b).pairings[0].reason
    assert reason == "not paired: different replications (2 against 3)"


def test_the_only_experiments_of_two_records_pair_even_with_other_names(store):
    a = store.get(store.record(entry(experiments(replications=2, seed=5, name="line A"))))
    b = store.get(store.record(entry(experiments(replications=2, seed=5, name="line B"))))
    pairing = diff_records(a, b).pairings[0]
    assert (pairing.key_a, pairing.key_b, pairing.paired) == ("line A", "line B", True)


def test_side_by_side_lists_every_record_for_every_line_kpi(store):
    records = [store.get(store.record(entry(experiments(replications=2, seed=s))))
               for s in (1, 2, 3)]
    table = side_by_side(records)
    throughput = table.query("kpi == 'throughput_uph'")
    assert throughput["record"].tolist() == [r.id for r in records]
    assert throughput["mean"].tolist() == pytest.approx(
        [float(np.mean(r.replications["throughput_uph"])) for r in records])
    assert table["kpi"].iloc[0] == "throughput_uph"  # in the order of the KPI reference
