"""AppTest for each page: the values shown are the values the public APIs compute."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np

from lines import load_scenario
from parts_catalog import load_catalog
from twin import run_experiment

REPO = Path(__file__).resolve().parents[2]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def charts(at) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def values(data) -> list:
    """A Plotly JSON array as a flat list (Plotly 6+ sends numbers as base64 typed arrays)."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(np.ravel(data))


def test_lines_page_shows_the_experiment_means(app, open_page):
    at = open_page(app, "lines")
    at.number_input(key="lines_days").set_value(2.0)
    at.number_input(key="lines_reps").set_value(2)
    at.run()
    assert not at.exception
    scenario = load_scenario(REPO / "examples/body_subline.yaml").with_changes(horizon_days=2.0)
    expected = run_experiment(scenario, replications=2, seed=0)
    line = expected.summary.set_index(["scope", "kpi"]).loc["line"]
    shown = metrics(at)
    assert shown["Throughput [units/h]"] == f"{line.loc['throughput_uph', 'mean']:.1f}"
    assert shown["Scrap rate [%]"] == f"{100 * line.loc['scrap_share', 'mean']:.2f}"
    assert shown["Bottleneck"] in {s.name for s in scenario.stations}
    kinds = [[t["type"] for t in c["data"]] for c in charts(at)]
    assert kinds[0] == ["bar"] * 7  # stacked time split
    assert kinds[1] == ["scatter", "scatter"]  # throughput over time
    assert set(kinds[2]) == {"bar"}  # Gantt
    bold = [y for y in charts(at)[0]["data"][0]["y"] if "(bottleneck)" in y]
    assert bold == [f"<b>{shown['Bottleneck']} (bottleneck)</b>"]
    assert at.get("progress")[0].proto.value == 100
    assert {b.label for b in at.main.download_button} == {"Download CSV"}
    assert len(at.main.download_button) == 4
    assert [b.label for b in at.sidebar.download_button] == ["Save session (YAML)"]


def test_parts_page_shows_catalog_masses_and_3d(app, open_page):
    at = open_page(app, "parts")
    totals = load_catalog().totals_table().set_index("route")
    masses = [m.value for m in at.metric if m.label == "Mass per body"]
    assert masses == [f"{totals.loc[r, 'mass_kg']:.1f} kg" for r in ("welded", "casting")]
    parts = [m.value for m in at.metric if m.label == "Parts"]
    assert int(parts[0]) >= 100
    assert int(parts[1]) < 10
    meshes = [c for c in charts(at) if c["data"][0]["type"] == "mesh3d"]
    assert len(meshes) == 2
    table = at.dataframe[0].value
    assert {"mass_kg", "material", "thickness_mm"} <= set(table.columns)
    assert len(table) == int(parts[0])
    labels = {b.label for b in at.download_button}
    assert {"Whole assembly (GLB)", "Parts table (CSV)"} <= labels


def test_defects_page_scores_window_map_and_scrap(app, open_page):
    at = open_page(app, "defects")
    shown = metrics(at)
    model_auc = float(shown["ROC AUC of the model"])
    best_auc = float(shown["Best possible ROC AUC"])
    assert 0.6 < model_auc <= best_auc + 0.01
    assert 0.0 < float(shown["Brier score of the model"]) < 0.1
    heat = next(c for c in charts(at) if c["data"][0]["type"] == "heatmap")
    assert "cavity pressure" in heat["layout"]["yaxis"]["title"]["text"]
    z = values(heat["data"][0]["z"])
    assert 0.0 <= min(z) < max(z) <= 100.0
    at.selectbox(key="map_x").set_value("melt_temp_c").run()
    heat = next(c for c in charts(at) if c["data"][0]["type"] == "heatmap")
    assert heat["layout"]["xaxis"]["title"]["text"].startswith("melt temperature")


def test_sweeps_page_runs_a_sweep_and_rejects_bad_values(app, open_page):
    at = open_page(app, "sweeps")
    assert at.selectbox(key="sweep_p1").value == "stations.framing.buffer_capacity"
    at.text_input(key="sweep_v1").set_value("0, 6")
    at.number_input(key="sweep_days").set_value(1.0)
    at.number_input(key="sweep_reps").set_value(2)
    at.button[0].click().run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table["stations.framing.buffer_capacity"].tolist() == [0, 6]
    chart = charts(at)[0]
    assert values(chart["data"][0]["x"]) == [0, 6]
    assert chart["layout"]["yaxis"]["title"]["text"] == "Throughput [units/h]"
    at.text_input(key="sweep_v1").set_value("a, b")
    at.button[0].click().run()
    assert "Cannot read the values" in at.error[0].value


