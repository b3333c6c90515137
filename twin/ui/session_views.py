"""The sidebar's Session box (save every setting as one file, load it back) and form syncing.

The file model and its validation live in :mod:`twin.ui.session`; this module lays out the
download and upload widgets and puts a loaded session into ``st.session_state``.

A browser keeps what a number input shows until the server sets the widget's value, so
forgetting a widget's key is not enough to show new settings: :func:`refresh_forms` marks
the forms stale and :func:`sync_forms`, called by ``app.py`` before any widget exists, writes
the settings into the What-if and Overview form widgets.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from lines.file_reader import FileFormatError
from twin.cost import catalog_prices
from twin.ui import levers, state
from twin.ui.session import SessionFile, parse_session, session_from_settings, session_yaml

__all__ = [
    "SESSION_FILE_NAME",
    "apply_session",
    "current_session",
    "refresh_forms",
    "session_box",
    "sync_forms",
    "what_if_values",
]

SESSION_FILE_NAME = "gigatwin_session.yaml"
LOADED_KEY = "session_loaded_file"
"""Session key of the last uploaded session's file id (a file is applied once)."""
STALE_KEY = "forms_stale"
"""Session key set when the settings changed under the forms (see :func:`sync_forms`)."""
RUN_WIDGETS = {"days": "wi_days", "replications": "wi_reps", "seed": "wi_seed"}
PLAN_WIDGETS = {"demand": "plan_demand", "days": "plan_days", "replications": "plan_reps",
                "seed": "plan_seed"}
"""Widget keys of the What-if run settings and of the Overview's plan form."""


def current_session() -> SessionFile:
    """The session file of the app's current settings."""
    return session_from_settings(state.route_specs(), state.cost_settings(), state.route_run(),
                                 state.plan_run())


def apply_session(session: SessionFile) -> None:
    """Put a session's settings in ``st.session_state`` and make the forms re-read them."""
    st.session_state[state.SPECS_KEY] = session.specs()
    st.session_state[state.COST_KEY] = session.cost()
    st.session_state[state.ROUTE_RUN_KEY] = session.what_if_run.model_dump()
    st.session_state[state.PLAN_RUN_KEY] = session.plan_run.model_dump()
    refresh_forms()


def what_if_values() -> dict[str, Any]:
    """Every What-if lever and run setting of the session, as the form's values."""
    specs, cost, run = state.route_specs(), state.cost_settings(), state.route_run()
    prices = catalog_prices(state.catalog())
    values: dict[str, Any] = {
        lever.key: levers.lever_value(lever, specs, cost["volume"], cost["rates"], prices)
        for lever in levers.LEVERS}
    return values | {"days": float(run["days"]), "replications": int(run["replications"]),
                     "seed": int(run["seed"])}


def refresh_forms() -> None:
    """Show the session's settings in the forms from the next run on (call ``st.rerun``)."""
    st.session_state[STALE_KEY] = True


def sync_forms() -> None:
    """Write the session's settings into the form widgets, once after :func:`refresh_forms`.

    Must run before any widget is created (``app.py`` calls it first).
    """
    if not st.session_state.pop(STALE_KEY, False):
        return
    values = what_if_values()
    for lever in levers.LEVERS:
        st.session_state[f"wi_{lever.key}"] = values[lever.key]
    for name, key in RUN_WIDGETS.items():
        st.session_state[key] = values[name]
    plan = state.plan_run()
    for name, key in PLAN_WIDGETS.items():
        st.session_state[key] = float(plan[name]) if name in ("demand", "days") else int(
            plan[name])


def session_box() -> None:
    """Save (download) and load (upload) the session, in the sidebar of every page."""
    with st.sidebar.expander("Session: save or load", icon=":material/save:"):
        st.download_button(
            "Save session (YAML)", session_yaml(current_session()).encode("utf-8"),
            file_name=SESSION_FILE_NAME, mime="application/x-yaml", key="session_save",
            on_click="ignore",
            help="Both route specs, demand, rates, prices and the run settings of What-if "
                 "and the Overview, in one file.")
        file = st.file_uploader("Load a session", type=["yaml", "yml"], key="session_load",
                                help="A file saved with 'Save session'.")
        if file is None or st.session_state.get(LOADED_KEY) == file.file_id:
            return
        st.session_state[LOADED_KEY] = file.file_id
        try:
            session = parse_session(file.getvalue(), file.name)
        except FileFormatError as error:
            st.error(f"Could not load the session. {error}")
            return
        apply_session(session)
        st.rerun()
