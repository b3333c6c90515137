"""Record, list, read back and delete, on SQLite and on a real PostgreSQL (``store_url``)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from store_helpers import entry, experiments

from lines.scenario_io import parse_scenario, scenario_to_yaml
from twin.outputs import SEED_RULE, versions
from twin.store import SCHEMA_VERSION, ExperimentStore, NotFoundError


@pytest.fixture
def store(store_url):
    opened = ExperimentStore.open(store_url)
    yield opened
    opened.close()


def test_a_record_reads_back_as_it_was_recorded(store):
    found = experiments(replications=3, seed=7)
    new_id = store.record(entry(found, tag="kaizen-1", note="first try"))
    record = store.get(new_id)
    experiment = found["store line"]
    assert (record.command, record.tag, record.note, record.source) == (
        "run", "kaizen-1", "first try", "cli")
    assert (record.seed, record.replications_count, record.seed_rule) == (7, 3, SEED_RULE)
    assert record.replication_seeds == [{"seed": 7, "replication": i} for i in range(3)]
    assert record.overrides == {"horizon_days": 0.25}
    assert record.versions == versions()
    assert record.metadata["scenarios"] == {"store line": experiment.scenario.digest()}
    assert record.created_utc.tzinfo is not None
    # the scenario as run, in full: it parses back to the same scenario
    yaml_text = record.scenarios["store line"].yaml
    assert yaml_text == scenario_to_yaml(experiment.scenario)
    assert parse_scenario(yaml_text).digest() == experiment.scenario.digest()
    # the summary KPIs with their CIs, every scope
    expected = experiment.summary.set_index(["scope", "kpi"])
    shown = record.summary.set_index(["scope", "kpi"])
    assert len(shown) == len(expected)
    for column in ("mean", "ci_low", "ci_high"):
        pd.testing.assert_series_equal(shown.loc[expected.index, column].astype(float),
                                       expected[column].astype(float), check_names=False)
    # the line KPIs of every replication (what a paired difference needs)
    reps = record.replications.set_index("replication")
    for kpi in ("throughput_uph", "wip_mean_units", "good_units"):
        assert reps[kpi].tolist() == pytest.approx(experiment.replications[kpi].tolist(),
                                                   rel=1e-12)


def test_a_missing_value_comes_back_missing(store):
    found = experiments(replications=1)  # one replication: sd and CI are NaN
    record = store.get(store.record(entry(found)))
    row = record.summary.set_index(["scope", "kpi"]).loc[("line", "throughput_uph")]
    assert math.isnan(row["ci_low"])
    assert math.isnan(row["sd"])
    assert row["mean"] == pytest.approx(
        found["store line"].replications["throughput_uph"].iloc[0])


def test_history_is_newest_first_and_filters_by_tag_command_and_count(store):
    found = experiments(replications=2)
    ids = [store.record(entry(found, tag=tag, command=command))
           for tag, command in [("a", "run"), ("b", "run"), ("a", "sweep"), (None, "run")]]
    assert store.history()["id"].tolist() == ids[::-1]
    assert store.history(tag="a")["id"].tolist() == [ids[2], ids[0]]
    assert store.history(command="sweep")["id"].tolist() == [ids[2]]
    assert store.history(last=2)["id"].tolist() == [ids[3], ids[2]]
    assert store.count() == 4
    mean = found["store line"].summary.query("scope == 'line' and kpi == 'throughput_uph'")
    assert store.history()["throughput_uph"].iloc[0] == f"{mean['mean'].iloc[0]:.2f}"


def test_delete_removes_the_record_and_its_rows(store):
    found = experiments(replications=2)
    keep, drop = store.record(entry(found)), store.record(entry(found))
    assert store.delete(drop) is True
    assert store.delete(drop) is False
    assert store.history()["id"].tolist() == [keep]
    with pytest.raises(NotFoundError, match=f"no experiment {drop}"):
        store.get(drop)
    assert len(store.get(keep).summary) == len(found["store line"].summary)


def test_opening_twice_keeps_the_records_and_the_schema_version(store_url):
    first = ExperimentStore.open(store_url)
    new_id = first.record(entry(experiments(replications=2)))
    first.close()
    again = ExperimentStore.open(store_url)
    assert again.get(new_id).id == new_id
    assert again.count() == 1
    with again._engine.connect() as connection:  # noqa: SLF001 - the version table itself
        versions_found = connection.exec_driver_sql(
            "SELECT version FROM store_version").scalars().all()
    assert versions_found == list(range(1, SCHEMA_VERSION + 1))
    again.close()
