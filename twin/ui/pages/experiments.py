"""Experiments page: the record of every run, compare, sweep and What-if, from the store.

The history is a sortable, filterable table (click a column header to sort it too); two or
more experiments compare side by side, with paired differences where they share seeds and
replications; one experiment re-opens in What-if with all its settings, or is deleted after
a confirmation.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lines.scenario_io import parse_scenario
from twin.store import ExperimentRecord, ExperimentStore, StoreError
from twin.ui import experiment_views as views
from twin.ui import recording, session_views, state

PENDING_DELETE_KEY = "exp_pending_delete"
WHAT_IF_PAGE = "twin/ui/pages/what_if.py"
SHOWN_COLUMNS = ["id", "created_utc", "command", "tag", "note", "experiments", "seed",
                 "replications", "throughput_uph", "source", "out_dir"]


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Filter and sort controls over the history table; returns the rows shown."""
    left, middle, right = st.columns(3)
    text = left.text_input("Filter", key="exp_filter",
                           help="Part of a tag, note, command or line name.")
    command = middle.selectbox("Command", ["all", *sorted(set(history["command"]))],
                               key="exp_command")
    order = right.selectbox("Sort by", list(views.SORTS), key="exp_sort")
    shown = views.sort_history(views.filter_history(history, text, command), order)
    st.dataframe(shown[SHOWN_COLUMNS], hide_index=True, width="stretch", key="exp_table",
                 column_config={"created_utc": st.column_config.DatetimeColumn(
                     "time (UTC)", format="YYYY-MM-DD HH:mm"),
                     "throughput_uph": "throughput [units/h]"})
    st.caption(f"{len(shown)} of {len(history)} experiments")
    return shown


def compare_section(store: ExperimentStore, shown: pd.DataFrame) -> None:
    """Two or more experiments side by side; paired differences against the first."""
    st.subheader("Compare side by side")
    labels = {int(row["id"]): views.label(row) for row in shown.to_dict("records")}
    picked = st.multiselect("Experiments to compare (the first is the baseline)", list(labels),
                            format_func=labels.__getitem__, key="exp_pick")
    if len(picked) < 2:
        st.caption("Pick two or more experiments.")
        return
    records = [store.get(i) for i in picked]
    st.dataframe(views.side_by_side(records), hide_index=True, width="stretch",
                 key="exp_side")
    paired, reasons = views.paired_differences(records)
    for reason in reasons:
        st.caption(reason)
    if not paired.empty:
        st.markdown("**Paired differences against the baseline (common random numbers)**")
        st.dataframe(paired.round(4), hide_index=True, width="stretch", key="exp_paired")


def record_section(store: ExperimentStore, shown: pd.DataFrame) -> None:
    """One experiment: its settings, re-open in What-if, delete (with a confirmation)."""
    st.subheader("One experiment")
    labels = {int(row["id"]): views.label(row) for row in shown.to_dict("records")}
    chosen = st.selectbox("Experiment", list(labels), format_func=labels.__getitem__,
                          key="exp_one")
    record = store.get(int(chosen))
    with st.expander("Settings, seeds, versions and scenarios as run", expanded=False):
        st.json({"command": record.command, "source": record.source,
                 "arguments": dict(record.arguments), "overrides": dict(record.overrides),
                 "seed": record.seed, "replications": record.replications_count,
                 "seed_rule": record.seed_rule, "versions": dict(record.versions),
                 "output folder": record.out_dir}, expanded=False)
        for key, scenario in record.scenarios.items():
            st.download_button(f"Scenario {key} (YAML)", scenario.yaml,
                               file_name=f"experiment_{record.id}_{key}.yaml",
                               key=f"exp_yaml_{key}", on_click="ignore")
    left, right = st.columns(2)
    if left.button("Re-open in What-if", key="exp_reopen", type="primary"):
        reopen(record)
    if right.button("Delete", key="exp_delete"):
        st.session_state[PENDING_DELETE_KEY] = record.id
    confirm_delete(store)


def reopen(record: ExperimentRecord) -> None:
    """Put the record's settings into the session and open What-if (or the line library)."""
    try:
        settings = views.what_if_settings(record)
    except ValueError as error:
        names = [state.add_uploaded(parse_scenario(s.yaml, f"experiment {record.id}"))
                 for s in record.scenarios.values()]
        st.info(f"{error}. Its scenario is now in the line library as "
                f"{', '.join(names)}: pick it on the Lines or Sweeps page.")
        return
    for key in [k for k in st.session_state if str(k).startswith("wi_")]:
        del st.session_state[key]  # the form re-reads its values from the settings
    st.session_state[state.SPECS_KEY] = settings.specs
    st.session_state[state.COST_KEY] = settings.cost
    st.session_state[state.ROUTE_RUN_KEY] = settings.run
    session_views.refresh_forms()
    st.switch_page(WHAT_IF_PAGE)


def confirm_delete(store: ExperimentStore) -> None:
    """Ask before deleting the experiment marked for deletion."""
    pending = st.session_state.get(PENDING_DELETE_KEY)
    if pending is None:
        return
    st.warning(f"Delete experiment {pending} and all its KPIs for good? This cannot be undone.")
    yes, no = st.columns(2)
    if yes.button("Yes, delete it", key="exp_confirm", type="primary"):
        store.delete(int(pending))
        del st.session_state[PENDING_DELETE_KEY]
        st.rerun()
    if no.button("Cancel", key="exp_cancel"):
        del st.session_state[PENDING_DELETE_KEY]
        st.rerun()


def render() -> None:
    """Draw the page."""
    st.title("Experiments: the record of every run")
    try:
        store = recording.app_store()
        history = store.history()
    except StoreError as error:
        st.error(f"{error}. Set GIGATWIN_STORE to a SQLite file or a postgresql:// URL.")
        return
    st.caption(f"Store: {store.name}. Every CLI run, compare and sweep and every What-if run "
               "is recorded here; point GIGATWIN_STORE at a shared PostgreSQL to pool a team's.")
    if history.empty:
        st.info("No experiments recorded yet: run a What-if, or gigatwin run/compare/sweep.")
        return
    shown = history_table(history)
    if shown.empty:
        return
    compare_section(store, shown)
    record_section(store, shown)


render()
