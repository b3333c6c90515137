"""AppTest of the Plant data page: the example log is fitted, its figures and tables shown,
a candidate can be picked, and a bad upload path gives the reader's message."""

from __future__ import annotations

import json

import pytest

from twin.fitting import fit_event_log, parse_event_log
from twin.ui import plant_data_figures


def test_the_example_log_is_fitted_and_shown_with_figures(app, open_page):
    at = open_page(app, "plant_data")
    at.button(key="plant_example").click().run()
    assert not at.exception, at.exception
    reliability = at.dataframe[0].value
    assert list(reliability["station"]) == ["press"]
    # the example cell has Weibull(1.8, 4 h) failures: MTBF 3.56 h, repairs 20 min
    assert reliability["mtbf_h_ci_low"].iloc[0] < 3.557 < reliability["mtbf_h_ci_high"].iloc[0]
    assert reliability["mttr_min_ci_low"].iloc[0] < 20 < reliability["mttr_min_ci_high"].iloc[0]
    kinds = {json.loads(el.proto.spec)["data"][0]["type"] for el in at.get("plotly_chart")}
    assert kinds == {"histogram", "scatter"}
    before = at.dataframe[2].value
    best = before[(before["quantity"] == "time_between_failures") & before["chosen"]]
    pick = at.selectbox(key="pick_press_time_between_failures")
    assert pick.value == best["family"].iloc[0]  # the lowest-AIC candidate is preselected
    assert best["delta_aic"].iloc[0] == 0
    pick.set_value("exponential").run()
    assert not at.exception
    table = at.dataframe[2].value
    chosen = table[(table["quantity"] == "time_between_failures") & table["chosen"]]
    assert list(chosen["family"]) == ["exponential"]
    at.button(key="plant_run").click().run()
    assert not at.exception
    # 60 s cycles at availability MTBF / (MTBF + MTTR) = 3.557 / (3.557 + 0.333) h: 54.9 / h
    shown = float(at.metric[0].value)
    assert 52 < shown < 57.5


@pytest.fixture
def small_fit():
    text = "station,state,start_s,end_s\n" + "".join(
        f"a,working,{10 * i},{10 * i + 5 + i % 3}\na,starved,{10 * i + 5 + i % 3},{10 * i + 10}\n"
        for i in range(40))
    return fit_event_log(parse_event_log(text), resamples=0)


def test_the_qq_plot_puts_kaplan_meier_quantiles_against_the_fits(small_fit):
    qfit = small_fit.stations["a"].quantities["cycle_time"]
    figure = plant_data_figures.qq_figure(qfit, "normal")
    points = figure.data[0]
    assert len(points.x) == len(set(qfit.sample.values[~qfit.sample.censored]))
    assert figure.layout.yaxis.title.text == "Kaplan-Meier quantile [s]"


def test_a_bad_log_shows_the_readers_message_and_no_tables(app, open_page):
    at = open_page(app, "plant_data")
    at.session_state["plant_log"] = (b"station;state;start;end\na;working;0;1\n", "bad.csv")
    at.run()
    assert not at.exception
    assert any("bad.csv: line 1" in e.value and "semicolons" in e.value for e in at.error)
    assert len(at.dataframe) == 0
