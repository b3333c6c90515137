"""A cost-per-body objective for any line: machine-hours and buffer places per body delivered.

``cost_per_body_usd`` = (machines x machine rate + buffer places x place rate) x hours /
min(good bodies, demand): output beyond the demand is worth nothing, so a line that
over-produces pays for idle capacity. ``demand_met_share`` = good bodies / demand. The rates
are simple placeholders a user sets (US$/h); a demand-planning study with the full cost
model is the richer objective, this one needs nothing but a scenario. The line KPIs of
every replication come along, so a constraint may bound any of them (e.g.
``lead_time_mean_min<=30``). Unlimited buffers cost nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from twin.experiments.kpis import LINE_UNITS
from twin.experiments.replications import ExperimentResult


@dataclass(frozen=True)
class LineCost:
    """The demand [bodies/h] and the rates of a machine and of a buffer place [US$/h]."""

    demand_uph: float
    machine_usd_per_h: float
    buffer_place_usd_per_h: float

    def __call__(self, experiment: ExperimentResult,
                 settings: Mapping[str, Any]) -> dict[str, Sequence[float]]:
        """Per replication: cost per body, share of the demand met, and every line KPI."""
        scenario = experiment.scenario
        hours = scenario.horizon_days * 24.0
        machines = sum(station.machines for station in scenario.stations)
        places = sum(station.buffer_capacity or 0 for station in scenario.stations)
        rate = machines * self.machine_usd_per_h + places * self.buffer_place_usd_per_h
        demand = self.demand_uph * hours
        good = experiment.replications["good_units"].to_numpy(dtype=float)
        delivered = np.maximum(np.minimum(good, demand), 1.0)  # none delivered: cost of one
        reps = experiment.replications
        return {"cost_per_body_usd": list(rate * hours / delivered),
                "demand_met_share": list(good / demand),
                **{kpi: reps[kpi].astype(float).tolist() for kpi in LINE_UNITS}}
