"""Defects page: how good the casting defect model is, the process window, simulated scrap.

The model is scored on freshly generated shots whose true probability is known, so its ROC
AUC and Brier score sit next to the best any model could reach on the same shots.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ml import FEATURE_SPECS, MAP_PARAMETERS
from twin.ui import components as ui
from twin.ui import figures, state, tables

MAP_CHOICES = tuple(
    spec.name for spec in FEATURE_SPECS if not spec.name.startswith("die_temp_prev")
)
SPECS = {spec.name: spec for spec in FEATURE_SPECS}


def label(name: str) -> str:
    """A process parameter's description with its unit, e.g. ``cavity vacuum [mbar]``."""
    spec = SPECS[name]
    unit = spec.unit.replace("degC", "°C")
    return f"{spec.description} [{unit}]" if unit else spec.description


def show_scores(scores: pd.DataFrame, calibration: pd.DataFrame) -> None:
    """Scrap AUC and Brier of the model against the truth, the calibration curve and CSVs."""
    scrap = scores[scores["target"] == "scrap"].set_index("scorer")
    columns = st.columns(4)
    columns[0].metric("ROC AUC of the model", f"{scrap.loc['model', 'roc_auc']:.3f}")
    columns[1].metric("Best possible ROC AUC", f"{scrap.loc['truth', 'roc_auc']:.3f}")
    columns[2].metric("Brier score of the model", f"{scrap.loc['model', 'brier_score']:.4f}")
    columns[3].metric("Observed scrap rate", f"{100 * scrap.loc['model', 'observed_rate']:.1f} %")
    st.caption(
        "Scored on 20,000 generated shots the model never saw; 'best possible' is the "
        "generator's true probability. Lower Brier is better; AUC 0.5 is a coin toss."
    )
    st.plotly_chart(figures.calibration_curve(calibration), key="calibration", width="stretch")
    left, right = st.columns(2)
    with left:
        ui.csv_download(_scores_csv(scores), "defect_scores.csv", "dl_scores", "Scores (CSV)")
    with right:
        ui.csv_download(
            _calibration_csv(calibration), "calibration.csv", "dl_calibration",
            "Calibration curve (CSV)",
        )


def _scores_csv(scores: pd.DataFrame) -> pd.DataFrame:
    table = scores.rename(columns={"mean_p": "mean_p_pct", "observed_rate": "observed_rate_pct"})
    table[["mean_p_pct", "observed_rate_pct"]] *= 100.0
    return tables.with_units(table)


def _calibration_csv(calibration: pd.DataFrame) -> pd.DataFrame:
    return calibration.assign(
        p_predicted_mean=100 * calibration["p_predicted_mean"],
        scrap_rate_observed=100 * calibration["scrap_rate_observed"],
    ).rename(columns={"p_predicted_mean": "p_scrap_predicted_pct",
                      "scrap_rate_observed": "scrap_rate_observed_pct"})


def show_window() -> None:
    """Two parameter pickers and the predicted-scrap heatmap over them."""
    st.subheader("Process window")
    left, right = st.columns(2)
    x = left.selectbox("Horizontal axis", MAP_CHOICES, MAP_CHOICES.index(MAP_PARAMETERS[0]),
                       format_func=label, key="map_x")
    options = [name for name in MAP_CHOICES if name != x]
    default_y = MAP_PARAMETERS[1] if MAP_PARAMETERS[1] in options else options[0]
    y = right.selectbox("Vertical axis", options, options.index(default_y),
                        format_func=label, key="map_y")
    grid = state.window_map(x, y)
    st.plotly_chart(figures.process_window_heatmap(grid, x, y, label(x), label(y)),
                    key="window", width="stretch")
    st.caption("Every other parameter at its set-point; a new die (0 shots since die change).")
    table = grid.rename(columns={"p_scrap": "p_scrap_pct"}).assign(
        p_scrap_pct=100 * grid["p_scrap"])
    ui.csv_download(table, "process_window.csv", "dl_window")


def show_simulated_scrap() -> None:
    """Scrap by cause in short runs of a chosen line."""
    st.subheader("Scrap in the simulated runs")
    _, scenario = ui.line_picker("defects", default=state.ROUTE_LABELS["casting"])
    with st.expander("Run settings", expanded=False):
        settings = ui.run_settings("defects")
    result = ui.run_experiment(scenario, settings)
    causes = tables.scrap_by_cause(result.stations)
    if causes.empty:
        st.info("No unit was scrapped in these runs.")
        return
    st.plotly_chart(figures.scrap_causes(causes), key="scrap_causes", width="stretch")
    ui.csv_download(causes, "scrap_by_cause.csv", "dl_scrap")


def render() -> None:
    """Draw the page."""
    st.title("Defects: the casting defect model")
    scores, calibration = state.defect_report()
    show_scores(scores, calibration)
    show_window()
    show_simulated_scrap()


render()
