"""Pure Plotly figure builders for the app: tables in, ``go.Figure`` out, no Streamlit.

Every axis names its quantity and unit; the machine states keep the same colours in every
chart so an engineer learns them once (green working, red failed, orange blocked, ...).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import trimesh

from twin.runtime.results import TIME_SPLIT
from twin.ui.tables import STATE_LABELS

STATE_COLOURS = {
    "working": "#2ca02c",
    "setup": "#17becf",
    "maintenance": "#9467bd",
    "failed": "#d62728",
    "blocked": "#ff7f0e",
    "starved": "#f2c744",
    "off_shift": "#b0b0b0",
}
ROUTE_COLOURS = {"welded": "#4c78a8", "casting": "#f58518"}
PALETTE = (
    "#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2",
    "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac",
)
LAYOUT = {"template": "plotly_white", "margin": {"l": 10, "r": 10, "t": 50, "b": 10}}


def time_split_bars(split: pd.DataFrame) -> go.Figure:
    """Stacked horizontal bars of each station's time split [%], the bottleneck marked.

    Args:
        split: :func:`twin.ui.tables.time_split` output (``station``, ``<state>_pct``,
            ``bottleneck``).
    """
    labels = [
        f"<b>{s} (bottleneck)</b>" if neck else s
        for s, neck in zip(split["station"], split["bottleneck"], strict=True)
    ]
    fig = go.Figure()
    for state in TIME_SPLIT:
        fig.add_bar(
            y=labels,
            x=split[f"{state}_pct"],
            name=STATE_LABELS[state],
            orientation="h",
            marker_color=STATE_COLOURS[state],
            hovertemplate="%{y}: %{x:.1f} %<extra>" + STATE_LABELS[state] + "</extra>",
        )
    fig.update_layout(
        barmode="stack",
        title="Where each station's time goes",
        xaxis_title="share of calendar time [%]",
        yaxis={"autorange": "reversed", "title": "station (line order)"},
        legend={"orientation": "h", "y": -0.2, "traceorder": "normal"},
        height=160 + 40 * len(split),
        **LAYOUT,
    )
    fig.update_xaxes(range=[0, 100])
    return fig


def throughput_over_time(hourly: pd.DataFrame) -> go.Figure:
    """Good units per hour over the measured run, with the 8-hour rolling mean [units/h]."""
    fig = go.Figure()
    fig.add_scatter(
        x=hourly["hour_h"], y=hourly["good_units_per_hour_uph"], mode="lines",
        name="per hour (mean over replications)", line={"color": "#bab0ac", "width": 1},
    )
    fig.add_scatter(
        x=hourly["hour_h"], y=hourly["rolling_8h_mean_uph"], mode="lines",
        name="8-hour rolling mean", line={"color": "#4c78a8", "width": 2.5},
    )
    fig.update_layout(
        title="Throughput over time",
        xaxis_title="time since the end of the warm-up [h]",
        yaxis_title="good units per hour [units/h]",
        legend={"orientation": "h", "y": -0.25},
        **LAYOUT,
    )
    return fig


def state_gantt(intervals: pd.DataFrame, title: str = "Machine states in one shift") -> go.Figure:
    """A Gantt chart of machine states: one row per machine, one colour per state [h]."""
    fig = go.Figure()
    machines = list(dict.fromkeys(intervals["machine"]))
    for state in TIME_SPLIT:
        part = intervals[intervals["state"] == state]
        fig.add_bar(
            y=part["machine"], x=part["duration_h"], base=part["start_h"], orientation="h",
            name=STATE_LABELS[state], marker_color=STATE_COLOURS[state], marker_line_width=0,
            hovertemplate="%{y}: from %{base:.2f} h for %{x:.2f} h<extra>"
            + STATE_LABELS[state] + "</extra>",
        )
    fig.update_layout(
        barmode="overlay",
        title=title,
        xaxis_title="time since the start of the shift [h]",
        yaxis={"categoryorder": "array", "categoryarray": machines[::-1], "title": "machine"},
        legend={"orientation": "h", "y": -0.2, "traceorder": "normal"},
        height=180 + 28 * len(machines),
        **LAYOUT,
    )
    return fig


def assembly_mesh(groups: Mapping[str, trimesh.Trimesh], title: str) -> go.Figure:
    """A 3D view of an assembly: one ``Mesh3d`` trace per group (legend toggles a group).

    Args:
        groups: group name (sub-assembly) -> mesh in metres, already placed in body position.
        title: figure title.
    """
    fig = go.Figure()
    for index, (name, mesh) in enumerate(groups.items()):
        v, f = np.asarray(mesh.vertices), np.asarray(mesh.faces)
        fig.add_trace(
            go.Mesh3d(
                x=v[:, 0], y=v[:, 1], z=v[:, 2], i=f[:, 0], j=f[:, 1], k=f[:, 2],
                name=name, showlegend=True, flatshading=True,
                color=PALETTE[index % len(PALETTE)], hoverinfo="name",
                lighting={"ambient": 0.5, "diffuse": 0.8, "specular": 0.2},
            )
        )
    axis = {"title": "", "showbackground": False}
    fig.update_layout(
        title=title,
        scene={
            "aspectmode": "data",
            "xaxis": {**axis, "title": "x (rearward) [m]"},
            "yaxis": {**axis, "title": "y (right) [m]"},
            "zaxis": {**axis, "title": "z (up) [m]"},
        },
        height=520,
        legend={"title": "sub-assembly"},
        **LAYOUT,
    )
    return fig


def mass_by_route(totals: pd.DataFrame) -> go.Figure:
    """Mass per body of each route [kg], one bar each."""
    fig = go.Figure(
        go.Bar(
            x=totals["route"], y=totals["mass_kg"],
            marker_color=[ROUTE_COLOURS.get(r, "#888") for r in totals["route"]],
            text=[f"{m:.1f} kg" for m in totals["mass_kg"]], textposition="outside",
        )
    )
    fig.update_layout(
        title="Mass per body (rear underbody scope)",
        yaxis_title="mass per body [kg]", xaxis_title="route", **LAYOUT,
    )
    return fig


def calibration_curve(table: pd.DataFrame) -> go.Figure:
    """Reliability diagram: observed scrap rate against mean predicted probability [%]."""
    top = 100 * float(max(table["p_predicted_mean"].max(), table["scrap_rate_observed"].max()))
    fig = go.Figure()
    fig.add_scatter(
        x=[0, top], y=[0, top], mode="lines", name="perfect calibration",
        line={"dash": "dash", "color": "#999"},
    )
    for index, (scorer, part) in enumerate(table.groupby("scorer", sort=False)):
        fig.add_scatter(
            x=100 * part["p_predicted_mean"], y=100 * part["scrap_rate_observed"],
            mode="lines+markers", name=str(scorer), line={"color": PALETTE[index % 10]},
        )
    fig.update_layout(
        title="Calibration: predicted against observed scrap",
        xaxis_title="predicted scrap probability (bin mean) [%]",
        yaxis_title="observed scrap rate [%]",
        **LAYOUT,
    )
    return fig


def process_window_heatmap(
    grid: pd.DataFrame, x: str, y: str, x_label: str, y_label: str
) -> go.Figure:
    """Scrap probability [%] over two process parameters, the others at their set-points."""
    table = grid.pivot_table(index=y, columns=x, values="p_scrap")
    fig = go.Figure(
        go.Heatmap(
            x=table.columns, y=table.index, z=100 * table.to_numpy(),
            colorscale="RdYlGn_r", colorbar={"title": "scrap [%]"},
            hovertemplate=f"{x_label}: %{{x:.3g}}<br>{y_label}: %{{y:.3g}}"
            "<br>scrap: %{z:.1f} %<extra></extra>",
        )
    )
    fig.update_layout(
        title="Process window: predicted scrap probability",
        xaxis_title=x_label, yaxis_title=y_label, **LAYOUT,
    )
    return fig


def scrap_causes(table: pd.DataFrame) -> go.Figure:
    """Horizontal bars of scrapped units per replication by cause."""
    fig = go.Figure(
        go.Bar(
            y=table["cause"], x=table["scrapped_units_per_replication"], orientation="h",
            marker_color="#e45756",
        )
    )
    fig.update_layout(
        title="Scrap by cause in the simulated runs",
        xaxis_title="scrapped units per replication [units]",
        yaxis={"autorange": "reversed", "title": "cause"},
        height=160 + 30 * len(table),
        **LAYOUT,
    )
    return fig


def sweep_chart(
    table: pd.DataFrame, kpi: str, kpi_label: str, params: Sequence[str]
) -> go.Figure:
    """A KPI against the first swept parameter, one line per value of the second, with CIs."""
    x, colour = params[0], params[1] if len(params) > 1 else None
    fig = go.Figure()
    groups = table.groupby(colour, sort=False) if colour else [(None, table)]
    for index, (value, part) in enumerate(groups):
        mean = part[f"{kpi}_mean"]
        fig.add_scatter(
            x=part[x], y=mean, mode="lines+markers",
            name=f"{colour} = {value}" if colour else kpi_label,
            line={"color": PALETTE[index % len(PALETTE)]},
            error_y={
                "type": "data", "symmetric": False,
                "array": part[f"{kpi}_ci_high"] - mean, "arrayminus": mean - part[f"{kpi}_ci_low"],
            },
        )
    fig.update_layout(
        title=f"{kpi_label} against {x} (bars: 95 % confidence interval)",
        xaxis_title=x, yaxis_title=kpi_label, legend={"orientation": "h", "y": -0.25},
        **LAYOUT,
    )
    return fig


def cost_breakdown_bars(table: pd.DataFrame) -> go.Figure:
    """Cost per good body by element, stacked per route [US$/body].

    Args:
        table: ``twin.cost.cost_breakdown_table`` rows (route, element, cost_per_body_usd),
            the ``total`` rows included or not.
    """
    parts = table[table["element"] != "total"]
    fig = go.Figure()
    for index, (element, rows) in enumerate(parts.groupby("element", sort=False)):
        fig.add_bar(
            x=rows["route"], y=rows["cost_per_body_usd"], name=str(element).replace("_", " "),
            marker_color=PALETTE[index % len(PALETTE)],
            hovertemplate="%{x}: US$ %{y:,.1f} per body<extra>%{fullData.name}</extra>",
        )
    totals = parts.groupby("route", sort=False)["cost_per_body_usd"].sum()
    fig.add_scatter(
        x=totals.index, y=totals.to_numpy(), mode="text", showlegend=False,
        text=[f"US$ {v:,.0f}" for v in totals], textposition="top center",
    )
    fig.update_layout(
        barmode="stack", title="Cost per good body by element",
        yaxis_title="cost per good body [US$]", xaxis_title="route",
        legend={"traceorder": "normal"}, height=480, **LAYOUT,
    )
    return fig


def breakeven_lines(curves: pd.DataFrame, crossings: Sequence[float]) -> go.Figure:
    """Cost per body of each route over annual volume, break-even volumes marked."""
    fig = go.Figure()
    for route, rows in curves.groupby("route", sort=False):
        fig.add_scatter(
            x=rows["annual_volume_units"], y=rows["cost_per_body_usd"], mode="lines",
            name=str(route), line={"color": ROUTE_COLOURS.get(str(route), "#888"), "width": 2.5},
        )
    for volume in crossings:
        fig.add_vline(x=volume, line_dash="dash", line_color="#555")  # values in the caption
    fig.update_layout(
        title="Break-even: cost per body over annual volume",
        xaxis_title="annual volume [good bodies/yr]", yaxis_title="cost per good body [US$]",
        legend={"orientation": "h", "y": -0.25}, **LAYOUT,
    )
    return fig


def tornado_chart(table: pd.DataFrame) -> go.Figure:
    """Sensitivity tornado of the cost difference (casting - welded) [US$/body].

    Args:
        table: ``twin.cost.tornado`` output, widest swing first.
    """
    base = float(table["cost_difference_base_usd"].iloc[0])
    labels = [f"{r.lever.replace('_', ' ')} ({r.low_value:g} to {r.high_value:g} {r.unit})"
              for r in table.itertuples()]
    fig = go.Figure()
    for column, name, colour in (("cost_difference_low_usd", "lever at its low value", "#4c78a8"),
                                 ("cost_difference_high_usd", "lever at its high value",
                                  "#f58518")):
        fig.add_bar(y=labels, x=table[column] - base, base=base, orientation="h", name=name,
                    marker_color=colour,
                    hovertemplate="%{y}: US$ %{x:+,.1f}<extra>" + name + "</extra>")
    fig.add_vline(x=base, line_color="#333", annotation_text=f"base US$ {base:+,.0f}",
                  annotation_position="bottom right")
    fig.add_vline(x=0, line_dash="dot", line_color="#999")
    fig.update_layout(
        barmode="overlay", title="What moves the cost difference most",
        xaxis_title="cost difference, casting - welded [US$/body] (below 0: casting cheaper)",
        yaxis={"autorange": "reversed"}, legend={"orientation": "h", "y": -0.25},
        height=200 + 32 * len(table), **LAYOUT,
    )
    return fig


def warmup_plot(series: pd.DataFrame, warmup_h: float, value: str = "output_uph") -> go.Figure:
    """Welch's plot: the replication average from empty, its moving average and the warm-up.

    ``series`` is :meth:`twin.experiments.WarmupRecommendation.series_table` (columns ``hour``,
    ``<value>_mean``, ``<value>_welch``); the vertical line marks the chosen warm-up [h].
    """
    fig = go.Figure()
    fig.add_scatter(x=series["hour"], y=series[f"{value}_mean"], mode="lines",
                    name="per on-shift hour (mean over replications)",
                    line={"color": "#bab0ac", "width": 1})
    fig.add_scatter(x=series["hour"], y=series[f"{value}_welch"], mode="lines",
                    name="Welch moving average", line={"color": "#4c78a8", "width": 2.5})
    label = f"warm-up {warmup_h:g} h (MSER-5)" if warmup_h else "no warm-up needed (MSER-5)"
    fig.add_vline(x=warmup_h, line={"color": "#e45756", "dash": "dash"},
                  annotation_text=label, annotation_position="top right")
    fig.update_layout(title="Warm-up: output from an empty line", xaxis_title="hour from empty [h]",
                      yaxis_title="good units per on-shift hour [units/h]",
                      legend={"orientation": "h", "y": -0.25}, **LAYOUT)
    return fig


def plan_breakeven(table: pd.DataFrame, crossings: pd.DataFrame) -> go.Figure:
    """Both routes re-sized at every volume, dedicated (solid) and shared (dotted) side by side.

    Args:
        table: ``twin.planning.breakeven_table`` output.
        crossings: ``twin.planning.crossing_table`` output (a dashed line each).
    """
    fig = go.Figure()
    for policy, dash in (("dedicated", "solid"), ("shared", "dot")):
        rows = table[table["policy"] == policy]
        for route in ("welded", "casting"):
            fig.add_scatter(
                x=rows["annual_volume_units"], y=rows[f"{route}_cost_per_body_usd"],
                mode="lines", name=f"{route}, {policy}",
                line={"color": ROUTE_COLOURS.get(route, "#888"), "width": 2.5, "dash": dash},
            )
    for row in crossings.itertuples():
        fig.add_vline(x=row.breakeven_volume_units, line_dash="dash", line_color="#555")
    fig.update_layout(
        title="Cost per body over annual volume, both routes re-sized at every volume",
        xaxis_title="annual demand [good bodies/yr]", yaxis_title="cost per good body [US$]",
        legend={"orientation": "h", "y": -0.25}, **LAYOUT,
    )
    return fig
