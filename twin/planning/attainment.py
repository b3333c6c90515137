"""Did a sized route make the demand? Per replication: output, backlog, shortfall, overtime.

The route releases orders on the study's schedule (``twin.planning.scenarios``). A
replication **meets the demand** when the order backlog left at the end of the horizon is at
most one working day of demand: the schedule was kept to within a day, the usual tolerance
of a daily production plan. Output is annualised by on-shift time, so a horizon shorter than
a year (or one that holds more or fewer holidays than the average) is scaled correctly.
"""

from __future__ import annotations

from lines.study import Study
from twin.experiments import ExperimentResult
from twin.planning.scenarios import on_shift_s_per_year

BACKLOG_TOLERANCE_DAYS = 1.0
"""Order backlog at the end of the horizon that still counts as demand met [working days]."""


def attainment_rows(study: Study, experiment: ExperimentResult, lines: int,
                    route: str) -> list[dict[str, object]]:
    """One row per replication: demand, output and backlog of the whole route (all lines)."""
    demand = study.annual_demand_bodies
    year_s = on_shift_s_per_year(study)
    per_day = demand / study.operating_pattern.calendar().working_days_per_year
    scrap = experiment.replications.set_index("replication")["scrap_share"]
    rows = []
    for result in experiment.results:
        on_shift_s = result.planned_time_s
        good = result.finished * lines
        annual = good * year_s / on_shift_s
        backlog = result.order_backlog_units * lines
        achieved_jph = good / (on_shift_s / 3600.0)
        shortfall = max(0.0, demand - annual)
        rows.append({
            "route": route,
            "replication": result.replication,
            "seed": result.seed,
            "lines_count": lines,
            "demand_bodies": demand * on_shift_s / year_s,
            "good_bodies": good,
            "annual_good_bodies": annual,
            "attainment_share": annual / demand,
            "order_backlog_bodies": backlog,
            "order_backlog_days": backlog / per_day,
            "demand_met": backlog <= BACKLOG_TOLERANCE_DAYS * per_day,
            "required_jph_on_shift": demand / (year_s / 3600.0),
            "achieved_jph_on_shift": achieved_jph,
            "shortfall_bodies_per_year": shortfall,
            "overtime_h_per_year": shortfall / achieved_jph if achieved_jph else float("nan"),
            "scrap_share": float(scrap.loc[result.replication]),
        })
    return rows


__all__ = ["BACKLOG_TOLERANCE_DAYS", "attainment_rows"]
