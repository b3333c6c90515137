"""Cost page: cost per good body by element, break-even over volume, sensitivity tornado.

Process-based cost model (Kirchain & Field) on the simulated routes: cycle, OEE, scrap and
energy come from the runs of the Overview/What-if settings; rates and prices are sourced
defaults or the What-if values. The downloads are ``gigatwin compare --out``'s files.
"""

from __future__ import annotations

import streamlit as st

from twin.cost import breakeven_volumes, cost_tables, tornado
from twin.ui import components as ui
from twin.ui import figures, state


def render() -> None:
    """Draw the page."""
    st.title("Cost: what a good body costs on each route")
    settings = state.cost_settings()
    st.caption(f"At {settings['volume']:,.0f} good bodies a year, US$ (2025). Change the "
               "volume, prices and levers on What-if.")
    experiments = ui.run_routes(state.route_specs(), state.route_run())
    costs = ui.route_costs(experiments)
    scenario = costs.scenario
    files = cost_tables(scenario.welded, scenario.casting, scenario.rates)  # compare's tables
    breakdown = files["cost_breakdown"]
    st.plotly_chart(figures.cost_breakdown_bars(breakdown), key="cost_bars", width="stretch")
    ui.csv_download(breakdown, "cost_breakdown.csv", "dl_cost")
    curves = files["breakeven"]
    crossings = breakeven_volumes(scenario.welded, scenario.casting, scenario.rates)
    st.plotly_chart(figures.breakeven_lines(curves, crossings), key="breakeven", width="stretch")
    if crossings:
        listed = ", ".join(f"{volume:,.0f}" for volume in crossings)
        st.caption(f"Break-even volumes (dashed lines): {listed} good bodies a year. The "
                   "curves step up where a route needs one more line or cell.")
    else:
        st.caption("The curves do not cross between 20,000 and 500,000 bodies a year.")
    ui.csv_download(curves, "breakeven.csv", "dl_breakeven")
    sensitivity = tornado(scenario)
    st.plotly_chart(figures.tornado_chart(sensitivity), key="tornado", width="stretch")
    st.dataframe(sensitivity.round(2), hide_index=True, width="stretch")
    ui.csv_download(files["sensitivity"], "sensitivity.csv", "dl_tornado")
    ui.download_all_button(experiments, "cost")


render()
