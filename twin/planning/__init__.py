"""Plan for a demand: both routes sized for one annual volume, simulated and costed at it.

Costs are per replication, with confidence intervals, risk and a re-sized break-even.

Data flows one way: a study (``lines.study``) -> pilots and sizing -> sized route scenarios
releasing the demand -> replications -> per-replication cost -> summary, risk, break-even,
verdict. ``run_plan`` does all of it; the modules are usable on their own.
"""

from twin.planning.attainment import BACKLOG_TOLERANCE_DAYS, attainment_rows
from twin.planning.breakeven import DEFAULT_VOLUMES, breakeven_table, crossing_table
from twin.planning.costing import plan_rates, replication_inputs, step_area
from twin.planning.plan import PlanResult, plan_details, plan_tables, run_plan
from twin.planning.risk import CORRELATIONS, RISK_LEVERS, cost_draws, risk_summary
from twin.planning.scenarios import (
    available_hours_per_year,
    demand_scenario,
    on_shift_s_per_year,
    route_scenario,
)
from twin.planning.sizing import (
    PilotCapacity,
    RouteSizing,
    cells_needed,
    pilot_capacity,
    size_casting,
    size_welded,
    sizing_table,
    takt_for_demand,
    whole_cells,
)
from twin.planning.summary import plan_summary, wilson_interval
from twin.planning.verdict import plan_verdict

__all__ = [
    "BACKLOG_TOLERANCE_DAYS",
    "CORRELATIONS",
    "DEFAULT_VOLUMES",
    "RISK_LEVERS",
    "PilotCapacity",
    "PlanResult",
    "RouteSizing",
    "attainment_rows",
    "available_hours_per_year",
    "breakeven_table",
    "cells_needed",
    "cost_draws",
    "crossing_table",
    "demand_scenario",
    "on_shift_s_per_year",
    "pilot_capacity",
    "plan_rates",
    "plan_summary",
    "plan_details",
    "plan_tables",
    "plan_verdict",
    "replication_inputs",
    "risk_summary",
    "route_scenario",
    "run_plan",
    "size_casting",
    "size_welded",
    "sizing_table",
    "step_area",
    "takt_for_demand",
    "whole_cells",
    "wilson_interval",
]
