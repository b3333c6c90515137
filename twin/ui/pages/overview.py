"""Overview page: the welded route and the giga-casting side by side, and what decided it.

Both routes run with the same seeds, so the differences are paired (common random numbers);
change the levers on the What-if page and this page follows.
"""

from __future__ import annotations

import streamlit as st

from twin.ui import components as ui
from twin.ui import state


def render() -> None:
    """Draw the page."""
    st.title("Welded steel or one giga-casting?")
    run = state.route_run()
    st.caption(
        f"Rear underbody. Each route simulated for {run['days']:g} days x "
        f"{run['replications']} replications (seed {run['seed']}); change the levers and the "
        "run length on What-if."
    )
    experiments = ui.run_routes(state.route_specs(), run)
    ui.show_comparison(experiments)


render()
