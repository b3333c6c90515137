"""Pure pieces of the Optimise page: the search it runs and the front as a Plotly chart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from lines.spec import Scenario
from twin.optimise import (
    Constraint,
    Fidelity,
    LineCost,
    Search,
    Variable,
    scenario_objective,
)

OBJECTIVE = "cost_per_body_usd"
SHARE = "demand_met_share"


def line_search(scenario: Scenario, variables: tuple[Variable, ...], cost: LineCost,
                share: float, days: float, replications: int, seed: int) -> Search:
    """Cost per body under a demand share, short runs first (a quarter of the run length)."""
    short = Fidelity(max(2, replications // 2), days / 4)
    return Search(scenario_objective(scenario.with_changes(horizon_days=days), cost),
                  variables, OBJECTIVE, (Constraint(SHARE, ">=", share),),
                  (short, Fidelity(replications, days)), seed)


def front_chart(front: pd.DataFrame, best: Mapping[str, Any] | None, share: float) -> go.Figure:
    """Cost per body against the share of the demand met; the front joined, the best starred."""
    figure = go.Figure()
    if front.empty:
        return figure
    settings = [c for c in front.columns if c not in ("trial", OBJECTIVE, SHARE, "feasible",
                                                       "on_front")]
    text = front[settings].astype(str).agg(", ".join, axis=1)
    figure.add_scatter(x=front[SHARE], y=front[OBJECTIVE], mode="markers", name="trials",
                       text=text, marker={"color": "lightgray", "size": 9})
    edge = front[front["on_front"]].sort_values(SHARE)
    figure.add_scatter(x=edge[SHARE], y=edge[OBJECTIVE], mode="lines+markers", name="front",
                       text=text[edge.index], marker={"size": 10})
    if best is not None:
        chosen = front[(front[list(best)] == pd.Series(best)).all(axis=1)]
        figure.add_scatter(x=chosen[SHARE], y=chosen[OBJECTIVE], mode="markers", name="best",
                           marker={"symbol": "star", "size": 18})
    figure.add_vline(x=share, line_dash="dash", annotation_text="demand to meet")
    figure.update_layout(xaxis_title="share of the demand met", yaxis_title="cost per body [US$]",
                         height=420, margin={"t": 30})
    return figure
