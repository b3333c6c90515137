"""The app's experiment store: opened once per URL, and the What-if runs recorded in it.

The store is the one the CLI uses (``GIGATWIN_STORE``, else the default SQLite file), so
the Experiments page lists CLI runs and app what-ifs together. A store that cannot be used
is a warning on the page; the what-if itself is still shown.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from twin import ExperimentResult
from twin.store import ExperimentStore, StoreError, resolve_store_url
from twin.ui import state
from twin.ui.experiment_views import WhatIfSettings, what_if_entry


@st.cache_resource(show_spinner=False)
def _open(url: str) -> ExperimentStore:
    return ExperimentStore.open(url)


def app_store() -> ExperimentStore:
    """The experiment store (raises :class:`StoreError` naming it when it cannot be used)."""
    return _open(resolve_store_url())


def session_settings() -> WhatIfSettings:
    """The session's What-if settings: route specs, cost and run settings."""
    return WhatIfSettings(state.route_specs(), state.cost_settings(), state.route_run())


def record_what_if(experiments: Mapping[str, ExperimentResult]) -> int | None:
    """Record a What-if run of both routes with the session's settings; its id, or None."""
    try:
        new_id = app_store().record(what_if_entry(experiments, session_settings()))
    except StoreError as error:
        st.warning(f"{error}; this what-if was not recorded.")
        return None
    st.caption(f"Recorded as experiment {new_id}: see the Experiments page.")
    return new_id
