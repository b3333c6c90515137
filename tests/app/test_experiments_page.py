"""The Experiments page: the store's history filtered and sorted, records compared (paired),
one re-opened in What-if with its settings, one deleted after a confirmation."""

from __future__ import annotations

import math

import pytest
from scipy import stats
from store_helpers import entry, experiments

from twin import comparison
from twin.cost import CostRates
from twin.store import ExperimentStore
from twin.ui import experiment_views as views
from twin.ui import state


@pytest.fixture
def store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'page.db'}"
    monkeypatch.setenv("GIGATWIN_STORE", url)
    opened = ExperimentStore.open(url)
    yield opened
    opened.close()


def test_the_history_filters_sorts_and_compares_paired(app, open_page, store):
    base, more = experiments(3, seed=1, buffer=0), experiments(3, seed=1, buffer=6)
    first = store.record(entry(base, tag="kaizen-1"))
    second = store.record(entry(more, tag="kaizen-2", note="bigger buffer"))
    store.record(entry(experiments(3, seed=2), tag="other"))
    at = open_page(app, "experiments")
    table = at.dataframe[0].value
    assert table["id"].tolist() == [3, 2, 1]  # newest first
    at.text_input(key="exp_filter").set_value("KAIZEN").run()
    assert at.dataframe[0].value["id"].tolist() == [2, 1]
    at.selectbox(key="exp_sort").set_value("oldest first").run()
    assert at.dataframe[0].value["id"].tolist() == [1, 2]
    assert "2 of 3 experiments" in [c.value for c in at.caption]
    at.multiselect(key="exp_pick").set_value([first, second]).run()
    assert not at.exception
    side = at.dataframe[1].value.set_index("kpi")
    mean = base["store line"].summary.query("scope == 'line' and kpi == 'throughput_uph'")
    assert side.loc["throughput_uph", "#1 store line"].startswith(f"{mean['mean'].iloc[0]:.4g} [")
    paired = at.dataframe[2].value.set_index("kpi")
    d = (more["store line"].replications["throughput_uph"].to_numpy()
         - base["store line"].replications["throughput_uph"].to_numpy())
    half = stats.t.ppf(0.975, 2) * d.std(ddof=1) / math.sqrt(3)
    row = paired.loc["throughput_uph"]
    assert row["mean_difference"] == pytest.approx(d.mean(), abs=1e-4)
    assert row["ci_high"] - row["ci_low"] == pytest.approx(2 * half, abs=2e-4)
    assert any("paired: the same 3 replications and seeds" in c.value for c in at.caption)


def test_delete_asks_first_and_cancel_keeps_the_record(app, open_page, store):
    ids = [store.record(entry(experiments(2), tag=t)) for t in ("keep", "drop")]
    at = open_page(app, "experiments")
    at.selectbox(key="exp_one").set_value(ids[1]).run()
    at.button(key="exp_delete").click().run()
    assert "This cannot be undone" in at.warning[0].value
    assert store.count() == 2  # nothing deleted before the confirmation
    at.button(key="exp_cancel").click().run()
    assert store.count() == 2
    at.button(key="exp_delete").click().run()
    at.button(key="exp_confirm").click().run()
    assert not at.exception
    assert store.history()["id"].tolist() == [ids[0]]
    assert at.dataframe[0].value["id"].tolist() == [ids[0]]


def test_a_what_if_record_reopens_in_what_if_with_its_settings(app, open_page, store):
    specs = comparison.default_specs()
    specs["casting"] = specs["casting"].with_changes(cells=3)
    cost = {"volume": 123_000.0, "rates": CostRates(), "prices": {}}
    settings = views.WhatIfSettings(specs, cost, {"days": 0.5, "replications": 2, "seed": 9})
    found = experiments(2)
    results = {"welded": found["store line"], "casting": found["store line"]}
    new_id = store.record(views.what_if_entry(results, settings, tag="reopen"))
    at = open_page(app, "experiments")
    at.selectbox(key="exp_one").set_value(new_id).run()
    at.button(key="exp_reopen").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[state.SPECS_KEY]["casting"].cells == 3
    assert at.session_state[state.COST_KEY]["volume"] == 123_000.0
    assert at.session_state[state.ROUTE_RUN_KEY] == {"days": 0.5, "replications": 2, "seed": 9}
    assert at.number_input(key="wi_cells").value == 3  # the What-if form shows them
    assert at.number_input(key="wi_seed").value == 9


def test_a_run_record_goes_to_the_line_library_instead(app, open_page, store):
    new_id = store.record(entry(experiments(2)))
    at = open_page(app, "experiments")
    at.selectbox(key="exp_one").set_value(new_id).run()
    at.button(key="exp_reopen").click().run()
    assert "not a route comparison" in at.info[0].value
    assert "store line (uploaded)" in at.session_state[state.UPLOADED_KEY]


def test_a_store_that_cannot_be_used_is_an_error_naming_it(app, open_page, tmp_path,
                                                           monkeypatch):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"\x00not sqlite" * 300)
    monkeypatch.setenv("GIGATWIN_STORE", str(broken))
    at = open_page(app, "experiments")
    assert at.error[0].value.startswith(f"experiment store sqlite:///{broken}: ")


def test_a_what_if_run_is_recorded_and_reopens_as_it_ran(app, open_page, store):
    at = open_page(app, "what_if")
    assert store.count() == 0  # opening the page runs the defaults: not a what-if of the user
    at.number_input(key="wi_cells").set_value(2)
    at.number_input(key="wi_days").set_value(0.5)
    at.number_input(key="wi_reps").set_value(2)
    at.number_input(key="wi_seed").set_value(5)
    at.button(key="FormSubmitter:what_if-Run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    record = store.get(int(store.history()["id"].iloc[0]))
    assert (record.command, record.source, record.seed) == ("what-if", "app", 5)
    assert sorted(record.keys) == ["casting", "welded"]
    assert any(c.value.startswith(f"Recorded as experiment {record.id}") for c in at.caption)
    settings = views.what_if_settings(record)
    assert settings.specs["casting"].cells == 2
    assert settings.run == {"days": 0.5, "replications": 2, "seed": 5}
    assert settings.specs == at.session_state[state.SPECS_KEY]
