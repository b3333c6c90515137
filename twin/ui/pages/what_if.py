"""What-if page: change the main levers of both routes, run, and see the comparison move.

Inputs start at the shipped scenario's values (or the last run's); Run simulates both
routes with a progress bar and caches the result by scenario; Reset goes back to the
shipped defaults. A YAML route file or line scenario can be uploaded, and the current route
files downloaded. The page's URL carries the levers (``?cycle=120&cells=2``): opening a shared
URL sets them, and the address bar always holds the link of the what-if shown.
"""

from __future__ import annotations

import streamlit as st

from twin import comparison
from twin.cost import catalog_prices
from twin.ui import components as ui
from twin.ui import levers, recording, session_views, share, state

UPLOAD_DONE_KEY = "wi_upload_done"
SHARED_KEY = "what_if_query"
"""Session key of the query parameters last applied or written (a URL is applied once)."""


def open_shared() -> None:
    """Apply the levers of a shared URL once; a bad parameter is an error naming it."""
    query = st.query_params.to_dict()
    if not query or st.session_state.get(SHARED_KEY) == query:
        return
    st.session_state[SHARED_KEY] = query
    try:
        given = share.values_from_query(query)
    except ValueError as error:
        st.error(f"This What-if link cannot be used: {error}")
        return
    if apply(session_views.what_if_values() | given):
        forget_form_values()
        st.rerun()


def share_link() -> None:
    """Write the what-if's levers into the URL, and show the link to copy."""
    query = share.query_from_values(session_views.what_if_values())
    st.query_params.from_dict(query)
    st.session_state[SHARED_KEY] = query
    base = (st.context.url or "").split("?")[0]
    st.caption("Share this what-if: the link sets these levers and run settings (a route file "
               "uploaded here is not in it: save the session for that).")
    st.code(f"{base}{share.share_query(session_views.what_if_values())}", language=None)


def lever_form() -> dict[str, float] | None:
    """The levers and run settings in one form; returns the values when Run was pressed."""
    specs, cost, run = state.route_specs(), state.cost_settings(), state.route_run()
    prices = catalog_prices(state.catalog())
    values: dict[str, float] = {}
    with st.form("what_if"):
        groups = {"casting": "Giga-casting", "welded": "Welded body shop",
                  "calendar": "Plant and cost"}
        columns = dict(zip(groups, st.columns(3), strict=True))
        for target, title in groups.items():
            columns[target].markdown(f"**{title}**")
        for lever in levers.LEVERS:
            column = columns.get(lever.target, columns["calendar"])
            default = levers.lever_value(lever, specs, cost["volume"], cost["rates"], prices)
            values[lever.key] = column.number_input(
                lever.title, min_value=type(default)(lever.minimum), value=default,
                step=type(default)(lever.step), key=f"wi_{lever.key}", help=lever.help or None,
            )
        st.markdown("**Run**")
        left, middle, right = st.columns(3)
        values["days"] = left.number_input("Run length per route [days]", 0.5, 365.0,
                                           float(run["days"]), 1.0, key="wi_days")
        values["replications"] = middle.number_input("Replications", 2, 100,
                                                     int(run["replications"]), 1, key="wi_reps")
        values["seed"] = right.number_input("Seed", 0, None, int(run["seed"]), 1, key="wi_seed")
        submitted = st.form_submit_button("Run", type="primary")
    return values if submitted else None


def apply(values: dict[str, float]) -> bool:
    """Store the new specs, cost settings and run settings; False (with a message) if invalid."""
    try:
        specs, volume, rates, prices = levers.apply_levers(
            state.route_specs(), state.cost_settings()["rates"], values,
            catalog_prices(state.catalog()))
    except ValueError as error:
        st.error(f"These values cannot be used: {error}")
        return False
    st.session_state[state.SPECS_KEY] = specs
    st.session_state[state.COST_KEY] = {"volume": volume, "rates": rates, "prices": prices}
    st.session_state[state.ROUTE_RUN_KEY] = {
        "days": float(values["days"]), "replications": int(values["replications"]),
        "seed": int(values["seed"])}
    st.session_state[state.PLAN_RUN_KEY] = state.plan_run() | {"demand": volume}
    return True


def reset() -> None:
    """Back to the shipped defaults: forget the session's specs and the form's values."""
    for key in list(st.session_state):
        if str(key).startswith("wi_") or key in (state.SPECS_KEY, state.COST_KEY,
                                                 state.ROUTE_RUN_KEY):
            del st.session_state[key]
    session_views.refresh_forms()


def forget_form_values() -> None:
    """Make the form show the settings from the next run on (after an upload changed them)."""
    session_views.refresh_forms()


def upload() -> None:
    """Read an uploaded YAML file: a route file replaces that route, a line joins the library."""
    file = st.file_uploader("Upload a scenario (YAML)", type=["yaml", "yml"], key="wi_upload",
                            help="A route file (with 'route: welded' or 'route: casting') or "
                                 "any line scenario.")
    if file is None or st.session_state.get(UPLOAD_DONE_KEY) == file.file_id:
        return
    st.session_state[UPLOAD_DONE_KEY] = file.file_id
    try:
        loaded = comparison.read_uploaded_yaml(file.getvalue().decode("utf-8"), file.name)
    except (ValueError, UnicodeDecodeError) as error:
        st.error(f"Could not use {file.name}: {error}")
        return
    if isinstance(loaded, tuple):
        route, spec = loaded
        st.session_state[state.SPECS_KEY] = state.route_specs() | {route: spec}
        forget_form_values()
        st.success(f"Loaded the {route} route from {file.name}.")
        st.rerun()
    label = state.add_uploaded(loaded)
    st.success(f"Loaded the line '{label}': pick it on the Lines, Defects or Sweeps pages.")


def downloads() -> None:
    """The current route files as YAML."""
    specs = state.route_specs()
    for column, route in zip(st.columns(2), comparison.ROUTES, strict=True):
        column.download_button(
            f"Download the {route} route (YAML)", comparison.route_yaml(route, specs[route]),
            file_name=f"{route}_route.yaml", mime="application/x-yaml", key=f"dl_{route}_yaml",
            on_click="ignore",
        )


def render() -> None:
    """Draw the page."""
    st.title("What-if: change a lever, see the comparison move")
    st.caption(
        "Defaults are the shipped scenario's values. Press Run to simulate both routes as "
        "installed (3 cells, a 60 s line) with unlimited supply: what the lines make at full "
        "capacity. The Overview answers the other question with these same levers: both "
        "routes sized for the demand, simulated and costed at it.")
    if st.button("Reset to defaults", key="reset"):
        reset()
        st.rerun()
    open_shared()
    values = lever_form()
    if values is not None and not apply(values):
        return
    share_link()
    with st.expander("Scenario files: upload or download YAML", expanded=False):
        upload()
        downloads()
    experiments = ui.run_routes(state.route_specs(), state.route_run())
    if values is not None:  # Run pressed: keep a record of this what-if
        recording.record_what_if(experiments)
    ui.show_comparison(experiments)
    ui.download_all_button(experiments, "what_if")


render()
