"""Overview page: both routes sized for the same annual demand, simulated and costed at it.

The question the product answers: for N good bodies a year on the study's operating pattern,
what does each route need, does it make the volume, and what does a body cost, with what
risk. The What-if levers (route parameters, prices, rates, shifts) feed the same study.
"""

from __future__ import annotations

import streamlit as st

from twin.ui import plan_views, state


def plan_form() -> None:
    """Demand and run settings; Plan stores them in the session and reruns the plan."""
    run = state.plan_run()
    with st.form("plan"):
        left, a, b, c = st.columns([2, 1, 1, 1])
        demand = left.number_input(
            "Annual demand [good bodies/yr]", min_value=1_000.0, max_value=5_000_000.0,
            value=float(run["demand"]), step=10_000.0, key="plan_demand",
            help="Good rear underbodies needed a year; both routes are sized for it.")
        days = a.number_input("Run length [days]", 1.0, 365.0, float(run["days"]), 7.0,
                              key="plan_days", help="Measured days per replication.")
        reps = b.number_input("Replications", 2, 50, int(run["replications"]), 1,
                              key="plan_reps", help="Replications per route (paired).")
        seed = c.number_input("Seed", 0, None, int(run["seed"]), 1, key="plan_seed")
        if st.form_submit_button("Plan", type="primary"):
            st.session_state[state.PLAN_RUN_KEY] = {
                "demand": float(demand), "days": float(days), "replications": int(reps),
                "seed": int(seed)}


def render() -> None:
    """Draw the page."""
    st.title("Welded steel or one giga-casting, for your demand?")
    plan_form()
    study = state.session_study()
    st.caption(
        f"Rear underbody. Each route is sized from a pilot run of one unit, then simulated "
        f"releasing {study.annual_demand_bodies:,.0f} bodies a year for "
        f"{study.run.horizon_days:g} days x {study.run.replications} replications (seed "
        f"{study.run.seed}); the What-if page changes the route parameters and prices, and "
        "answers the other question: what the installed lines make at full capacity.")
    plan_views.show_plan(plan_views.run_plan_with_bar(study))


render()