def route_experiments(days=5.0, reps=3, **casting_changes):
    from lines.routes import build_route_scenario
    from twin import comparison

    catalog, specs = load_catalog(), comparison.default_specs()
    specs["casting"] = specs["casting"].with_changes(**casting_changes)
    return {r: run_experiment(build_route_scenario(specs[r].with_changes(horizon_days=days),
                                                   catalog), reps, 0) for r in comparison.ROUTES}


def route_metric(at, label: str) -> list[str]:
    return [m.value for m in at.metric if m.label == label]


def test_overview_plans_both_routes_for_the_demand(app):
    from twin import comparison
    from twin.cost import CostRates
    from twin.planning import run_plan
    from twin.ui import state

    study = state.study_from_settings(comparison.default_specs(),
                                      {"volume": 250_000.0, "rates": CostRates()},
                                      app.session_state["plan_run"])
    assert study.annual_demand_bodies == 250_000
    assert study.run.horizon_days == 3.0
    expected = run_plan(study, load_catalog())
    rows = expected.summary.set_index("kpi")
    shown = route_metric(app, "Cost per good body [US$]")
    assert shown == [f"{rows.loc['cost_per_body_usd', f'{r}_mean']:,.1f}"
                     for r in ("welded", "casting")]
    diff = route_metric(app, "Δ Cost per good body [US$]")[0]
    assert diff == f"{rows.loc['cost_per_body_usd', 'difference_mean']:+,.1f}"
    n = int(rows.loc["cost_per_body_usd", "replications_count"])
    met = route_metric(app, "Replications meeting the demand")
    assert met == [f"{round(rows.loc['demand_met', f'{r}_mean'] * n)} of {n}"
                   for r in ("welded", "casting")]
    assert app.info[0].value == expected.verdict
    sizing = app.dataframe[0].value
    assert {"giga cells", "body lines", "weld robots"} <= set(sizing["unit"])
    assert any(c.value.startswith("paired 95 % CI") for c in app.caption)
    assert all(m.help for m in app.metric)  # every figure says what it is


def test_what_if_run_changes_the_casting_metrics_and_reset_restores(app, open_page):
    at = open_page(app, "what_if")
    assert at.number_input(key="wi_cycle").value == 110.0
    before = route_metric(at, "Good bodies per on-shift hour [JPH]")
    at.number_input(key="wi_cycle").set_value(150.0)
    at.button(key="FormSubmitter:what_if-Run").click().run()
    assert not at.exception
    after = route_metric(at, "Good bodies per on-shift hour [JPH]")
    assert after[0] == before[0]  # welded unchanged
    expected = route_experiments(cycle_time_s=150.0)["casting"].replications[
        "throughput_on_shift_uph"]
    assert after[1] == f"{expected.mean():.1f}"
    assert float(after[1]) < float(before[1])
    at.button(key="reset").click().run()
    assert at.number_input(key="wi_cycle").value == 110.0
    assert route_metric(at, "Good bodies per on-shift hour [JPH]") == before


def test_cost_page_breakdown_breakeven_and_tornado(app, open_page):
    overview_cost = route_metric(open_page(app, "what_if"), "Cost per body [US$]")
    at = open_page(app, "cost")
    bars, breakeven, tornado = charts(at)
    totals = {}
    for trace in bars["data"]:
        if trace["type"] == "bar":
            for route, value in zip(values(trace["x"]), values(trace["y"]), strict=True):
                totals[route] = totals.get(route, 0.0) + value
    assert [f"{totals[r]:,.0f}" for r in ("welded", "casting")] == overview_cost
    assert [t["name"] for t in breakeven["data"][:2]] == ["welded", "casting"]
    assert "[good bodies/yr]" in breakeven["layout"]["xaxis"]["title"]["text"]
    assert {t["name"] for t in tornado["data"]} == {"lever at its low value",
                                                    "lever at its high value"}
    table = at.dataframe[0].value
    assert table["swing_usd"].is_monotonic_decreasing
