"""Plant data page: upload an event log, see the fits, pick candidates, download, run.

The fitting is :mod:`twin.fitting`; the charts are :mod:`twin.ui.plant_data_figures`.
"""

from __future__ import annotations

import streamlit as st

from lines.scenario_io import ScenarioError, scenario_from_dict
from lines.spec import Scenario
from twin.experiments import run_experiment
from twin.fitting import (
    EventLogError,
    LogFit,
    candidates_table,
    fit_event_log,
    fitted_scenario,
    fragment_yaml,
    read_event_log,
    reliability_table,
    simulated_event_log,
    state_share_table,
)
from twin.ui import plant_data_figures as figures
from twin.ui import state

EXAMPLE_LINE = {
    "name": "example cell", "horizon_days": 10,
    "sources": [{"name": "supply", "to": "press"}],
    "stations": [{"name": "press", "cycle_time_s": {"dist": "normal", "mean": 60, "sd": 6},
                  "failures": [{"time_between_failures_h": {"dist": "weibull", "shape": 1.8,
                                                            "scale": 4.0},
                                "time_to_repair_min": {"dist": "lognormal", "mean": 20,
                                                       "sd": 12}}]}],
}


@st.cache_data(show_spinner=False)
def example_log() -> bytes:
    """A simulated event log of a known cell (Weibull failures, lognormal repairs)."""
    frame, _ = simulated_event_log(scenario_from_dict(EXAMPLE_LINE), seed=1)
    return frame.to_csv(index=False).encode()


@st.cache_data(show_spinner="Fitting the log ...", max_entries=4)
def fitted(data: bytes, name: str) -> LogFit:
    """The fit of an uploaded log (cached by content)."""
    return fit_event_log(read_event_log(data, name), resamples=49)


def log_bytes() -> tuple[bytes, str] | None:
    """The log the user gave: an upload, or the example."""
    upload = st.file_uploader("Event log (CSV: station, machine, state, start, end)",
                              type=["csv"], key="plant_upload")
    if st.button("Use a simulated example log", key="plant_example"):
        st.session_state["plant_log"] = (example_log(), "example.csv")
    if upload is not None:
        return upload.getvalue(), upload.name
    return st.session_state.get("plant_log")


def picks(fit: LogFit) -> LogFit:
    """Per station and duration: a candidate chooser and the fit over the data."""
    for name, station in fit.stations.items():
        st.subheader(f"{name} ({station.machines} machine(s))")
        for quantity, qfit in station.quantities.items():
            if qfit is None:
                st.caption(f"{quantity.replace('_', ' ')}: too few durations to fit")
                continue
            options = list(qfit.candidates)
            family = st.selectbox(f"{name}: {quantity.replace('_', ' ')}", options,
                                  index=options.index(qfit.chosen), key=f"pick_{name}_{quantity}")
            if family != qfit.chosen:
                fit = fit.choose(name, quantity, family)
            left, right = st.columns(2)
            left.plotly_chart(figures.density_figure(qfit, family), key=f"d_{name}_{quantity}")
            right.plotly_chart(figures.qq_figure(qfit, family), key=f"q_{name}_{quantity}")
    return fit


SERIAL = "(a serial line of the logged stations)"


def base_scenario(fit: LogFit) -> Scenario | None:
    """The line to merge the fit into: any library line that has every logged station."""
    library = {name: scenario for name, scenario in state.scenario_library().items()
               if set(fit.stations) <= {station.name for station in scenario.stations}}
    choice = st.selectbox("Merge the fitted stations into", [SERIAL, *library],
                          key="plant_base")
    return library.get(choice)


def render() -> None:
    """The page."""
    st.title("Plant data: fit stations from an event log")
    st.caption("One row per machine state interval; see docs/how-to/fit_event_log.md for the "
               "columns, states and time formats. Censored rows (still open) are used.")
    given = log_bytes()
    if given is None:
        return
    try:
        fit = fitted(*given)
    except EventLogError as error:
        st.error(str(error))
        return
    st.dataframe(reliability_table(fit), hide_index=True, key="plant_reliability")
    st.dataframe(state_share_table(fit), hide_index=True, key="plant_states")
    fit = picks(fit)
    st.dataframe(candidates_table(fit), hide_index=True, key="plant_candidates")
    try:
        scenario = fitted_scenario(fit, base_scenario(fit))
    except ScenarioError as error:
        st.error(str(error))
        return
    st.download_button("Download the fitted scenario (YAML)", fragment_yaml(scenario, fit),
                       file_name="fitted_line.yaml", key="plant_download")
    days = st.number_input("Days to simulate", 1.0, 60.0, 5.0, key="plant_days")
    if st.button("Run the fitted line", key="plant_run"):
        result = run_experiment(scenario.with_changes(horizon_days=days), replications=3)
        row = result.summary.query("kpi == 'throughput_uph' and scope == 'line'").iloc[0]
        st.metric("Throughput of the fitted line [units/h]", f"{row['mean']:.2f}",
                  help=f"mean of 3 replications, 95 % CI {row['ci_low']:.2f}-{row['ci_high']:.2f}")


render()
