"""Optimise page: the cheapest machine counts and buffers that meet a demand, on any line.

A seeded Optuna search proposes settings, runs each at a short fidelity first and only the
promising ones at the full one (common random numbers: one seed for every trial), confirms
the best with more replications and says how sure it is against the runner-up. Every trial is
recorded in the experiment store (tag ``app-optimise``).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from lines import Scenario
from twin.optimise import Fidelity, LineCost, Variable, optimise, store_recorder
from twin.store import StoreError
from twin.ui import components as ui
from twin.ui import optimise_views as views
from twin.ui import params, recording

RESULT_KEY = "opt_result"
NONE = "(none)"


def _range(column: Any, label: str, key: str, path: str) -> Variable:
    low = column.number_input(f"{label}: from", 0, 1000, 1 if path.endswith("machines") else 0,
                              key=f"{key}_low")
    high = column.number_input(f"{label}: to", 0, 1000, 4, key=f"{key}_high")
    return Variable(path, float(low), float(high), True)


def search_form(scenario: Scenario) -> dict[str, Any] | None:
    """The settings to vary, the demand and rates, the budget; the request when submitted."""
    paths = [p for p in params.sweepable_paths(scenario)
             if p.endswith(".machines") or p.endswith(".buffer_capacity")]
    with st.form("optimise_form"):
        left, right = st.columns(2)
        first = left.selectbox("Setting 1", paths, key="opt_p1")
        first_range = _range(left, "Setting 1", "opt_r1", first)
        second = right.selectbox("Setting 2 (optional)", [NONE, *paths], key="opt_p2")
        second_range = _range(right, "Setting 2", "opt_r2", second)
        a, b, c = st.columns(3)
        cost = LineCost(a.number_input("Demand [bodies/h]", 0.1, None, 50.0, key="opt_demand"),
                        b.number_input("Machine rate [US$/h]", 0.0, None, 100.0, key="opt_mach"),
                        c.number_input("Buffer place rate [US$/h]", 0.0, None, 5.0,
                                       key="opt_place"))
        share = a.number_input("Share of the demand to meet", 0.5, 1.0, 0.95, 0.01,
                               key="opt_share")
        trials = int(b.number_input("Trials", 3, 200, 20, key="opt_trials"))
        run = ui.run_settings("opt", days=1.0, replications=4)
        submitted = st.form_submit_button("Optimise", type="primary")
    if not submitted:
        return None
    variables = [first_range] + ([] if second in (NONE, first) else [second_range])
    if any(v.low > v.high for v in variables):
        st.error("Each range needs 'from' <= 'to'.")
        return None
    return {"search": views.line_search(scenario, tuple(variables), cost, share, run.days,
                                        run.replications, run.seed),
            "trials": trials, "confirm": Fidelity(2 * run.replications, run.days),
            "share": share}


def run(request: dict[str, Any]) -> None:
    """Search with a progress bar, record every trial, keep the result in the session."""
    bar = st.progress(0.0, text="Optimising ...")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Trial {done} of {total}")

    try:
        on_trial = store_recorder(recording.app_store(), tag="app-optimise")
    except StoreError as error:
        st.warning(f"{error}; the trials are not recorded.")
        on_trial = None
    result = optimise(request["search"], request["trials"], request["confirm"], on_trial,
                      progress)
    bar.progress(1.0, text=f"{len(result.trials)} trials, "
                           f"{sum(t.pruned for t in result.trials)} stopped at the short runs")
    st.session_state[RESULT_KEY] = (result, request["share"])


def show() -> None:
    """The statement, the confirmation table and the front."""
    result, share = st.session_state[RESULT_KEY]
    st.info(result.statement, icon=":material/target:")
    if not result.confirmation.empty:
        st.dataframe(result.confirmation.round(4), hide_index=True, width="stretch")
    best = dict(result.best.settings) if result.best is not None else None
    st.plotly_chart(views.front_chart(result.front, best, share), key="opt_front",
                    width="stretch")


def render() -> None:
    """Draw the page."""
    st.title("Optimise: the cheapest settings that meet the demand")
    st.caption("Cost per body = (machines x machine rate + buffer places x place rate) x hours "
               "/ bodies delivered (output beyond the demand is not counted).")
    _, scenario = ui.line_picker("opt")
    request = search_form(scenario)
    if request is not None:
        run(request)
    if RESULT_KEY in st.session_state:
        show()


render()
