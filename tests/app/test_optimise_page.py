"""The Optimise page: a search on an uploaded line finds the hand-computed cheapest settings,
shows the front as a chart and records every trial."""

from __future__ import annotations

import json

from scenario_builders import SIZING_LINE_YAML as LINE

from lines.scenario_io import parse_scenario
from twin.store import ExperimentStore
from twin.ui import state

# By hand (see tests/twin/optimise): ~60 bodies/h per press machine, demand 90/h, so two
# machines and no buffer: (2 x 100 + 0 x 5 + the trim machine 100) US$/h / 90 bodies/h.


def test_the_page_finds_the_cheapest_settings_and_charts_the_front(app, open_page, tmp_path,
                                                                    monkeypatch):
    url = f"sqlite:///{tmp_path / 'opt.db'}"
    monkeypatch.setenv("GIGATWIN_STORE", url)
    app.session_state[state.UPLOADED_KEY] = {"sizing line (uploaded)": parse_scenario(LINE)}
    at = open_page(app, "optimise")
    at.selectbox(key="opt_line").set_value("sizing line (uploaded)").run()
    at.selectbox(key="opt_p1").set_value("stations.press.machines")
    at.number_input(key="opt_r1_low").set_value(1)
    at.number_input(key="opt_r1_high").set_value(4)
    at.number_input(key="opt_demand").set_value(90.0)
    at.number_input(key="opt_trials").set_value(10)
    at.number_input(key="opt_days").set_value(0.5)
    at.number_input(key="opt_reps").set_value(4)
    at.button(key="FormSubmitter:optimise_form-Optimise").click().run()
    assert not at.exception, [e.value for e in at.exception]
    statement = at.info[0].value
    assert statement.startswith("Best settings {'stations.press.machines': 2}: "
                                f"cost_per_body_usd {300 / 90:.4g} ")
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [trace["name"] for trace in figure["data"]] == ["trials", "front", "best"]
    store = ExperimentStore.open(url)
    assert len(store.history(tag="app-optimise")) == 10
    store.close()
