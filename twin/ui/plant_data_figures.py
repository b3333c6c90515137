"""Pure Plotly builders of the Plant data page: fitted curves over the data, Q-Q plots."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from twin.fitting import QUANTITIES, QuantityFit, kaplan_meier

_UNIT = {quantity: unit for quantity, (_, _, unit) in QUANTITIES.items()}


def density_figure(qfit: QuantityFit, family: str) -> go.Figure:
    """Histogram (density) of the complete durations with the candidate's density over it."""
    unit_s, unit = qfit.unit_s, _UNIT[qfit.quantity]
    complete = qfit.sample.values[~qfit.sample.censored] / unit_s
    figure = go.Figure(go.Histogram(x=complete, histnorm="probability density",
                                    name="log (complete durations)", opacity=0.6))
    dist = qfit.candidates[family].frozen()
    if dist is not None and len(complete):
        grid = np.linspace(0, float(np.quantile(complete, 0.995)) * 1.1, 200)
        figure.add_trace(go.Scatter(x=grid, y=dist.pdf(grid * unit_s) * unit_s, mode="lines",
                                    name=f"{family} fit"))
    figure.update_layout(xaxis_title=f"{qfit.quantity.replace('_', ' ')} [{unit}]",
                         yaxis_title=f"density [1/{unit}]", height=320,
                         margin={"t": 30, "b": 40})
    return figure


def qq_figure(qfit: QuantityFit, family: str) -> go.Figure:
    """Q-Q plot valid with censoring: Kaplan-Meier quantiles against the candidate's."""
    unit_s, unit = qfit.unit_s, _UNIT[qfit.quantity]
    times, survival = kaplan_meier(qfit.sample)
    before = np.r_[1.0, survival[:-1]]
    probability = 1.0 - (before + survival) / 2  # mid-step plotting positions
    dist = qfit.candidates[family].frozen()
    if dist is None:
        data = np.sort(np.asarray(qfit.candidates[family].samples))
        theoretical = np.quantile(data, probability)
    else:
        theoretical = dist.ppf(probability)
    top = float(max(times.max(), np.nanmax(theoretical))) / unit_s
    figure = go.Figure([
        go.Scatter(x=theoretical / unit_s, y=times / unit_s, mode="markers", name="log"),
        go.Scatter(x=[0, top], y=[0, top], mode="lines", name="perfect fit"),
    ])
    figure.update_layout(xaxis_title=f"{family} quantile [{unit}]",
                         yaxis_title=f"Kaplan-Meier quantile [{unit}]", height=320,
                         margin={"t": 30, "b": 40})
    return figure
