"""Pure Plotly builders: the right traces, units on the axes, the bottleneck marked."""

from __future__ import annotations

import pandas as pd
import trimesh

from twin.ui import figures, tables


def split_table() -> pd.DataFrame:
    rows = []
    for name, working, neck in (("press", 60.0, False), ("weld", 80.0, True)):
        row = {"station": name, "bottleneck": neck, "bottleneck_pct": 100.0 * neck}
        row |= {f"{s}_pct": 0.0 for s in figures.TIME_SPLIT}
        row |= {"working_pct": working, "blocked_pct": 100.0 - working}
        rows.append(row)
    return pd.DataFrame(rows)


def test_time_split_bars_stack_every_state_and_mark_the_bottleneck():
    fig = figures.time_split_bars(split_table())
    assert [t.name for t in fig.data] == [tables.STATE_LABELS[s] for s in figures.TIME_SPLIT]
    assert fig.layout.barmode == "stack"
    assert list(fig.data[0].y) == ["press", "<b>weld (bottleneck)</b>"]
    assert list(fig.data[0].x) == [60.0, 80.0]
    assert "[%]" in fig.layout.xaxis.title.text


def test_throughput_over_time_has_units():
    hourly = tables.throughput_by_hour([(1, 2, 3)])
    fig = figures.throughput_over_time(hourly)
    assert len(fig.data) == 2
    assert "[units/h]" in fig.layout.yaxis.title.text
    assert "[h]" in fig.layout.xaxis.title.text


def test_state_gantt_bars_start_at_their_base():
    intervals = pd.DataFrame({"machine": ["a #1", "a #1"], "state": ["working", "failed"],
                              "start_h": [0.0, 1.0], "duration_h": [1.0, 0.5]})
    fig = figures.state_gantt(intervals)
    failed = next(t for t in fig.data if t.name == "failed")
    assert list(failed.base) == [1.0]
    assert list(failed.x) == [0.5]


def test_assembly_mesh_draws_one_mesh3d_per_group():
    groups = {"floor": trimesh.creation.box((1, 1, 0.1)), "rail": trimesh.creation.box((2, .1, .1))}
    fig = figures.assembly_mesh(groups, "test")
    assert [t.type for t in fig.data] == ["mesh3d", "mesh3d"]
    assert [t.name for t in fig.data] == ["floor", "rail"]
    assert len(fig.data[0].i) == len(groups["floor"].faces)
    assert fig.layout.scene.aspectmode == "data"


def test_calibration_curve_in_percent_with_the_diagonal():
    table = pd.DataFrame({"scorer": ["model"] * 2, "bin": [0, 1],
                          "p_predicted_mean": [0.02, 0.1], "scrap_rate_observed": [0.03, 0.09]})
    fig = figures.calibration_curve(table)
    assert fig.data[0].name == "perfect calibration"
    assert list(fig.data[1].x) == [2.0, 10.0]


def test_process_window_heatmap_is_in_percent():
    grid = pd.DataFrame({"a": [1, 1, 2, 2], "b": [5, 6, 5, 6], "p_scrap": [.1, .2, .3, .4]})
    fig = figures.process_window_heatmap(grid, "a", "b", "A [x]", "B [y]")
    assert fig.data[0].type == "heatmap"
    assert fig.data[0].z.tolist() == [[10.0, 30.0], [20.0, 40.0]]
    assert fig.layout.xaxis.title.text == "A [x]"


def test_sweep_chart_one_line_per_second_parameter_with_ci_bars():
    table = pd.DataFrame({"p": [0, 2, 0, 2], "q": [1, 1, 3, 3], "k_mean": [1.0, 2, 3, 4],
                          "k_ci_low": [0.5, 1.5, 2.5, 3.5], "k_ci_high": [1.5, 2.5, 3.5, 4.5]})
    fig = figures.sweep_chart(table, "k", "K [u]", ["p", "q"])
    assert [t.name for t in fig.data] == ["q = 1", "q = 3"]
    assert list(fig.data[0].error_y.array) == [0.5, 0.5]
